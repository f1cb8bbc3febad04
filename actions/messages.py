"""The callback conversation's wording, from actions/callback_messages.yml."""

from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Any, Dict

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from msrehab.clinic import clinic_details

MESSAGES_FILE = Path(__file__).with_name("callback_messages.yml")


@functools.lru_cache(maxsize=1)
def catalogue() -> Dict[str, Dict[str, Any]]:
    with open(MESSAGES_FILE, encoding="utf-8") as f:
        return yaml.safe_load(f)


class _Blank(dict):
    """Leaves an unknown {placeholder} empty rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


def render(key: str, tracker: Tracker, **values: Any) -> Dict[str, Any]:
    """The message `key` with the clinic's details (clinic.yml) and the slots
    (callback answers) filled in."""
    message = catalogue()[key]
    fill = _Blank(clinic_details())
    fill.update({k: v for k, v in tracker.slots.items() if v is not None})
    fill.update(values)
    text = string.Formatter().vformat(message["text"], (), fill)
    return {"text": text, "buttons": list(message.get("buttons") or [])}


def say(dispatcher: CollectingDispatcher, tracker: Tracker, key: str, **values: Any) -> None:
    dispatcher.utter_message(**render(key, tracker, **values))
