"""A live `commsgen app` on the loopback interface, for the HTTP and browser tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from commsgen.app import bind, create_app
from commsgen.app.security import Session


@dataclass
class Live:
    session: Session
    base: str

    @property
    def url(self) -> str:
        return self.session.url()


@contextmanager
def live_app(case: Path | None = None, lang: str = "nl") -> Iterator[Live]:
    """The app served by uvicorn in a thread, on 127.0.0.1 and a free port; stopped on exit."""
    sock = bind(0)
    session = Session(port=sock.getsockname()[1])
    app = create_app(session, case, lang)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield Live(session, f"http://127.0.0.1:{session.port}")
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()
