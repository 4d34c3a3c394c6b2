"""Benchmark (not a test): server time and query count of every page and list API route, per persona.

    .venv/bin/python scripts/benchmark_pages.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench
    .venv/bin/python scripts/benchmark_pages.py --database-url sqlite:////tmp/school.db --opslag /tmp/school-bestanden
    .venv/bin/python scripts/benchmark_pages.py --herhalingen 5 --uitleg    # quicker; name the slowest query of a miss
    .venv/bin/python scripts/benchmark_pages.py --alleen 'studenten$|voortgang' --persona beheerder  # a few routes

Meant for a database filled by scripts/genereer_school.py. The app runs in-process
(FastAPI TestClient on create_app() bound to that database). The routes come from the
app's route table: every GET route without a body, so pages added later are measured
too. Path parameters get real ids of things the persona may see; list routes (a list
response or a `pagina` parameter) are measured with and without paging parameters,
and routes with a `q` parameter once with a search term as well. Each persona (student,
praktijkbegeleider, examencommissie, beheerder, and anoniem for the public pages) gets
a server-side session made with the app's own session functions, like a login does.

Each request is timed around the call, N times (default 20) after one warm-up, and
its SQL statements are counted with a before_cursor_execute listener. A route a persona
may not see (401/403/404, or a redirect to the login page) is not measured for them.
Rows with a median over 50 ms or a p95 over 150 ms are flagged. The downloads (cohort CSV and
XLSX, the dossier ZIP) are also timed to their first byte, by calling the ASGI app directly.
The run writes only a login session per persona and three one-time links (for the link pages).
Always exits 0.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import statistics
import sys
import time
import typing
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app import tijd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MEDIAAN_GRENS_MS = 50.0
P95_GRENS_MS = 150.0
PAGING = {"pagina": "2", "per_pagina": "25"}
ZOEKTERM = "jans"
PERSONAS = ("student", "praktijkbegeleider", "examencommissie", "beheerder", "anoniem")


@dataclass(frozen=True)
class Route:
    pad: str  # the route's template, e.g. /studenten/{student_id}/portfolio
    query: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.pad + ("?" + "&".join(f"{k}={v}" for k, v in self.query.items()) if self.query else "")


@dataclass
class Meting:
    persona: str
    route: Route
    status: int
    tijden_ms: list[float] = field(default_factory=list)
    queries: int = 0
    traagste_query: str = ""

    @property
    def mediaan(self) -> float:
        return statistics.median(self.tijden_ms)

    @property
    def p95(self) -> float:
        if len(self.tijden_ms) < 2:
            return self.tijden_ms[0]
        return statistics.quantiles(self.tijden_ms, n=20, method="inclusive")[18]

    @property
    def download(self) -> bool:
        # A streamed download is judged by its first byte (rapport_eerste_bytes); its total grows with the
        # file, as it should.
        return bool(STROMEN.search(self.route.pad))

    @property
    def mist(self) -> bool:
        if self.status >= 500:
            return True
        return not self.download and (self.mediaan > MEDIAAN_GRENS_MS or self.p95 > P95_GRENS_MS)


@dataclass
class Uitslag:
    metingen: list[Meting]
    # (persona, route label, reason) for what was not measured.
    overgeslagen: list[tuple[str, str, str]]
    routes: list[Route]


# --- Routes ------------------------------------------------------------------------------------


def ontdek_routes(app) -> list[Route]:  # noqa: ANN001
    """Every GET route without a body, plus paged and search variants of list routes."""
    from starlette.routing import Mount

    routes: list[Route] = []
    for route in _alle_routes(app):
        origineel = getattr(route, "original_route", route)  # RouteContext wraps the route it describes
        if isinstance(origineel, Mount) or "GET" not in (getattr(route, "methods", None) or ()):
            continue
        dependant = getattr(origineel, "dependant", None)
        if dependant is None:  # a plain Starlette route, e.g. the OpenAPI document
            routes.append(Route(route.path))
            continue
        if dependant.body_params:
            continue
        query = {p.name for p in _alle_query_params(dependant)}
        routes.append(Route(route.path))
        if _is_lijst(origineel) or "pagina" in query:
            routes.append(Route(route.path, dict(PAGING)))
        if "q" in query:
            routes.append(Route(route.path, {"q": ZOEKTERM}))
        # Filters and orders that lists compute from progress: each one is a route of its own to measure.
        if "diplomabaar" in query:
            routes += [Route(route.path, {"diplomabaar": "true"}), Route(route.path, {"diplomabaar": "false"})]
        if "sorteer" in query and "status" in query:  # the cohort overview
            routes += [Route(route.path, {"sorteer": "meest"}), Route(route.path, {"status": "diplomabaar"})]
        elif "sorteer" in query:  # the inbox, by student
            routes.append(Route(route.path, {"sorteer": "student"}))
    return routes


def _alle_routes(app) -> Iterator:  # noqa: ANN001
    """The app's routes with included routers flattened (FastAPI >= 0.137 keeps them nested)."""
    import fastapi.routing

    iter_route_contexts = getattr(fastapi.routing, "iter_route_contexts", None)
    if iter_route_contexts is None:
        yield from app.routes
    else:
        yield from iter_route_contexts(app.routes)


