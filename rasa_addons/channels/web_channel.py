"""Rasa's chat channels (REST and socket.io), hardened for a public health website.

Both channels pass every message through rasa_addons.channels.message_guard (size limit,
conversation id check, an answer even when handling fails), and importing this
module masks e-mail addresses and phone numbers in the Rasa server's logs.

socket.io has two more fixes:

1. Origins: WebSocket connections ignore CORS, and Rasa's channel switches the
   Origin check of python-engineio off (`cors_allowed_origins=[]`). Here only
   the configured origins may connect (polling and WebSocket alike).
2. Session persistence: Rasa 3.6 calls `sio.enter_room` without `await`; with
   python-socketio 5.10+ that coroutine never runs and every bot reply is
   dropped (rasa#13027). The session handler here awaits it when needed.

Configured in credentials.yml under `rasa_addons.channels.web_channel.SocketIOChannel`, with
`allowed_origins: [...]`; the CHAT_ALLOWED_ORIGINS environment setting
(comma-separated) takes precedence.
"""

from __future__ import annotations

import inspect
import logging
import os
import uuid
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request

from msrehab.privacy import install_log_masking
from rasa_addons.channels import message_guard

logger = logging.getLogger(__name__)
install_log_masking()


def bad_request(reason: str):
    return response.json({"error": reason}, status=400)


class RestChannel(RestInput):
    """REST channel that checks the request before Rasa sees it."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        blueprint = super().blueprint(message_guard.guarded(on_new_message))

        @blueprint.middleware("request")
        async def check_request(request: Request):
            if request.method != "POST":
                return None
            try:
                body = request.json
            except Exception:  # sanic raises on a body that is not JSON
                return bad_request("The request body must be JSON.")
            if not isinstance(body, dict):
                return bad_request('Send {"sender": "...", "message": "..."}.')
            if not message_guard.valid_sender_id(body.get("sender")):
                return bad_request("'sender' must be 1 to 128 letters, digits or _.:@-")
            if body.get("message") is not None and not isinstance(body.get("message"), str):
                return bad_request("'message' must be text.")
            return None

        return blueprint


def configured_origins(from_credentials: List[str] | None) -> List[str]:
    env = os.environ.get("CHAT_ALLOWED_ORIGINS")
    if env:
        return [o.strip().rstrip("/") for o in env.split(",") if o.strip()]
    return [o.rstrip("/") for o in (from_credentials or [])]


class SocketIOChannel(SocketIOInput):
    """socket.io input channel that checks Origin and awaits enter_room."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.allowed_origins = configured_origins((credentials or {}).get("allowed_origins"))
        return channel

    allowed_origins: List[str] = []

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        blueprint = super().blueprint(message_guard.guarded(on_new_message))
        sio = self.sio
        # No configured origin means no browser may connect: refuse rather than allow all.
        sio.eio.cors_allowed_origins = list(self.allowed_origins) or ["null-origin-refused"]
        sio.eio.cors_credentials = False

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Dict | None) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not message_guard.valid_sender_id(session_id):
                session_id = uuid.uuid4().hex  # unguessable, made by the server
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        logger.info("socket.io channel: allowed origins %s", ", ".join(self.allowed_origins))
        return blueprint
