"""Staff accounts, their sessions on the staff page, and login throttling.

Two roles: reception (the queue, unanswered questions) and admin (also
patients' data requests, accounts and the audit log). Passwords are hashed with
Argon2 (argon2-cffi). A session is a random token: the browser holds it in a
signed cookie (itsdangerous), the database only its SHA-256, with the CSRF token
for its forms and when it was last used, so it ends after inactivity or at
logout. Failed logins are counted per user name and per address: the sixth
failure in a row within the window is refused without checking the password.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import List

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, delete, func, select

from msrehab.callbacks.store import Base, CallbackStore, utcnow

RECEPTION, ADMIN = "reception", "admin"
ROLES = (RECEPTION, ADMIN)
MIN_PASSWORD_LENGTH = 10
MAX_FAILURES = 5                      # the 6th failure in a row is throttled
FAILURE_WINDOW = timedelta(minutes=15)
ADDRESS_MAX_FAILURES = 20             # one address trying many user names
_hasher = PasswordHasher()
# verified against when the user name is unknown, so both take as long
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class StaffUser(Base):
    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    display_name = Column(String(100), nullable=False)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(16), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    last_login_at = Column(DateTime)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


class StaffSession(Base):
    __tablename__ = "staff_sessions"

    id = Column(String(64), primary_key=True)  # SHA-256 of the cookie's token
    user_id = Column(Integer, ForeignKey("staff_users.id"), nullable=False)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False)
    last_seen_at = Column(DateTime, nullable=False)


class LoginAttempt(Base):
    __tablename__ = "staff_login_attempts"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False)
    address = Column(String(64), nullable=False)
    at = Column(DateTime, nullable=False)
    succeeded = Column(Boolean, nullable=False)


@dataclass
class LoginResult:
    user: StaffUser | None
    throttled: bool = False


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_new_password(new: str) -> None:
    if len(new) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a new password has at least {MIN_PASSWORD_LENGTH} characters")


def normalise_username(username: str) -> str:
    return username.strip().lower()[:64]


class Accounts:
    def __init__(self, store: CallbackStore, idle: timedelta = timedelta(minutes=30),
                 lifetime: timedelta = timedelta(hours=12)) -> None:
        self.store = store
        self.idle = idle
        self.lifetime = lifetime

    # --- accounts -----------------------------------------------------------
    def add(self, username: str, display_name: str, password: str, role: str) -> StaffUser:
        username = normalise_username(username)
        if not re.fullmatch(r"[a-z0-9._-]+", username):
            raise ValueError("a user name is letters, digits, dots, dashes or underscores")
        if role not in ROLES:
            raise ValueError(f"role is one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
        with self.store.session() as s:
            if s.execute(select(StaffUser).where(StaffUser.username == username)).first():
                raise ValueError(f"there is already a user {username}")
            user = StaffUser(username=username, display_name=display_name.strip()[:100] or username,
                             password_hash=_hasher.hash(password), role=role, active=True,
                             created_at=utcnow())
            s.add(user)
            s.commit()
            return user

    def all(self) -> List[StaffUser]:
        with self.store.session() as s:
            return list(s.execute(select(StaffUser).order_by(StaffUser.username)).scalars())

    def get(self, user_id: int) -> StaffUser | None:
        with self.store.session() as s:
            return s.get(StaffUser, user_id)

    def names(self, users: List[StaffUser] | None = None) -> dict:
        """Each account's name for colleagues, by id (of `users`, when read already)."""
        return {u.id: u.display_name for u in (self.all() if users is None else users)}

    def set_active(self, user_id: int, active: bool) -> bool:
        with self.store.session() as s:
            user = s.get(StaffUser, user_id)
            if user is None:
                return False
            user.active = active
            if not active:  # a disabled account is logged out everywhere
                s.execute(delete(StaffSession).where(StaffSession.user_id == user_id))
            s.commit()
            return True

    @staticmethod
    def _set_password(s, user: StaffUser, new: str, keep_token: str | None = None) -> None:
        """The new password's hash; the account's sessions end but `keep_token`'s
        (a password given in person, or seen, stops working)."""
        user.password_hash = _hasher.hash(new)
        ended = StaffSession.user_id == user.id
        if keep_token:
            ended = ended & (StaffSession.id != _token_id(keep_token))
        s.execute(delete(StaffSession).where(ended))

    def change_password(self, user_id: int, current: str, new: str,
                        keep_token: str | None = None) -> None:
        """Sets a new password once the current one is given; every other session of
        the account ends."""
        _check_new_password(new)
        with self.store.session() as s:
            user = s.get(StaffUser, user_id)
            try:
                _hasher.verify(user.password_hash, current)
            except (VerificationError, InvalidHashError):
                raise ValueError("the current password is not right") from None
            self._set_password(s, user, new, keep_token)
            s.commit()

    def reset_password(self, user_id: int, new: str) -> StaffUser | None:
        """An admin sets a colleague's new password (one forgotten, or seen): every
        session of the account ends, and its failed logins no longer hold it back."""
        _check_new_password(new)
        with self.store.session() as s:
            user = s.get(StaffUser, user_id)
            if user is None:
                return None
            self._set_password(s, user, new)
            s.execute(delete(LoginAttempt).where(LoginAttempt.username == user.username,
                                                 LoginAttempt.succeeded.is_(False)))
            s.commit()
            return user

    # --- logging in ---------------------------------------------------------
    def _recent_failures(self, s, column, value, since) -> int:
        last_success = s.execute(
            select(func.max(LoginAttempt.at)).where(column == value,
                                                    LoginAttempt.succeeded.is_(True))).scalar()
        start = max(since, last_success) if last_success else since
        return s.execute(select(func.count(LoginAttempt.id)).where(
            column == value, LoginAttempt.succeeded.is_(False),
            LoginAttempt.at > start)).scalar()

    def throttled(self, username: str, address: str) -> bool:
        since = utcnow() - FAILURE_WINDOW
        with self.store.session() as s:
            return (self._recent_failures(s, LoginAttempt.username,
                                          normalise_username(username), since) >= MAX_FAILURES
                    or self._recent_failures(s, LoginAttempt.address, address[:64],
                                             since) >= ADDRESS_MAX_FAILURES)

    def log_in(self, username: str, password: str, address: str) -> LoginResult:
        username = normalise_username(username)
        if self.throttled(username, address):
            return LoginResult(None, throttled=True)
        with self.store.session() as s:
            user = s.execute(select(StaffUser).where(StaffUser.username == username)
                             ).scalar_one_or_none()
            try:
                _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
                ok = user is not None and user.active
            except (VerificationError, InvalidHashError):
                ok = False
            s.add(LoginAttempt(username=username, address=address[:64], at=utcnow(),
                               succeeded=ok))
            if ok:
                user.last_login_at = utcnow()
                if _hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = _hasher.hash(password)
            s.commit()
            return LoginResult(user if ok else None)

    # --- sessions -----------------------------------------------------------
    def start_session(self, user: StaffUser) -> str:
        token = secrets.token_urlsafe(32)
        now = utcnow()
        with self.store.session() as s:
            s.add(StaffSession(id=_token_id(token), user_id=user.id,
                               csrf_token=secrets.token_urlsafe(32), created_at=now,
                               last_seen_at=now))
            s.commit()
        return token

    def session_user(self, token: str) -> tuple[StaffUser, StaffSession] | None:
        """The user and session behind a cookie's token; None when it ended
        (logout, inactivity, lifetime, disabled account). Touches the session."""
        now = utcnow()
        with self.store.session() as s:
            session = s.get(StaffSession, _token_id(token))
            if session is None:
                return None
            user = s.get(StaffUser, session.user_id)
            if (user is None or not user.active or now - session.last_seen_at > self.idle
                    or now - session.created_at > self.lifetime):
                s.delete(session)
                s.commit()
                return None
            session.last_seen_at = now
            s.commit()
            return user, session

    def end_session(self, token: str) -> None:
        with self.store.session() as s:
            s.execute(delete(StaffSession).where(StaffSession.id == _token_id(token)))
            s.commit()
