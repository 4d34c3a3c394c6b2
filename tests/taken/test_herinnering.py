"""The daily reminder: a beroepsvereiste result ending within 30 days gives one melding and one e-mail per person."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.beroepsvereisten import herinnering
from app.db import als_schrijver
from app.models import Gebruiker, Melding, MeldingSoort, Rol, TaakStatus
from app.taken.werker import Werker
from app.tijd import vandaag
from tests import factories
from tests.gelijktijdig import tegelijk
from tests.taken.conftest import Postvak, taken

pytestmark = pytest.mark.commits


@pytest.fixture
def mensen(engine: Engine) -> Iterator[dict[str, Gebruiker]]:
    """A committed student whose RTGP ends in 10 days and PV in 60, with a praktijkbegeleider and a former one."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        uniek = uuid.uuid4().hex[:8]
        student = factories.create_gebruiker(session, Rol.student, email=f"st-{uniek}@example.nl", naam="Sem Herinner")
        factories.create_inschrijving(session, student, factories.create_cohort(session, f"HER-{uniek}"))
        begeleider = factories.create_gebruiker(session, Rol.praktijkbegeleider, email=f"pb-{uniek}@example.nl")
        vorige = factories.create_gebruiker(session, Rol.praktijkbegeleider, email=f"oud-{uniek}@example.nl")
        factories.create_begeleiding(session, begeleider, student)
        factories.create_begeleiding(
            session, vorige, student, van=vandaag() - dt.timedelta(days=300), tot=vandaag() - dt.timedelta(days=31)
        )
        door = factories.create_gebruiker(session, Rol.beheerder, email=f"bh-{uniek}@example.nl")
        begin = vandaag() - dt.timedelta(days=200)
        factories.create_resultaat(session, student, "RTGP", door, datum=begin, geldig_tot=vandaag() + dt.timedelta(10))
        factories.create_resultaat(session, student, "PV", door, datum=begin, geldig_tot=vandaag() + dt.timedelta(60))
    personen = {"student": student, "begeleider": begeleider, "vorige": vorige, "door": door}
    yield personen
    with Session(engine) as session, session.begin():
        ids = [p.id for p in personen.values()]
        session.execute(delete(Melding).where(Melding.ontvanger_id.in_(ids)))
        session.execute(update(Gebruiker).where(Gebruiker.id.in_(ids)).values(actief=False))


def _zoek(maker: sessionmaker[Session]) -> None:
    with als_schrijver(maker()) as session, session.begin():
        herinnering.zoek_aflopende(session)


def _meldingen(maker: sessionmaker[Session], persoon: Gebruiker) -> list[Melding]:
    with maker() as session:
        return list(session.scalars(select(Melding).where(Melding.ontvanger_id == persoon.id)))


def test_een_aflopende_rtgp_geeft_student_en_begeleider_eenmaal_een_melding_en_een_mail(
    wachtrij: sessionmaker[Session], werker: Werker, postvak: Postvak, mensen: dict[str, Gebruiker]
) -> None:
    student, begeleider = mensen["student"], mensen["begeleider"]
    # Two workers scanning at the same moment (each server's daily job), and the next day's scan again.
    tegelijk(lambda: _zoek(wachtrij), lambda: _zoek(wachtrij))
    _zoek(wachtrij)
    assert len(taken(wachtrij, herinnering.HERINNER)) == 2  # the student and the current begeleider only

    werker.draai_tot_leeg()
    _zoek(wachtrij)
    werker.draai_tot_leeg()

    [voor_student] = _meldingen(wachtrij, student)
    assert voor_student.soort == MeldingSoort.beroepsvereiste_verloopt
    datum = (vandaag() + dt.timedelta(10)).strftime("%d-%m-%Y")
    assert voor_student.tekst == f"Je RTGP is geldig tot en met {datum}. Zorg op tijd voor een nieuw resultaat."
    assert voor_student.link == f"/studenten/{student.id}/beroepsvereisten"
    [voor_begeleider] = _meldingen(wachtrij, begeleider)
    assert voor_begeleider.tekst == f"De RTGP van Sem Herinner is geldig tot en met {datum}."
    assert _meldingen(wachtrij, mensen["vorige"]) == []

    [mail_student] = postvak.aan(student.email)
    assert mail_student["Subject"] == "Een beroepsvereiste verloopt binnenkort"
    assert len(postvak.aan(begeleider.email)) == 1
    assert postvak.aan(mensen["vorige"].email) == []
    assert {t.status for t in taken(wachtrij)} == {TaakStatus.klaar}
