"""A real SMTP server for the tests (aiosmtpd, in a thread of the test process): messages go over the wire.

`SmtpServer.replies` holds answers to give to the next DATA commands instead of accepting ("451 4.3.0 try later",
"550 5.1.1 no such user"); `mail_delay` slows every MAIL FROM, so a test can kill a worker mid-envelope, and
`hold_until_connections` holds MAIL FROM until that many workers are connected.
"""

import asyncio
import email
import threading
import time
from collections import deque
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller

from tests.server import free_port


class RecordingHandler:
    def __init__(self):
        self.received: list[EmailMessage] = []
        self.replies: deque[str] = deque()
        self.mail_delay = 0.0
        #: MAIL FROM waits until this many connections have sent one (at most 30 s): proves two workers overlap.
        self.hold_until_connections = 0
        self._connections: set[int] = set()
        #: MAIL FROM commands seen, accepted or not (the start of each try of a message).
        self.envelopes_started = 0
        self._lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        with self._lock:
            self.envelopes_started += 1
            self._connections.add(id(session))
        for _ in range(300):
            if len(self._connections) >= self.hold_until_connections:
                break
            await asyncio.sleep(0.1)
        if self.mail_delay:
            await asyncio.sleep(self.mail_delay)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.replies:
                return self.replies.popleft()
            self.received.append(email.message_from_bytes(envelope.original_content, policy=default))
        return "250 2.0.0 Message accepted for delivery"


class SmtpServer:
    """Started on a free port of 127.0.0.1; `stop()` and `start()` again keep the port (a server that was down)."""

    def __init__(self, port: int | None = None):
        self.handler = RecordingHandler()
        self.port = port or free_port()
        self.controller: Controller | None = None

    def start(self) -> "SmtpServer":
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[EmailMessage]:
        return self.handler.received

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.received]

    def wait_for(self, count: int, timeout: float = 30) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received

    def config(self) -> dict:
        """The app settings that send to this server."""
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_BACKEND": "smtp", "MAIL_TIMEOUT": 10}
