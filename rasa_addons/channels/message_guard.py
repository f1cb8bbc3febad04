"""What every chat message goes through before it reaches the model.

- Text is cleaned (control characters dropped) and must be 1..MAX_MESSAGE_CHARS
  long: an empty or huge message gets a polite answer and never reaches NLU
  (a 104 kB message made a stock Rasa 3.6 server grow past 20 GB).
- A conversation id must look like one (1..128 safe characters).
- Two questions in one message are handled as two turns, in order
  (rasa_addons/channels/two_questions.py).
- Whatever happens while the message is handled, the patient gets an answer:
  a turn that fails or produces no reply says so and gives the clinic's number.
- A message that names an emergency only as the past, someone's history or a
  risk asked about, or with nothing to say when (rasa_addons/nlu/emergency_rules.py:
  MENTION, NAMED), keeps its
  answer, followed by one line saying what to do if it is happening now: the
  answer is what the patient asked for, the line is there in case we read
  them wrong. The same line follows a message the emergency model was unsure
  of (rasa_addons/nlu/emergency_override.py: `line_threshold`). Never after
  the emergency reply itself.
- When the conversation could not be read from or written to the tracker
  store, the turn's replies (made from a blank conversation) are dropped and
  the patient is told honestly, instead of silently starting afresh.
Nothing here logs the message text.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage

from msrehab.clinic import clinic_details
from rasa_addons import tracker_store
from rasa_addons.channels import two_questions
from rasa_addons.nlu.emergency_override import earns_the_line, watch_turn

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = int(os.environ.get("MAX_MESSAGE_CHARS", "1500"))
SENDER_ID = re.compile(r"^[A-Za-z0-9_.:@\-]{1,128}$")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
CLINIC_PHONE = clinic_details()["clinic_phone"]

EMPTY_REPLY = "I didn't catch anything there. What would you like to know about dry needling?"
TOO_LONG_REPLY = (
    f"Sorry, that message is too long for me (the limit is {MAX_MESSAGE_CHARS} characters). "
    "Could you ask it in a shorter way? For anything detailed, the clinic is happy to help "
    f"on {CLINIC_PHONE}."
)
BAD_SESSION_REPLY = "Sorry, this chat session isn't valid. Please reload the page to start again."
FAILED_REPLY = (
    "Sorry, I couldn't deal with that just now. Nothing you've told me has been lost: please "
    f"try again in a moment, or call the clinic on {CLINIC_PHONE}."
)
IF_HAPPENING_NOW = ("If this is happening to you or someone with you now, call 999, "
                    "or NHS 111 if it is urgent but not an emergency.")
STORE_DOWN_REPLY = (
    "Sorry, I can't reach my records just now, so I couldn't take that message in. "
    f"Please try again in a few minutes, or call the clinic on {CLINIC_PHONE}."
)


def clean(text: Any) -> str:
    if not isinstance(text, str):
        return ""
    return CONTROL.sub("", text).strip()


def refusal_for(text: str) -> str | None:
    """The polite answer for a message that must not reach the model, else None."""
    if not text:
        return EMPTY_REPLY
    if len(text) > MAX_MESSAGE_CHARS:
        return TOO_LONG_REPLY
    return None


def valid_sender_id(sender: Any) -> bool:
    return isinstance(sender, str) and bool(SENDER_ID.match(sender))


def guarded(on_new_message: Callable[[UserMessage], Awaitable[Any]]
            ) -> Callable[[UserMessage], Awaitable[None]]:
    """Wraps Rasa's message handler with the checks above."""

    async def handle(message: UserMessage) -> None:
        output = message.output_channel
        sent = []
        original_send = output.send_response
        store_failures = tracker_store.start_turn()
        unsure = watch_turn()

        async def counting_send(recipient_id: str, response: Any) -> None:
            if store_failures:  # an answer to a conversation we could not read
                return
            text = response.get("text") if isinstance(response, dict) else None
            if len(turns) > 1 and text and text in sent:
                return  # two questions with one answer (two diagnoses): say it once
            sent.append(text)
            await original_send(recipient_id, response)

        turns = [message]
        output.send_response = counting_send  # type: ignore[method-assign]
        if not valid_sender_id(message.sender_id):
            await output.send_text_message(message.sender_id, BAD_SESSION_REPLY)
            return
        text = clean(message.text)
        refusal = refusal_for(text)
        if refusal:
            await output.send_text_message(message.sender_id, refusal)
            return
        # two questions in one message: each is its own turn, answered in order
        first, *more = two_questions.split(text)
        message.text = first
        turns += [
            UserMessage(part, output, message.sender_id, input_channel=message.input_channel,
                        metadata=message.metadata) for part in more]
        for turn in turns:
            try:
                await on_new_message(turn)
            except Exception as error:  # never the text: it may hold personal data
                logger.error("handling a message failed: %s", type(error).__name__)
                break
        if (sent and not store_failures and earns_the_line(text, bool(unsure))
                and not any("call 999" in (t or "") for t in sent)):
            sent.append(IF_HAPPENING_NOW)
            await original_send(message.sender_id, {"text": IF_HAPPENING_NOW})
        if store_failures:
            sent.append(STORE_DOWN_REPLY)
            await original_send(message.sender_id, {"text": STORE_DOWN_REPLY})
        if not sent:
            await output.send_text_message(message.sender_id, FAILED_REPLY)

    return handle