def _alle_query_params(dependant) -> Iterator:  # noqa: ANN001
    yield from dependant.query_params
    for sub in dependant.dependencies:
        yield from _alle_query_params(sub)


def _is_lijst(route) -> bool:  # noqa: ANN001
    return typing.get_origin(route.response_model) is list


# --- Personas and the ids they may see ---------------------------------------------------------


@dataclass
class Persona:
    naam: str
    gebruiker_id: int | None
    cookie: str | None
    ids: dict[str, str]


def maak_personas(sessionmaker) -> list[Persona]:  # noqa: ANN001
    """Log each persona in (a server-side session, as the login form makes) and pick ids they may see."""
    from sqlalchemy import exists, func, or_, select
    from sqlalchemy.orm import aliased

    from app.accounts import links
    from app.models import (
        Begeleiding,
        Beoordeling,
        BeoordelingBewijs,
        Bestand,
        Bewijsstuk,
        BewijsstukKoppeling,
        BewijsstukVersie,
        Bouwsteen,
        Cohort,
        Diplomabesluit,
        Gebruiker,
        GebruikerRol,
        Inschrijving,
        Kerntaak,
        Kwalificatie,
        Leeruitkomst,
        LinkDoel,
        Rol,
        VersieStatus,
    )
    from app.toegang import sessies

    vandaag = tijd.vandaag()
    with sessionmaker() as session:

        def met_rol(rol: Rol) -> Gebruiker:
            return session.scalars(
                select(Gebruiker)
                .join(GebruikerRol)
                .where(GebruikerRol.rol == rol, Gebruiker.actief)
                .order_by(Gebruiker.id)
            ).first()

        begeleider = session.scalars(
            select(Gebruiker)
            .join(Begeleiding, Begeleiding.praktijkbegeleider_id == Gebruiker.id)
            .where(Begeleiding.van <= vandaag, or_(Begeleiding.tot.is_(None), Begeleiding.tot >= vandaag))
            .group_by(Gebruiker.id)
            .order_by(func.count().desc(), Gebruiker.id)
        ).first()
        if begeleider is None:
            raise SystemExit(
                "Geen praktijkbegeleider met lopende begeleidingen: vul de database met genereer_school.py."
            )
        # The student with the most evidence among the begeleider's current students: the heaviest portfolio.
        student_id = session.scalar(
            select(Begeleiding.student_id)
            .join(Bewijsstuk, Bewijsstuk.student_id == Begeleiding.student_id)
            .where(
                Begeleiding.praktijkbegeleider_id == begeleider.id,
                Begeleiding.van <= vandaag,
                or_(Begeleiding.tot.is_(None), Begeleiding.tot >= vandaag),
            )
            .group_by(Begeleiding.student_id)
            .order_by(func.count().desc(), Begeleiding.student_id)
        )
        student = session.get(Gebruiker, student_id)
        bewijsstuk_id = session.scalar(
            select(Bewijsstuk.id)
            .join(BewijsstukVersie)
            .where(Bewijsstuk.student_id == student_id, Bewijsstuk.verborgen_op.is_(None))
            .group_by(Bewijsstuk.id)
            .order_by(func.count().desc(), Bewijsstuk.id)
        )
        bestand_id = session.scalar(
            select(Bestand.id)
            .join(BewijsstukVersie)
            .where(BewijsstukVersie.bewijsstuk_id == bewijsstuk_id)
            .order_by(BewijsstukVersie.versie.desc(), Bestand.volgorde)
        )
        # The assessment page: a version the begeleider may judge now (the latest submitted one of its
        # bewijsstuk, of a student they supervise today), one still waiting in the inbox if there is one,
        # and a leeruitkomst it is linked to.
        nieuwer = aliased(BewijsstukVersie)
        beoordeeld = exists().where(BeoordelingBewijs.versie_id == BewijsstukVersie.id)
        ingediend = session.execute(
            select(BewijsstukVersie.id, Leeruitkomst.code)
            .join(Bewijsstuk, Bewijsstuk.id == BewijsstukVersie.bewijsstuk_id)
            .join(BewijsstukKoppeling, BewijsstukKoppeling.versie_id == BewijsstukVersie.id)
            .join(Leeruitkomst, Leeruitkomst.id == BewijsstukKoppeling.leeruitkomst_id)
            .where(
                Bewijsstuk.student_id == student_id,
                Bewijsstuk.verborgen_op.is_(None),
                BewijsstukVersie.status == VersieStatus.ingediend,
                ~exists().where(
                    nieuwer.bewijsstuk_id == BewijsstukVersie.bewijsstuk_id,
                    nieuwer.status == VersieStatus.ingediend,
                    nieuwer.versie > BewijsstukVersie.versie,
                ),
            )
            .order_by(beoordeeld, BewijsstukVersie.id.desc(), Leeruitkomst.code)
        ).first()
        kwalificatie, bouwsteen = session.execute(
            select(Kwalificatie, Bouwsteen.code)
            .join(Kerntaak, Kerntaak.kwalificatie_id == Kwalificatie.id)
            .join(Bouwsteen, Bouwsteen.kerntaak_id == Kerntaak.id)
            .order_by(Kwalificatie.id, Kerntaak.volgorde, Bouwsteen.volgorde)
        ).first()
        # The cohort overview and its exports: the student's cohort, so the begeleider has students in it
        # too (genereer_school.py spreads 2,000 students over 10 cohorts: 200 each).
        cohortcode = session.scalar(
            select(Cohort.code)
            .join(Inschrijving, Inschrijving.cohort_id == Cohort.id)
            .where(Inschrijving.student_id == student_id)
            .order_by(Inschrijving.startdatum.desc(), Inschrijving.id.desc())
        )
        gemeenschappelijk = {
            "student_id": str(student_id),
            "gebruiker_id": str(student_id),
            "bewijsstuk_id": str(bewijsstuk_id),
            "bestand_id": str(bestand_id),
            "code": kwalificatie.code,
            "versie": kwalificatie.versie,
            "bouwsteen_code": bouwsteen,
            "cohortcode": cohortcode,
            "code@/api/v1/cohorten/{code}/versiewissel": cohortcode,
            "code@/beheer/cohorten/{code}/versiewissel": cohortcode,
            "inschrijving_id": str(
                session.scalar(select(Inschrijving.id).where(Inschrijving.student_id == student_id).limit(1))
            ),
            # The person picker searches one role at a time.
            "rol": Rol.student.value,
        }
        # A diploma to verify, if the school has one; otherwise the verification answers 404 (still measured).
        diplomanummer = session.scalar(
            select(Diplomabesluit.diplomanummer)
            .where(Diplomabesluit.diplomanummer.is_not(None))
            .order_by(Diplomabesluit.id)
            .limit(1)
        )
        gemeenschappelijk["diplomanummer"] = diplomanummer or "WA6-2026-000000"
        # The Open Badges issuer's public key (made here if the installation has none yet) and its first list.
        from app.openbadge import sleutels

        gemeenschappelijk["kid"] = sleutels.huidige().kid
        # The CASE export of the same kwalificatie: its document, its first kerntaak and that one's link up.
        from app.case import identifiers as case

        document = case.document_id(kwalificatie.code, kwalificatie.versie)
        kt1 = case.item_id(kwalificatie.code, kwalificatie.versie, "KT1")
        for route, waarde in {
            "CFDocuments": document,
            "CFPackages": document,
            "CFItems": kt1,
            "CFItemAssociations": kt1,
            "CFAssociations": case.associatie_id(kwalificatie.code, kwalificatie.versie, "isChildOf", kt1, document),
            "CFItemTypes": case.itemtype_id("Kerntaak"),
        }.items():
            gemeenschappelijk[f"sourcedId@/ims/case/v1p1/{route}/{{sourcedId}}"] = waarde
        gemeenschappelijk["lijst"] = "1"
        # A leeruitkomst's whole history of judgements: the one of this student with the longest.
        langste = session.scalar(
            select(Leeruitkomst.code)
            .join(Beoordeling, Beoordeling.leeruitkomst_id == Leeruitkomst.id)
            .where(Beoordeling.student_id == student_id)
            .group_by(Leeruitkomst.code)
            .order_by(func.count().desc(), Leeruitkomst.code)
            .limit(1)
        )
        gemeenschappelijk["code@/studenten/{student_id}/leeruitkomsten/{code}/oordelen"] = langste or "LU1.1"
        if ingediend is not None:
            gemeenschappelijk["versie_id"] = str(ingediend.id)
            gemeenschappelijk["code@/te-beoordelen/{versie_id}/leeruitkomsten/{code}"] = ingediend.code
        # The link pages need a live token; these are the only rows the benchmark adds besides sessions.
        tokens = {
            "/activeren/{token}": links.maak(session, LinkDoel.activatie, student_id),
            "/wachtwoord-herstellen/{token}": links.maak(session, LinkDoel.reset, student_id),
            "/eerste-beheerder/{token}": links.maak(session, LinkDoel.eerste_beheerder, None),
        }
        personas = []
        for naam, gebruiker in (
            ("student", student),
            ("praktijkbegeleider", begeleider),
            ("examencommissie", met_rol(Rol.examencommissie)),
            ("beheerder", met_rol(Rol.beheerder)),
        ):
            if gebruiker is None:
                continue
            token, _ = sessies.start(session, gebruiker)
            personas.append(Persona(naam, gebruiker.id, token, {**gemeenschappelijk, **_tokens(tokens)}))
        personas.append(Persona("anoniem", None, None, {**gemeenschappelijk, **_tokens(tokens)}))
        session.commit()
    return personas


