"""The retention purge: erases callback requests older than N days and
conversations older than chat_retention_days, and records each run, so the
staff page can show when it last ran and what it deleted."""

from __future__ import annotations

from typing import Dict

from sqlalchemy import Column, DateTime, Float, Integer, select

from msrehab.callbacks.store import Base, CallbackStore, utcnow
from msrehab.clinic import chat_retention_days
from staff.conversations import ConversationStore


class PurgeRun(Base):
    __tablename__ = "purge_runs"

    id = Column(Integer, primary_key=True)
    ran_at = Column(DateTime, nullable=False)
    requests_deleted = Column(Integer, nullable=False)
    conversations_deleted = Column(Integer, nullable=False)
    events_deleted = Column(Integer, nullable=False)
    request_days = Column(Integer, nullable=False)
    conversation_days = Column(Float, nullable=False)


def run_purge(store: CallbackStore, conversations: ConversationStore,
              request_days: int) -> Dict[str, float]:
    requests = store.purge_older_than(request_days)
    days = chat_retention_days()
    purged = conversations.purge(days)
    with store.session() as s:
        s.add(PurgeRun(ran_at=utcnow(), requests_deleted=requests,
                       conversations_deleted=purged["conversations"],
                       events_deleted=purged["events"], request_days=request_days,
                       conversation_days=days))
        s.commit()
    return {"requests": requests, "conversation_days": days, **purged}


def last_runs(store: CallbackStore, limit: int = 10) -> list:
    with store.session() as s:
        return list(s.execute(select(PurgeRun).order_by(PurgeRun.id.desc()).limit(limit))
                    .scalars())
