"""A form sent after the session expired leads to the login page and back; a forged one is still refused."""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.models import Rol, Sessie
from app.toegang import sessies
from tests import factories
from tests.beoordeling.conftest import maak_ingediend
from tests.factories import WACHTWOORD
from tests.toegang.conftest import formulier_token

VERLOPEN = "Je sessie is verlopen; log opnieuw in."
HTMX = {"HX-Request": "true"}


def _laat_verlopen(db: Session, sessie: Sessie) -> None:
    """The session as it is after an afternoon without requests."""
    db.execute(
        update(Sessie)
        .where(Sessie.id == sessie.id)
        .values(laatst_gezien_op=sessies.nu() - dt.timedelta(hours=3))
        .execution_options(synchronize_session=False)
    )
    db.expire_all()


def _inzending(db: Session):  # noqa: ANN202
    """A praktijkbegeleider with a live session on the assessment page of a submission of their student."""
    student = factories.create_gebruiker(db, Rol.student)
    factories.create_inschrijving(db, student)
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Pieter Praktijkbegeleider")
    factories.create_begeleiding(db, begeleider, student)
    versie = maak_ingediend(db, student, ("LU1.1",))
    token, sessie = sessies.start(db, begeleider)
    return begeleider, versie, token, sessie


@pytest.fixture
def verlopen(client, db):  # noqa: ANN001, ANN201
    """The praktijkbegeleider's browser on the form, with the session cookie of a session that expired."""
    begeleider, versie, token, sessie = _inzending(db)
    client.cookies.set(sessies.COOKIE, token)
    _laat_verlopen(db, sessie)
    return begeleider, sessie, f"/te-beoordelen/{versie.id}/leeruitkomsten/LU1.1"


def _doel(location: str) -> dict[str, list[str]]:
    deel = urlsplit(location)
    assert deel.path == "/inloggen"
    return parse_qs(deel.query)


def test_een_oordeel_opslaan_met_een_verlopen_sessie_stuurt_htmx_naar_inloggen_en_terug(client, verlopen) -> None:  # noqa: ANN001
    _, sessie, formulier = verlopen

    antwoord = client.post(
        formulier,
        data={"oordeel": "niet_aangetoond", "feedback": "Nog te weinig eigen inbreng."},
        headers={
            **HTMX,
            "X-CSRF-Token": sessie.csrf_token,
            "HX-Current-URL": "http://testserver" + formulier.split("/leeruitkomsten")[0],
        },
        follow_redirects=False,
    )

    assert antwoord.status_code == 204
    doel = _doel(antwoord.headers["HX-Redirect"])
    # Back to the form itself, which leads to its block on the assessment page.
    assert doel == {"volgende": [formulier], "melding": ["sessie_verlopen"]}
    assert VERLOPEN in client.get(antwoord.headers["HX-Redirect"]).text


def test_zonder_javascript_volgt_een_303_en_na_inloggen_staat_het_formulier_er_weer(client, verlopen) -> None:  # noqa: ANN001
    begeleider, sessie, formulier = verlopen

    antwoord = client.post(
        formulier, data={"oordeel": "aangetoond", "csrf_token": sessie.csrf_token}, follow_redirects=False
    )

    assert antwoord.status_code == 303
    inlogpagina = client.get(antwoord.headers["location"])
    assert VERLOPEN in inlogpagina.text
    assert f'name="volgende" value="{formulier}"' in inlogpagina.text
    ingelogd = client.post(
        "/inloggen",
        data={
            "email": begeleider.email,
            "wachtwoord": WACHTWOORD,
            "volgende": formulier,
            "csrf_token": formulier_token(client),
        },
        follow_redirects=False,
    )
    assert ingelogd.headers["location"] == formulier
    terug = client.get(formulier, follow_redirects=False)
    assert terug.headers["location"] == formulier.split("/leeruitkomsten")[0] + "#lu-LU1-1"
    assert 'class="oordeel-formulier"' in client.get(terug.headers["location"]).text


def test_een_formulier_zonder_eigen_pagina_keert_terug_naar_de_pagina_waar_het_stond(client, db) -> None:  # noqa: ANN001
    student = factories.create_gebruiker(db, Rol.student)
    token, sessie = sessies.start(db, student)
    client.cookies.set(sessies.COOKIE, token)
    _laat_verlopen(db, sessie)

    antwoord = client.post(
        "/account/tokens",
        data={"naam": "Agenda", "csrf_token": sessie.csrf_token},
        headers={"Referer": "http://testserver/account"},
        follow_redirects=False,
    )

    assert antwoord.status_code == 303
    assert _doel(antwoord.headers["location"]) == {"volgende": ["/account"], "melding": ["sessie_verlopen"]}


def test_een_uitgelogde_browser_zonder_sessiecookie_gaat_ook_naar_inloggen(client, db) -> None:  # noqa: ANN001
    _, versie, _token, sessie = _inzending(db)
    formulier_token(client)  # only the anonymous cookie is left

    antwoord = client.post(
        f"/te-beoordelen/{versie.id}/leeruitkomsten/LU1.1",
        data={"oordeel": "aangetoond"},
        headers={**HTMX, "X-CSRF-Token": sessie.csrf_token},
        follow_redirects=False,
    )

    assert antwoord.status_code == 204
    assert _doel(antwoord.headers["HX-Redirect"])["melding"] == ["sessie_verlopen"]


def test_een_vals_token_bij_een_levende_sessie_blijft_403(client, db) -> None:  # noqa: ANN001
    _, versie, token, _sessie = _inzending(db)
    client.cookies.set(sessies.COOKIE, token)

    antwoord = client.post(
        f"/te-beoordelen/{versie.id}/leeruitkomsten/LU1.1",
        data={"oordeel": "aangetoond"},
        headers={**HTMX, "X-CSRF-Token": secrets.token_urlsafe(32)},
        follow_redirects=False,
    )

    assert antwoord.status_code == 403
    assert "HX-Redirect" not in antwoord.headers
    assert "Het formulier is verlopen of niet van deze site." in antwoord.text


def test_het_inlogformulier_zelf_zonder_token_blijft_403(client, db) -> None:  # noqa: ANN001
    persoon = factories.create_gebruiker(db, Rol.student)
    formulier_token(client)

    antwoord = client.post("/inloggen", data={"email": persoon.email, "wachtwoord": WACHTWOORD}, follow_redirects=False)

    assert antwoord.status_code == 403