def _tokens(tokens: dict[str, str]) -> dict[str, str]:
    # Keyed by route: each link page wants the token of its own purpose.
    return {f"token@{pad}": token for pad, token in tokens.items()}


_PARAM = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")


def vul_pad(route: Route, persona: Persona) -> str | None:
    """The concrete URL, or None when the route has a parameter we have no id for."""
    ontbreekt = False

    def waarde(match: re.Match) -> str:
        nonlocal ontbreekt
        naam = match.group(1)
        gevonden = persona.ids.get(f"{naam}@{route.pad}", persona.ids.get(naam))
        if gevonden is None:
            ontbreekt = True
            return ""
        return gevonden

    pad = _PARAM.sub(waarde, route.pad)
    return None if ontbreekt else pad


# --- Measuring ---------------------------------------------------------------------------------


class Teller:
    """Counts (and optionally times) the SQL statements sent while `actief`."""

    def __init__(self) -> None:
        self.actief = False
        self.aantal = 0
        self.tijden: list[tuple[float, str]] = []
        self._start: float | None = None
        self.timen = False

    def voor(self, _conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        # Savepoints belong to a test harness's rolled-back transaction, not to the app.
        if self.actief and "SAVEPOINT" not in statement:
            self.aantal += 1
            self._start = time.perf_counter()

    def na(self, _conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if self.actief and self.timen and self._start is not None and "SAVEPOINT" not in statement:
            self.tijden.append((time.perf_counter() - self._start, statement))

    @contextmanager
    def tel(self, timen: bool = False) -> Iterator[None]:
        self.aantal, self.tijden, self.timen, self.actief = 0, [], timen, True
        try:
            yield
        finally:
            self.actief = False


def meet(
    app,  # noqa: ANN001
    sessionmaker,  # noqa: ANN001
    luister_op,  # noqa: ANN001 (an Engine or a Connection: where the app's statements pass)
    *,
    herhalingen: int = 20,
    uitleg: bool = False,
    opwarmen: bool = True,
    voortgang: Callable[[str], None] | None = None,
    alleen: str | None = None,
    personas_filter: Collection[str] | None = None,
) -> Uitslag:
    """Measure every discovered route for every persona that may see it (`herhalingen` at least 1).

    `alleen` is a regular expression: only routes whose label it finds are measured;
    `personas_filter` the names of the personas to measure (all by default).
    """
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from app.config import get_settings

    # Every request comes from one address here: measure the verification with its (database) count,
    # but never refused by the limit.
    get_settings().verificatie_max_per_minuut = 10**9

    from app.toegang import sessies

    routes = ontdek_routes(app)
    if alleen:
        routes = [r for r in routes if re.search(alleen, r.label)]
    personas = maak_personas(sessionmaker)
    if personas_filter:
        personas = [p for p in personas if p.naam in personas_filter]
    # What the set-up loaded stays for the whole run: out of the collector's way, as the app's start-up
    # objects are (app.db), so no measured request pays for walking the harness's own objects.
    gc.collect()
    gc.freeze()
    teller = Teller()
    event.listen(luister_op, "before_cursor_execute", teller.voor)
    event.listen(luister_op, "after_cursor_execute", teller.na)
    metingen: list[Meting] = []
    overgeslagen: list[tuple[str, str, str]] = []
    try:
        for persona in personas:
            with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
                if persona.cookie:
                    client.cookies.set(sessies.COOKIE, persona.cookie)
                for route in routes:
                    url = vul_pad(route, persona)
                    if url is None:
                        overgeslagen.append((persona.naam, route.label, "geen id voor een padparameter"))
                        continue
                    meting = _meet_route(client, teller, persona, route, url, herhalingen, uitleg, opwarmen)
                    if isinstance(meting, str):
                        overgeslagen.append((persona.naam, route.label, meting))
                    else:
                        metingen.append(meting)
                        if voortgang:
                            voortgang(_regel(meting))
    finally:
        event.remove(luister_op, "before_cursor_execute", teller.voor)
        event.remove(luister_op, "after_cursor_execute", teller.na)
    return Uitslag(metingen, overgeslagen, routes)


def _meet_route(
    client,  # noqa: ANN001
    teller: Teller,
    persona: Persona,
    route: Route,
    url: str,
    n: int,
    uitleg: bool,
    opwarmen: bool,
) -> Meting | str:
    if opwarmen:
        antwoord = client.get(url, params=route.query)  # templates, caches, connections
        if reden := _niet_zichtbaar(antwoord):
            return reden
    meting = Meting(persona.naam, route, 0)
    for nummer in range(n):
        with teller.tel():
            begin = time.perf_counter()
            antwoord = client.get(url, params=route.query)
            meting.tijden_ms.append((time.perf_counter() - begin) * 1000)
        if nummer == 0 and not opwarmen and (reden := _niet_zichtbaar(antwoord)):
            return reden
        meting.queries = teller.aantal
        meting.status = antwoord.status_code
    if uitleg and meting.mist:
        with teller.tel(timen=True):
            client.get(url, params=route.query)
        if teller.tijden:
            duur, sql = max(teller.tijden)
            totaal = sum(d for d, _ in teller.tijden) * 1000
            meting.traagste_query = (
                f"SQL samen {totaal:.1f} ms in {len(teller.tijden)} statements; "
                f"traagste {duur * 1000:.1f} ms: {' '.join(sql.split())[:240]}"
            )
    return meting


def _niet_zichtbaar(antwoord) -> str:  # noqa: ANN001
    """Why this persona's answer is not a page to measure, or "" when it is."""
    status = antwoord.status_code
    if status in (401, 403, 404, 405):
        return f"{status}: niet voor deze persona"
    if 300 <= status < 400 and "/inloggen" in antwoord.headers.get("location", ""):
        return f"{status}: naar de inlogpagina"
    return ""


# --- First byte of a streamed download ----------------------------------------------------------

STROMEN = re.compile(r"\.(csv|xlsx)$|/dossier$")
# The first byte of a download: a cohort export at once, the dossier ZIP after its manifest.
EERSTE_BYTE_GRENS_MS = {"csv": 100.0, "xlsx": 100.0, "dossier": 300.0}


@dataclass
class EersteByte:
    persona: str
    route: Route
    status: int = 0
    eerste_ms: list[float] = field(default_factory=list)
    totaal_ms: list[float] = field(default_factory=list)

    @property
    def grens_ms(self) -> float:
        return EERSTE_BYTE_GRENS_MS[self.route.pad.rsplit(".", 1)[-1] if "." in self.route.pad else "dossier"]

    @property
    def mist(self) -> bool:
        return statistics.median(self.eerste_ms) > self.grens_ms


async def _eerste_byte(app, pad: str, cookie: str | None) -> tuple[int, float, float]:  # noqa: ANN001
    """(status, ms to the first body byte, ms to the last) of one GET, by calling the ASGI app itself: the
    TestClient would hand over the response only once it is complete."""
    from app.toegang import sessies

    kop = [(b"host", b"testserver")]
    if cookie:
        kop.append((b"cookie", f"{sessies.COOKIE}={cookie}".encode()))
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": pad, "raw_path": pad.encode(), "query_string": b"", "root_path": "", "headers": kop,
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80), "state": {},
    }  # fmt: skip
    import anyio

    begin = time.perf_counter()
    eerste: float | None = None
    status = 0
    verzonden = False
    klaar = anyio.Event()

    async def ontvang() -> dict:
        # The request once; after that the client stays until the whole answer is in, as a browser does.
        nonlocal verzonden
        if not verzonden:
            verzonden = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await klaar.wait()
        return {"type": "http.disconnect"}

    async def verstuur(bericht: dict) -> None:
        nonlocal eerste, status
        if bericht["type"] == "http.response.start":
            status = bericht["status"]
        elif bericht["type"] == "http.response.body":
            if bericht.get("body") and eerste is None:
                eerste = time.perf_counter()
            if not bericht.get("more_body", False):
                klaar.set()

    await app(scope, ontvang, verstuur)
    einde = time.perf_counter()
    return status, ((eerste or einde) - begin) * 1000, (einde - begin) * 1000


