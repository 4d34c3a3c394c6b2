"""One-time links: activation, password reset and the first beheerder — each works once, then never again."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app.accounts import links, service
from app.accounts.service import InloggenMislukt
from app.models import EenmaligeLink, Gebruiker, GebruikerRol, Rol
from app.toegang import sessies
from tests import factories
from tests.accounts.helpers import STERK, anonieme_csrf, audit, pad, sessies_van


def _stel_in(client, link_pad: str, wachtwoord: str = STERK, herhaling: str | None = None):  # noqa: ANN001, ANN202
    csrf = anonieme_csrf(client, link_pad)
    data = {"wachtwoord": wachtwoord, "herhaling": wachtwoord if herhaling is None else herhaling, "csrf_token": csrf}
    return client.post(link_pad, data=data, follow_redirects=False)


def _nieuw_account(db, beheerder, email: str = "nieuweling@example.nl") -> tuple[Gebruiker, str]:  # noqa: ANN001
    account = service.maak_gebruiker(db, beheerder, email, "Nieuwe Ling", ["student"])
    return account.gebruiker, pad(account.link)


def test_een_activatielink_werkt_precies_een_keer(client, beheerder, db) -> None:
    persoon, link_pad = _nieuw_account(db, beheerder)
    formulier = client.get(link_pad)
    assert formulier.status_code == 200
    assert "Account activeren" in formulier.text and persoon.email in formulier.text
    assert formulier.headers["Cache-Control"] == "no-store"

    antwoord = _stel_in(client, link_pad)
    assert antwoord.status_code == 303
    assert antwoord.headers["location"] == "/inloggen?melding=account_geactiveerd"
    assert "Je wachtwoord is ingesteld" in client.get(antwoord.headers["location"]).text
    db.expire_all()
    assert service.inloggen(db, persoon.email, STERK, "test").gebruiker.id == persoon.id
    assert audit(db, "account_geactiveerd", persoon.id)[0]["actor_id"] == persoon.id

    nog_eens = client.get(link_pad)
    assert nog_eens.status_code == 410
    assert "al gebruikt" in nog_eens.text
    tweede_poging = _stel_in(client, link_pad, wachtwoord="een-heel-ander-wachtwoord")
    assert tweede_poging.status_code == 410
    with pytest.raises(InloggenMislukt):
        service.inloggen(db, persoon.email, "een-heel-ander-wachtwoord", "test")


def test_een_verlopen_link_wordt_geweigerd(client, beheerder, db) -> None:
    persoon, link_pad = _nieuw_account(db, beheerder)
    db.execute(
        update(EenmaligeLink)
        .where(EenmaligeLink.gebruiker_id == persoon.id)
        .values(verloopt_op=sessies.nu() - dt.timedelta(minutes=1))
    )
    db.flush()
    assert "verlopen" in client.get(link_pad).text
    antwoord = _stel_in(client, link_pad)
    assert antwoord.status_code == 410
    assert "Deze link is verlopen" in antwoord.text
    db.refresh(persoon)
    assert persoon.wachtwoord_hash is None


def test_een_onbekende_link_krijgt_een_vriendelijke_pagina(client) -> None:
    antwoord = client.get("/activeren/dit-bestaat-niet")
    assert antwoord.status_code == 404
    assert "Deze link kennen we niet" in antwoord.text
    assert 'href="/inloggen"' in antwoord.text


def test_een_herstellink_werkt_niet_als_activatielink(client, beheerder, student, db) -> None:
    herstel = service.maak_herstellink(db, beheerder, student.id)
    token = herstel.link.rsplit("/", 1)[-1]
    assert client.get(f"/activeren/{token}").status_code == 404
    assert client.get(f"/wachtwoord-herstellen/{token}").status_code == 200


@pytest.mark.parametrize(
    ("wachtwoord", "herhaling", "reden"),
    [
        ("kort-1", None, "Het wachtwoord moet minstens 12 tekens lang zijn."),
        ("Amsterdam1234", None, "veelgebruikte wachtwoorden"),
        ("nieuweling-is-mijn-naam", None, "Het wachtwoord mag je naam of e-mailadres niet bevatten."),
        (STERK, STERK + "x", "De twee wachtwoorden zijn niet gelijk."),
    ],
    ids=["te-kort", "veelgebruikt", "bevat-e-mailadres", "niet-gelijk"],
)
def test_een_zwak_wachtwoord_wordt_met_een_nederlandse_reden_geweigerd(  # noqa: PLR0913
    client, beheerder, db, wachtwoord: str, herhaling: str | None, reden: str
) -> None:
    persoon, link_pad = _nieuw_account(db, beheerder)
    antwoord = _stel_in(client, link_pad, wachtwoord, herhaling)
    assert antwoord.status_code == 422
    assert reden in antwoord.text
    assert "Dit is nog niet opgeslagen" in antwoord.text
    db.refresh(persoon)
    assert persoon.wachtwoord_hash is None
    link = db.scalar(select(EenmaligeLink).where(EenmaligeLink.gebruiker_id == persoon.id))
    assert link.gebruikt_op is None  # a refused password leaves the link usable
    assert _stel_in(client, link_pad).status_code == 303


def test_een_herstellink_beeindigt_alle_andere_sessies(client, beheerder, student, db) -> None:
    sessies.start(db, student)
    sessies.start(db, student)
    herstel = service.maak_herstellink(db, beheerder, student.id)
    antwoord = _stel_in(client, pad(herstel.link), "nieuw-fietspad-langs-de-dijk")
    assert antwoord.status_code == 303
    assert antwoord.headers["location"] == "/inloggen?melding=wachtwoord_hersteld"
    assert sessies_van(db, student.id) == []
    assert service.inloggen(db, student.email, "nieuw-fietspad-langs-de-dijk", "test")
    assert audit(db, "wachtwoord_hersteld", student.id)


def test_een_nieuwe_herstellink_maakt_de_vorige_ongeldig(client, beheerder, student, db) -> None:
    eerste = service.maak_herstellink(db, beheerder, student.id)
    tweede = service.maak_herstellink(db, beheerder, student.id)
    assert client.get(pad(eerste.link)).status_code == 410
    assert client.get(pad(tweede.link)).status_code == 200


def test_de_link_van_een_gedeactiveerd_account_werkt_niet(client, beheerder, db) -> None:
    persoon, link_pad = _nieuw_account(db, beheerder)
    service.deactiveer(db, beheerder, persoon.id)
    antwoord = _stel_in(client, link_pad)
    assert antwoord.status_code == 410
    db.refresh(persoon)
    assert persoon.wachtwoord_hash is None


def test_een_link_zonder_csrf_token_wordt_geweigerd(client, beheerder, db) -> None:
    persoon, link_pad = _nieuw_account(db, beheerder)
    client.get(link_pad)
    antwoord = client.post(link_pad, data={"wachtwoord": STERK, "herhaling": STERK}, follow_redirects=False)
    assert antwoord.status_code == 403
    db.refresh(persoon)
    assert persoon.wachtwoord_hash is None


def _geen_actieve_beheerder(db) -> None:  # noqa: ANN001
    """Within this test's transaction: as on a fresh database, whatever else the test database holds."""
    beheerders = select(GebruikerRol.gebruiker_id).where(GebruikerRol.rol == Rol.beheerder)
    db.execute(update(Gebruiker).where(Gebruiker.id.in_(beheerders)).values(actief=False))
    db.flush()


def _maak_eerste(client, link_pad: str, **velden: str):  # noqa: ANN001, ANN202
    csrf = anonieme_csrf(client, link_pad)
    data = {"email": "eerste@example.nl", "naam": "Eerste Beheerder", "wachtwoord": STERK, "herhaling": STERK}
    return client.post(link_pad, data={**data, **velden, "csrf_token": csrf}, follow_redirects=False)


def test_de_eerste_beheerder_kan_alleen_worden_aangemaakt_zolang_er_geen_beheerder_is(client, db) -> None:
    _geen_actieve_beheerder(db)
    oude_url = links.eerste_beheerder_link_als_nodig(db)
    url = links.eerste_beheerder_link_als_nodig(db)
    assert url is not None and url.startswith("http") and "/eerste-beheerder/" in url
    assert client.get(pad(oude_url)).status_code == 410  # a fresh link replaces the older one

    formulier = client.get(pad(url))
    assert formulier.status_code == 200 and "Eerste functioneel beheerder" in formulier.text
    antwoord = _maak_eerste(client, pad(url), email="Eerste@Example.nl")
    assert antwoord.status_code == 303
    assert antwoord.headers["location"] == "/inloggen?melding=eerste_beheerder"

    eerste = db.scalar(select(Gebruiker).where(Gebruiker.email == "eerste@example.nl"))
    assert eerste is not None and eerste.rollen == {Rol.beheerder} and eerste.actief
    assert service.inloggen(db, "eerste@example.nl", STERK, "test")
    assert audit(db, "eerste_beheerder_aangemaakt", eerste.id)

    assert links.eerste_beheerder_link_als_nodig(db) is None
    weer = client.get(pad(url))
    assert weer.status_code == 410
    assert "Er is al een functioneel beheerder" in weer.text


def test_een_eerste_beheerder_link_werkt_niet_meer_zodra_er_een_beheerder_is(client, db) -> None:
    _geen_actieve_beheerder(db)
    url = links.eerste_beheerder_link_als_nodig(db)
    factories.create_gebruiker(db, Rol.beheerder)
    antwoord = _maak_eerste(client, pad(url), email="indringer@example.nl")
    assert antwoord.status_code == 410
    assert "Er is al een functioneel beheerder" in antwoord.text
    assert db.scalar(select(Gebruiker).where(Gebruiker.email == "indringer@example.nl")) is None


def test_de_eerste_beheerder_moet_een_sterk_wachtwoord_kiezen(client, db) -> None:
    _geen_actieve_beheerder(db)
    url = links.eerste_beheerder_link_als_nodig(db)
    antwoord = _maak_eerste(client, pad(url), wachtwoord="kort", herhaling="kort", email="zwak@example.nl")
    assert antwoord.status_code == 422
    assert "minstens 12 tekens" in antwoord.text
    assert 'value="zwak@example.nl"' in antwoord.text
    assert client.get(pad(url)).status_code == 200  # still usable


def test_zonder_beheerder_geen_link_nodig_als_er_wel_een_is(beheerder, db) -> None:
    assert links.eerste_beheerder_link_als_nodig(db) is None


def test_een_onbekende_link_posten_krijgt_dezelfde_vriendelijke_pagina(client) -> None:
    antwoord = _stel_in(client, "/activeren/dit-bestaat-niet")
    assert antwoord.status_code == 404
    assert "Deze link kennen we niet" in antwoord.text
    assert 'href="/inloggen"' in antwoord.text
