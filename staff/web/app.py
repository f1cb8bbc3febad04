"""The staff page as a Sanic app: the shared parts (sessions, guards, templates,
security headers); the pages are in views_*.py.

    python -m staff.web          # settings: staff/web/settings.py
"""

from __future__ import annotations

import functools
import logging
import time
from datetime import timezone
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import phonenumbers
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Sanic, response
from sanic.exceptions import NotFound
from sqlalchemy.exc import SQLAlchemyError

from msrehab.callbacks.store import OUTCOMES, STATUS_LABELS, CallbackStore
from staff.accounts import ADMIN, Accounts
from staff.audit import AuditLog
from staff.web import security, views_admin, views_auth, views_queue
from staff.web.settings import Settings

HERE = Path(__file__).resolve().parent
logger = logging.getLogger(__name__)
UK = ZoneInfo("Europe/London")


class Backend:
    """The callback database, opened (and migrated) on first use: the page starts,
    and says so, while the database is down, and recovers when it is back."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = self.accounts = self.audit = None

    def open(self) -> None:
        if self.store is None:
            store = CallbackStore(self.settings.callbacks_url)  # migrates the schema
            self.accounts = Accounts(store, idle=self.settings.idle)
            self.audit = AuditLog(store)
            self.store = store


class OpenedLater:
    """Stands for one of the backend's objects in the views; every request opens
    the backend before a view runs."""

    def __init__(self, backend: Backend, name: str) -> None:
        self._backend, self._name = backend, name

    def __getattr__(self, attribute: str):
        return getattr(getattr(self._backend, self._name), attribute)


def uk_time(value) -> str:
    """A stored UTC time as the clinic reads it (UK time, clock changes included)."""
    if value is None:
        return "-"
    return value.replace(tzinfo=timezone.utc).astimezone(UK).strftime("%a %d %b %Y, %H:%M")


def phone_for_people(value: str | None) -> str:
    """+447911123456 as a UK receptionist reads it: 07911 123456."""
    if not value:
        return "-"
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return value
    kind = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 44
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, kind)


def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["uk_time"] = uk_time
    env.filters["phone"] = phone_for_people
    env.globals.update(STATUS_LABELS=STATUS_LABELS, OUTCOMES=OUTCOMES)
    return env


def render(request, name: str, status: int = 200, **values):
    user = getattr(request.ctx, "user", None)
    session = getattr(request.ctx, "session", None)
    body = request.app.ctx.templates.get_template(name).render(
        user=user, csrf_token=session.csrf_token if session else None,
        path=request.path, **values)
    return response.html(body, status=status)


def refuse(request, status: int, message: str):
    return render(request, "error.html", status=status, message=message,
                  title={403: "Not allowed", 404: "Not found", 429: "Too many attempts",
                         503: "Database unavailable"}
                  .get(status, "Something went wrong"))


def staff_page(role: str | None = None):
    """A page or action for logged-in staff (admins only with role=ADMIN).
    Without a session a page sends to the login page and an action is refused;
    every POST must carry the session's CSRF token."""
    def decorate(handler):
        @functools.wraps(handler)
        async def guarded(request, *args, **kwargs):
            user = request.ctx.user
            if user is None:
                if request.method == "GET":
                    here = request.path + (f"?{request.query_string}"
                                           if request.query_string else "")
                    return response.redirect(f"/login?next={quote(here)}", status=303)
                return refuse(request, 403, "Your session has ended. Please log in again.")
            if request.method == "POST" and not security.tokens_match(
                    request.ctx.session.csrf_token, request.form.get("csrf_token")):
                return refuse(request, 403, "This form has expired. Go back, reload the "
                                            "page and try again.")
            if role == ADMIN and not user.is_admin:
                return refuse(request, 403, "This page is for the clinic's admins.")
            return await handler(request, *args, **kwargs)
        return guarded
    return decorate


def create_app(settings: Settings | None = None) -> Sanic:
    settings = settings or Settings.from_env()
    app = Sanic("msrehab_staff")
    app.config.PROXIES_COUNT = settings.proxies_count
    app.config.REAL_IP_HEADER = "x-forwarded-for" if settings.proxies_count else None
    backend = Backend(settings)
    app.ctx.settings = settings
    app.ctx.backend = backend
    app.ctx.store = OpenedLater(backend, "store")
    app.ctx.accounts = OpenedLater(backend, "accounts")
    app.ctx.audit = OpenedLater(backend, "audit")
    app.ctx.signer = security.CookieSigner(settings.secret_key)
    app.ctx.templates = templates()

    @app.middleware("request")
    async def load_session(request):
        request.ctx.started = time.perf_counter()
        request.ctx.user = request.ctx.session = request.ctx.token = None
        if request.path.startswith("/static/"):
            return None
        try:
            backend.open()
        except SQLAlchemyError as error:
            logger.warning("the callback database cannot be reached: %s", type(error).__name__)
            return refuse(request, 503, "The clinic's database cannot be reached just now. "
                                        "Nothing is lost: try again in a minute.")
        token = app.ctx.signer.unsign(request.cookies.get(security.SESSION_COOKIE))
        if token:
            found = app.ctx.accounts.session_user(token)
            if found:
                request.ctx.user, request.ctx.session = found
                request.ctx.token = token

    @app.middleware("response")
    async def add_headers(request, resp):
        resp.headers.update(security.HEADERS)
        started = getattr(request.ctx, "started", None)
        if started is not None:  # the server's own time for this page (bench/)
            resp.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"

    @app.exception(NotFound)
    async def not_found(request, exception):
        if not hasattr(request.ctx, "user"):
            request.ctx.user = request.ctx.session = None
        return refuse(request, 404, "There is no such page.")

    @app.get("/health")
    async def health(request):
        return response.text("ok")

    app.static("/static", str(HERE / "static"), name="static")
    views_auth.register(app)
    views_queue.register(app)
    views_admin.register(app)
    return app


def cookie_secure(request) -> bool:
    return request.app.ctx.settings.cookie_secure or request.scheme == "https"


def client_address(request) -> str:
    return (request.remote_addr or request.ip or "unknown")[:64]
