"""Bounded request bodies, enforced before any endpoint, dependency or form parser reads them.

Each kind of route has its own limit: a route that declares `max_body_size`
(the CSV import) its own, a route that reads its own body (the evidence upload:
the file limit times the file count plus room for the form fields) the limit
its reader carries, everything else 1 MB. The limit is looked up when the
app first asks for the body (the router has matched the route by then). An
announced Content-Length above it is answered 413 without reading a byte; a
chunked body is counted while it streams and answered the moment it passes
the limit, so nobody can make the app spool more than the limit to disk.

An anonymous API call that could carry a body answers 401 here, before any
CSRF or body check: nothing of it is read. The one exception is the public check
of a presented Open Badge (OPENBARE_API_POSTS), bounded to 64 KB.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import error_response
from app.opslag.storage import MiB, leesbare_grootte
from app.toegang.aanvrager import OPENBARE_API_POSTS, eigen_lezer
from app.toegang.sessies import COOKIE

STANDAARD_LIMIET = MiB
_ZONDER_BODY = {"GET", "HEAD", "OPTIONS"}


class _BodyTeGroot(Exception):
    """Raised into whatever reads past the limit; the middleware answers 413 in its place."""


def limiet_voor(route: object) -> int:
    """The largest body this route accepts."""
    if (eigen := getattr(route, "max_body_size", None)) is not None:
        return eigen
    if (lezer := eigen_lezer(route)) is not None:
        return lezer.body_limiet()  # type: ignore[attr-defined]
    return STANDAARD_LIMIET


def _anonieme_api_aanroep(scope: Scope, headers: Headers) -> bool:
    if scope["method"] in _ZONDER_BODY or not scope["path"].startswith("/api/") or scope["path"] in OPENBARE_API_POSTS:
        return False
    return "authorization" not in headers and COOKIE not in cookie_parser(headers.get("cookie", ""))


def _content_length(headers: Headers) -> int | None:
    try:
        return int(headers["content-length"])
    except (KeyError, ValueError):
        return None


class BodyLimietMiddleware:
    """Pure ASGI: counts the bytes as they arrive instead of buffering the body."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if _anonieme_api_aanroep(scope, headers):
            await error_response(Request(scope), 401, "Log in om verder te gaan.")(scope, receive, send)
            return
        lengte = _content_length(headers)
        ontvangen = 0
        overschreden = False
        app_begonnen = False  # the app's own answer was already under way
        afgewezen = False

        grens: int | None = None

        def limiet() -> int:
            # Asked only once the app reads: by then the router has put the matched route in the scope.
            nonlocal grens
            if grens is None:
                grens = limiet_voor(scope.get("route"))
            return grens

        async def te_groot() -> None:
            nonlocal afgewezen
            if afgewezen:
                return
            afgewezen = True
            detail = f"Het verzoek is te groot: hier kan hoogstens {leesbare_grootte(limiet())} heen."
            await error_response(Request(scope), 413, detail)(scope, receive, send)

        async def begrensd_ontvangen() -> Message:
            nonlocal ontvangen, overschreden
            if not overschreden and ontvangen == 0 and lengte is not None and lengte > limiet():
                overschreden = True  # announced too big: refused before a byte is read
            if overschreden:
                raise _BodyTeGroot
            message = await receive()
            if message["type"] == "http.request":
                ontvangen += len(message.get("body", b""))
                if ontvangen > limiet():
                    overschreden = True
                    raise _BodyTeGroot
            return message

        async def verstuur(message: Message) -> None:
            nonlocal app_begonnen
            if overschreden and not app_begonnen:
                # Whatever the app makes of the interrupted body, the answer is 413.
                await te_groot()
                return
            if message["type"] == "http.response.start":
                app_begonnen = True
            await send(message)

        try:
            await self.app(scope, begrensd_ontvangen, verstuur)
        except Exception:
            if not overschreden or app_begonnen:
                raise
            await te_groot()
