"""The conversation store (Rasa's `events` table) as staff need it: retention,
finding and erasing one person's conversations, and reading them out.

The table is the one rasa_addons.tracker_store writes (SQLite or PostgreSQL, named
by TRACKER_DATABASE_URL; default var/tracker.db). A conversation is every event
of one sender_id.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List

import sqlalchemy as sa

from staff.person import Person
from staff.unanswered import tracker_database_url

DAY = 86400.0
TEXT_EVENTS = ("user", "bot", "slot")


def strings_in(value: Any) -> Iterator[str]:
    """Every text inside an event (messages, parse data, slot values)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


class ConversationStore:
    def __init__(self, url: str | None = None) -> None:
        self.url = url or tracker_database_url()
        self.engine = sa.create_engine(self.url, future=True)
        self.events = sa.Table("events", sa.MetaData(), autoload_with=self.engine) \
            if self.exists() else None

    def exists(self) -> bool:
        """False when there is no conversation store yet (nothing to do)."""
        if self.url.startswith("sqlite:///") and not Path(self.url[10:]).exists():
            return False  # never create an empty SQLite file by looking
        return sa.inspect(self.engine).has_table("events")

    def close(self) -> None:
        self.engine.dispose()

    def purge(self, days: float, now: float | None = None) -> Dict[str, int]:
        """Deletes conversations with nothing newer than `days` days, and the
        earlier sessions of the others. A conversation's latest session is
        never touched while it is newer than that: one going on is not cut short."""
        if self.events is None:
            return {"conversations": 0, "events": 0}
        e = self.events
        cutoff = (now if now is not None else time.time()) - days * DAY
        newer = sa.select(e.c.sender_id).where(e.c.timestamp >= cutoff)
        stale = (sa.select(e.c.sender_id).group_by(e.c.sender_id)
                 .having(sa.func.max(e.c.timestamp) < cutoff))
        later = e.alias("later")
        latest_session = (sa.select(sa.func.max(later.c.timestamp))
                          .where(later.c.sender_id == e.c.sender_id,
                                 later.c.type_name == "session_started").scalar_subquery())
        with self.engine.begin() as c:
            senders = c.execute(stale).scalars().all()
            # one statement each, so a message arriving meanwhile keeps its conversation
            gone = c.execute(e.delete().where(e.c.sender_id.in_(stale),
                                              e.c.sender_id.not_in(newer))).rowcount
            old_sessions = c.execute(e.delete().where(
                e.c.timestamp < cutoff, e.c.timestamp < latest_session)).rowcount
        return {"conversations": len(senders), "events": gone + old_sessions}

    def senders_holding(self, person: Person) -> List[str]:
        """Conversations in which this phone number or address appears."""
        if self.events is None:
            return []
        e = self.events
        found = set()
        with self.engine.connect() as c:
            rows = c.execute(sa.select(e.c.sender_id, e.c.data)
                             .where(e.c.type_name.in_(TEXT_EVENTS)))
            for sender, data in rows:
                if sender not in found and person.in_values(strings_in(json.loads(data))):
                    found.add(sender)
        return sorted(found)

    def delete(self, senders: Iterable[str]) -> int:
        """Erases these conversations; returns the number of events removed."""
        senders = list(senders)
        if self.events is None or not senders:
            return 0
        with self.engine.begin() as c:
            return c.execute(self.events.delete()
                             .where(self.events.c.sender_id.in_(senders))).rowcount

    def transcript(self, sender: str) -> List[Dict[str, str]]:
        """What the patient and the assistant said, in order (UTC times)."""
        if self.events is None:
            return []
        e = self.events
        with self.engine.connect() as c:
            rows = c.execute(sa.select(e.c.type_name, e.c.timestamp, e.c.data)
                             .where(e.c.sender_id == sender, e.c.type_name.in_(("user", "bot")))
                             .order_by(e.c.id)).all()
        lines = []
        for kind, timestamp, data in rows:
            text = json.loads(data).get("text")
            if text:
                lines.append({"time": utc(timestamp),
                              "from": "patient" if kind == "user" else "assistant",
                              "text": text})
        return lines


def utc(timestamp: float | None) -> str:
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def sender_of(submission_key: str) -> str:
    """The conversation a callback request came from (see submit_callback.submission_key)."""
    return submission_key.rsplit(":", 1)[0]