def meet_eerste_bytes(app, sessionmaker, routes: list[Route], herhalingen: int = 5) -> list[EersteByte]:  # noqa: ANN001
    """The downloads (CSV, XLSX, the dossier ZIP) per persona that may take them: time to the first byte."""
    import anyio

    uitkomst = []
    for persona in maak_personas(sessionmaker):
        for route in (r for r in routes if STROMEN.search(r.pad) and not r.query):
            if (pad := vul_pad(route, persona)) is None:
                continue
            meting = EersteByte(persona.naam, route)
            for _ in range(herhalingen + 1):  # the first one warms up
                meting.status, eerste, totaal = anyio.run(_eerste_byte, app, pad, persona.cookie)
                if meting.status != 200:
                    break
                meting.eerste_ms.append(eerste)
                meting.totaal_ms.append(totaal)
            if meting.status == 200:
                meting.eerste_ms, meting.totaal_ms = meting.eerste_ms[1:], meting.totaal_ms[1:]
                uitkomst.append(meting)
    return uitkomst


def rapport_eerste_bytes(metingen: list[EersteByte], uit: Callable[[str], None] = print) -> None:
    uit("")
    uit(f"{'persona':<18} {'download':<60} {'eerste byte ms':>15} {'grens':>6} {'klaar ms':>9}")
    for m in metingen:
        uit(
            f"{m.persona:<18} {m.route.label:<60} {statistics.median(m.eerste_ms):>15.1f} {m.grens_ms:>6.0f} "
            f"{statistics.median(m.totaal_ms):>9.1f}  {'MIST' if m.mist else ''}"
        )
    missers = [m for m in metingen if m.mist]
    uit(f"{len(metingen)} downloads; {len(missers)} met de eerste byte boven de grens")


