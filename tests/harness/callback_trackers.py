"""Builds real rasa-sdk trackers in the state the form leaves them in."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
MESSAGES = yaml.safe_load(
    (PROJECT_ROOT / "actions" / "callback_messages.yml").read_text(encoding="utf-8")
)


def initial_slots() -> Dict[str, Any]:
    return {name: spec.get("initial_value") for name, spec in DOMAIN["slots"].items()}


def form_tracker(slot: str, value: Any, text: str | None = None,
                 intent: str = "inform", entities: List[Dict] | None = None,
                 **slots: Any) -> Tracker:
    """A tracker whose user just answered `slot` with `value` inside the form."""
    current = {**initial_slots(), **slots, "requested_slot": slot}
    latest = {"text": text if text is not None else str(value),
              "intent": {"name": intent, "confidence": 0.9},
              "entities": entities or []}
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": latest["text"], "parse_data": latest,
         "message_id": "m1", "timestamp": 1.0},
        {"event": "slot", "name": slot, "value": value},
    ]
    return Tracker("patient-1", current, latest, events, False, None,
                   {"name": "callback_form"}, "action_listen")


def run(action, tracker: Tracker) -> Tuple[List[Dict], List[Dict]]:
    """Runs an action; returns (events, messages sent to the patient)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher.messages


def slot_events(events: List[Dict]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
