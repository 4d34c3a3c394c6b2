"""The school generator and the page benchmark, run small on the test database.

The generator writes on the test's connection, so everything it adds is rolled back
with the test (its files go to a temporary folder).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, or_, select
from sqlalchemy.orm import Session

from app import tijd
from app.audit import service as audit
from app.config import get_settings
from app.models import (
    AuditRecord,
    Begeleiding,
    Beoordeling,
    BeoordelingBewijs,
    Bestand,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukVersie,
    Gebruiker,
    Melding,
    MeldingSoort,
    Oordeel,
    Reactie,
    VersieStatus,
)
from app.opslag import LocalStorage
from app.toegang.policy import begeleiding_loopt
from scripts import benchmark_pages, genereer_school

SCHAAL = genereer_school.Schaal(
    studenten=20, cohorten=2, begeleiders=2, bewijsstukken_per_student=4, audit_per_student=40,
    beoordelingen_per_student=6,
)  # fmt: skip


def _aantal(db: Session, model) -> int:  # noqa: ANN001
    return db.scalar(select(func.count()).select_from(model))


@pytest.fixture
def opslag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "bestanden"
    monkeypatch.setattr(get_settings(), "storage_dir", root)
    return root


@pytest.fixture
def school(connection: Connection, db: Session, opslag: Path) -> dict:
    voor = {m: _aantal(db, m) for m in (Gebruiker, Bewijsstuk, AuditRecord)}
    telling = genereer_school.vul(connection, opslag, SCHAAL, seed=7)
    return {"telling": telling, "voor": voor}


def test_de_school_heeft_de_gevraagde_omvang(db: Session, school: dict) -> None:
    voor, telling = school["voor"], school["telling"]

    assert _aantal(db, Gebruiker) - voor[Gebruiker] == 20 + 2 + 2  # students, begeleiders, examencommissie, beheerder
    # The examencommissie's few decisions come on top of the trail's requested size, each with its record.
    assert telling.tabellen["diplomabesluit"] == 3
    assert _aantal(db, AuditRecord) - voor[AuditRecord] == 20 * 40 + 3
    nieuw = _aantal(db, Bewijsstuk) - voor[Bewijsstuk]
    assert nieuw == telling.tabellen["bewijsstuk"]
    assert 20 * 2 <= nieuw <= 20 * 6
    statussen = set(db.scalars(select(BewijsstukVersie.status).distinct()))
    assert statussen == {VersieStatus.concept, VersieStatus.ingediend, VersieStatus.ingetrokken}
    assert db.scalar(select(func.max(BewijsstukVersie.versie))) >= 2


def test_elke_begeleider_begeleidt_vandaag_de_helft_van_de_studenten(db: Session, school: dict) -> None:
    vandaag = tijd.vandaag()
    lopend = db.execute(
        select(Begeleiding.praktijkbegeleider_id, func.count())
        .join(Gebruiker, Gebruiker.id == Begeleiding.praktijkbegeleider_id)
        .where(
            Gebruiker.email.like(f"begeleider%@{genereer_school.DOMEIN}"),
            Begeleiding.van <= vandaag,
            or_(Begeleiding.tot.is_(None), Begeleiding.tot >= vandaag),
        )
        .group_by(Begeleiding.praktijkbegeleider_id)
    ).all()

    assert sorted(aantal for _, aantal in lopend) == [10, 10]


def test_elke_bestandsrij_wijst_naar_een_bestand_met_die_inhoud(db: Session, school: dict, opslag: Path) -> None:
    storage = LocalStorage(opslag)
    rijen = db.scalars(select(Bestand).where(Bestand.opslag_sleutel.in_(list(o.key for o in storage.list())))).all()

    assert len(rijen) == school["telling"].tabellen["bestand"]
    for rij in rijen:
        with storage.open(rij.opslag_sleutel) as bestand:
            inhoud = bestand.read()
        assert (len(inhoud), hashlib.sha256(inhoud).hexdigest()) == (rij.grootte, rij.sha256), rij.naam


def test_beoordelingen_rusten_op_aangeboden_versies_van_hun_leeruitkomst(db: Session, school: dict) -> None:
    beoordelingen = db.scalars(select(Beoordeling).where(Beoordeling.id.in_(_ids(db, Beoordeling)))).all()
    bewijs = db.execute(
        select(BeoordelingBewijs.beoordeling_id, BewijsstukVersie, Bewijsstuk.student_id)
        .join(BewijsstukVersie, BewijsstukVersie.id == BeoordelingBewijs.versie_id)
        .join(Bewijsstuk, Bewijsstuk.id == BewijsstukVersie.bewijsstuk_id)
        .where(BeoordelingBewijs.beoordeling_id.in_([b.id for b in beoordelingen]))
    ).all()
    gekoppeld = set(db.execute(select(BewijsstukKoppeling.versie_id, BewijsstukKoppeling.leeruitkomst_id)).all())
    per_beoordeling = {b.id: b for b in beoordelingen}

    assert len(beoordelingen) == school["telling"].tabellen["beoordeling"] == 20 * 6
    assert {b.id for b in beoordelingen} == {rij.beoordeling_id for rij in bewijs}
    for beoordeling_id, versie, student_id in bewijs:
        b = per_beoordeling[beoordeling_id]
        assert versie.status == VersieStatus.ingediend and versie.ingediend_op <= b.tijd
        assert student_id == b.student_id and (versie.id, b.leeruitkomst_id) in gekoppeld
    for b in beoordelingen:
        # Judged by a praktijkbegeleider whose begeleiding covered that day.
        assert db.scalar(select(begeleiding_loopt(b.beoordelaar_id, b.student_id, b.tijd.date()))), b.id
        assert b.oordeel == Oordeel.aangetoond or b.feedback
    assert {b.oordeel for b in beoordelingen} == set(Oordeel)
    versies_van: dict[int, list[BewijsstukVersie]] = {}
    for beoordeling_id, versie, _ in bewijs:
        versies_van.setdefault(beoordeling_id, []).append(versie)
    vervangend = [b for b in beoordelingen if b.vervangt_id is not None]
    assert vervangend
    for b in vervangend:
        vervangen = per_beoordeling[b.vervangt_id]
        assert (vervangen.beoordelaar_id, vervangen.leeruitkomst_id) == (b.beoordelaar_id, b.leeruitkomst_id)
        assert vervangen.tijd < b.tijd
        # Newer evidence makes a re-judgement without a reason; the same evidence again a correction with one.
        nieuwer = any(v.ingediend_op > vervangen.tijd for v in versies_van[b.id])
        assert (b.correctie, bool(b.reden)) == (not nieuwer, not nieuwer), b.id
    assert _aantal(db, Reactie) > 0


def test_meldingen_en_een_inbox_met_werk(db: Session, school: dict) -> None:
    meldingen = db.scalars(select(Melding).where(Melding.id.in_(_ids(db, Melding)))).all()
    beoordeeld = select(BeoordelingBewijs.versie_id)
    wachtend = db.scalars(
        select(BewijsstukVersie.id).where(
            BewijsstukVersie.status == VersieStatus.ingediend, BewijsstukVersie.id.not_in(beoordeeld)
        )
    ).all()

    assert {m.soort for m in meldingen} == set(MeldingSoort)
    assert {m.gelezen for m in meldingen} == {True, False}
    assert wachtend
    assert {f"/te-beoordelen/{i}" for i in wachtend} >= {
        m.link for m in meldingen if m.soort == MeldingSoort.nieuwe_inzending
    }


def _ids(db: Session, model) -> list[int]:  # noqa: ANN001
    return list(db.scalars(select(model.id)))


def test_de_audittrail_klopt_en_de_beheerder_kan_inloggen(db: Session, school: dict) -> None:
    from app.accounts import wachtwoorden

    controle = audit.verifieer(db)
    beheerder = db.scalar(select(Gebruiker).where(Gebruiker.email == genereer_school.BEHEERDER_EMAIL))

    assert controle.ok, controle.reden
    assert controle.gecontroleerd == _aantal(db, AuditRecord)
    assert wachtwoorden.controleer(genereer_school.WACHTWOORD, beheerder.wachtwoord_hash)[0]


def test_een_gevulde_database_wordt_geweigerd(connection: Connection, school: dict, opslag: Path) -> None:
    with pytest.raises(genereer_school.DatabaseNietLeeg):
        genereer_school.vul(connection, opslag, SCHAAL)


def test_de_benchmark_meet_elke_route_zonder_serverfout(app, connection, db_sessionmaker, school: dict) -> None:  # noqa: ANN001
    uitslag = benchmark_pages.meet(app, db_sessionmaker, connection, herhalingen=1, opwarmen=False)

    labels = {r.label for r in uitslag.routes}
    assert {
        "/portfolio",
        "/te-beoordelen",
        "/te-beoordelen/{versie_id}",
        "/meldingen",
        "/beheer/audit",
        "/api/v1/studenten?pagina=2&per_pagina=25",
        "/cohorten/voortgang",
        "/cohorten/{cohortcode}/voortgang",
        "/cohorten/{cohortcode}/voortgang?pagina=2&per_pagina=25",
        "/api/v1/cohorten/{cohortcode}/voortgang",
        "/api/v1/cohorten/{cohortcode}/voortgang.csv",
        "/api/v1/cohorten/{cohortcode}/voortgang.xlsx",
        # The filters lists compute from progress are measured as routes of their own.
        "/studenten?diplomabaar=true",
        "/api/v1/studenten?diplomabaar=false",
        "/cohorten/{cohortcode}/voortgang?sorteer=meest",
        "/cohorten/{cohortcode}/voortgang?status=diplomabaar",
        "/te-beoordelen?sorteer=student",
        "/api/v1/te-beoordelen?sorteer=student",
    } <= labels
    assert not [m.route.label for m in uitslag.metingen if m.status >= 500]
    beantwoord = {m.route.label for m in uitslag.metingen if m.status < 300}
    # By design "/" only redirects to each persona's start page, and once a beheerder exists
    # the first-beheerder link is gone (410) for everyone; a judgement form's own URL only leads
    # back to its submission page (where a login after an expired session returns), and "Volgende inzending"
    # only redirects to the next waiting submission. At this small scale
    # nobody's evidence covers every leeruitkomst, so nobody is diplomabaar and the decisions are refusals
    # without a diplomanummer: verifying a diploma or fetching its PDF answers 404 there (with more evidence
    # they answer 200, see test_studenten_die_afronden_krijgen_een_diploma_en_een_wordt_ingetrokken).
    assert labels - beantwoord == {
        "/",
        "/eerste-beheerder/{token}",
        "/te-beoordelen/{versie_id}/leeruitkomsten/{code}",
        "/te-beoordelen/{versie_id}/volgende",
        "/diplomas/{diplomanummer}",
        "/api/v1/diplomas/{diplomanummer}/verificatie",
        "/api/v1/diplomas/{diplomanummer}/pdf",
        "/api/v1/diplomas/{diplomanummer}/openbadge.jwt",
        # No identity provider is configured here: the OpenID Connect sign-in answers 404.
        "/inloggen/oidc",
        "/inloggen/oidc/terug",
        # A version move's preview names the version to move to (422 without one); the school has one version.
        "/api/v1/inschrijvingen/{inschrijving_id}/versiewissel",
        "/api/v1/cohorten/{code}/versiewissel",
    }
    portfolio = next(m for m in uitslag.metingen if m.persona == "student" and m.route.label == "/portfolio")
    assert portfolio.queries > 0 and len(portfolio.tijden_ms) == 1

    regels: list[str] = []
    benchmark_pages.rapport(uitslag, regels.append)
    tabel = [r for r in regels if r.startswith("praktijkbegeleider ")]
    for label in ("/te-beoordelen", "/te-beoordelen/{versie_id}", "/meldingen"):
        assert any(r.split()[1] == label and r.split()[2] == "200" for r in tabel), label
    assert any(r.split()[1] == "/meldingen" and r.split()[2] == "200" for r in regels if r.startswith("student "))
    # The cohort overview and its exports are measured for the staff who may see them, with a real cohort.
    for persona in ("praktijkbegeleider", "examencommissie", "beheerder"):
        for label in ("/cohorten/{cohortcode}/voortgang", "/api/v1/cohorten/{cohortcode}/voortgang.xlsx"):
            assert any(r.split()[1] == label and r.split()[2] == "200" for r in regels if r.startswith(persona)), label
    assert f"{len(uitslag.metingen)} metingen over {len(uitslag.routes)} routes" in "\n".join(regels)


def test_de_benchmark_meet_de_eerste_byte_van_elke_download(app, db_sessionmaker, school: dict) -> None:  # noqa: ANN001
    routes = benchmark_pages.ontdek_routes(app)
    metingen = benchmark_pages.meet_eerste_bytes(app, db_sessionmaker, routes, herhalingen=1)

    gemeten = {(m.persona, m.route.label) for m in metingen}
    for persona in ("praktijkbegeleider", "examencommissie", "beheerder"):
        assert (persona, "/api/v1/cohorten/{cohortcode}/voortgang.csv") in gemeten
        assert (persona, "/api/v1/cohorten/{cohortcode}/voortgang.xlsx") in gemeten
    assert ("student", "/api/v1/studenten/{student_id}/dossier") in gemeten
    for meting in metingen:
        assert 0 < meting.eerste_ms[0] <= meting.totaal_ms[0]
    regels: list[str] = []
    benchmark_pages.rapport_eerste_bytes(metingen, regels.append)
    assert any("/api/v1/studenten/{student_id}/dossier" in r for r in regels)
    assert f"{len(metingen)} downloads; " in regels[-1]
    dossier = next(m for m in metingen if m.route.pad.endswith("/dossier"))
    assert (dossier.grens_ms, dossier.mist) == (300.0, dossier.eerste_ms[0] > 300.0)


def test_dezelfde_seed_geeft_dezelfde_school(connection: Connection, tmp_path: Path) -> None:
    klein = genereer_school.Schaal(studenten=4, cohorten=2, begeleiders=2, bewijsstukken_per_student=4)

    def genereer(seed: int, map: str) -> tuple:
        poging = connection.begin_nested()
        genereer_school.vul(connection, tmp_path / map, klein, seed=seed, vandaag=dt.date(2026, 12, 1))
        # The last hash covers every record of the trail (times, ids, details); the keys name the files.
        laatste_hash = connection.scalar(select(AuditRecord.hash).order_by(AuditRecord.volgnummer.desc()).limit(1))
        sleutels = connection.scalars(select(Bestand.opslag_sleutel).order_by(Bestand.id)).all()
        poging.rollback()
        return laatste_hash, sleutels

    eerste = genereer(11, "a")

    assert genereer(11, "b") == eerste
    assert genereer(12, "c") != eerste


def test_de_cohorten_zijn_even_groot_en_standaard_200_studenten(db: Session, school: dict) -> None:
    from app.models import Cohort, Inschrijving

    aantallen = db.execute(
        select(Cohort.code, func.count(Inschrijving.id))
        .join(Inschrijving, Inschrijving.cohort_id == Cohort.id)
        .join(Gebruiker, Gebruiker.id == Inschrijving.student_id)
        .where(Gebruiker.email.like(f"%@{genereer_school.DOMEIN}"))
        .group_by(Cohort.code)
    ).all()

    assert sorted(n for _, n in aantallen) == [10, 10]
    # The page benchmark's cohort overview: a full cohort of 200 at the default scale.
    standaard = genereer_school.Schaal()
    assert standaard.studenten // standaard.cohorten >= 200


def test_de_school_heeft_beroepsvereisten_van_elke_soort(db: Session, school: dict) -> None:
    from app.models import BeroepsvereisteResultaat, Resultaat
    from app.tijd import vandaag
    from app.voortgang.geldigheid import WAARSCHUWING_DAGEN

    beheerder = db.scalar(select(Gebruiker.id).where(Gebruiker.email == genereer_school.BEHEERDER_EMAIL))
    nieuw = db.scalars(
        select(BeroepsvereisteResultaat).where(BeroepsvereisteResultaat.vastgelegd_door_id == beheerder)
    ).all()
    assert len(nieuw) == school["telling"].tabellen["beroepsvereiste_resultaat"] >= 20
    dag = vandaag()
    voldaan = [r for r in nieuw if r.resultaat is Resultaat.voldaan]
    assert any(r.geldig_tot < dag for r in voldaan), "verlopen"
    assert any(0 <= (r.geldig_tot - dag).days <= WAARSCHUWING_DAGEN for r in voldaan), "verloopt binnenkort"
    assert any((r.geldig_tot - dag).days > WAARSCHUWING_DAGEN for r in voldaan), "geldig"
    assert any(r.resultaat is Resultaat.niet_voldaan and r.geldig_tot is None for r in nieuw), "niet voldaan"
    assert all(r.datum < dag and (r.geldig_tot is None or r.geldig_tot >= r.datum) for r in nieuw)


# Enough evidence per student that some of the oldest cohort's students can cover every leeruitkomst.
SCHAAL_MET_DIPLOMAS = genereer_school.Schaal(
    studenten=12, cohorten=1, begeleiders=2, bewijsstukken_per_student=30, audit_per_student=60,
    beoordelingen_per_student=30, diplomas=3,
)  # fmt: skip


def test_studenten_die_afronden_krijgen_een_diploma_en_een_wordt_ingetrokken(
    app,
    connection: Connection,
    db: Session,
    db_sessionmaker,
    opslag: Path,  # noqa: ANN001
) -> None:
    from app.besluit import service as besluit_service
    from app.models import Besluit, Diplomabesluit, Inschrijving, InschrijvingStatus

    telling = genereer_school.vul(connection, opslag, SCHAAL_MET_DIPLOMAS, seed=7)
    besluiten = db.scalars(
        select(Diplomabesluit)
        .join(Gebruiker, Gebruiker.id == Diplomabesluit.student_id)
        .where(Gebruiker.email.like(f"%@{genereer_school.DOMEIN}"))
        .order_by(Diplomabesluit.id)
    ).all()
    vastgesteld = [b for b in besluiten if b.besluit is Besluit.vastgesteld]

    # Three diplomas, the last revoked; three refusals of students furthest along but not diplomabaar.
    assert telling.tabellen["diplomabesluit"] == len(besluiten) == 6
    assert [b.besluit for b in besluiten].count(Besluit.afgewezen) == 3
    assert len(vastgesteld) == 3 and all(b.diplomanummer for b in vastgesteld)
    verificaties = [besluit_service.verificatie(db, b.diplomanummer) for b in vastgesteld]
    assert [v.geldig for v in verificaties] == [True, True, False]
    assert verificaties[-1].reden == "Een bewijsstuk bleek niet door de student zelf gemaakt."
    statussen = [db.get(Inschrijving, b.inschrijving_id).status for b in vastgesteld]
    assert statussen == [InschrijvingStatus.gediplomeerd, InschrijvingStatus.gediplomeerd, InschrijvingStatus.actief]
    for b in vastgesteld:
        assert '"diplomabaar":true' in b.snapshot
    # The trail, with the finishing judgements, results, decisions and revocation, still verifies.
    controle = audit.verifieer(db)
    assert controle.ok, controle.reden

    # The page benchmark now verifies and renders a real diploma.
    uitslag = benchmark_pages.meet(app, db_sessionmaker, connection, herhalingen=1, opwarmen=False)
    diploma = {
        (m.persona, m.route.label): m.status
        for m in uitslag.metingen
        if m.route.label in ("/diplomas/{diplomanummer}", "/api/v1/diplomas/{diplomanummer}/pdf")
    }
    assert diploma[("examencommissie", "/diplomas/{diplomanummer}")] == 200
    assert diploma[("examencommissie", "/api/v1/diplomas/{diplomanummer}/pdf")] == 200
    assert not [m.route.label for m in uitslag.metingen if m.status >= 500]
