"""Validates the callback form's answers (FormValidationAction)."""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import callback_slots as slots
from actions.held_details import held_details, unusable_phone_held
from actions.messages import say
from msrehab.callbacks import extract, validation

logger = logging.getLogger(__name__)

# which detail a correction ("the phone number is wrong") is about
DETAIL_WORDS = {
    slots.NAME: r"\bname\b",
    slots.PHONE: r"\b(phone|number|mobile|tel)\b",
    slots.EMAIL: r"\b(e-?mail|address)\b",
    slots.TIME: r"\b(time|morning|afternoon|evening)\b",
    slots.REASON: r"\b(reason|about)\b",
}
# a question, not an answer: answered by the FAQ rule, then the form asks again
QUESTION = re.compile(r"\?\s*$|^(what|whats|how|hows|does|do|is|are|can|could|will|would|"
                      r"should|why|when|where|who|which)\b", re.IGNORECASE)
# leaving the form, however the model read it ("never mind" may look like a name)
STOP = re.compile(r"^\s*(stop|cancel|never ?mind|forget it|quit|abort)\b", re.IGNORECASE)
YES = re.compile(r"^\s*(yes|yeah|yep|yup|ya|ye|yea|yh|ok|okay|sure|fine|go ahead|please|"
                 r"that'?s fine|of course|aye|y)\b", re.IGNORECASE)
NO = re.compile(r"^\s*(no|nope|nah|n|not really|i'?d rather not|rather not)\b", re.IGNORECASE)
# intents that are never an answer to the time or reason question
NOT_AN_ANSWER = {"stop", "help", "emergency", "bot_challenge", "ask_contact_details",
                 "change_detail", "start_callback", "affirm", "greet", "thank"}
# words of the clinic's topics: a message with one is not taken for a name
TOPIC_WORDS = re.compile(r"\b(needl\w*|acupuncture|cost|price|hurts?|pain\w*|side|effects?|safe|"
                         r"aftercare|sessions?|treat\w*|iastm|wear|pregnan\w*|work|help|sore)\b",
                         re.IGNORECASE)
# how the details already given are named to the patient
HELD_WORDS = {slots.NAME: "your name", slots.PHONE: "your phone number",
              slots.EMAIL: "your e-mail address", slots.TIME: "when to call",
              slots.REASON: "what it's about"}
# button values: the patient's words add nothing to the slot value
TIME_BUTTONS = {"morning", "afternoon", "evening", "any time", "any"}
MAX_TIME_NOTE = 100


