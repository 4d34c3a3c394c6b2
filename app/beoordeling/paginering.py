"""Paging for this package's lists (API.md): ?pagina=N&per_pagina=M, X-Total-Count and an RFC 8288 Link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query, Request, Response

STANDAARD = 100
HOOGSTENS = 250


@dataclass(frozen=True)
class Pagina:
    pagina: int
    per_pagina: int

    @property
    def offset(self) -> int:
        return (self.pagina - 1) * self.per_pagina

    def aantal_paginas(self, totaal: int) -> int:
        return max(1, -(-totaal // self.per_pagina))

    def zet_headers(self, request: Request, response: Response, totaal: int) -> None:
        response.headers["X-Total-Count"] = str(totaal)
        links = []
        if self.pagina < self.aantal_paginas(totaal):
            links.append(f'<{self.url(request, self.pagina + 1)}>; rel="next"')
        if self.pagina > 1:
            links.append(f'<{self.url(request, self.pagina - 1)}>; rel="prev"')
        if links:
            response.headers["Link"] = ", ".join(links)

    def url(self, request: Request, pagina: int) -> str:
        query = {k: v for k, v in request.query_params.items() if k != "pagina"}
        return f"{request.url.path}?{urlencode({**query, 'pagina': pagina})}"


def pagina_param(
    pagina: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_pagina: Annotated[int, Query(ge=1, le=HOOGSTENS)] = STANDAARD,
) -> Pagina:
    return Pagina(pagina, per_pagina)
