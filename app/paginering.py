"""Paging for every list, page or API: ?pagina=N&perPagina=M, one count query, Link and X-Total-Count.

`per_pagina` is the older spelling of `perPagina` (the API's query keys are lowerCamelCase, NL API
Design Rules): it keeps working everywhere, and only `perPagina` is in the OpenAPI document.

A list costs exactly two queries for its rows whatever its size (the count and
the page); what the rows need besides is loaded by the caller in fixed queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Query, Request, Response
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.errors import DomainError, OngeldigeInvoer
from app.templating import templates

STANDAARD_PER_PAGINA = 100
MAX_PER_PAGINA = 250
# Beyond this the offset scan costs more than anyone would page by hand; search instead.
MAX_PAGINA = 100_000
MAX_ZOEKTERM = 100

T = TypeVar("T")


@dataclass(frozen=True)
class Paginering:
    pagina: int = 1
    per_pagina: int = STANDAARD_PER_PAGINA

    @property
    def offset(self) -> int:
        return (self.pagina - 1) * self.per_pagina


def _geheel_getal(waarde: str | None, veld: str, standaard: int, maximum: int) -> int:
    if waarde is None or not waarde.strip():
        return standaard
    tekst = waarde.strip()
    if not tekst.isascii() or not tekst.isdigit() or int(tekst) < 1:
        raise OngeldigeInvoer(
            f"{veld} moet een geheel getal vanaf 1 zijn, niet '{tekst[:20]}'.",
            errors=[{"veld": veld, "melding": f"{veld} moet een geheel getal vanaf 1 zijn."}],
        )
    if len(tekst) > 9 or int(tekst) > maximum:
        raise OngeldigeInvoer(
            f"{veld} is hoogstens {maximum}.", errors=[{"veld": veld, "melding": f"{veld} is hoogstens {maximum}."}]
        )
    return int(tekst)


def lees_paginering(
    pagina: str | None = None, per_pagina: str | None = None, *, veld: str = "per_pagina"
) -> Paginering:
    """Parse the two parameters; anything but a whole number in range is a Dutch 422, never a 500.

    `veld` is the name the caller used for the number per page, so that the message names it."""
    return Paginering(
        pagina=_geheel_getal(pagina, "pagina", 1, MAX_PAGINA),
        per_pagina=_geheel_getal(per_pagina, veld, STANDAARD_PER_PAGINA, MAX_PER_PAGINA),
    )


class TweeWaarden(DomainError):
    """perPagina and its older spelling per_pagina, with different numbers: which one was meant?"""

    status_code = 400


def per_pagina_uit(nieuw: str | None, oud: str | None) -> tuple[str | None, str]:
    """The number per page and the name it came under: `perPagina`, else the older `per_pagina`."""
    nieuw, oud = (w if w and w.strip() else None for w in (nieuw, oud))  # empty is not given
    if nieuw is not None and oud is not None and nieuw.strip() != oud.strip():
        raise TweeWaarden(
            "Geef perPagina of per_pagina, niet allebei met een andere waarde.",
            errors=[{"veld": "perPagina", "melding": "Geef perPagina of per_pagina, niet allebei."}],
        )
    return (nieuw, "perPagina") if nieuw is not None else (oud, "per_pagina")


_PER_PAGINA_UITLEG = (
    f"aantal per pagina, standaard {STANDAARD_PER_PAGINA}, hoogstens {MAX_PER_PAGINA}. "
    "Verouderd maar nog geldig: dezelfde parameter onder de oude naam `per_pagina`."
)
# The older names of query keys, for the OpenAPI document (app.ops.openapi marks them deprecated there).
VEROUDERDE_NAMEN = {"perPagina": ["per_pagina"]}


def _paginering_dependency(
    pagina: Annotated[str | None, Query(description="paginanummer, vanaf 1")] = None,
    per_pagina_nieuw: Annotated[str | None, Query(alias="perPagina", description=_PER_PAGINA_UITLEG)] = None,
    per_pagina: Annotated[str | None, Query(include_in_schema=False)] = None,
) -> Paginering:
    waarde, veld = per_pagina_uit(per_pagina_nieuw, per_pagina)
    return lees_paginering(pagina, waarde, veld=veld)


PagineringDep = Annotated[Paginering, Depends(_paginering_dependency)]


def paginering_met(standaard: int):  # noqa: ANN201
    """Dependency: the shared paging parameters, with a page's own number of rows by default."""

    def lees(
        pagina: str | None = None,
        per_pagina_nieuw: Annotated[str | None, Query(alias="perPagina")] = None,
        per_pagina: str | None = None,
    ) -> Paginering:
        waarde, veld = per_pagina_uit(per_pagina_nieuw, per_pagina)
        gelezen = lees_paginering(pagina, waarde, veld=veld)
        return gelezen if waarde else Paginering(gelezen.pagina, standaard)

    return Depends(lees)


