"""The staff page's settings, from the environment.

  STAFF_HOST (127.0.0.1)  STAFF_PORT (8090)
  STAFF_SECRET_KEY        signs the session cookie; required in production. Without it
                          a key is made once and kept in var/staff-secret-key (0600).
  STAFF_COOKIE_SECURE     1: cookies only over HTTPS (production). Cookies are Secure
                          anyway when the request arrived over HTTPS (X-Forwarded-Proto).
  STAFF_PROXIES_COUNT     proxies in front (1 behind nginx): whose address counts for
                          login throttling and which scheme the browser used.
  STAFF_IDLE_MINUTES (30) a session ends after this long without a request.
  STAFF_BASE_URL          this page's address as staff reach it; the staff e-mail links
                          each request to {STAFF_BASE_URL}/requests/CB-XXXX.
  CALLBACKS_DATABASE_URL, TRACKER_DATABASE_URL: the two databases (default: var/).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _secret_key() -> str:
    key = os.environ.get("STAFF_SECRET_KEY")
    if key:
        if len(key) < 32:
            raise SystemExit("STAFF_SECRET_KEY must have at least 32 characters.")
        return key
    path = PROJECT_ROOT / "var" / "staff-secret-key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


@dataclass
class Settings:
    host: str
    port: int
    secret_key: str
    cookie_secure: bool
    proxies_count: int
    idle: timedelta
    callbacks_url: str | None
    tracker_url: str | None

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            host=os.environ.get("STAFF_HOST", "127.0.0.1"),
            port=int(os.environ.get("STAFF_PORT", "8090")),
            secret_key=_secret_key(),
            cookie_secure=os.environ.get("STAFF_COOKIE_SECURE", "") == "1",
            proxies_count=int(os.environ.get("STAFF_PROXIES_COUNT", "0")),
            idle=timedelta(minutes=float(os.environ.get("STAFF_IDLE_MINUTES", "30"))),
            callbacks_url=os.environ.get("CALLBACKS_DATABASE_URL") or None,
            tracker_url=os.environ.get("TRACKER_DATABASE_URL") or None,
        )
