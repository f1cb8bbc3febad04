"""Tells the clinic's staff about callback requests by e-mail (SMTP).

Settings come from the environment:
  SMTP_HOST, SMTP_PORT (587), SMTP_TLS (starttls | ssl | none; default starttls),
  SMTP_USER, SMTP_PASSWORD, SMTP_FROM, STAFF_EMAIL, SMTP_TIMEOUT (10 s);
  STAFF_BASE_URL, the staff page's address: each e-mail links to its request there.
A request is marked sent only after the server accepted the mail; a failed
send leaves it unsent, to be sent with the next request or by
`msrehab-staff send-pending`.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Tuple

from msrehab.callbacks.store import CallbackRequest, CallbackStore
from msrehab.hours import uk

logger = logging.getLogger(__name__)


@dataclass
class SmtpSettings:
    host: str
    port: int
    tls: str
    user: str | None
    password: str | None
    sender: str
    recipient: str
    timeout: float

    @classmethod
    def from_env(cls) -> SmtpSettings | None:
        host, recipient = os.environ.get("SMTP_HOST"), os.environ.get("STAFF_EMAIL")
        if not host or not recipient:
            return None
        return cls(
            host=host,
            port=int(os.environ.get("SMTP_PORT", "587")),
            tls=os.environ.get("SMTP_TLS", "starttls").lower(),
            user=os.environ.get("SMTP_USER") or None,
            password=os.environ.get("SMTP_PASSWORD") or None,
            sender=os.environ.get("SMTP_FROM") or recipient,
            recipient=recipient,
            timeout=float(os.environ.get("SMTP_TIMEOUT", "10")),
        )


def time_with_note(request: CallbackRequest) -> str:
    note = getattr(request, "preferred_time_note", None)
    return f'{request.preferred_time} ("{note}")' if note else request.preferred_time


def staff_link(reference: str) -> str:
    base = os.environ.get("STAFF_BASE_URL", "").rstrip("/")
    if base:
        return f"Claim it and record your calls on the staff page:\n{base}/requests/{reference}\n"
    return f"Mark it done when handled: msrehab-staff done {reference}\n"


def promised_call(request: CallbackRequest) -> str:
    """When the patient was told to expect the call (the same words, worked out from
    clinic.yml's opening hours when it gives them)."""
    promised = getattr(request, "promised_call", None)
    return f"{promised} (as the patient was told)" if promised else "-"


def compose(request: CallbackRequest, settings: SmtpSettings) -> EmailMessage:
    message = EmailMessage()
    # the subject carries no personal data: it shows in notifications and logs
    message["Subject"] = f"Callback request {request.reference}"
    message["From"] = settings.sender
    message["To"] = settings.recipient
    message.set_content(
        "A patient asked MS Rehab to call them back.\n\n"
        f"Reference:      {request.reference}\n"
        f"Received:       {uk(request.created_at):%a %d %b %Y, %H:%M} (UK time)\n"
        f"Name:           {request.name}\n"
        f"Phone:          {request.phone or '-'}\n"
        f"E-mail:         {request.email or '-'}\n"
        f"Preferred time: {time_with_note(request)}\n"
        f"Reason:         {request.reason or '-'}\n"
        f"Promised call:  {promised_call(request)}\n\n"
        + staff_link(request.reference)
    )
    return message


def send(message: EmailMessage, settings: SmtpSettings) -> None:
    if settings.tls == "ssl":
        smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with smtp:
        if settings.tls == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        smtp.send_message(message)


def notify(store: CallbackStore, request: CallbackRequest,
           settings: SmtpSettings | None = None) -> bool:
    """Sends one request to staff and records the outcome. True when sent
    by this call; False when it failed, or another process is sending it."""
    settings = settings or SmtpSettings.from_env()
    if settings is None:
        logger.warning("SMTP is not configured: request %s waits in the database",
                       request.reference)
        return False
    if not store.claim_for_notify(request.reference):
        logger.debug("request %s is sent or being sent elsewhere", request.reference)
        return False
    return _send_claimed(store, request, settings)


def _send_claimed(store: CallbackStore, request: CallbackRequest,
                  settings: SmtpSettings) -> bool:
    """Sends a request this process has claimed, and records the outcome."""
    try:
        send(compose(request, settings), settings)
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("could not e-mail staff about %s: %s", request.reference,
                       type(error).__name__)
        store.mark_notify_failed(request.reference, f"{type(error).__name__}: {error}")
        return False
    store.mark_notified(request.reference)
    logger.info("staff told about callback request %s", request.reference)
    return True


def send_pending(store: CallbackStore,
                 settings: SmtpSettings | None = None) -> Tuple[int, int]:
    """Sends every request not yet sent. Returns (sent now, still unsent);
    a request another process is sending at this moment counts as neither."""
    settings = settings or SmtpSettings.from_env()
    if settings is None:
        unsent = store.unsent()
        logger.warning("SMTP is not configured: %d requests wait in the database", len(unsent))
        return 0, len(unsent)
    sent = failed = 0
    for request in store.unsent():
        if not store.claim_for_notify(request.reference):
            continue  # another process is sending it now
        if _send_claimed(store, request, settings):
            sent += 1
        else:
            failed += 1
    return sent, failed
