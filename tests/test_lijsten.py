"""Every list, page or API, pages: the same number of queries for 5 and for 600 rows, and a full page of at
most per_pagina rows. 600 bewijsstukken with three versions each hold more versions than one selectin batch."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from app.models import Gebruiker, Rol
from tests import factories


@dataclass
class Lijst:
    pad: str
    kijker: str  # persona fixture that looks at the list
    maak: Callable[[Session, dict, int], None]  # adds n rows to the list
    rij: str | None  # regex counting rows in the HTML; None for a JSON list
    htmx: bool = False  # the live search asks for the list alone

    def rijen(self, response) -> int:  # noqa: ANN001
        if self.rij is None:
            return len(response.json())
        return len(re.findall(self.rij, response.text))


def _studenten(db: Session, ctx: dict, n: int) -> None:
    factories.create_veel_studenten(db, n, cohort=ctx.setdefault("cohort", factories.create_cohort(db)))


def _eigen_studenten(db: Session, ctx: dict, n: int) -> None:
    factories.create_veel_studenten(db, n, begeleider=ctx["praktijkbegeleider"])


def _begeleidingen(db: Session, ctx: dict, n: int) -> None:
    begeleider = ctx.setdefault("begeleider", factories.create_gebruiker(db, Rol.praktijkbegeleider, wachtwoord=None))
    factories.create_veel_studenten(db, n, begeleider=begeleider)


def _cohorten(db: Session, ctx: dict, n: int) -> None:
    factories.create_veel_cohorten(db, n)


def _bewijsstukken(db: Session, ctx: dict, n: int) -> None:
    factories.create_veel_bewijsstukken(db, ctx["student"], n)


LIJSTEN = {
    "beheer-gebruikers": Lijst("/beheer/gebruikers", "beheerder", _studenten, r'href="/beheer/gebruikers/\d+"'),
    "api-gebruikers": Lijst("/api/v1/gebruikers", "beheerder", _studenten, None),
    "studenten": Lijst("/studenten", "examencommissielid", _studenten, r'href="/studenten/\d+/portfolio"'),
    "studenten-begeleider": Lijst(
        "/studenten", "praktijkbegeleider", _eigen_studenten, r'href="/studenten/\d+/portfolio"'
    ),
    "api-studenten": Lijst("/api/v1/studenten", "examencommissielid", _studenten, None),
    "api-studenten-begeleider": Lijst("/api/v1/studenten", "praktijkbegeleider", _eigen_studenten, None),
    "api-studenten-cohort": Lijst("/api/v1/studenten?cohort={cohort}", "beheerder", _studenten, None),
    "beheer-inschrijvingen": Lijst("/beheer/inschrijvingen", "beheerder", _studenten, r'<tr id="inschrijving-'),
    "beheer-inschrijvingen-zoeken": Lijst(
        "/beheer/inschrijvingen?q=bulk", "beheerder", _studenten, r'<tr id="inschrijving-'
    ),
    "beheer-begeleidingen": Lijst("/beheer/begeleidingen", "beheerder", _begeleidingen, r'<tr id="begeleiding-'),
    "beheer-begeleidingen-zoeken": Lijst(
        "/beheer/begeleidingen?q=bulk", "beheerder", _begeleidingen, r'<tr id="begeleiding-'
    ),
    "beheer-gebruikers-live": Lijst(
        "/beheer/gebruikers?q=bulk", "beheerder", _studenten, r'href="/beheer/gebruikers/\d+"', htmx=True
    ),
    "studenten-live": Lijst(
        "/studenten?q=bulk", "beheerder", _studenten, r'href="/studenten/\d+/portfolio"', htmx=True
    ),
    "beheer-inschrijvingen-live": Lijst(
        "/beheer/inschrijvingen?q=bulk", "beheerder", _studenten, r'<tr id="inschrijving-', htmx=True
    ),
    "beheer-begeleidingen-live": Lijst(
        "/beheer/begeleidingen?q=bulk", "beheerder", _begeleidingen, r'<tr id="begeleiding-', htmx=True
    ),
    "beheer-cohorten": Lijst("/beheer/cohorten", "beheerder", _cohorten, r"<tr><td>"),
    "api-bewijsstukken": Lijst("/api/v1/studenten/{student}/bewijsstukken", "student", _bewijsstukken, None),
    "api-bewijsstukken-begeleider": Lijst(
        "/api/v1/studenten/{student}/bewijsstukken", "praktijkbegeleider", _bewijsstukken, None
    ),
}


@pytest.mark.parametrize("per_pagina", [None, 250], ids=["standaard", "250"])
@pytest.mark.parametrize("naam", list(LIJSTEN))
def test_een_lijst_kost_evenveel_queries_bij_5_en_600_rijen(
    request,
    client,
    db,
    als,
    count_queries,
    naam,
    per_pagina,  # noqa: ANN001
) -> None:
    lijst = LIJSTEN[naam]
    kijker: Gebruiker = request.getfixturevalue(lijst.kijker)
    ctx = {"student": request.getfixturevalue("student")}
    if lijst.kijker == "praktijkbegeleider":
        ctx["praktijkbegeleider"] = kijker
    lijst.maak(db, ctx, 5)
    als(kijker)
    pad = lijst.pad.format(student=ctx["student"].id, cohort=ctx.get("cohort").code if "cohort" in ctx else "")
    params = {"per_pagina": per_pagina} if per_pagina else {}
    headers = {"HX-Request": "true"} if lijst.htmx else {}

    with count_queries:
        response = client.get(pad, params=params, headers=headers)
    assert response.status_code == 200, response.text[:500]
    bij_5, rijen_bij_5 = count_queries.count, lijst.rijen(response)
    assert 5 <= rijen_bij_5 < 20

    lijst.maak(db, ctx, 595)
    with count_queries:
        response = client.get(pad, params=params, headers=headers)
    assert response.status_code == 200
    assert lijst.rijen(response) == (per_pagina or 100)
    assert count_queries.count == bij_5, "\n".join(count_queries.statements)
    if lijst.rij is None:
        assert int(response.headers["X-Total-Count"]) >= 600
    if lijst.htmx:
        assert "<html" not in response.text