# --- Report ------------------------------------------------------------------------------------


def _regel(m: Meting) -> str:
    vlag = "MIST" if m.mist else "download" if m.download else ""
    return f"{m.persona:<18} {m.route.label:<72} {m.status:>6} {m.mediaan:>9.1f} {m.p95:>8.1f} {m.queries:>8}  {vlag}"


def rapport(uitslag: Uitslag, uit: Callable[[str], None] = print) -> None:
    uit(f"{'persona':<18} {'route':<72} {'status':>6} {'median ms':>9} {'p95 ms':>8} {'queries':>8}")
    for meting in uitslag.metingen:
        uit(_regel(meting))
    missers = [m for m in uitslag.metingen if m.mist]
    uit("")
    uit(
        f"{len(uitslag.metingen)} metingen over {len(uitslag.routes)} routes; "
        f"{len(missers)} boven de grens (mediaan {MEDIAAN_GRENS_MS:g} ms / p95 {P95_GRENS_MS:g} ms of een 5xx; "
        "een download telt met zijn eerste byte, zie onder):"
    )
    for m in sorted(missers, key=lambda m: -m.mediaan):
        redenen = []
        if m.status >= 500:
            redenen.append(f"status {m.status}")
        if m.mediaan > MEDIAAN_GRENS_MS:
            redenen.append(f"mediaan {m.mediaan:.0f} ms (+{m.mediaan - MEDIAAN_GRENS_MS:.0f})")
        if m.p95 > P95_GRENS_MS:
            redenen.append(f"p95 {m.p95:.0f} ms (+{m.p95 - P95_GRENS_MS:.0f})")
        uit(f"  {m.persona} {m.route.label}: {', '.join(redenen)}, {m.queries} queries")
        if m.traagste_query:
            uit(f"      {m.traagste_query}")
    gemeten = {m.route.label for m in uitslag.metingen if m.status < 400}
    nooit = [r.label for r in uitslag.routes if r.label not in gemeten]
    if nooit:
        uit(f"Routes zonder geslaagd antwoord voor welke persona dan ook: {', '.join(nooit)}")
    per_reden: dict[str, int] = {}
    for _, _, reden in uitslag.overgeslagen:
        per_reden[reden] = per_reden.get(reden, 0) + 1
    if per_reden:
        uit("Niet gemeten (persona mag de route niet zien): " + ", ".join(f"{n}× {r}" for r, n in per_reden.items()))


