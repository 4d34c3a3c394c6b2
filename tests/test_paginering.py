"""Paging as a user (or an integrator) sees it: pagina/per_pagina, X-Total-Count, Link, Dutch errors."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from app.models import Bewijsstuk, Gebruiker, Rol
from tests import factories


def _links(response) -> dict[str, str]:  # noqa: ANN001
    """rel → URL from an RFC 8288 Link header."""
    return {rel: url for url, rel in re.findall(r'<([^>]+)>;\s*rel="([a-z]+)"', response.headers["Link"])}


def test_api_gebruikers_per_pagina_met_totaal_en_links(client, db, beheerder, als) -> None:  # noqa: ANN001
    factories.create_veel_studenten(db, 7, naam="Paging")
    als(beheerder)
    eerste = client.get("/api/v1/gebruikers", params={"q": "paging", "per_pagina": 3})
    assert eerste.status_code == 200
    assert eerste.headers["X-Total-Count"] == "7"
    assert [g["naam"] for g in eerste.json()] == [f"Paging {n}" for n in sorted(n.split()[1] for n in _namen(db))[:3]]
    links = _links(eerste)
    assert set(links) == {"first", "next", "last"}
    assert "q=paging" in links["next"] and "per_pagina=3" in links["next"] and "pagina=2" in links["next"]
    assert "pagina=3" in links["last"]

    tweede = client.get(links["next"])
    assert set(_links(tweede)) == {"first", "prev", "next", "last"}
    laatste = client.get(links["last"])
    assert len(laatste.json()) == 1 and "next" not in _links(laatste)
    alle = eerste.json() + tweede.json() + laatste.json()
    assert len({g["id"] for g in alle}) == 7  # no one twice, no one missing


def _namen(db) -> list[str]:  # noqa: ANN001
    return list(db.scalars(select(Gebruiker.naam).where(Gebruiker.naam.like("Paging %"))))


def test_een_pagina_voorbij_het_einde_is_leeg_en_wijst_terug(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.get("/api/v1/gebruikers", params={"pagina": 50})
    assert response.status_code == 200 and response.json() == []
    assert "pagina" not in _links(response)["prev"]  # everyone fits on page 1
    html = client.get("/beheer/gebruikers", params={"pagina": 50}).text
    assert "Op deze pagina staan geen gebruikers meer." in html and "Naar de eerste pagina" in html


@pytest.mark.parametrize(
    ("params", "melding"),
    [
        ({"pagina": "0"}, "pagina moet een geheel getal vanaf 1 zijn"),
        ({"pagina": "twee"}, "pagina moet een geheel getal vanaf 1 zijn"),
        ({"pagina": "-1"}, "pagina moet een geheel getal vanaf 1 zijn"),
        ({"pagina": "1.5"}, "pagina moet een geheel getal vanaf 1 zijn"),
        ({"pagina": "٣"}, "pagina moet een geheel getal vanaf 1 zijn"),  # an Arabic-Indic three is a digit too
        ({"pagina": "99999999999999999999"}, "pagina is hoogstens 100000"),
        ({"per_pagina": "251"}, "per_pagina is hoogstens 250"),
        ({"per_pagina": "0"}, "per_pagina moet een geheel getal vanaf 1 zijn"),
    ],
)
@pytest.mark.parametrize("pad", ["/api/v1/gebruikers", "/api/v1/studenten", "/beheer/gebruikers", "/studenten"])
def test_ongeldige_paginering_is_een_nederlandse_422(client, beheerder, als, pad, params, melding) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.get(pad, params=params)
    assert response.status_code == 422
    if pad.startswith("/api/"):
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["title"] == "Ongeldige invoer"
        assert melding in response.json()["detail"]
    else:
        assert melding in response.text


def test_bewijsstukken_api_pagineert_en_telt_verborgen_bewijs_niet_voor_de_begeleider(
    client,
    db,
    student,
    praktijkbegeleider,
    als,  # noqa: ANN001
) -> None:
    factories.create_veel_bewijsstukken(db, student, 5, versies=1)
    verborgen = db.scalars(select(Bewijsstuk).where(Bewijsstuk.student_id == student.id)).first()
    verborgen.verborgen_op = dt.datetime.now(dt.UTC)
    verborgen.verborgen_reden = "privacy"
    db.flush()
    pad = f"/api/v1/studenten/{student.id}/bewijsstukken"

    als(praktijkbegeleider)
    response = client.get(pad, params={"per_pagina": 2})
    assert response.headers["X-Total-Count"] == "4"
    assert len(response.json()) == 2
    ids = {b["id"] for p in (1, 2) for b in client.get(pad, params={"per_pagina": 2, "pagina": p}).json()}
    assert len(ids) == 4 and verborgen.id not in ids

    als(student)  # the student still sees their own hidden bewijsstuk (as a notice)
    assert client.get(pad).headers["X-Total-Count"] == "5"


def test_studenten_filteren_op_cohort(client, db, examencommissielid, als) -> None:  # noqa: ANN001
    cohort = factories.create_cohort(db, "WA6-2031-02")
    factories.create_veel_studenten(db, 3, cohort=cohort, naam="Cohortlid")
    factories.create_veel_studenten(db, 2, naam="Buitenstaander")
    als(examencommissielid)
    response = client.get("/api/v1/studenten", params={"cohort": "wa6-2031-02"})
    assert response.headers["X-Total-Count"] == "3"
    assert {s["cohort"] for s in response.json()} == {"WA6-2031-02"}
    assert client.get("/api/v1/studenten", params={"cohort": "BESTAAT-NIET"}).json() == []
    html = client.get("/studenten", params={"cohort": "WA6-2031-02"}).text
    assert "3 studenten in cohort WA6-2031-02" in html and "Buitenstaander" not in html
    assert '<option value="WA6-2031-02" selected>' in html


def test_een_praktijkbegeleider_filtert_op_cohort_alleen_binnen_de_eigen_studenten(
    client,
    db,
    praktijkbegeleider,
    student,
    als,  # noqa: ANN001
) -> None:
    cohort = factories.create_cohort(db, "WA6-2031-09")
    factories.create_veel_studenten(db, 2, cohort=cohort, naam="Niet van mij")
    factories.create_veel_studenten(db, 1, cohort=cohort, begeleider=praktijkbegeleider, naam="Wel van mij")
    als(praktijkbegeleider)
    assert [s["naam"] for s in client.get("/api/v1/studenten", params={"cohort": "WA6-2031-09"}).json()] == [
        f"Wel van mij {n}" for n in _suffixen(db, "Wel van mij")
    ]


def _suffixen(db, naam: str) -> list[str]:  # noqa: ANN001
    return [n.rsplit(" ", 1)[1] for n in db.scalars(select(Gebruiker.naam).where(Gebruiker.naam.like(f"{naam} %")))]


def test_de_pager_van_een_pagina_houdt_de_zoekterm_vast(client, db, beheerder, als) -> None:  # noqa: ANN001
    factories.create_veel_studenten(db, 4, naam="Zoekbaar")
    factories.create_veel_studenten(db, 3, naam="Anders")
    als(beheerder)
    html = client.get("/beheer/inschrijvingen", params={"q": "zoekbaar", "per_pagina": 3}).text
    assert html.count('<tr id="inschrijving-') == 3
    assert "4 inschrijvingen voor “zoekbaar”" in html
    [volgende] = re.findall(r'<a href="([^"]+)" rel="next">', html)
    volgende = volgende.replace("&amp;", "&")
    assert "q=zoekbaar" in volgende and "per_pagina=3" in volgende and "pagina=2" in volgende
    tweede = client.get(volgende).text
    assert tweede.count('<tr id="inschrijving-') == 1 and "Anders" not in tweede
    assert 'rel="prev"' in tweede and 'rel="next"' not in tweede


def test_beheerder_zoekt_begeleidingen_op_de_naam_van_de_praktijkbegeleider(
    client,
    db,
    beheerder,
    als,  # noqa: ANN001
) -> None:
    piet = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Piet Zoekmij", wachtwoord=None)
    anna = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Anna Anders", wachtwoord=None)
    factories.create_veel_studenten(db, 2, begeleider=piet, naam="Student van Piet")
    factories.create_veel_studenten(db, 3, begeleider=anna, naam="Student van Anna")
    als(beheerder)
    html = client.get("/beheer/begeleidingen", params={"q": "zoekmij"}).text
    assert html.count('<tr id="begeleiding-') == 2 and "Student van Anna" not in html
    # Live search (htmx) gets only the list, not the form with its person fields.
    fragment = client.get("/beheer/begeleidingen", params={"q": "student van anna"}, headers={"HX-Request": "true"})
    assert fragment.text.count('<tr id="begeleiding-') == 3
    assert "<html" not in fragment.text and "Praktijkbegeleider koppelen" not in fragment.text


def test_na_een_statuswijziging_staat_de_beheerder_weer_op_dezelfde_pagina(client, db, beheerder, als) -> None:  # noqa: ANN001
    factories.create_veel_studenten(db, 5, naam="Terugkeer")
    als(beheerder)
    html = client.get("/beheer/inschrijvingen", params={"q": "terugkeer", "per_pagina": 2, "pagina": 2}).text
    [actie] = re.findall(r'action="(/beheer/inschrijvingen/\d+/status[^"]*)"', html)[:1]
    actie = actie.replace("&amp;", "&")
    assert "q=terugkeer" in actie and "pagina=2" in actie
    response = client.post(actie, data={"status": "uitgeschreven"}, follow_redirects=False)
    assert response.status_code == 303
    doel = response.headers["location"]
    assert (
        "melding=status-gewijzigd" in doel and "q=terugkeer" in doel and "pagina=2" in doel and "per_pagina=2" in doel
    )
    assert doel.split("#")[1].startswith("inschrijving-")
    assert "uitgeschreven" in client.get(doel).text


# Paths in the document are relative to its server, /api/v1.
@pytest.mark.parametrize("pad", ["/gebruikers", "/studenten", "/studenten/{student_id}/bewijsstukken"])
def test_openapi_beschrijft_de_paginering(client, pad) -> None:  # noqa: ANN001
    route = client.get("/api/v1/openapi.json").json()["paths"][pad]["get"]
    assert {"pagina", "perPagina"} <= {p["name"] for p in route["parameters"]}
    assert set(route["responses"]["200"]["headers"]) == {"X-Total-Count", "Link", "API-Version"}


def test_een_geweigerd_htmx_formulier_komt_heel_terug_niet_als_alleen_de_lijst(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post("/beheer/inschrijvingen", data={"student": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Kies een student." in response.text and 'id="student-kiezer"' in response.text


def test_beheerder_filtert_gebruikers_op_rol(client, db, beheerder, als) -> None:  # noqa: ANN001
    factories.create_veel_studenten(db, 3, naam="Rolfilter")
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Rolfilter Begeleider", wachtwoord=None)
    als(beheerder)
    response = client.get("/api/v1/gebruikers", params={"q": "rolfilter", "rol": "praktijkbegeleider"})
    assert [g["id"] for g in response.json()] == [begeleider.id] and response.headers["X-Total-Count"] == "1"
    html = client.get("/beheer/gebruikers", params={"q": "rolfilter", "rol": "student"}).text
    assert "3 gebruikers gevonden voor “rolfilter” met de rol student" in html and "Rolfilter Begeleider" not in html
    assert '<option value="student" selected>' in html
    fout = client.get("/api/v1/gebruikers", params={"rol": "koning"})
    assert fout.status_code == 422 and "Kies een bestaande rol" in fout.json()["detail"]
