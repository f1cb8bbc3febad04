"""Stores a confirmed callback request, tells staff, and resets the form."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import callback_slots as slots
from actions.messages import say
from msrehab import hours
from msrehab.callbacks import notify
from msrehab.callbacks.store import CallbackStore, NewRequest
from msrehab.clinic import load_or_exit

logger = logging.getLogger(__name__)
TIME_PHRASES = {"morning": ", in the morning where they can",
                "afternoon": ", in the afternoon where they can",
                "evening": ", in the evening where they can"}

_store: CallbackStore | None = None


def get_store() -> CallbackStore:
    """One store per action server process, made on first use."""
    global _store
    if _store is None:
        _store = CallbackStore()
    return _store


def reset_events() -> List[Dict[str, Any]]:
    return [SlotSet(slot, 0 if slot == slots.INVALID_ATTEMPTS else None) for slot in slots.ALL]


def optional(value: str | None) -> str | None:
    return None if value in (None, slots.NOT_GIVEN) else value


def promised_call(preferred_time: str) -> tuple[hours.CallExpectation | None, str]:
    """When to expect the call, worked out now from clinic.yml's opening hours (None
    without them), and how the staff e-mail states it."""
    clinic = load_or_exit()
    expectation = hours.call_expectation(hours.Hours(clinic), hours.now(), preferred_time)
    if expectation is not None:
        return expectation, expectation.staff
    return None, f"{clinic.callback_promise}{TIME_PHRASES.get(preferred_time, '')}"


def submission_key(tracker: Tracker) -> str:
    """Same conversation and same confirming message: same submission."""
    user_events = [e for e in tracker.events if e.get("event") == "user"]
    latest = user_events[-1] if user_events else {}
    marker = latest.get("message_id") or f"{latest.get('timestamp')}:{len(user_events)}"
    return f"{tracker.sender_id}:{marker}"


class ActionSubmitCallback(Action):
    def name(self) -> str:
        return "action_submit_callback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[str, Any]]:
        try:
            return await self._submit(dispatcher, tracker)
        except Exception as error:  # never let rasa-sdk log the conversation
            logger.error("submitting a callback failed: %s", type(error).__name__)
            say(dispatcher, tracker, "callback_not_saved")
            return reset_events()

    async def _submit(self, dispatcher: CollectingDispatcher,
                      tracker: Tracker) -> List[Dict[str, Any]]:
        if tracker.get_slot(slots.ABANDONED):
            return reset_events()  # the form already explained and gave the number
        if tracker.get_slot(slots.CONSENT) is not True:
            say(dispatcher, tracker, "callback_no_consent")
            return reset_events()
        if tracker.get_slot(slots.CONFIRMED) is not True:
            return reset_events()

        preferred = tracker.get_slot(slots.TIME) or "any"
        expectation, promised = promised_call(preferred)
        new = NewRequest(
            submission_key=submission_key(tracker),
            name=tracker.get_slot(slots.NAME),
            phone=optional(tracker.get_slot(slots.PHONE)),
            email=optional(tracker.get_slot(slots.EMAIL)),
            preferred_time=preferred,
            reason=optional(tracker.get_slot(slots.REASON)),
            preferred_time_note=tracker.get_slot(slots.TIME_NOTE),
            promised_call=promised,
        )
        try:
            store = get_store()
            request = await asyncio.to_thread(store.save, new)
        except (SQLAlchemyError, OSError, RuntimeError) as error:
            logger.error("could not save a callback request: %s", type(error).__name__)
            say(dispatcher, tracker, "callback_not_saved")
            return reset_events()

        logger.info("callback request %s saved", request.reference)
        # staff are told after the row is committed; earlier unsent ones go too
        try:
            await asyncio.to_thread(notify.send_pending, store)
        except Exception as error:  # the request is saved: a mail problem must not hide that
            logger.error("could not send pending requests: %s", type(error).__name__)

        if expectation is not None:
            say(dispatcher, tracker, "callback_saved_hours", name=request.name,
                reference=request.reference, expectation=expectation.patient)
        else:
            say(dispatcher, tracker, "callback_saved", name=request.name,
                reference=request.reference,
                time_phrase=TIME_PHRASES.get(request.preferred_time, ""))
        return reset_events()


class ActionResetCallback(Action):
    def name(self) -> str:
        return "action_reset_callback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[str, Any]]:
        return reset_events()
