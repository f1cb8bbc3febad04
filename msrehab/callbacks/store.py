"""Callback requests in SQL (SQLAlchemy): SQLite by default, PostgreSQL by URL.

The database is named by CALLBACKS_DATABASE_URL; by default an SQLite file
under var/ (git-ignored). Every timestamp is stored in UTC.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import List

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, declarative_base, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'callbacks.db'}"
# No 0/O or 1/I/L: a reference is read out over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# A sender that died holding a claim gives it up after this long.
NOTIFY_CLAIM_LEASE = timedelta(minutes=10)

Base = declarative_base()


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class CallbackRequest(Base):
    __tablename__ = "callback_requests"

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), unique=True, nullable=False)
    # one submission (conversation + confirming message) stores one row
    submission_key = Column(String(200), unique=True, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)  # UTC
    name = Column(String(100), nullable=False)
    phone = Column(String(20))
    email = Column(String(254))
    preferred_time = Column(String(20), nullable=False)  # morning | afternoon | evening | any
    # the patient's own words for it ("after six"), when they said more than a button
    preferred_time_note = Column(String(100))
    # when the patient was told to expect the call, as the staff e-mail states it
    # ("Tuesday 29 December, evening (UK time)", or clinic.yml's callback_promise)
    promised_call = Column(String(120))
    reason = Column(Text)
    consent_at = Column(DateTime, nullable=False)  # UTC
    status = Column(String(10), nullable=False, default="open")  # open | done
    done_at = Column(DateTime)
    notified = Column(Boolean, nullable=False, default=False)
    notified_at = Column(DateTime)
    notify_attempts = Column(Integer, nullable=False, default=0)
    last_notify_error = Column(String(300))
    # set while one process is e-mailing staff, so a concurrent sender skips the row
    notify_claimed_at = Column(DateTime)


@dataclass
class NewRequest:
    submission_key: str
    name: str
    phone: str | None
    email: str | None
    preferred_time: str
    reason: str | None
    preferred_time_note: str | None = None
    promised_call: str | None = None


def database_url() -> str:
    return os.environ.get("CALLBACKS_DATABASE_URL") or DEFAULT_URL


def new_reference() -> str:
    return "CB-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4))


class CallbackStore:
    """Saves, finds and updates callback requests."""

    def __init__(self, url: str | None = None) -> None:
        url = url or database_url()
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        # small pools: one action server process, short transactions
        kwargs = {} if url.startswith("sqlite") else {"pool_size": 5, "max_overflow": 5}
        self.engine = create_engine(url, pool_pre_ping=True, future=True, **kwargs)
        Base.metadata.create_all(self.engine)
        self._add_missing_columns()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, future=True)

    def _add_missing_columns(self) -> None:
        """Brings a database made by an earlier version up to date (nullable columns only)."""
        table = CallbackRequest.__table__
        present = {c["name"] for c in inspect(self.engine).get_columns(table.name)}
        with self.engine.begin() as connection:
            for column in table.columns:
                if column.name not in present and column.nullable:
                    kind = column.type.compile(dialect=self.engine.dialect)
                    connection.execute(text(
                        f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}"))

    def session(self) -> Session:
        return self._sessions()

    def save(self, new: NewRequest) -> CallbackRequest:
        """Stores a request once; saving the same submission again returns the first row."""
        existing = self.by_submission_key(new.submission_key)
        if existing:
            return existing
        for _ in range(10):  # a reference clash is rare; draw again
            row = CallbackRequest(
                reference=new_reference(), submission_key=new.submission_key,
                name=new.name, phone=new.phone, email=new.email,
                preferred_time=new.preferred_time, reason=new.reason,
                preferred_time_note=new.preferred_time_note,
                promised_call=new.promised_call,
                consent_at=utcnow(), created_at=utcnow(),
            )
            with self.session() as s:
                s.add(row)
                try:
                    s.commit()
                    return row
                except IntegrityError:
                    s.rollback()
            existing = self.by_submission_key(new.submission_key)
            if existing:  # saved meanwhile by a retried action
                return existing
        raise RuntimeError("could not draw a free reference")

    def by_submission_key(self, key: str) -> CallbackRequest | None:
        with self.session() as s:
            return self._one_where(s, CallbackRequest.submission_key == key)

    @staticmethod
    def _one_where(session: Session, condition) -> CallbackRequest | None:
        return session.execute(select(CallbackRequest).where(condition)).scalar_one_or_none()

    @classmethod
    def _by_reference(cls, session: Session, reference: str) -> CallbackRequest | None:
        return cls._one_where(session, CallbackRequest.reference == reference.upper())

    def get(self, reference: str) -> CallbackRequest | None:
        with self.session() as s:
            return self._by_reference(s, reference)

    def list(self, status: str | None = "open") -> List[CallbackRequest]:
        query = select(CallbackRequest).order_by(CallbackRequest.created_at)
        if status:
            query = query.where(CallbackRequest.status == status)
        with self.session() as s:
            return list(s.execute(query).scalars())

    def unsent(self) -> List[CallbackRequest]:
        with self.session() as s:
            return list(s.execute(
                select(CallbackRequest).where(CallbackRequest.notified.is_(False))
                .order_by(CallbackRequest.created_at)
            ).scalars())

    def claim_for_notify(self, reference: str) -> bool:
        """Takes the right to e-mail staff about one unsent request; False if
        it is sent already or another process is sending it now."""
        now = utcnow()
        claimable = (CallbackRequest.notify_claimed_at.is_(None)
                     | (CallbackRequest.notify_claimed_at < now - NOTIFY_CLAIM_LEASE))
        with self.session() as s:
            # one conditional UPDATE: the database decides which process wins
            result = s.execute(
                update(CallbackRequest)
                .where(CallbackRequest.reference == reference.upper(),
                       CallbackRequest.notified.is_(False), claimable)
                .values(notify_claimed_at=now)
            )
            s.commit()
            return result.rowcount == 1

    def mark_notified(self, reference: str) -> None:
        self._update(reference, notified=True, notified_at=utcnow(), last_notify_error=None,
                     notify_claimed_at=None, bump_attempts=True)

    def mark_notify_failed(self, reference: str, error: str) -> None:
        self._update(reference, last_notify_error=error[:300], notify_claimed_at=None,
                     bump_attempts=True)

    def mark_done(self, reference: str) -> bool:
        return self._update(reference, status="done", done_at=utcnow())

    def delete(self, reference: str) -> bool:
        with self.session() as s:
            row = self._by_reference(s, reference)
            if not row:
                return False
            s.delete(row)
            s.commit()
            return True

    def purge_older_than(self, days: int) -> int:
        cutoff = utcnow() - timedelta(days=days)
        with self.session() as s:
            result = s.execute(delete(CallbackRequest).where(CallbackRequest.created_at < cutoff))
            s.commit()
            return result.rowcount

    def _update(self, reference: str, bump_attempts: bool = False, **values) -> bool:
        with self.session() as s:
            row = self._by_reference(s, reference)
            if not row:
                return False
            for key, value in values.items():
                setattr(row, key, value)
            if bump_attempts:
                row.notify_attempts = (row.notify_attempts or 0) + 1
            s.commit()
            return True
