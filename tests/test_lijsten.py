"""Every list, page or API, pages: the same number of queries for 5 and for 600 rows, and a full page of at
most per_pagina rows. 600 bewijsstukken with three versions each hold more versions than one selectin batch."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app import tijd
from app.models import (
    Beoordeling,
    BeoordelingBewijs,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukVersie,
    Gebruiker,
    Melding,
    MeldingSoort,
    Oordeel,
    Rol,
    VersieStatus,
)
from app.voortgang import stand
from tests import factories


@dataclass
class Lijst:
    pad: str
    kijker: str  # persona fixture that looks at the list
    maak: Callable[[Session, dict, int], None]  # adds n rows to the list
    rij: str | None  # regex counting rows in the HTML; None for a JSON list
    htmx: bool = False  # the live search asks for the list alone
    standaard: int = 100  # rows on a full page when per_pagina is not given

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


def _inzendingen(db: Session, ctx: dict, n: int) -> None:
    """n bewijsstukken of the student, one version each, submitted: the inbox of their praktijkbegeleider."""
    factories.create_veel_bewijsstukken(db, ctx["student"], n, versies=1)
    nieuw = select(Bewijsstuk.id).where(Bewijsstuk.student_id == ctx["student"].id)
    db.execute(
        update(BewijsstukVersie)
        .where(BewijsstukVersie.bewijsstuk_id.in_(nieuw), BewijsstukVersie.status == VersieStatus.concept)
        .values(status=VersieStatus.ingediend, ingediend_op=tijd.nu())
    )
    # A bulk update: the hook that keeps the stored progress sees only the ORM.
    stand.bijwerken(db, [ctx["student"].id])


def _beoordelingen(db: Session, ctx: dict, n: int) -> None:
    """n judgements of the student by their praktijkbegeleider, each on a version of its own."""
    student = ctx["student"]
    beoordelaar = ctx.setdefault("beoordelaar", factories.create_gebruiker(db, Rol.praktijkbegeleider, wachtwoord=None))
    al = set(db.scalars(select(BeoordelingBewijs.versie_id)))
    factories.create_veel_bewijsstukken(db, student, n, versies=1)
    versies = db.execute(
        select(BewijsstukVersie.id, BewijsstukKoppeling.leeruitkomst_id)
        .join(BewijsstukKoppeling, BewijsstukKoppeling.versie_id == BewijsstukVersie.id)
        .join(Bewijsstuk, Bewijsstuk.id == BewijsstukVersie.bewijsstuk_id)
        .where(Bewijsstuk.student_id == student.id)
    ).all()
    versies = [(v, lu) for v, lu in versies if v not in al][:n]
    ids = factories._ids(
        db,
        Beoordeling,
        [
            {
                "student_id": student.id,
                "leeruitkomst_id": lu,
                "beoordelaar_id": beoordelaar.id,
                "tijd": tijd.nu(),
                "oordeel": Oordeel.gedeeltelijk_aangetoond,
                "feedback": "Beschrijf wat je deed.",
            }
            for _, lu in versies
        ],
    )
    db.execute(
        insert(BeoordelingBewijs),
        [{"beoordeling_id": b, "versie_id": v} for b, (v, _) in zip(ids, versies, strict=True)],
    )
    stand.bijwerken(db, [student.id])  # bulk inserts: the hook that keeps the stored progress sees only the ORM


def _meldingen(db: Session, ctx: dict, n: int) -> None:
    rijen = [
        {"ontvanger_id": ctx["student"].id, "soort": MeldingSoort.nieuwe_feedback, "tekst": f"Feedback {i}",
         "link": "/portfolio", "gelezen": i % 2 == 0, "tijd": tijd.nu()}
        for i in range(n)
    ]  # fmt: skip
    db.execute(insert(Melding), rijen)


def _diplomabaar(db: Session, ctx: dict, n: int) -> None:
    from tests.besluit.conftest import maak_veel_diplomabaar

    beoordelaar = ctx.setdefault("beoordelaar", factories.create_gebruiker(db, Rol.praktijkbegeleider, wachtwoord=None))
    beheerder = ctx.setdefault("beheerder", factories.create_gebruiker(db, Rol.beheerder, wachtwoord=None))
    ids = factories.create_veel_studenten(db, n, cohort=ctx.setdefault("cohort", factories.create_cohort(db)))
    maak_veel_diplomabaar(db, ids, beoordelaar, beheerder)


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
    "te-beoordelen": Lijst("/te-beoordelen", "praktijkbegeleider", _inzendingen, r'class="inbox-item"', standaard=25),
    "api-beoordelingen": Lijst("/api/v1/studenten/{student}/beoordelingen", "student", _beoordelingen, None),
    "api-beoordelingen-begeleider": Lijst(
        "/api/v1/studenten/{student}/beoordelingen", "praktijkbegeleider", _beoordelingen, None
    ),
    "meldingen": Lijst("/meldingen", "student", _meldingen, r'<li class="(?:ongelezen)?">', standaard=50),
    "api-meldingen": Lijst("/api/v1/meldingen", "student", _meldingen, None),
    "beheer-beroepsvereisten": Lijst(
        "/beheer/beroepsvereisten", "beheerder", _studenten, r'href="/beheer/studenten/\d+/beroepsvereisten"'
    ),
    "examencommissie": Lijst(
        "/examencommissie?cohort={cohort}", "examencommissielid", _diplomabaar, r'href="/examencommissie/studenten/\d+"'
    ),
    "cohortoverzicht-kiezen": Lijst("/cohorten/voortgang", "examencommissielid", _cohorten, r">Voortgang [^<]+</a>"),
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
    assert lijst.rijen(response) == (per_pagina or lijst.standaard)
    assert count_queries.count == bij_5, "\n".join(count_queries.statements)
    if lijst.rij is None:
        assert int(response.headers["X-Total-Count"]) >= 600
    if lijst.htmx:
        assert "<html" not in response.text
