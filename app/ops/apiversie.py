"""The API's full version (semver) in an `API-Version` header on every answer under /api/v1.

The major version is in the path (/api/v1); the header tells an integrator which minor and patch
they are talking to (NL API Design Rules, /core/version-header). Raise the minor for an addition,
the patch for a fix; a change that breaks a client needs /api/v2.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_VERSIE = "1.0.0"
API_PREFIX = "/api/v1"
HEADER = "API-Version"


def onder_api_v1(pad: str) -> bool:
    return pad == API_PREFIX or pad.startswith(API_PREFIX + "/")


class ApiVersieMiddleware:
    """Pure ASGI (downloads keep streaming); outside the security middleware, so its 500s carry it too."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not onder_api_v1(scope["path"]):
            await self.app(scope, receive, send)
            return

        async def met_versie(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = API_VERSIE
            await send(message)

        await self.app(scope, receive, met_versie)
