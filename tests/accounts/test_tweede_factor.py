"""The second factor: enrolling, a wrong code, a reused code, recovery codes, the beheerder's reset."""

from __future__ import annotations

import re
import time

import pyotp
from sqlalchemy import select

from app.accounts import service
from app.models import Rol, TweedeFactor
from tests import factories
from tests.accounts.helpers import anonieme_csrf, audit


def _inloggen(client, persoon, volgende: str = "/studenten"):  # noqa: ANN001, ANN202
    csrf = anonieme_csrf(client, "/inloggen")
    data = {"email": persoon.email, "wachtwoord": factories.WACHTWOORD, "volgende": volgende, "csrf_token": csrf}
    antwoord = client.post("/inloggen", data=data, follow_redirects=False)
    assert antwoord.status_code == 303, antwoord.text
    return antwoord


def _csrf(pagina: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', pagina).group(1)


def _geheim(pagina: str) -> str:
    return re.search(r'id="totp-geheim">([A-Z2-7]+)<', pagina).group(1)


def _code(geheim: str, stappen_verder: int = 0) -> str:
    return pyotp.TOTP(geheim).at(time.time() + 30 * stappen_verder)


def _instellen(client, persoon):  # noqa: ANN001, ANN202
    """Log in and enrol; returns (secret, recovery codes)."""
    antwoord = _inloggen(client, persoon)
    assert antwoord.headers["location"].startswith("/account/tweede-factor")
    pagina = client.get(antwoord.headers["location"]).text
    assert "<svg" in pagina  # the QR code
    geheim = _geheim(pagina)
    antwoord = client.post(
        "/account/tweede-factor/instellen?volgende=/studenten",
        data={"code": _code(geheim), "csrf_token": _csrf(pagina)},
    )
    assert antwoord.status_code == 201, antwoord.text
    codes = re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", antwoord.text)
    assert len(codes) == 10
    return geheim, codes


def test_until_enrolled_the_session_can_only_enrol(client, db) -> None:  # noqa: ANN001
    lid = factories.create_gebruiker(db, Rol.examencommissie)
    antwoord = _inloggen(client, lid)
    assert antwoord.headers["location"] == "/account/tweede-factor?volgende=%2Fstudenten"
    geblokkeerd = client.get("/studenten", follow_redirects=False)
    assert geblokkeerd.status_code == 403
    assert "tweede factor" in geblokkeerd.text
    pagina = client.get("/account/tweede-factor")
    assert pagina.status_code == 200 and pagina.headers["cache-control"] == "no-store"
    assert _geheim(pagina.text)  # shown as text too, for those who cannot scan
    # The page asks for no counter the waiting session may not read (each would answer 403 in the console).
    assert "/meldingen/aantal" not in pagina.text and "/te-beoordelen/aantal" not in pagina.text


def test_personal_api_tokens_keep_working_while_the_session_waits(client, db) -> None:  # noqa: ANN001
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    # A token made earlier (e.g. on the command line) is its own credential.
    token = service.maak_token(db, beheerder, "Script", via="cli").token
    db.flush()
    _inloggen(client, beheerder)
    antwoord = client.get("/api/v1/gebruikers", headers={"Authorization": f"Bearer {token}"})
    assert antwoord.status_code == 200


def test_enrol_then_log_in_with_a_code(client, db) -> None:  # noqa: ANN001
    lid = factories.create_gebruiker(db, Rol.examencommissie)
    geheim, _ = _instellen(client, lid)
    assert client.get("/studenten").status_code == 200
    assert audit(db, "tweede_factor_ingesteld", lid.id)
    assert db.get(TweedeFactor, lid.id).geheim == geheim

    client.cookies.clear()
    antwoord = _inloggen(client, lid)
    pagina = client.get(antwoord.headers["location"]).text
    assert "<svg" not in pagina  # enrolled: only the code is asked
    antwoord = client.post(
        "/account/tweede-factor/controleren?volgende=/studenten",
        data={"code": _code(geheim, 1), "csrf_token": _csrf(pagina)},
        follow_redirects=False,
    )
    assert antwoord.status_code == 303 and antwoord.headers["location"] == "/studenten"
    assert client.get("/studenten").status_code == 200


def test_a_wrong_code_is_refused_and_audited(client, db) -> None:  # noqa: ANN001
    lid = factories.create_gebruiker(db, Rol.beheerder)
    antwoord = _inloggen(client, lid)
    pagina = client.get(antwoord.headers["location"]).text
    geheim = _geheim(pagina)
    fout = "000000" if _code(geheim) != "000000" else "111111"
    antwoord = client.post("/account/tweede-factor/instellen", data={"code": fout, "csrf_token": _csrf(pagina)})
    assert antwoord.status_code == 400
    assert "Deze code klopt niet" in antwoord.text
    assert _geheim(antwoord.text) == geheim  # the same QR code and secret: the person can simply retry
    assert client.get("/studenten", follow_redirects=False).status_code == 403
    assert audit(db, "tweede_factor_mislukt", lid.id)


def test_a_code_is_accepted_once_even_within_its_window(client, db) -> None:  # noqa: ANN001
    lid = factories.create_gebruiker(db, Rol.examencommissie)
    geheim, _ = _instellen(client, lid)
    gebruikt = _code(geheim)  # the one the enrolment just used
    client.cookies.clear()
    antwoord = _inloggen(client, lid)
    pagina = client.get(antwoord.headers["location"]).text
    antwoord = client.post("/account/tweede-factor/controleren", data={"code": gebruikt, "csrf_token": _csrf(pagina)})
    assert antwoord.status_code == 400
    assert "al gebruikt" in antwoord.text
    assert client.get("/studenten", follow_redirects=False).status_code == 403


def test_a_recovery_code_works_once(client, db) -> None:  # noqa: ANN001
    lid = factories.create_gebruiker(db, Rol.examencommissie)
    _, codes = _instellen(client, lid)
    for poging, verwacht in ((1, 303), (2, 400)):
        client.cookies.clear()
        antwoord = _inloggen(client, lid)
        pagina = client.get(antwoord.headers["location"]).text
        antwoord = client.post(
            "/account/tweede-factor/controleren",
            data={"code": codes[0].upper(), "csrf_token": _csrf(pagina)},
            follow_redirects=False,
        )
        assert antwoord.status_code == verwacht, poging
    assert len(audit(db, "tweede_factor_herstelcode_gebruikt", lid.id)) == 1


def test_students_and_oidc_sessions_are_not_asked(client, db) -> None:  # noqa: ANN001
    student = factories.create_gebruiker(db, Rol.student)
    factories.create_inschrijving(db, student)
    antwoord = _inloggen(client, student, "/dashboard")
    assert antwoord.headers["location"] == "/dashboard"


def test_the_beheerder_resets_the_factor(client, db) -> None:  # noqa: ANN001
    lid = factories.create_gebruiker(db, Rol.examencommissie)
    _instellen(client, lid)
    client.cookies.clear()
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    factories.login(client, db, beheerder)
    assert "Tweede factor resetten" in client.get(f"/beheer/gebruikers/{lid.id}").text
    antwoord = client.post(f"/beheer/gebruikers/{lid.id}/tweede-factor/resetten", follow_redirects=False)
    assert antwoord.status_code == 303
    assert "Geen tweede factor ingesteld" in client.get(antwoord.headers["location"]).text
    assert db.scalar(select(TweedeFactor).where(TweedeFactor.gebruiker_id == lid.id)) is None
    assert audit(db, "tweede_factor_gereset", lid.id)[0]["actor_id"] == beheerder.id
