"""What patients asked that the assistant could not answer.

Reads user turns classified as `nlu_fallback` or `out_of_scope` from Rasa's
SQL tracker store, masks phone numbers and e-mail addresses, and counts them,
most frequent first, so the clinic knows which answers to add next.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import List, Tuple

from sqlalchemy import bindparam, create_engine, inspect, text

from msrehab.privacy import mask_text

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'tracker.db'}"
NOT_ANSWERED = ("nlu_fallback", "out_of_scope")


def tracker_database_url() -> str:
    return os.environ.get("TRACKER_DATABASE_URL") or DEFAULT_URL


def unanswered_questions(url: str | None = None, limit: int = 50) -> List[Tuple[str, int]]:
    engine = create_engine(url or tracker_database_url(), future=True)
    try:
        if not inspect(engine).has_table("events"):
            return []
        with engine.connect() as connection:
            # only the turns that had no answer, and the form's start and end: the
            # store holds every turn of every conversation, most of them answered
            rows = connection.execute(
                text("SELECT sender_id, type_name, intent_name, data FROM events "
                     "WHERE (type_name = 'user' AND intent_name IN :intents) "
                     "OR type_name = 'active_loop' ORDER BY sender_id, id")
                .bindparams(bindparam("intents", expanding=True)),
                {"intents": list(NOT_ANSWERED)},
            )
            counts: Counter = Counter()
            in_form = {}
            for sender, type_name, intent, data in rows:
                event = json.loads(data)
                if type_name == "active_loop":
                    in_form[sender] = bool(event.get("name"))
                    continue
                # answers typed into the callback form are not questions
                if intent not in NOT_ANSWERED or in_form.get(sender):
                    continue
                message = (event.get("text") or "").strip()
                if message and not message.startswith("/"):
                    counts[mask_text(message.lower())] += 1
        return counts.most_common(limit)
    finally:
        engine.dispose()