class ValidateCallbackForm(FormValidationAction):
    def name(self) -> str:
        return "validate_callback_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[str, Any]]:
        # "never mind" leaves the form even when the model read it as an answer
        if self._asked(tracker) and STOP.match(self._text(tracker)):
            say(dispatcher, tracker, "callback_cancelled")
            return [SlotSet(slots.ABANDONED, True), SlotSet("requested_slot", None)]
        # An error here must not reach rasa-sdk: its 500 body carries the whole
        # conversation, which Rasa would log. Drop the unchecked answers instead.
        try:
            return await super().run(dispatcher, tracker, domain)
        except Exception as error:
            logger.error("callback form validation failed: %s", type(error).__name__)
            say(dispatcher, tracker, "callback_error")
            return [SlotSet(slot, None) for slot in tracker.slots_to_validate()]

    async def required_slots(
        self, domain_slots: List[str], dispatcher: CollectingDispatcher,
        tracker: Tracker, domain: DomainDict,
    ) -> List[str]:
        # no consent, or given up after repeated invalid answers: nothing more to ask
        if tracker.get_slot(slots.ABANDONED) or tracker.get_slot(slots.CONSENT) is False:
            return []
        return domain_slots

    def _valid(self, slot: str, value: Any) -> Dict[str, Any]:
        return {slot: value, slots.INVALID_ATTEMPTS: 0}

    def _checked(self, slot: str, clean: Any, dispatcher: CollectingDispatcher,
                 tracker: Tracker) -> Dict[str, Any]:
        """The cleaned answer, or the reprompt when cleaning found it invalid (None)."""
        if clean is None:
            return self._invalid(slot, dispatcher, tracker)
        return self._valid(slot, clean)

    def _invalid(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                 response: str | None = None) -> Dict[str, Any]:
        attempts = int(tracker.get_slot(slots.INVALID_ATTEMPTS) or 0) + 1
        if attempts >= slots.MAX_INVALID_ANSWERS:
            say(dispatcher, tracker, "callback_too_many_attempts")
            return {slot: None, slots.ABANDONED: True, slots.INVALID_ATTEMPTS: 0}
        say(dispatcher, tracker, response or f"invalid_{slot}")
        return {slot: None, slots.INVALID_ATTEMPTS: attempts}

    @staticmethod
    def _skipped(value: Any, tracker: Tracker) -> bool:
        """'skip', 'none' and the like, or a plain no: the patient leaves this one out."""
        said_no = (tracker.latest_message.get("intent") or {}).get("name") == "deny"
        return said_no or validation.is_skip(value)

    # --- what the patient said, and what else it holds ---------------------
    @staticmethod
    def _text(tracker: Tracker) -> str:
        return validation.clean_text(tracker.latest_message.get("text"))

    @staticmethod
    def _intent(tracker: Tracker) -> str:
        return (tracker.latest_message.get("intent") or {}).get("name") or ""

    @staticmethod
    def _asked(tracker: Tracker, slot: str | None = None) -> bool:
        requested = tracker.get_slot("requested_slot")
        return requested is not None and (slot is None or requested == slot)

    def _is_answer(self, tracker: Tracker) -> bool:
        """Free text for the time or reason question, unless it is a question or a command."""
        intent = self._intent(tracker)
        if intent in NOT_AN_ANSWER or STOP.match(self._text(tracker)):
            return False
        return not (intent in ("faq", "medical_advice") and QUESTION.search(self._text(tracker)))

    @staticmethod
    def _also_given(text: str, tracker: Tracker, *wanted: str) -> Dict[str, Any]:
        """Other details typed in the same message, for slots not filled yet."""
        found = extract.find_details(text).found()
        return {slots.FROM_DETAILS[key]: value for key, value in found.items()
                if key in wanted and tracker.get_slot(slots.FROM_DETAILS[key]) is None}

    # --- consent: details held from before are filled in now -----------------
    def extract_callback_consent(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[str, Any]:
        # "yes thats fine" may be read as another intent; the words decide
        if not self._asked(tracker, slots.CONSENT) or self._intent(tracker) in ("affirm", "deny"):
            return {}
        text = self._text(tracker)
        if NO.match(text):
            return {slots.CONSENT: False}
        if YES.match(text):
            return {slots.CONSENT: True}
        return {}

    def validate_callback_consent(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if value is not True:
            return {slots.CONSENT: False}  # what was held is never put in a slot
        held = held_details(tracker)
        if held:  # say so, or the next question seems to skip ahead
            kinds = [HELD_WORDS[slot] for slot in slots.DETAILS if slot in held]
            say(dispatcher, tracker, "callback_held", held=", ".join(kinds))
        if slots.PHONE not in held and unusable_phone_held(tracker):
            say(dispatcher, tracker, "callback_phone_not_kept")  # never dropped silently
        return {slots.CONSENT: True, **held}

    # --- the details ---------------------------------------------------------
    def extract_callback_name(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Dict[str, Any]:
        # "Mark Evans" may be read as an FAQ question; a short answer that is no
        # question and names no treatment topic is a name at this question
        text = self._text(tracker)
        if (self._asked(tracker, slots.NAME) and self._intent(tracker) in ("faq", "medical_advice")
                and not QUESTION.search(text) and not TOPIC_WORDS.search(text)
                and validation.normalise_name(text)):
            return {slots.NAME: text}
        return {}

    def validate_callback_name(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        text = validation.clean_text(value)
        others = self._also_given(text, tracker, "phone", "email", "time", "time_note")
        name = extract.find_name(text) or self._name_in(text)
        if name is None:
            return self._invalid(slots.NAME, dispatcher, tracker)
        return {**self._valid(slots.NAME, extract.tidy_name(name)), **others}

    @staticmethod
    def _name_in(text: str) -> str | None:
        """The name in "sarah jones, 07911 123456": the first part that is a name."""
        _, rest = extract.find_phone(text)
        _, rest = extract.find_email(rest)
        if rest.strip() == text.strip():
            return validation.normalise_name(text)
        for part in re.split(r"[,;\n]| and ", rest):
            name = validation.normalise_name(part)
            if name:
                return name
        return None

    def extract_callback_phone(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[str, Any]:
        # a message with a number in it, or "no phone", answers the question, whatever
        # intent it was read as ("no phone" reads like a request for the clinic's)
        text = self._text(tracker)
        if self._asked(tracker, slots.PHONE) and (
                extract.find_phone(text)[0] or validation.is_skip(text)):
            return {slots.PHONE: text}
        return {}

    def extract_callback_email(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[str, Any]:
        text = self._text(tracker)
        if self._asked(tracker, slots.EMAIL) and (
                extract.find_email(text)[0] or validation.is_skip(text)):
            return {slots.EMAIL: text}
        return {}

    def validate_callback_phone(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if self._skipped(value, tracker):
            return self._valid(slots.PHONE, slots.NOT_GIVEN)
        # a bare number as typed, or one in a sentence ("it's 07911 123456 ta")
        phone = validation.normalise_uk_phone(value) or extract.find_phone(
            validation.clean_text(value))[0]
        if phone is None:
            return self._invalid(slots.PHONE, dispatcher, tracker)
        others = self._also_given(validation.clean_text(value), tracker,
                                  "email", "time", "time_note")
        return {**self._valid(slots.PHONE, phone), **others}

    def validate_callback_email(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        no_phone = tracker.get_slot(slots.PHONE) in (None, slots.NOT_GIVEN)
        if self._skipped(value, tracker):
            if no_phone:
                return self._invalid(slots.EMAIL, dispatcher, tracker, "email_needed")
            return self._valid(slots.EMAIL, slots.NOT_GIVEN)
        text = validation.clean_text(value)
        email = validation.normalise_email(text) or extract.find_email(text)[0]
        if email is None:
            return self._invalid(slots.EMAIL, dispatcher, tracker)
        return {**self._valid(slots.EMAIL, email),
                **self._also_given(text, tracker, "time", "time_note")}

    def extract_callback_time(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Dict[str, Any]:
        # "morning" is also a greeting: at this question a time named is an answer
        text = self._text(tracker)
        names_a_time = (validation.normalise_time(text) is not None
                        and not QUESTION.search(text) and not STOP.match(text))
        if self._asked(tracker, slots.TIME) and (self._is_answer(tracker) or names_a_time):
            return {slots.TIME: text}
        return {}

    def validate_callback_time(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        # any time typed is taken: the category where one fits, and the words
        text = validation.clean_text(value)
        if not text:
            return self._invalid(slots.TIME, dispatcher, tracker)
        if validation.is_skip(text):
            return {**self._valid(slots.TIME, "any"), slots.TIME_NOTE: None}
        note = None if text.lower() in TIME_BUTTONS else text[:MAX_TIME_NOTE]
        return {**self._valid(slots.TIME, extract.time_category(text)), slots.TIME_NOTE: note}

    def extract_callback_reason(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[str, Any]:
        # "knee pain after running" is a reason even if it reads like an FAQ topic
        if self._asked(tracker, slots.REASON) and self._is_answer(tracker):
            return {slots.REASON: self._text(tracker)}
        return {}

    def validate_callback_reason(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if self._skipped(value, tracker):
            return self._valid(slots.REASON, slots.NOT_GIVEN)
        return self._checked(slots.REASON, validation.normalise_reason(value), dispatcher, tracker)

    # --- the summary ---------------------------------------------------------
    def extract_callback_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> Dict[str, Any]:
        if (not self._asked(tracker, slots.CONFIRMED)
                or self._intent(tracker) in ("affirm", "deny", "change_detail")):
            return {}
        text = self._text(tracker)
        # "actually my number is ..." is a correction whatever intent it was read as
        if extract.find_details(text).found():
            return {slots.CONFIRMED: False}
        if YES.match(text):  # "yes send it" may be read as another intent
            return {slots.CONFIRMED: True}
        return {}

    def validate_callback_confirmed(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        corrected = {slots.FROM_DETAILS[key]: value
                     for key, value in extract.find_details(self._text(tracker)).found().items()}
        if corrected:  # the new value replaces the old one; the summary is shown again
            say(dispatcher, tracker, "callback_updated")
            return {slots.CONFIRMED: None, **corrected}
        if value is True:
            return {slots.CONFIRMED: True}
        # a correction: clear the detail named, or all of them if none was named
        to_change = self._details_named(tracker) or slots.DETAILS
        say(dispatcher, tracker, "callback_change")
        return {slots.CONFIRMED: None, **{slot: None for slot in to_change}}

    @staticmethod
    def _details_named(tracker: Tracker) -> List[str]:
        named = [e.get("value") for e in tracker.latest_message.get("entities") or []
                 if e.get("entity") == "detail"]
        text = " ".join(str(v) for v in named) or tracker.latest_message.get("text") or ""
        return [slot for slot, pattern in DETAIL_WORDS.items()
                if re.search(pattern, text, re.IGNORECASE)]
