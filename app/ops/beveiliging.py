"""Security headers on every response, no-store for logged-in answers, and the anonymous CSRF cookie."""

from __future__ import annotations

import logging
import secrets

from starlette.datastructures import MutableHeaders
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings
from app.errors import error_response
from app.toegang.aanvrager import CSRF_COOKIE

logger = logging.getLogger("portfolio.errors")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=()",
}


def _voor_ingelogde(scope: Scope) -> bool:
    # request.state lives in the scope; app.toegang.aanvrager puts who is asking there.
    aanvrager = scope.get("state", {}).get("aanvrager")
    return getattr(aanvrager, "gebruiker", None) is not None


class BeveiligingMiddleware:
    """Pure ASGI so file downloads keep streaming; endpoints may tighten the CSP further."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nieuw_csrf = None
        cookies = cookie_parser(dict(scope["headers"]).get(b"cookie", b"").decode("latin-1"))
        if CSRF_COOKIE not in cookies:
            # Give the login form a token to echo; it is replaced by the session's own at login.
            nieuw_csrf = secrets.token_urlsafe(32)
            scope["headers"] = [
                *[(k, v) for k, v in scope["headers"] if k != b"cookie"],
                (
                    b"cookie",
                    "; ".join([*(f"{k}={v}" for k, v in cookies.items()), f"{CSRF_COOKIE}={nieuw_csrf}"]).encode(
                        "latin-1"
                    ),
                ),
            ]

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if _voor_ingelogde(scope):
                    # Personal data: no browser or proxy keeps a copy (downloads set their own policy).
                    headers.setdefault("Cache-Control", "no-store")
                if get_settings().secure_cookies:
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
                if nieuw_csrf:
                    secure = "; Secure" if get_settings().secure_cookies else ""
                    headers.append("Set-Cookie", f"{CSRF_COOKIE}={nieuw_csrf}; Path=/; HttpOnly; SameSite=Lax{secure}")
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            # Answered here rather than by Starlette's outermost error middleware, so an
            # unexpected error still gets a Dutch page or problem JSON with these headers.
            if started:
                raise
            logger.error("unexpected error", exc_info=exc, extra={"fields": {"path": scope.get("path")}})
            response = error_response(Request(scope), 500, "Er ging onverwacht iets mis. Probeer het later opnieuw.")
            await response(scope, receive, send_with_headers)
