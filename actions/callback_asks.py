"""The callback form's questions (action_ask_<slot>), worded in callback_messages.yml."""

from __future__ import annotations

import abc
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import callback_slots as slots
from actions.messages import say


class AskCallbackSlot(Action, metaclass=abc.ABCMeta):
    @property
    @abc.abstractmethod
    def slot(self) -> str:
        """The slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def message_key(self, tracker: Tracker) -> str:
        return f"ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[str, Any]]:
        say(dispatcher, tracker, self.message_key(tracker))
        return []


class AskCallbackConsent(AskCallbackSlot):
    slot = slots.CONSENT


class AskCallbackName(AskCallbackSlot):
    slot = slots.NAME


class AskCallbackPhone(AskCallbackSlot):
    slot = slots.PHONE


class AskCallbackEmail(AskCallbackSlot):
    slot = slots.EMAIL

    def message_key(self, tracker: Tracker) -> str:
        # without a phone number the e-mail address is needed, not optional
        if tracker.get_slot(slots.PHONE) == slots.NOT_GIVEN:
            return "ask_callback_email_required"
        return "ask_callback_email"


class AskCallbackTime(AskCallbackSlot):
    slot = slots.TIME


class AskCallbackReason(AskCallbackSlot):
    slot = slots.REASON


class AskCallbackConfirmed(AskCallbackSlot):
    slot = slots.CONFIRMED

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[str, Any]]:
        say(dispatcher, tracker, self.message_key(tracker), time_shown=time_shown(tracker))
        return []


def time_shown(tracker: Tracker) -> str:
    """The preferred time as the patient put it, with the slot value it maps to."""
    time, note = tracker.get_slot(slots.TIME), tracker.get_slot(slots.TIME_NOTE)
    return f"{note} ({time})" if note and time else (time or "")
