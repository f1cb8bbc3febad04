"""What every response of the staff page carries, and the session cookie.

The cookie holds a random session token signed with STAFF_SECRET_KEY
(itsdangerous): HttpOnly, SameSite=Strict, Secure over HTTPS, no Max-Age (it
goes when the browser closes; the server ends it after inactivity anyway).
Forms carry a CSRF token: the session's own once logged in, and before that a
random one that must match a second cookie (the login form).
"""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, URLSafeSerializer

SESSION_COOKIE = "msrehab_staff"
LOGIN_COOKIE = "msrehab_staff_login"
# nothing from anywhere but this server; no scripts at all; not framed
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    # pages hold patients' details: never kept by the browser or a proxy
    "Cache-Control": "no-store",
}


class CookieSigner:
    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt="msrehab-staff-session")

    def sign(self, token: str) -> str:
        return self._serializer.dumps(token)

    def unsign(self, value: str | None) -> str | None:
        if not value:
            return None
        try:
            token = self._serializer.loads(value)
        except BadSignature:
            return None
        return token if isinstance(token, str) else None


def set_cookie(response, name: str, value: str, secure: bool, path: str = "/") -> None:
    response.cookies[name] = value
    cookie = response.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = path
    if secure:
        cookie["secure"] = True


def clear_cookie(response, name: str, secure: bool) -> None:
    set_cookie(response, name, "", secure)
    response.cookies[name]["max-age"] = 0


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected, given)


def safe_next(path: str | None) -> str:
    """Where to go after logging in: a path on this server only."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/queue"
