"""Rasa's socket.io channel, with two fixes for a public health website.

1. Origins: WebSocket connections ignore CORS, and Rasa's channel switches the
   Origin check of python-engineio off (`cors_allowed_origins=[]`). Here only
   the configured origins may connect (polling and WebSocket alike).
2. Session persistence: Rasa 3.6 calls `sio.enter_room` without `await`; with
   python-socketio 5.10+ that coroutine never runs and every bot reply is
   dropped (rasa#13027). The session handler here awaits it when needed.

Configured in credentials.yml under `msrehab.web_channel.SocketIOChannel`, with
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
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

logger = logging.getLogger(__name__)


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
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        # No configured origin means no browser may connect: refuse rather than allow all.
        sio.eio.cors_allowed_origins = list(self.allowed_origins) or ["null-origin-refused"]
        sio.eio.cors_credentials = False

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Dict | None) -> None:
            data = data or {}
            session_id = data.get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        logger.info("socket.io channel: allowed origins %s", ", ".join(self.allowed_origins))
        return blueprint
