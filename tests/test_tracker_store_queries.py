"""The tracker store's own queries read and write exactly what Rasa's SQLTrackerStore
does: each store reads what the other wrote, across a new session, on SQLite and
on PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from harness.databases import BOTH, temporary_postgres_database
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from sqlalchemy import text
from sqlalchemy.engine import make_url

from rasa_addons.tracker_store import CheckedSQLTrackerStore

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


def turn(text_: str, t: float):
    return [UserUttered(text_, {"name": "greet", "confidence": 1.0}, timestamp=t),
            ActionExecuted("utter_greet", timestamp=t + 0.1),
            BotUttered("hello", timestamp=t + 0.2),
            ActionExecuted("action_listen", timestamp=t + 0.3)]


def session(t: float):
    return [ActionExecuted("action_session_start", timestamp=t),
            SessionStarted(timestamp=t + 0.01),
            SlotSet("callback_name", "Ann Example", timestamp=t + 0.02),
            ActionExecuted("action_listen", timestamp=t + 0.03)]


@pytest.fixture(params=BOTH)
def stores(request, tmp_path):
    if request.param == "sqlite":
        kwargs = {"dialect": "sqlite", "db": str(tmp_path / "tracker.db")}
        yield _pair(kwargs)
        return
    for url in temporary_postgres_database():
        u = make_url(url)
        kwargs = {"dialect": "postgresql", "host": u.host, "port": u.port,
                  "db": u.database, "username": u.username or "postgres"}
        yield _pair(kwargs)


def _pair(kwargs):
    """This project's store and Rasa's, on the same database."""
    return (CheckedSQLTrackerStore(domain=DOMAIN, **kwargs),
            SQLTrackerStore(domain=DOMAIN, **kwargs))


def run(coroutine):
    return asyncio.run(coroutine)


def as_dicts(tracker):
    return [e.as_dict() for e in tracker.events]


def test_each_store_reads_what_the_other_wrote_across_sessions(stores):
    ours, rasas = stores
    for writer, reader in ((ours, rasas), (rasas, ours)):
        sender = f"from-{type(writer).__name__}"
        tracker = run(writer.get_or_create_tracker(sender))
        for event in session(1000) + turn("hi", 1001):
            tracker.update(event)
        run(writer.save(tracker))
        tracker = run(writer.retrieve(sender))
        for event in turn("hi again", 1002):
            tracker.update(event)
        run(writer.save(tracker))

        read = run(reader.retrieve(sender))
        assert as_dicts(read) == as_dicts(run(writer.retrieve(sender)))
        assert [e.text for e in read.events if isinstance(e, UserUttered)] == ["hi", "hi again"]
        assert read.get_slot("callback_name") == "Ann Example"

        # a new session: only its events come back, the old ones stay stored
        for event in session(2000) + turn("new day", 2001):
            read.update(event)
        run(reader.save(read))
        latest = run(writer.retrieve(sender))
        assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["new day"]
        assert as_dicts(latest) == as_dicts(run(reader.retrieve(sender)))
        full = run(writer.retrieve_full_tracker(sender))
        assert len([e for e in full.events if isinstance(e, UserUttered)]) == 3


def test_saving_the_same_tracker_twice_stores_each_event_once(stores):
    ours, _ = stores
    tracker = run(ours.get_or_create_tracker("twice"))
    for event in session(1000) + turn("hi", 1001):
        tracker.update(event)
    run(ours.save(tracker))
    run(ours.save(tracker))
    tracker.update(UserUttered("more", timestamp=1003))
    run(ours.save(tracker))
    with ours.engine.connect() as c:
        count = c.execute(text("SELECT count(*) FROM events WHERE sender_id = 'twice'")).scalar()
    assert count == len(tracker.events)
