"""A real SMTP server on loopback (aiosmtpd) that keeps the mails it receives."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message
from typing import List

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self, mails: List[Message]) -> None:
        self.mails = mails

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.mails.append(message_from_bytes(envelope.content))
        return "250 OK"


class LoopbackSmtpServer:
    """Start/stop on a fixed port, so a test can take the server down and back up."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.mails: List[Message] = []
        self._controller = None

    def start(self) -> None:
        self._controller = Controller(_Keep(self.mails), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None

    def mails_about(self, reference: str) -> List[Message]:
        return [m for m in self.mails if reference in m["Subject"]]
