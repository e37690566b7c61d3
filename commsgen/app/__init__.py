"""`commsgen app`: the case in the browser, served on this machine only.

`create_app` builds the Starlette application behind the guard (`security.Guard`); `serve`
binds a port on 127.0.0.1, prints the one address with its one-time token, opens the browser
and serves with uvicorn until Ctrl+C, with its access log off (no case value in a log).
"""

from __future__ import annotations

import socket
import threading
import webbrowser
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException

from .routes import ROUTES, State, http_error, not_found
from .security import Guard, Session


def create_app(session: Session, case: Path | None = None, lang: str = "nl") -> Any:
    """The app for one session, guarded: what uvicorn (or a test client) serves."""
    app = Starlette(routes=ROUTES, exception_handlers={HTTPException: http_error, 404: not_found})
    app.state.commsgen = State(session=session, lang=lang, case=case.resolve() if case else None)
    return Guard(app, session)


def bind(port: int = 0) -> socket.socket:
    """A listening socket on the loopback interface only (port 0: a free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(case: Path | None, port: int = 0, browser: bool = True, lang: str = "nl",
          announce: Any = print) -> None:
    """Run the app until Ctrl+C; `announce` receives the one line with the address."""
    import uvicorn

    sock = bind(port)
    session = Session(port=sock.getsockname()[1])
    app = create_app(session, case, lang)
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False,
                            date_header=False, lifespan="off", log_config=None)
    server = uvicorn.Server(config)
    announce(session.url())
    if browser:
        threading.Timer(0.5, webbrowser.open, args=(session.url(),)).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
