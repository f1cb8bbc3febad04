"""Details a patient typed before agreeing to be called back.

Nothing is put in a slot before consent: the details stay in the patient's own
messages. Once they say yes, the messages since the last callback request
ended are read again and what they hold fills the form, so it is not asked
twice. If they say no, nothing is read.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker

from actions import callback_slots as slots
from msrehab.callbacks import extract

# after these, earlier messages belong to an earlier request (or none)
BOUNDARY_ACTIONS = {"action_submit_callback", "action_reset_callback", "action_session_start"}


def messages_since_last_request(tracker: Tracker) -> List[str]:
    texts: List[str] = []
    for event in tracker.events:
        kind = event.get("event")
        if kind == "session_started" or (
                kind == "action" and event.get("name") in BOUNDARY_ACTIONS):
            texts = []
        elif kind == "user" and event.get("text"):
            texts.append(event["text"])
    return texts


def held_details(tracker: Tracker) -> Dict[str, Any]:
    """Slot values found in the patient's messages; a later message wins."""
    found: Dict[str, Any] = {}
    for text in messages_since_last_request(tracker):
        found.update(extract.find_details(text).found())
    return {slots.FROM_DETAILS[key]: value for key, value in found.items()}


def unusable_phone_held(tracker: Tracker) -> bool:
    """The patient typed a number before consenting that is not a valid UK
    phone number: they must be told it was not kept. Asked only when
    held_details found no valid number in the same messages."""
    return any(extract.unusable_phone_in(text)
               for text in messages_since_last_request(tracker))