def _belasting() -> str:
    return " / ".join(f"{waarde:.2f}" for waarde in os.getloadavg()) + f" op {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Meet elke pagina en lijst-API per persona (benchmark, geen test).")
    parser.add_argument("--database-url", default=os.environ.get("PORTFOLIO_DATABASE_URL"))
    parser.add_argument("--opslag", type=Path, default=None, help="map met de bestanden (PORTFOLIO_STORAGE_DIR)")
    parser.add_argument("--herhalingen", type=int, default=20)
    parser.add_argument("--uitleg", action="store_true", help="noem bij elke overschrijding de traagste query")
    parser.add_argument("--alleen", default=None, help="reguliere expressie: meet alleen routes waarin die voorkomt")
    parser.add_argument("--persona", action="append", choices=PERSONAS, help="meet alleen deze persona (herhaalbaar)")
    args = parser.parse_args(argv)
    if args.database_url:
        os.environ["PORTFOLIO_DATABASE_URL"] = args.database_url
    if args.opslag:
        os.environ["PORTFOLIO_STORAGE_DIR"] = str(args.opslag)
    # One JSON log line per request would drown the table.
    os.environ.setdefault("PORTFOLIO_LOG_LEVEL", "WARNING")
    # No worker runs beside the benchmark: the dossier export renders its summary PDF itself at once
    # instead of waiting for one (its first byte, which is what is measured, comes before the PDF anyway).
    os.environ.setdefault("PORTFOLIO_DOSSIER_PDF_WACHT_SECONDEN", "0")

    from app.db import get_engine
    from app.main import create_app

    app = create_app()
    engine = get_engine()
    print(f"Database: {engine.url.render_as_string(hide_password=True)}; {args.herhalingen} herhalingen per route")
    # Other work on the machine inflates every number; the load says how much to trust them.
    print("Belasting van de machine (load average 1/5/15 min) bij de start: " + _belasting())
    uitslag = meet(
        app,
        app.state.sessionmaker,
        engine,
        herhalingen=args.herhalingen,
        uitleg=args.uitleg,
        voortgang=lambda regel: print(regel, file=sys.stderr, flush=True),
        alleen=args.alleen,
        personas_filter=args.persona,
    )
    rapport(uitslag)
    rapport_eerste_bytes(meet_eerste_bytes(app, app.state.sessionmaker, uitslag.routes))
    print("Belasting aan het eind: " + _belasting())
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
