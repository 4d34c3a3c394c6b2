"""Request counts and durations per route, kept in this process, written out in Prometheus' text format.

Counters live in each process (Prometheus scrapes processes, and sums them);
the queue's figures come from the database, so every process reports the same.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import defaultdict

from anyio import to_thread
from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings
from app.taken import service as taken
from app.taken.service import Stand

PAD = "/metrics"

GRENZEN = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metingen:
    def __init__(self) -> None:
        self._slot = threading.Lock()
        self.aantallen: dict[tuple[str, str, str], int] = defaultdict(int)
        # (method, route) → [count per bucket..., +Inf], sum
        self.emmers: dict[tuple[str, str], list[int]] = {}
        self.sommen: dict[tuple[str, str], float] = defaultdict(float)

    def tel(self, methode: str, route: str, status: int, duur: float) -> None:
        with self._slot:
            self.aantallen[(methode, route, str(status))] += 1
            emmers = self.emmers.setdefault((methode, route), [0] * (len(GRENZEN) + 1))
            for i, grens in enumerate(GRENZEN):
                if duur <= grens:
                    emmers[i] += 1
            emmers[-1] += 1
            self.sommen[(methode, route)] += duur

    def tekst(self, stand: Stand | None) -> str:
        regels = [
            "# HELP portfolio_requests_total Requests per method, route (its template) and status.",
            "# TYPE portfolio_requests_total counter",
        ]
        with self._slot:
            for (methode, route, status), aantal in sorted(self.aantallen.items()):
                regels.append(
                    f"portfolio_requests_total{{{_labels(method=methode, route=route, status=status)}}} {aantal}"
                )
            regels += [
                "# HELP portfolio_request_duration_seconds Time to the response's end, per method and route.",
                "# TYPE portfolio_request_duration_seconds histogram",
            ]
            for (methode, route), emmers in sorted(self.emmers.items()):
                basis = _labels(method=methode, route=route)
                for grens, aantal in zip((*(str(g) for g in GRENZEN), "+Inf"), emmers, strict=True):
                    regels.append(f'portfolio_request_duration_seconds_bucket{{{basis},le="{grens}"}} {aantal}')
                regels.append(f"portfolio_request_duration_seconds_sum{{{basis}}} {self.sommen[(methode, route)]:.6f}")
                regels.append(f"portfolio_request_duration_seconds_count{{{basis}}} {emmers[-1]}")
        if stand is not None:
            regels += ["# HELP portfolio_taken Jobs in the queue per status.", "# TYPE portfolio_taken gauge"]
            regels += [f"portfolio_taken{{{_labels(status=s)}}} {n}" for s, n in stand.per_status.items()]
            regels += [
                "# HELP portfolio_wachtrij_leeftijd_seconden Seconds the oldest due job has waited (0: none waits).",
                "# TYPE portfolio_wachtrij_leeftijd_seconden gauge",
                f"portfolio_wachtrij_leeftijd_seconden {stand.wachtrij_leeftijd:.3f}",
            ]
        return "\n".join(regels) + "\n"


def _labels(**waarden: str) -> str:
    return ",".join(
        f'{k}="{v.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34)).replace(chr(10), " ")}"'
        for k, v in waarden.items()
    )


class MetricsMiddleware:
    """Counts every HTTP request under its route's template (`/studenten/{student_id}`), never the raw path.

    It answers /metrics itself, before the app: the scraper's bearer token is the metrics token,
    not a person's API token, so it must never reach the app's login.
    """

    def __init__(self, app: ASGIApp, metingen: Metingen):
        self.app = app
        self.metingen = metingen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == PAD:
            antwoord = await self._metrics(scope)
            await antwoord(scope, receive, send)
            return
        begin = time.perf_counter()
        status = 500

        async def verstuur(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, verstuur)
        finally:
            self.metingen.tel(scope["method"], _route(scope), status, time.perf_counter() - begin)

    async def _metrics(self, scope: Scope) -> PlainTextResponse:
        """Only with `Authorization: Bearer PORTFOLIO_METRICS_TOKEN`; without a token set there is no /metrics."""
        verwacht = get_settings().metrics_token
        if not verwacht or scope["method"] not in {"GET", "HEAD"}:
            return PlainTextResponse("Niet gevonden.\n", status_code=404)
        schema, _, gegeven = Headers(scope=scope).get("authorization", "").partition(" ")
        if schema.lower() != "bearer" or not hmac.compare_digest(gegeven.strip().encode(), verwacht.encode()):
            return PlainTextResponse(
                "Een geldig metrics-token is nodig.\n", status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        stand = await to_thread.run_sync(_stand, scope["app"])
        return PlainTextResponse(self.metingen.tekst(stand), media_type="text/plain; version=0.0.4; charset=utf-8")


def _stand(app) -> Stand | None:  # noqa: ANN001
    try:
        with app.state.sessionmaker() as session:
            return taken.stand(session)
    except SQLAlchemyError:
        return None  # the request figures still come; the queue's are missing until the database answers


def _route(scope: Scope) -> str:
    route = scope.get("route")
    pad = getattr(route, "path", None) or getattr(route, "path_format", None)
    if pad:
        return pad
    if str(scope.get("path", "")).startswith("/static/"):
        return "/static"
    return "onbekend"  # no route matched (404): one series, however many paths are tried
