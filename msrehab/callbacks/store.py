"""Callback requests in SQL (SQLAlchemy): SQLite by default, PostgreSQL by URL.

The database is named by CALLBACKS_DATABASE_URL; by default an SQLite file
under var/ (git-ignored). Every timestamp is stored in UTC. Its schema is
versioned by Alembic (msrehab/migrations): opening the store upgrades it.

A request's life on the staff page: new -> calling (a colleague claimed it and
is trying) -> called (they reached the patient) -> closed. Claims are one
conditional UPDATE, so two colleagues clicking "claim" at once cannot both win.
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
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from msrehab import migrations

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'callbacks.db'}"
# No 0/O or 1/I/L: a reference is read out over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# A sender that died holding a claim gives it up after this long.
NOTIFY_CLAIM_LEASE = timedelta(minutes=10)

NEW, CALLING, CALLED, CLOSED = "new", "calling", "called", "closed"
STATUSES = (NEW, CALLING, CALLED, CLOSED)
WAITING = (NEW, CALLING)
STATUS_LABELS = {NEW: "new", CALLING: "being called", CALLED: "called back", CLOSED: "closed"}
# what a call attempt came to; the first two mean the patient was reached
OUTCOMES = {"spoke": "spoke to the patient", "emailed": "replied by e-mail",
            "no_answer": "no answer", "voicemail": "left a voicemail",
            "wrong_number": "wrong number", "other": "other"}
REACHED = ("spoke", "emailed")

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
    status = Column(String(10), nullable=False, default=NEW)  # STATUSES
    closed_at = Column(DateTime)
    # staff_users.id (staff/accounts.py); the foreign key is in the migration
    claimed_by_id = Column(Integer)
    claimed_at = Column(DateTime)
    updated_at = Column(DateTime)
    notified = Column(Boolean, nullable=False, default=False)
    notified_at = Column(DateTime)
    notify_attempts = Column(Integer, nullable=False, default=0)
    last_notify_error = Column(String(300))
    # set while one process is e-mailing staff, so a concurrent sender skips the row
    notify_claimed_at = Column(DateTime)


class CallbackAttempt(Base):
    """One try at calling a patient back, by one member of staff."""
    __tablename__ = "callback_attempts"

    id = Column(Integer, primary_key=True)
    request_id = Column(Integer, ForeignKey("callback_requests.id", ondelete="CASCADE"),
                        nullable=False)
    at = Column(DateTime, nullable=False, default=utcnow)  # UTC
    user_id = Column(Integer, nullable=False)  # staff_users.id
    outcome = Column(String(16), nullable=False)  # OUTCOMES
    note = Column(String(300))


@dataclass
class Claim:
    won: bool
    owner_id: int | None  # who has the request now
    status: str | None    # None: no such request


@dataclass
class QueuePage:
    rows: List[CallbackRequest]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


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
        migrations.upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, future=True)

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

    def list(self, status: str | tuple | None = WAITING) -> List[CallbackRequest]:
        """Requests oldest first: waiting ones by default, one status, or all (None)."""
        query = select(CallbackRequest).order_by(CallbackRequest.created_at)
        if status:
            statuses = (status,) if isinstance(status, str) else status
            query = query.where(CallbackRequest.status.in_(statuses))
        with self.session() as s:
            return list(s.execute(query).scalars())

    def queue(self, statuses: tuple = WAITING, owner_id: int | None = None,
              search=None, page: int = 1,
              per_page: int = 50) -> QueuePage:
        """One page of the staff queue, oldest first (the order a clinic calls back in)."""
        condition = [CallbackRequest.status.in_(statuses)] if statuses else []
        if owner_id is not None:
            condition.append(CallbackRequest.claimed_by_id == owner_id)
        if search is not None:  # a SQL condition (staff.queue_search)
            condition.append(search)
        page = max(1, page)
        with self.session() as s:
            total = s.execute(select(func.count(CallbackRequest.id)).where(*condition)).scalar()
            rows = s.execute(
                select(CallbackRequest).where(*condition)
                .order_by(CallbackRequest.created_at, CallbackRequest.id)
                .offset((page - 1) * per_page).limit(per_page)
            ).scalars()
            return QueuePage(list(rows), total, page, per_page)

    def holding(self, phone: str | None, email: str | None) -> List[CallbackRequest]:
        """Every request with this phone number (E.164) or address (any case)."""
        options = ([CallbackRequest.phone == phone] if phone else []) + (
            [func.lower(CallbackRequest.email) == email.lower()] if email else [])
        if not options:
            return []
        with self.session() as s:
            return list(s.execute(select(CallbackRequest).where(or_(*options))
                                  .order_by(CallbackRequest.created_at)).scalars())

    def attempts(self, request_id: int) -> List[CallbackAttempt]:
        with self.session() as s:
            return list(s.execute(
                select(CallbackAttempt).where(CallbackAttempt.request_id == request_id)
                .order_by(CallbackAttempt.at, CallbackAttempt.id)).scalars())

    def claim(self, reference: str, user_id: int) -> Claim:
        """Takes a new request. One conditional UPDATE: of two colleagues claiming
        at the same moment, the database lets exactly one win."""
        now = utcnow()
        with self.session() as s:
            result = s.execute(
                update(CallbackRequest)
                .where(CallbackRequest.reference == reference.upper(),
                       CallbackRequest.status == NEW, CallbackRequest.claimed_by_id.is_(None))
                .values(status=CALLING, claimed_by_id=user_id, claimed_at=now, updated_at=now)
            )
            s.commit()
            row = self._by_reference(s, reference)
        if row is None:
            return Claim(False, None, None)
        return Claim(result.rowcount == 1, row.claimed_by_id, row.status)

    def hand_to(self, reference: str, from_id: int, to_id: int | None) -> bool:
        """Passes a request its owner holds to a colleague, or back to the queue (None)."""
        values = ({"claimed_by_id": to_id, "claimed_at": utcnow()} if to_id is not None
                  else {"claimed_by_id": None, "claimed_at": None, "status": NEW})
        return self._update_where(reference, CallbackRequest.claimed_by_id == from_id,
                                  CallbackRequest.status.in_(WAITING + (CALLED,)), **values)

    def add_attempt(self, reference: str, user_id: int, outcome: str,
                    note: str | None) -> CallbackAttempt | None:
        """Records a call attempt by the request's owner; reaching the patient
        makes it "called back"."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        with self.session() as s:
            row = self._by_reference(s, reference)
            if row is None or row.claimed_by_id != user_id or row.status == CLOSED:
                return None
            attempt = CallbackAttempt(request_id=row.id, user_id=user_id, outcome=outcome,
                                      note=(note or "").strip()[:300] or None, at=utcnow())
            s.add(attempt)
            if outcome in REACHED:
                row.status = CALLED
            row.updated_at = utcnow()
            s.commit()
            return attempt

    def close(self, reference: str, user_id: int | None = None) -> bool:
        """Closes a request; staff close the ones they hold (None: msrehab-staff done)."""
        owner = [] if user_id is None else [CallbackRequest.claimed_by_id == user_id]
        return self._update_where(reference, CallbackRequest.status != CLOSED, *owner,
                                  status=CLOSED, closed_at=utcnow(), updated_at=utcnow())

    def _update_where(self, reference: str, *condition, **values) -> bool:
        with self.session() as s:
            result = s.execute(
                update(CallbackRequest)
                .where(CallbackRequest.reference == reference.upper(), *condition)
                .values(**values))
            s.commit()
            return result.rowcount == 1

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
        return self.close(reference)

    def delete(self, reference: str) -> bool:
        """Erases a request and its call attempts (their notes may name the patient)."""
        with self.session() as s:
            row = self._by_reference(s, reference)
            if not row:
                return False
            s.execute(delete(CallbackAttempt).where(CallbackAttempt.request_id == row.id))
            s.delete(row)
            s.commit()
            return True

    def purge_older_than(self, days: int) -> int:
        cutoff = utcnow() - timedelta(days=days)
        old = select(CallbackRequest.id).where(CallbackRequest.created_at < cutoff)
        with self.session() as s:
            s.execute(delete(CallbackAttempt).where(CallbackAttempt.request_id.in_(old))
                      .execution_options(synchronize_session=False))
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

