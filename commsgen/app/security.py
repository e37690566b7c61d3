"""The app's guard, in front of every request: the session, the Host, the methods, the size, the headers.

- A request without the session cookie is refused (403). The one-time token of the printed
  address is exchanged, on its first use, for an HTTP-only, SameSite=Strict cookie holding a
  second secret, and the browser is sent on to the same page without the token in its address.
- A `Host` other than `127.0.0.1:PORT` or `localhost:PORT` is refused (DNS rebinding).
- Only GET, HEAD and POST; a POST from another origin (`Origin`, `Sec-Fetch-Site`) is refused,
  and every POST handler checks the form's CSRF token (`check_csrf`).
- A body larger than the upload limit is refused before it is read.
- Every response carries `Content-Security-Policy: default-src 'self'` and its companions.
- An error inside the app becomes a plain 500 page; nothing is logged (a traceback can quote
  a value from the case).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "commsgen_session"
MAX_BODY = 21 * 1024 * 1024  # an upload: the largest document `scan` reads (20 MiB), and the form
CSP = ("default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
       "object-src 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make the Origin of a form "null"
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


@dataclass
class Session:
    """The secrets of one run of the app."""

    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))  # in the printed address
    cookie: str = field(default_factory=lambda: secrets.token_urlsafe(32))  # after the first visit
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))  # in every form
    token_used: bool = False
    extra_hosts: tuple[str, ...] = ()  # tests: the test client's host

    @property
    def cookie_name(self) -> str:
        """Cookies are not kept apart by port: two apps at once (two ports) each keep their own."""
        return f"{COOKIE}_{self.port}"

    @property
    def hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}", *self.extra_hosts}

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def valid_csrf(self, value: object) -> bool:
        return isinstance(value, str) and secrets.compare_digest(value.encode(), self.csrf.encode())


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


async def _plain(send: Send, status: int, body: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), *(extra or [])]})
    await send({"type": "http.response.body", "body": body.encode()})


class Guard:
    """ASGI middleware: refuses what does not belong to this session on this machine."""

    def __init__(self, app: ASGIApp, session: Session) -> None:
        self.app = app
        self.session = session

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = [*kept, *HEADERS]
            await send(message)

        await self.guarded(scope, receive, with_headers)

    async def guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        session = self.session
        headers = _headers(scope)
        if headers.get("host", "") not in session.hosts:
            await _plain(send, 403, "Forbidden: unknown host")
            return
        method = scope.get("method", "GET")
        if method not in ("GET", "HEAD", "POST"):
            await _plain(send, 405, "Method not allowed")
            return
        cookies = SimpleCookie()
        try:
            cookies.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is simply no session
            cookies = SimpleCookie()
        given = cookies.get(session.cookie_name)
        if not (given and secrets.compare_digest(given.value.encode(), session.cookie.encode())):
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            token = (query.get("token") or [""])[0]
            if method == "GET" and token and not session.token_used \
                    and secrets.compare_digest(token.encode(), session.token.encode()):
                session.token_used = True  # one time: the address printed cannot open a second session
                rest = {k: v for k, v in query.items() if k != "token"}
                target = scope.get("path", "/") + ("?" + urlencode(rest, doseq=True) if rest else "")
                cookie = f"{session.cookie_name}={session.cookie}; HttpOnly; SameSite=Strict; Path=/".encode()
                await _plain(send, 303, "", [(b"location", target.encode()), (b"set-cookie", cookie)])
                return
            await _plain(send, 403, "Forbidden: open the address commsgen app printed")
            return
        if method == "POST":
            origin = headers.get("origin")
            site = headers.get("sec-fetch-site")
            if (origin is not None and origin.removeprefix("http://") not in session.hosts) or \
                    (site is not None and site not in ("same-origin", "none")):
                await _plain(send, 403, "Forbidden: cross-site request")
                return
            length = headers.get("content-length", "0")
            if not length.isdigit() or int(length) > MAX_BODY:
                await _plain(send, 413, "Request too large")
                return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception:  # never a traceback (it may quote the case) in a log
            if not started:
                await _plain(send, 500, "Internal error")
