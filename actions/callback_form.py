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
from actions.messages import say
from msrehab.callbacks import validation

logger = logging.getLogger(__name__)

# which detail a correction ("the phone number is wrong") is about
DETAIL_WORDS = {
    slots.NAME: r"\bname\b",
    slots.PHONE: r"\b(phone|number|mobile|tel)\b",
    slots.EMAIL: r"\b(e-?mail|address)\b",
    slots.TIME: r"\b(time|morning|afternoon|evening)\b",
    slots.REASON: r"\b(reason|about)\b",
}


class ValidateCallbackForm(FormValidationAction):
    def name(self) -> str:
        return "validate_callback_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[str, Any]]:
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

    def validate_callback_name(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        return self._checked(slots.NAME, validation.normalise_name(value), dispatcher, tracker)

    def validate_callback_phone(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if self._skipped(value, tracker):
            return self._valid(slots.PHONE, slots.NOT_GIVEN)
        return self._checked(slots.PHONE, validation.normalise_uk_phone(value), dispatcher, tracker)

    def validate_callback_email(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        no_phone = tracker.get_slot(slots.PHONE) in (None, slots.NOT_GIVEN)
        if self._skipped(value, tracker):
            if no_phone:
                return self._invalid(slots.EMAIL, dispatcher, tracker, "email_needed")
            return self._valid(slots.EMAIL, slots.NOT_GIVEN)
        return self._checked(slots.EMAIL, validation.normalise_email(value), dispatcher, tracker)

    def validate_callback_time(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        return self._checked(slots.TIME, validation.normalise_time(value), dispatcher, tracker)

    def validate_callback_reason(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if self._skipped(value, tracker):
            return self._valid(slots.REASON, slots.NOT_GIVEN)
        return self._checked(slots.REASON, validation.normalise_reason(value), dispatcher, tracker)

    def validate_callback_confirmed(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
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