def zoekterm(waarde: str | None) -> str:
    """A search term as typed: trimmed, capped, without characters a database cannot hold."""
    return (waarde or "").replace("\x00", "").strip()[:MAX_ZOEKTERM]


@dataclass
class Pagina(Generic[T]):
    items: list[T]
    totaal: int
    paginering: Paginering

    @property
    def pagina(self) -> int:
        return self.paginering.pagina

    @property
    def per_pagina(self) -> int:
        return self.paginering.per_pagina

    @property
    def aantal_paginas(self) -> int:
        return max(1, -(-self.totaal // self.per_pagina))

    @property
    def vorige(self) -> int | None:
        return self.pagina - 1 if self.pagina > 1 else None

    @property
    def volgende(self) -> int | None:
        return self.pagina + 1 if self.pagina < self.aantal_paginas else None

    @property
    def van(self) -> int:
        """Position of the first row shown (1-based); 0 when the page is empty."""
        return self.paginering.offset + 1 if self.items else 0

    @property
    def tot(self) -> int:
        return self.paginering.offset + len(self.items)

    def met(self, items: Sequence) -> Pagina:
        """The same page with other rows (e.g. ids turned into display rows)."""
        return Pagina(list(items), self.totaal, self.paginering)


def tel(session: Session, stmt: Select) -> int:
    """How many rows the statement yields, in one query (ordering and loader options do not matter)."""
    kern = stmt.order_by(None).limit(None).offset(None)
    return session.scalar(select(func.count()).select_from(kern.subquery())) or 0


def pagineer(session: Session, stmt: Select, paginering: Paginering, *, scalars: bool = True) -> Pagina:
    """Count and fetch one page of an ordered statement: two queries (plus its own loader options)."""
    totaal = tel(session, stmt)
    page_stmt = stmt.limit(paginering.per_pagina).offset(paginering.offset)
    items = list(session.scalars(page_stmt)) if scalars else list(session.execute(page_stmt))
    return Pagina(items, totaal, paginering)


# HTTP: links to other pages keep every other query parameter (search, filters).


def pagina_url(request: Request, nummer: int, *, absoluut: bool = False) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "pagina"]
    if nummer > 1:
        params.append(("pagina", str(nummer)))
    pad = str(request.base_url).rstrip("/") + request.url.path if absoluut else request.url.path
    return f"{pad}?{urlencode(params)}" if params else pad


# For the OpenAPI description of a paged API route: responses=PAGINA_ANTWOORD.
PAGINA_ANTWOORD: dict = {
    200: {
        "description": "Eén pagina van de lijst",
        "headers": {
            "X-Total-Count": {"description": "aantal rijen in de hele lijst", "schema": {"type": "integer"}},
            "Link": {
                "description": 'RFC 8288: de andere pagina\'s (rel="first", "prev", "next", "last")',
                "schema": {"type": "string"},
            },
        },
    }
}


def zet_headers(request: Request, response: Response, pagina: Pagina) -> None:
    """X-Total-Count and an RFC 8288 Link header (first, prev, next, last) for the API."""
    response.headers["X-Total-Count"] = str(pagina.totaal)
    links = [("first", 1)]
    if pagina.vorige is not None:
        links.append(("prev", min(pagina.vorige, pagina.aantal_paginas)))
    if pagina.volgende is not None:
        links.append(("next", pagina.volgende))
    links.append(("last", pagina.aantal_paginas))
    response.headers["Link"] = ", ".join(f'<{pagina_url(request, n, absoluut=True)}>; rel="{rel}"' for rel, n in links)


# The pager partial (templates/partials/_paginering.html) builds its links with this.
templates.env.globals["pagina_url"] = pagina_url
