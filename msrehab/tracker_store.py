"""Rasa's SQL tracker store, made loud about outages.

Rasa wraps every tracker store in a FailSafeTrackerStore: when the database
cannot be read, the conversation silently starts afresh, and when it cannot be
written, the turn is kept in one process's memory only. A patient half-way
through a callback request would simply be forgotten. This store:
- logs one ERROR line when an outage starts ("tracker store unavailable") and
  one when it ends, never the conversation;
- records the outage for the health check (msrehab.health_channel);
- marks the current turn, so the message guard replaces that turn's replies
  with an honest "I can't reach my records, please try again or call us".
Use it in endpoints.yml as `type: msrehab.tracker_store.CheckedSQLTrackerStore`
with the same keys as Rasa's `type: SQL`.
"""

from __future__ import annotations

import logging
import os
import time
from contextvars import ContextVar
from typing import Any, List

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

logger = logging.getLogger(__name__)
# The `type` to give this store in endpoints.yml.
ENDPOINT_TYPE = f"{__name__}.CheckedSQLTrackerStore"

# Rasa's default pool is 50 + 100 connections per process. SQLTrackerStore
# queries synchronously on the event loop, so a process uses one connection at
# a time, plus one for the health check: 2 + 3 leaves room, and PostgreSQL's
# 100 connections then serve many replicas. SQL_POOL_SIZE / SQL_MAX_OVERFLOW
# (Rasa's own settings) override these.
DEFAULT_POOL_SIZE, DEFAULT_MAX_OVERFLOW = 2, 3

# Failures seen while handling the current message (set by the message guard).
TURN_FAILURES: ContextVar[List[str] | None] = ContextVar("tracker_store_turn", default=None)


class Outage:
    """Process-wide: since when the tracker store has been failing, if it is."""

    since: float | None = None

    @classmethod
    def failed(cls, operation: str, reason: str) -> None:
        failures = TURN_FAILURES.get()
        if failures is not None:
            failures.append(operation)
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
    failures: List[str] = []
    TURN_FAILURES.set(failures)
    return failures


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
        await self._checked("write", super().save(tracker))

    def ping(self) -> None:
        """Raises when the database cannot be reached (for the health check)."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
