"""Rasa's SQL tracker store, made loud about outages.

Rasa wraps every tracker store in a FailSafeTrackerStore: when the database
cannot be read, the conversation silently starts afresh, and when it cannot be
written, the turn is kept in one process's memory only. A patient half-way
through a callback request would simply be forgotten. This store:
- logs one ERROR line when an outage starts ("tracker store unavailable") and
  one when it ends, never the conversation;
- records the outage for the health check (rasa_addons.channels.health_channel);
- marks the current turn, so the message guard replaces that turn's replies
  with an honest "I can't reach my records, please try again or call us".
It also reads and writes the latest session with two SQL statements built once
(Rasa builds an ORM query per call, and SQLAlchemy spent about a fifth of a
server's CPU working out those queries' cache keys), and it remembers how many
of a tracker's events are stored instead of counting them again before each
save; `make bench` measures the difference.
Patients' data (rasa_addons.conversation_masking): when a turn ends the callback
form (saved, refused, cancelled), the whole conversation's stored events are
masked, so the callback request row is the one place with the details. Until
then messages are stored as typed: the form reads its answers back from the
store on every turn, and details typed before the request ("this is Sarah,
07911 ...") are read back once the patient consents (actions/held_details.py).
A conversation that never reaches the form keeps what was typed until the
purge (chat_retention_days).
Use it in endpoints.yml as `type: rasa_addons.tracker_store.CheckedSQLTrackerStore`
with the same keys as Rasa's `type: SQL`.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import time
from typing import Any, Dict, List

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from msrehab.clinic import clinic_details
from rasa_addons.conversation_masking import form_ended, mask_events
from rasa_addons.turn_notes import TurnNotes

logger = logging.getLogger(__name__)
# The `type` to give this store in endpoints.yml.
ENDPOINT_TYPE = f"{__name__}.CheckedSQLTrackerStore"

# Rasa's default pool is 50 + 100 connections per process. SQLTrackerStore
# queries synchronously on the event loop, so a process uses one connection at
# a time, plus one for the health check: 2 + 3 leaves room, and PostgreSQL's
# 100 connections then serve many replicas. SQL_POOL_SIZE / SQL_MAX_OVERFLOW
# (Rasa's own settings) override these.
DEFAULT_POOL_SIZE, DEFAULT_MAX_OVERFLOW = 2, 3

# The number of a tracker's events already in the database, kept on the tracker
# between retrieve and save (a conversation's turns are serialised by the lock
# store, so nothing else writes its events in between).
STORED_EVENTS = "_msrehab_stored_events"

# Failures seen while handling the current message (opened by the message guard).
TURN_FAILURES = TurnNotes("tracker_store_turn")


class Outage:
    """Process-wide: since when the tracker store has been failing, if it is."""

    since: float | None = None

    @classmethod
    def failed(cls, operation: str, reason: str) -> None:
        TURN_FAILURES.add(operation)
        if cls.since is None:
            cls.since = time.monotonic()
            logger.error("tracker store unavailable (%s failed: %s); conversations are not "
                         "being saved until it is back", operation, reason)

    @classmethod
    def recovered(cls) -> None:
        if cls.since is not None:
            logger.warning("tracker store available again after %.0f s",
                           time.monotonic() - cls.since)
            cls.since = None


def start_turn() -> List[str]:
    """Called by the message guard before a message is handled."""
    return TURN_FAILURES.start()


class CheckedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rasa's engine again, with a pool sized as above and pre-ping, so a
        # connection broken by an outage is replaced instead of failing again
        url = self.engine.url
        self.engine.dispose()
        engine_kwargs = create_engine_kwargs(url)
        if "pool_size" in engine_kwargs:
            engine_kwargs["pool_size"] = int(os.environ.get("SQL_POOL_SIZE", DEFAULT_POOL_SIZE))
            engine_kwargs["max_overflow"] = int(
                os.environ.get("SQL_MAX_OVERFLOW", DEFAULT_MAX_OVERFLOW))
        self.engine = sa.create_engine(url, pool_pre_ping=True, **engine_kwargs)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._latest_session_query = latest_session_query(self.SQLEvent.__table__)
        self._insert = self.SQLEvent.__table__.insert()

    async def _checked(self, operation: str, call: Any) -> Any:
        try:
            result = await call
        except SQLAlchemyError as error:
            Outage.failed(operation, type(error).__name__)
            raise  # Rasa's FailSafeTrackerStore falls back; the guard tells the patient
        Outage.recovered()
        return result

    async def retrieve(self, sender_id: str):
        return await self._checked("read", super().retrieve(sender_id))

    async def retrieve_full_tracker(self, conversation_id: str):
        return await self._checked("read", super().retrieve_full_tracker(conversation_id))

    async def save(self, tracker) -> None:
        await self._checked("write", self._save(tracker))

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool):
        if fetch_events_from_all_sessions:  # exports: Rasa's own query
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        with self.session_scope() as session:
            rows = session.execute(self._latest_session_query,
                                   {"sender_id": sender_id}).scalars().all()
        if not (self.domain and rows):
            return None
        tracker = DialogueStateTracker.from_dict(
            sender_id, [json.loads(row) for row in rows], self.domain.slots)
        setattr(tracker, STORED_EVENTS, len(rows))
        return tracker

    def init_tracker(self, sender_id: str) -> DialogueStateTracker:
        # Rasa makes a new tracker only when the database holds none of its events
        tracker = super().init_tracker(sender_id)
        setattr(tracker, STORED_EVENTS, 0)
        return tracker

    async def _save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        stored = getattr(tracker, STORED_EVENTS, None)
        with self.session_scope() as session:
            if stored is None:  # a tracker this store did not read: ask the database
                stored = self._event_query(session, tracker.sender_id, False).count()
            new_events = list(itertools.islice(tracker.events, stored, None))
            rows = [event_row(tracker.sender_id, event) for event in new_events]
            if rows:
                session.execute(self._insert, rows)
                if form_ended(new_events):
                    self._mask_conversation(session, tracker.sender_id)
                session.commit()
        setattr(tracker, STORED_EVENTS, len(tracker.events))

    def _mask_conversation(self, session: Any, sender_id: str) -> None:
        """Masks contact details in every stored event of the conversation (in
        the transaction that stores the turn, so both happen or neither)."""
        table = self.SQLEvent.__table__
        stored = session.execute(
            sa.select(table.c.id, table.c.data)
            .where(table.c.sender_id == sender_id).order_by(table.c.id)).all()
        events = [json.loads(data) for _, data in stored]
        masked = mask_events(events, keep=clinic_contacts())
        for (row_id, _), before, after in zip(stored, events, masked, strict=True):
            if after != before:
                session.execute(table.update().where(table.c.id == row_id)
                                .values(data=json.dumps(after)))

    def ping(self) -> None:
        """Raises when the database cannot be reached (for the health check)."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))


def clinic_contacts() -> tuple:
    """The clinic's own number and address, which masking leaves readable."""
    clinic = clinic_details()
    return clinic["clinic_phone"], clinic["clinic_email"]


def latest_session_query(events: sa.Table) -> sa.sql.Select:
    """The events of a conversation's latest session, in order: Rasa's query,
    built once with a bound sender so SQLAlchemy caches it."""
    sender = sa.bindparam("sender_id")
    session_start = (
        sa.select(sa.func.max(events.c.timestamp))
        .where(events.c.sender_id == sender,
               events.c.type_name == SessionStarted.type_name)
        .scalar_subquery()
    )
    return (
        sa.select(events.c.data)
        .where(events.c.sender_id == sender,
               sa.or_(events.c.timestamp >= session_start, session_start.is_(None)))
        .order_by(events.c.id)
    )


def event_row(sender_id: str, event: Event) -> Dict[str, Any]:
    """The columns Rasa's SQLTrackerStore writes for one event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }
