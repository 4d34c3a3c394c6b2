"""Server-side sessions: fresh at login, gone at logout, expiring when idle or old; login throttling."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from http.cookies import SimpleCookie

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import wachtwoorden
from app.config import get_settings
from app.models import Rol, Sessie
from app.toegang import sessies
from tests import factories
from tests.factories import WACHTWOORD
from tests.toegang.conftest import foutmelding

PAGINA = "/kwalificaties"
ONGELDIG = "Onbekende combinatie van e-mailadres en wachtwoord."


def sessie_cookie(response) -> SimpleCookie | None:  # noqa: ANN001
    """The Set-Cookie for the session cookie in this response, parsed, or None."""
    for header in response.headers.get_list("set-cookie"):
        cookie = SimpleCookie()
        cookie.load(header)
        if sessies.COOKIE in cookie:
            return cookie
    return None


def is_ingelogd(client, token: str) -> bool:  # noqa: ANN001
    client.cookies.clear()  # only this token, not the cookie an earlier response set
    client.cookies.set(sessies.COOKIE, token)
    return client.get(PAGINA, follow_redirects=False).status_code == 200


def naar_inloggen(response) -> bool:  # noqa: ANN001
    return response.status_code == 303 and response.headers["location"].startswith("/inloggen")


@pytest.fixture
def persoon(db: Session):  # noqa: ANN201
    return factories.create_gebruiker(db, Rol.student, naam="Sanne Student")


# --- session fixation ---------------------------------------------------------------------------------------


def test_inloggen_geeft_een_nieuw_sessietoken_en_niet_het_geplante(client, inloggen, persoon) -> None:  # noqa: ANN001
    geplant = "token-van-een-aanvaller"
    client.cookies.set(sessies.COOKIE, geplant)

    response = inloggen(persoon.email)

    assert response.status_code == 303
    nieuw = sessie_cookie(response)[sessies.COOKIE].value
    assert nieuw != geplant
    assert len(nieuw) >= 40
    assert is_ingelogd(client, nieuw)
    assert not is_ingelogd(client, geplant)


def test_opnieuw_inloggen_geeft_een_ander_token(client, inloggen, persoon) -> None:  # noqa: ANN001
    eerste = sessie_cookie(inloggen(persoon.email))[sessies.COOKIE].value
    client.cookies.clear()

    tweede = sessie_cookie(inloggen(persoon.email))[sessies.COOKIE].value

    assert tweede != eerste


def test_inloggen_over_een_bestaande_sessie_beeindigt_de_oude(client, db, persoon) -> None:  # noqa: ANN001
    oud, sessie = sessies.start(db, persoon)
    client.cookies.set(sessies.COOKIE, oud)
    data = {"email": persoon.email, "wachtwoord": WACHTWOORD, "csrf_token": sessie.csrf_token}

    response = client.post("/inloggen", data=data, follow_redirects=False)

    assert response.status_code == 303
    nieuw = sessie_cookie(response)[sessies.COOKIE].value
    assert nieuw != oud
    assert is_ingelogd(client, nieuw)
    assert not is_ingelogd(client, oud)


# --- expiry ---------------------------------------------------------------------------------------------------


def test_een_sessie_verloopt_na_30_minuten_niets_doen(client, db, persoon) -> None:  # noqa: ANN001
    token, sessie = sessies.start(db, persoon)
    sessie.laatst_gezien_op = sessies.nu() - dt.timedelta(minutes=31)
    db.flush()
    client.cookies.set(sessies.COOKIE, token)

    response = client.get(PAGINA, follow_redirects=False)

    assert naar_inloggen(response)
    # The expired row is purged when the person logs in again.
    sessies.start(db, persoon)
    db.expire_all()
    assert db.scalar(select(Sessie).where(Sessie.token_hash == sessies.token_hash(token))) is None


def test_een_sessie_binnen_30_minuten_blijft_en_wordt_bijgewerkt(client, db, persoon) -> None:  # noqa: ANN001
    token, sessie = sessies.start(db, persoon)
    sessie.laatst_gezien_op = sessies.nu() - dt.timedelta(minutes=29)
    db.flush()
    client.cookies.set(sessies.COOKIE, token)

    assert client.get(PAGINA, follow_redirects=False).status_code == 200
    db.expire_all()
    bijgewerkt = db.get(Sessie, sessie.id).laatst_gezien_op
    assert bijgewerkt > sessies.nu() - dt.timedelta(minutes=1)


def test_een_sessie_verloopt_na_12_uur_ook_als_ze_net_gebruikt_is(client, db, persoon) -> None:  # noqa: ANN001
    token, sessie = sessies.start(db, persoon)
    sessie.aangemaakt_op = sessies.nu() - dt.timedelta(hours=13)
    sessie.laatst_gezien_op = sessies.nu() - dt.timedelta(minutes=1)
    db.flush()
    client.cookies.set(sessies.COOKIE, token)

    response = client.get(PAGINA, follow_redirects=False)

    assert naar_inloggen(response)
    # The expired row is purged when the person logs in again.
    sessies.start(db, persoon)
    db.expire_all()
    assert db.scalar(select(Sessie).where(Sessie.token_hash == sessies.token_hash(token))) is None


def test_een_verlopen_sessie_geeft_de_api_401(client, db, persoon) -> None:  # noqa: ANN001
    token, sessie = sessies.start(db, persoon)
    sessie.laatst_gezien_op = sessies.nu() - dt.timedelta(minutes=31)
    db.flush()
    client.cookies.set(sessies.COOKIE, token)

    response = client.get("/api/v1/kwalificaties")

    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


# --- logout ---------------------------------------------------------------------------------------------------


def test_uitloggen_verwijdert_de_sessie_op_de_server(client, db, persoon) -> None:  # noqa: ANN001
    token, sessie = sessies.start(db, persoon)
    client.cookies.set(sessies.COOKIE, token)

    response = client.post("/uitloggen", data={"csrf_token": sessie.csrf_token}, follow_redirects=False)

    assert naar_inloggen(response)
    verwijderd = sessie_cookie(response)[sessies.COOKIE]
    assert verwijderd.value == "" or verwijderd["max-age"] == "0"
    db.expire_all()
    assert db.scalar(select(Sessie).where(Sessie.token_hash == sessies.token_hash(token))) is None
    # A copy of the old cookie (kept by an attacker, or a second tab) no longer works.
    assert not is_ingelogd(client, token)


# --- throttling -----------------------------------------------------------------------------------------------


def test_na_5_mislukte_pogingen_weigert_ook_het_juiste_wachtwoord(inloggen, persoon) -> None:  # noqa: ANN001
    for _ in range(5):
        mislukt = inloggen(persoon.email, "fout-wachtwoord")
        assert mislukt.status_code == 400

    response = inloggen(persoon.email, WACHTWOORD)

    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in foutmelding(response.text)
    assert sessie_cookie(response) is None


def test_4_mislukte_pogingen_blokkeren_nog_niet(inloggen, persoon) -> None:  # noqa: ANN001
    for _ in range(4):
        inloggen(persoon.email, "fout-wachtwoord")

    assert inloggen(persoon.email, WACHTWOORD).status_code == 303


def test_de_blokkade_geldt_ook_voor_hoofdletters_in_het_e_mailadres(inloggen, persoon) -> None:  # noqa: ANN001
    for _ in range(5):
        inloggen(persoon.email.upper(), "fout-wachtwoord")

    assert inloggen(persoon.email, WACHTWOORD).status_code == 429


@pytest.fixture
def vertragingen(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The wait each login attempt got before its password was checked (the real wait made short)."""
    from app.accounts import service

    monkeypatch.setattr(get_settings(), "inlog_vertraging_max_seconden", 0.01)
    gezien: list[float] = []
    echte = service.vertraging_voor_adres

    def onthoudend(session: Session, adres: str) -> float:
        gezien.append(echte(session, adres))
        return gezien[-1]

    monkeypatch.setattr(service, "vertraging_voor_adres", onthoudend)
    return gezien


def test_na_20_mislukte_pogingen_vanaf_een_adres_wacht_dat_adres_maar_het_juiste_wachtwoord_werkt(  # noqa: ANN001
    inloggen, persoon, vertragingen
) -> None:
    assert get_settings().inlog_vertragen_vanaf == 20
    for n in range(20):
        # Different accounts each time, so the per-account limit never kicks in.
        assert inloggen(f"gok{n}@example.nl", "fout-wachtwoord").status_code == 400
    assert vertragingen == [0.0] * 20

    response = inloggen(persoon.email, WACHTWOORD)

    assert vertragingen[-1] > 0  # slowed ...
    assert response.status_code == 303  # ... not locked out: a classmate behind the same NAT gets in
    assert sessie_cookie(response) is not None


def test_de_wachttijd_per_adres_verdubbelt_met_elke_mislukking_tot_het_maximum(db, monkeypatch) -> None:  # noqa: ANN001
    from app.accounts import repository, service

    monkeypatch.setattr(get_settings(), "inlog_vertragen_vanaf", 2)
    monkeypatch.setattr(get_settings(), "inlog_vertraging_max_seconden", 3)
    gezien = []
    for _ in range(6):
        gezien.append(service.vertraging_voor_adres(db, "192.0.2.7"))
        repository.registreer_mislukking(db, "adres:192.0.2.7", sessies.nu())

    assert gezien == [0.0, 0.0, 0.5, 1.0, 2.0, 3.0]
    assert service.vertraging_voor_adres(db, "192.0.2.8") == 0.0  # another address is not slowed


# --- no account enumeration -----------------------------------------------------------------------------------


def test_onbekend_account_fout_wachtwoord_en_gedeactiveerd_account_zien_er_hetzelfde_uit(  # noqa: ANN001
    inloggen, db, persoon
) -> None:
    gedeactiveerd = factories.create_gebruiker(db, Rol.student, actief=False)

    onbekend = inloggen("niemand@example.nl", WACHTWOORD)
    fout = inloggen(persoon.email, "fout-wachtwoord")
    uit = inloggen(gedeactiveerd.email, WACHTWOORD)

    assert onbekend.status_code == fout.status_code == uit.status_code == 400
    assert foutmelding(onbekend.text) == foutmelding(fout.text) == foutmelding(uit.text) == ONGELDIG
    assert sessie_cookie(uit) is None


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Counts the calls into the password hasher (wall-clock timing would be flaky).

    Only outermost calls count: passlib's dummy_verify runs verify itself.
    """
    context = wachtwoorden._context()
    telling: Counter = Counter()
    diepte = [0]
    for naam in ("verify", "verify_and_update", "dummy_verify", "hash"):
        echt = getattr(context, naam)

        def spion(*args, _naam=naam, _echt=echt, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if diepte[0] == 0:
                telling[_naam] += 1
            diepte[0] += 1
            try:
                return _echt(*args, **kwargs)
            finally:
                diepte[0] -= 1

        monkeypatch.setattr(context, naam, spion)
    return telling


def _hashwerk(telling: Counter) -> int:
    return telling["verify"] + telling["verify_and_update"] + telling["dummy_verify"]


@pytest.mark.parametrize("geval", ["onbekend", "fout_wachtwoord", "gedeactiveerd", "geen_wachtwoord"])
def test_elke_mislukte_inlog_doet_precies_een_keer_het_hashwerk(  # noqa: ANN001
    inloggen, db, persoon, hasher, geval: str
) -> None:
    email, wachtwoord = persoon.email, WACHTWOORD
    if geval == "onbekend":
        email = "niemand@example.nl"
    elif geval == "fout_wachtwoord":
        wachtwoord = "fout-wachtwoord"
    elif geval == "gedeactiveerd":
        email = factories.create_gebruiker(db, Rol.student, actief=False).email
    elif geval == "geen_wachtwoord":  # invited, never activated
        email = factories.create_gebruiker(db, Rol.student, wachtwoord=None).email
    hasher.clear()

    response = inloggen(email, wachtwoord)

    assert response.status_code == 400
    assert _hashwerk(hasher) == 1, dict(hasher)


def test_een_geweigerde_poging_kost_geen_hashwerk(inloggen, persoon, hasher) -> None:  # noqa: ANN001
    """A throttled attempt is refused before argon2: a burst of refused logins costs the server nothing."""
    for _ in range(5):
        inloggen(persoon.email, "fout-wachtwoord")
    hasher.clear()
    assert inloggen(persoon.email, WACHTWOORD).status_code == 429
    assert _hashwerk(hasher) == 0, dict(hasher)


def test_een_geslaagde_inlog_doet_ook_precies_een_keer_het_hashwerk(inloggen, persoon, hasher) -> None:  # noqa: ANN001
    assert inloggen(persoon.email).status_code == 303
    assert _hashwerk(hasher) == 1, dict(hasher)


# --- cookie flags ----------------------------------------------------------------------------------------------


def test_het_sessiecookie_is_httponly_en_samesite_lax(inloggen, persoon) -> None:  # noqa: ANN001
    cookie = sessie_cookie(inloggen(persoon.email))[sessies.COOKIE]

    assert cookie["httponly"] is True
    assert cookie["samesite"].lower() == "lax"
    assert cookie["path"] == "/"
    assert not cookie["secure"]  # plain http in development and tests


def test_in_productie_is_het_sessiecookie_ook_secure(  # noqa: ANN001
    client, inloggen, persoon, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.toegang.conftest import formulier_token

    token = formulier_token(client)
    monkeypatch.setattr(get_settings(), "environment", "production")
    data = {"email": persoon.email, "wachtwoord": WACHTWOORD, "csrf_token": token}

    response = client.post("/inloggen", data=data, follow_redirects=False)

    assert response.status_code == 303
    cookie = sessie_cookie(response)[sessies.COOKIE]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"].lower() == "lax"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_na_een_mislukte_inlog_verwijst_het_e_mailveld_naar_de_melding(inloggen, persoon) -> None:  # noqa: ANN001
    html = inloggen(persoon.email, "fout-wachtwoord").text
    veld = re.search(r'<input id="email"[^>]*>', html).group(0)
    assert 'aria-describedby="inlogfout"' in veld, veld  # a screen reader reads the message with the field
