"""`portfolio demo`: people in every role and students at different stages, loaded once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts import wachtwoorden
from app.besluit import service as besluit_service
from app.dashboard import service as dashboard_service
from app.demo import (
    BEGELEIDERS,
    EXAMENCOMMISSIE,
    STUDENTEN,
    TWEEDE_STUDENT,
    WACHTWOORD,
    DemoGeweigerd,
    maak_demo,
)
from app.models import Gebruiker, InschrijvingStatus
from app.opslag import LocalStorage
from app.paginering import Paginering
from app.portfolio import overzicht
from app.toegang import policy
from app.voortgang.beoordelingen import zichtbare_beoordelingen
from app.voortgang.repository import actuele_inschrijving


@pytest.fixture
def storage(tmp_path):  # noqa: ANN001, ANN201
    return LocalStorage(tmp_path / "bestanden")


def _persoon(db, email: str) -> Gebruiker:  # noqa: ANN001
    return db.scalar(select(Gebruiker).where(Gebruiker.email == email))


def test_demo_has_every_role_and_a_known_password(db, storage) -> None:  # noqa: ANN001
    accounts = maak_demo(db, storage, omgeving="development")
    assert {r for a in accounts for r in a.rollen} == {"beheerder", "praktijkbegeleider", "examencommissie", "student"}
    for account in accounts:
        persoon = _persoon(db, account.email)
        assert persoon.rollen == set(account.rollen)
        assert wachtwoorden.controleer(WACHTWOORD, persoon.wachtwoord_hash)[0]


def test_demo_students_are_at_different_stages(db, storage) -> None:  # noqa: ANN001
    maak_demo(db, storage, omgeving="development")
    statussen = {}
    for account in STUDENTEN:
        student = _persoon(db, account.email)
        regels = overzicht.portfolio(db, student, student.id).regels.values()
        statussen[account.stadium] = sorted(r.status.value for r in regels)
    assert set(statussen["net begonnen"]) == {"niet_gestart"}
    assert statussen["halverwege"].count("ter_beoordeling") == 3
    assert statussen["halverwege"].count("in_concept") == 1
    assert set(statussen["alles ingediend"]) == {"ter_beoordeling"}
    assert statussen["deels beoordeeld"].count("aangetoond") == 1
    assert statussen["deels beoordeeld"].count("niet_aangetoond") == 1
    assert statussen["deels beoordeeld"].count("ter_beoordeling") == 1
    assert statussen["beoordeeld en gecorrigeerd"].count("aangetoond") == 5
    assert statussen["beoordeeld en gecorrigeerd"].count("gedeeltelijk_aangetoond") == 1
    assert statussen["beoordeeld en gecorrigeerd"].count("in_concept") == 1
    for stadium in ("diplomabaar", "diploma vastgesteld", "diploma ingetrokken"):
        assert set(statussen[stadium]) == {"aangetoond"}, stadium


def test_demo_has_the_diploma_stages(db, storage) -> None:  # noqa: ANN001
    maak_demo(db, storage, omgeving="development")
    per_stadium = {a.stadium: _persoon(db, a.email) for a in STUDENTEN}
    lid = _persoon(db, EXAMENCOMMISSIE.email)

    werkruimte = besluit_service.werkruimte(db, lid, "", "diplomabaar", Paginering())
    # Thijs holds a diploma; Eva's was revoked: her enrolment is active, but the revocation stands in the way
    # until her dossier is reopened, so she is one point short.
    assert [k.naam for k in werkruimte.pagina.items] == ["Yara Bakker"]
    alle = besluit_service.werkruimte(db, lid, "", "alle", Paginering())
    assert "Eva Kok" in [k.naam for k in alle.pagina.items]

    vastgesteld = besluit_service.besluiten(db, lid, per_stadium["diploma vastgesteld"].id)
    assert [(b.besluit.value, b.intrekking) for b in vastgesteld] == [("vastgesteld", None)]
    assert besluit_service.verificatie(db, vastgesteld[0].diplomanummer).geldig

    ingetrokken = besluit_service.besluiten(db, lid, per_stadium["diploma ingetrokken"].id)
    assert ingetrokken[0].intrekking is not None
    verificatie = besluit_service.verificatie(db, ingetrokken[0].diplomanummer)
    assert not verificatie.geldig and verificatie.reden
    # The member who decided judged none of them.
    for stadium in ("diplomabaar", "diploma vastgesteld", "diploma ingetrokken"):
        assert not policy.heeft_beoordeeld(db, lid.id, per_stadium[stadium].id)


def test_demo_diploma_students_are_what_the_readme_table_says(db, storage) -> None:  # noqa: ANN001
    maak_demo(db, storage, omgeving="development")
    per_stadium = {a.stadium: _persoon(db, a.email) for a in STUDENTEN}
    dashboards = {stadium: dashboard_service.dashboard(db, per_stadium[stadium]) for stadium in per_stadium}

    # Yara: every leeruitkomst aangetoond, RTGP, IBT and PV valid, diplomabaar, no decision yet.
    yara = dashboards["diplomabaar"]
    assert yara.regels.diplomabaarheid.diplomabaar
    assert [(b.code, b.stand.voldaan) for b in yara.regels.vereisten] == [("RTGP", True), ("IBT", True), ("PV", True)]
    assert yara.diplomas == []
    assert actuele_inschrijving(db, per_stadium["diplomabaar"].id).status is InschrijvingStatus.actief

    # Thijs: a diploma vastgesteld by Erik van Dam, with its number, valid; his enrolment gediplomeerd.
    thijs = dashboards["diploma vastgesteld"]
    assert [(b.diplomanummer.startswith("WA6-"), b.intrekking) for b in thijs.diplomas] == [(True, None)]
    besluit = besluit_service.besluiten(db, per_stadium["diploma vastgesteld"], per_stadium["diploma vastgesteld"].id)
    assert besluit[0].beslist_door.naam == EXAMENCOMMISSIE.naam
    assert actuele_inschrijving(db, per_stadium["diploma vastgesteld"].id).status is InschrijvingStatus.gediplomeerd
    diploma = besluit_service.diploma(db, per_stadium["diploma vastgesteld"], thijs.diplomas[0].diplomanummer)
    assert diploma.naam == "Thijs Mulder" and not diploma.ingetrokken

    # Eva: vastgesteld, then revoked with a reason: an active enrolment, not diplomabaar until reopened.
    eva = dashboards["diploma ingetrokken"]
    assert len(eva.diplomas) == 1 and eva.diplomas[0].intrekking.reden
    assert [r.soort for r in eva.regels.diplomabaarheid.redenen] == ["intrekking"]
    assert actuele_inschrijving(db, per_stadium["diploma ingetrokken"].id).status is InschrijvingStatus.actief

    # Nobody else has a decision, and nobody before Yara is diplomabaar.
    for stadium in ("net begonnen", "halverwege", "alles ingediend", "deels beoordeeld", "beoordeeld en gecorrigeerd"):
        assert dashboards[stadium].diplomas == [], stadium
        assert not dashboards[stadium].regels.diplomabaarheid.diplomabaar, stadium


def test_demo_has_a_correction_with_a_reason_and_a_reply(db, storage) -> None:  # noqa: ANN001
    maak_demo(db, storage, omgeving="development")
    lotte = _persoon(db, STUDENTEN[4].email)
    beoordelingen = zichtbare_beoordelingen(db, lotte, lotte.id)
    correcties = [b for b in beoordelingen if b.vervangt_id is not None]
    assert [b.reden for b in correcties] == ["Aanvullend gesprek over de reflectie gevoerd."]
    assert [r.tekst for b in beoordelingen for r in b.reacties] == ["Ik voeg de evaluatie van de buurtavond toe."]


def test_each_demo_student_has_a_praktijkbegeleider_who_sees_them(db, storage) -> None:  # noqa: ANN001
    maak_demo(db, storage, omgeving="development")
    pieter = _persoon(db, BEGELEIDERS[0].email)
    zichtbaar = {s.naam for s in db.scalars(select(Gebruiker).where(policy.zichtbare_studenten(pieter)))}
    assert zichtbaar == {"Sanne de Vries", "Noor Visser", "Lotte Smit", "Sem Peters"}


def test_a_second_kwalificatie_comes_from_a_data_file_with_its_own_cohort_and_student(db, storage) -> None:  # noqa: ANN001
    maak_demo(db, storage, omgeving="development")
    sem = _persoon(db, TWEEDE_STUDENT.email)
    regels = overzicht.portfolio(db, sem, sem.id).regels
    assert len(regels) == 4
    assert {r.status.value for r in regels.values()} == {"niet_gestart"}


def test_demo_runs_once(db, storage) -> None:  # noqa: ANN001
    assert maak_demo(db, storage, omgeving="development")
    assert maak_demo(db, storage, omgeving="development") == []


def test_demo_is_refused_in_production(db, storage) -> None:  # noqa: ANN001
    with pytest.raises(DemoGeweigerd, match="productie"):
        maak_demo(db, storage, omgeving="production")
    assert _persoon(db, STUDENTEN[0].email) is None
