"""What every page shares: templates and their filters, rendering, refusals,
and the guard that makes a view a logged-in staff page."""

from __future__ import annotations

import functools
from datetime import timezone
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import phonenumbers
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import response

from msrehab.callbacks.store import OUTCOMES, STATUS_LABELS
from staff.accounts import ADMIN
from staff.web import security

HERE = Path(__file__).resolve().parent
UK = ZoneInfo("Europe/London")


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


def cookie_secure(request) -> bool:
    return request.app.ctx.settings.cookie_secure or request.scheme == "https"


def client_address(request) -> str:
    return (request.remote_addr or request.ip or "unknown")[:64]
