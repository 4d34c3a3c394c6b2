"""Every form: a value far too long comes back with a Dutch message at its field, and what was typed is kept.

One case per form that posts a field (grep templates for <form); forms without fields of their own
(log out, submit, withdraw, delete, check the chain) have nothing to keep. The import's second step
only carries the hidden package of its first step.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.accounts import links
from app.models import Gebruiker, LinkDoel, Oordeel, Rol, Sessie
from tests import factories
from tests.accounts.helpers import anonieme_csrf
from tests.portfolio.conftest import PDF

LANG = "x" * 10_000
NEDERLANDS = re.compile(r"te lang|langer dan|hoogstens|Onbekende rol|Vul een getal in")


@dataclass
class Geval:
    """Where to post, what, and where its message and the kept value must show."""

    url: str
    data: dict
    fout_id: str  # the id of the field's message element is `{fout_id}-fout`
    # Markup that shows the value kept; None where it cannot be: a password (never sent back)
    # or a choice that is none of the options (checkboxes, a select).
    bewaard: str | None = None
    bestanden: list = field(default_factory=list)
    # For a form behind a login: the page that shows it, and the key of its draft (data-concept).
    pagina: str = ""
    concept: str = ""


def _login(client: TestClient, db: Session, *rollen: Rol):  # noqa: ANN202
    persoon = factories.create_gebruiker(db, *rollen)
    factories.login(client, db, persoon)
    return persoon


def _anoniem(client: TestClient, url: str) -> dict:
    return {"csrf_token": anonieme_csrf(client, url)}


def inloggen(client: TestClient, db: Session) -> Geval:
    data = {**_anoniem(client, "/inloggen"), "email": LANG, "wachtwoord": "geheim"}
    return Geval("/inloggen", data, "email", f'value="{LANG}"')


def wachtwoord_wijzigen(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.student)
    return Geval("/account/wachtwoord", {"huidig": LANG, "nieuw": "n", "herhaling": "n"}, "huidig")


def token_aanmaken(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.student)
    return Geval(
        "/account/tokens", {"naam": LANG}, "token-naam", f'value="{LANG}"', pagina="/account", concept="token-nieuw"
    )


def eerste_beheerder(client: TestClient, db: Session) -> Geval:
    token = links.maak(db, LinkDoel.eerste_beheerder)
    url = f"/eerste-beheerder/{token}"
    data = {**_anoniem(client, url), "naam": LANG, "email": "eerste@example.nl", "wachtwoord": "w", "herhaling": "w"}
    return Geval(url, data, "naam", f'value="{LANG}"')


def _wachtwoord_link(doel: LinkDoel, pad: str) -> Callable[[TestClient, Session], Geval]:
    def geval(client: TestClient, db: Session) -> Geval:
        persoon = factories.create_gebruiker(db, Rol.student, wachtwoord=None)
        url = f"{pad}/{links.maak(db, doel, persoon.id)}"
        return Geval(url, {**_anoniem(client, url), "wachtwoord": LANG, "herhaling": LANG}, "wachtwoord")

    return geval


def gebruiker_aanmaken(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.beheerder)
    data = {"naam": LANG, "email": "nieuw@example.nl", "rollen": "praktijkbegeleider"}
    return Geval(
        "/beheer/gebruikers",
        data,
        "naam",
        f'value="{LANG}"',
        pagina="/beheer/gebruikers/nieuw",
        concept="gebruiker-nieuw",
    )


def rollen_wijzigen(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.beheerder)
    persoon = factories.create_gebruiker(db, Rol.student)
    pagina = f"/beheer/gebruikers/{persoon.id}"
    return Geval(f"{pagina}/rollen", {"rollen": LANG}, "rollen", pagina=pagina, concept=f"rollen-{persoon.id}")


def cohort_aanmaken(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.beheerder)
    data = {"code": LANG, "naam": "Najaar"}
    return Geval("/beheer/cohorten", data, "code", f'value="{LANG}"', pagina="/beheer/cohorten", concept="cohort-nieuw")


def inschrijven(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.beheerder)
    student = factories.create_gebruiker(db, Rol.student)
    data = {"student": str(student.id), "kwalificatie": "", "cohort": "", "startdatum": LANG}
    pagina, concept = "/beheer/inschrijvingen", "inschrijving-nieuw"
    return Geval(pagina, data, "startdatum", f'value="{LANG}"', pagina=pagina, concept=concept)


def status_wijzigen(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.beheerder)
    student = factories.create_gebruiker(db, Rol.student)
    inschrijving = factories.create_inschrijving(db, student)
    url = f"/beheer/inschrijvingen/{inschrijving.id}/status"
    pagina = f"/beheer/inschrijvingen?q={student.studentnummer}"
    return Geval(url, {"status": LANG}, f"status-{inschrijving.id}", pagina=pagina, concept=f"status-{inschrijving.id}")


def begeleiding_koppelen(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.beheerder)
    data = {"praktijkbegeleider": "", "student": "", "van": LANG, "tot": ""}
    pagina, concept = "/beheer/begeleidingen", "begeleiding-nieuw"
    return Geval(pagina, data, "van", f'value="{LANG}"', pagina=pagina, concept=concept)


def begeleiding_beeindigen(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.beheerder)
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    b = factories.create_begeleiding(db, begeleider, factories.create_gebruiker(db, Rol.student))
    url, bewaard = f"/beheer/begeleidingen/{b.id}/beeindigen", f'value="{LANG}"'
    return Geval(
        url, {"tot": LANG}, f"tot-{b.id}", bewaard, pagina="/beheer/begeleidingen", concept=f"beeindigen-{b.id}"
    )


def import_controleren(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.beheerder)
    csv = b"studentnummer;naam;e-mail;cohort;kwalificatie\n1;A;a@example.nl;C1;WA-N6 2.1\n"
    bestanden = [("bestand", ("studenten.csv", csv, "text/csv"))]
    url, bewaard = "/beheer/import/voorbeeld", f'value="{LANG}"'
    return Geval(url, {"startdatum": LANG}, "startdatum", bewaard, bestanden, pagina="/beheer/import", concept="import")


def kwalificatie_importeren(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.beheerder)
    bestanden = [("bestand", ("raamwerk.json", b'{"CFDocument": {}}', "application/json"))]
    url, pagina, bewaard = "/beheer/kwalificaties/import/voorbeeld", "/beheer/kwalificaties/import", f'value="{LANG}"'
    data = {"code": LANG, "versie": "1.0", "indeling": "itemtype"}
    return Geval(url, data, "code", bewaard, bestanden, pagina=pagina, concept="kwalificatie-import")


def bewijsstuk_toevoegen(client: TestClient, db: Session) -> Geval:
    student = _login(client, db, Rol.student)
    factories.create_inschrijving(db, student)
    data = {"titel": LANG, "context": "Avonddienst", "leeruitkomsten": "LU1.1"}
    bestanden = [("bestanden", ("verslag.pdf", PDF, "application/pdf"))]
    pagina = "/portfolio/bewijsstukken/nieuw"
    return Geval("/portfolio/bewijsstukken", data, "titel", f'value="{LANG}"', bestanden, pagina, "bewijsstuk-nieuw")


def bewijsstuk_wijzigen(client: TestClient, db: Session) -> Geval:
    student = _login(client, db, Rol.student)
    factories.create_inschrijving(db, student)
    nieuw = client.post(
        f"/api/v1/studenten/{student.id}/bewijsstukken",
        data={"titel": "Verslag", "leeruitkomsten": ["LU1.1"]},
        files=[("bestanden", ("verslag.pdf", PDF, "application/pdf"))],
    ).json()
    data = {"titel": "Verslag", "onderbouwing_LU1.1": LANG + "y", "leeruitkomsten": "LU1.1"}
    url, concept = f"/bewijsstukken/{nieuw['id']}/bewerken", f"bewijsstuk-{nieuw['id']}"
    return Geval(url, data, "onderbouwing_LU1-1", f">{LANG}y</textarea>", pagina=url, concept=concept)


def bewijsstuk_verbergen(client: TestClient, db: Session) -> Geval:
    student = factories.create_gebruiker(db, Rol.student)
    factories.create_inschrijving(db, student)
    factories.login(client, db, student)
    nieuw = client.post(
        f"/api/v1/studenten/{student.id}/bewijsstukken",
        data={"titel": "Verslag", "leeruitkomsten": ["LU1.1"]},
        files=[("bestanden", ("verslag.pdf", PDF, "application/pdf"))],
    ).json()
    _login(client, db, Rol.beheerder)
    pagina, concept = f"/bewijsstukken/{nieuw['id']}", f"verbergen-{nieuw['id']}"
    return Geval(f"{pagina}/verbergen", {"reden": LANG}, "reden", f">{LANG}</textarea>", pagina=pagina, concept=concept)


def beoordeling_opslaan(client: TestClient, db: Session) -> Geval:
    from tests.beoordeling.conftest import maak_ingediend

    student = factories.create_gebruiker(db, Rol.student)
    factories.create_inschrijving(db, student)
    versie = maak_ingediend(db, student, ("LU1.1",))
    begeleider = _login(client, db, Rol.praktijkbegeleider)
    factories.create_begeleiding(db, begeleider, student)
    te_lang = "x" * 25_000  # the feedback may be long, up to 20,000 characters
    data = {"oordeel": "niet_aangetoond", "feedback": te_lang}
    url = f"/te-beoordelen/{versie.id}/leeruitkomsten/LU1.1"
    pagina, concept = f"/te-beoordelen/{versie.id}", f"beoordeling-{versie.id}-LU1.1"
    return Geval(url, data, "form-LU1-1-feedback", f">{te_lang}</textarea>", pagina=pagina, concept=concept)


def besluit_nemen(client: TestClient, db: Session) -> Geval:
    from tests.besluit.conftest import maak_diplomabaar

    student = factories.create_gebruiker(db, Rol.student)
    factories.create_inschrijving(db, student)
    beoordelaar = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    maak_diplomabaar(db, student, beoordelaar, factories.create_gebruiker(db, Rol.beheerder))
    _login(client, db, Rol.examencommissie)
    te_lang = "x" * 25_000  # a motivering may be long, up to 20,000 characters
    data = {"besluit": "vastgesteld", "motivering": te_lang}
    pagina = f"/examencommissie/studenten/{student.id}"
    return Geval(
        f"{pagina}/besluit",
        data,
        "motivering",
        f">{te_lang}</textarea>",
        pagina=pagina,
        concept=f"besluit-{student.id}",
    )


def diploma_intrekken(client: TestClient, db: Session) -> Geval:
    from tests.besluit.conftest import maak_diplomabaar

    student = factories.create_gebruiker(db, Rol.student)
    factories.create_inschrijving(db, student)
    beoordelaar = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    maak_diplomabaar(db, student, beoordelaar, factories.create_gebruiker(db, Rol.beheerder))
    _login(client, db, Rol.examencommissie)
    besluit = {"besluit": "vastgesteld", "motivering": "Volledig dossier."}
    nummer = client.post(f"/api/v1/studenten/{student.id}/diplomabesluit", json=besluit).json()["diplomanummer"]
    te_lang = "x" * 25_000
    url = f"/examencommissie/studenten/{student.id}/diplomas/{nummer}/intrekking"
    pagina, concept = f"/examencommissie/studenten/{student.id}", f"intrekking-{nummer}"
    return Geval(url, {"reden": te_lang}, "intrek-reden", f">{te_lang}</textarea>", pagina=pagina, concept=concept)


def dossier_heropenen(client: TestClient, db: Session) -> Geval:
    geval = diploma_intrekken(client, db)
    assert client.post(geval.url, data={"reden": "Fraude vastgesteld."}).status_code in (200, 303)
    te_lang = "x" * 25_000
    url = geval.url.removesuffix("/intrekking") + "/heropening"
    concept = geval.concept.replace("intrekking-", "heropening-")
    return Geval(
        url, {"reden": te_lang}, "heropen-reden", f">{te_lang}</textarea>", pagina=geval.pagina, concept=concept
    )


def reageren_op_feedback(client: TestClient, db: Session) -> Geval:
    from tests.beoordeling.conftest import maak_beoordeling, maak_ingediend

    student = _login(client, db, Rol.student)
    factories.create_inschrijving(db, student)
    beoordelaar = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    factories.create_begeleiding(db, beoordelaar, student)
    beoordeling = maak_beoordeling(db, student, beoordelaar, maak_ingediend(db, student), Oordeel.niet_aangetoond)
    url = f"/beoordelingen/{beoordeling.id}/reactie"
    bewaard, concept = f">{LANG}</textarea>", f"reactie-{beoordeling.id}"
    return Geval(url, {"tekst": LANG}, f"reactie-tekst-{beoordeling.id}", bewaard, pagina="/portfolio", concept=concept)


def beoordelingsregel_instellen(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.beheerder)
    url = "/kwalificaties/WA-N6/versies/2.1/beoordelingsregel"
    pagina = "/kwalificaties/WA-N6/versies/2.1"
    return Geval(
        url,
        {"beoordelaars_vereist": LANG},
        "beoordelaars_vereist",
        pagina=pagina,
        concept=f"beoordelingsregel-{pagina}",
    )


def beroepsvereiste_vastleggen(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.beheerder)
    student = factories.create_gebruiker(db, Rol.student)
    factories.create_inschrijving(db, student)
    data = {"code": "RTGP", "resultaat": "voldaan", "datum": LANG, "geldig_tot": "2027-01-01"}
    pagina = f"/beheer/studenten/{student.id}/beroepsvereisten"
    return Geval(pagina, data, "datum", f'value="{LANG}"', pagina=pagina, concept=f"beroepsvereiste-{student.id}")


def aanstelling_vastleggen(client: TestClient, db: Session) -> Geval:
    _login(client, db, Rol.beheerder)
    student = factories.create_gebruiker(db, Rol.student)
    inschrijving = factories.create_inschrijving(db, student)
    data = {"aangesteld_bij_politie_op": LANG}
    return Geval(
        f"/beheer/inschrijvingen/{inschrijving.id}/aanstelling",
        data,
        f"aanstelling-{inschrijving.id}",
        f'value="{LANG}"',
        pagina=f"/beheer/inschrijvingen?q={student.studentnummer}",
        concept=f"aanstelling-{inschrijving.id}",
    )


FORMULIEREN = [
    inloggen,
    wachtwoord_wijzigen,
    token_aanmaken,
    eerste_beheerder,
    _wachtwoord_link(LinkDoel.activatie, "/activeren"),
    _wachtwoord_link(LinkDoel.reset, "/wachtwoord-herstellen"),
    gebruiker_aanmaken,
    rollen_wijzigen,
    cohort_aanmaken,
    inschrijven,
    status_wijzigen,
    begeleiding_koppelen,
    begeleiding_beeindigen,
    import_controleren,
    kwalificatie_importeren,
    bewijsstuk_toevoegen,
    bewijsstuk_wijzigen,
    bewijsstuk_verbergen,
    beoordeling_opslaan,
    besluit_nemen,
    diploma_intrekken,
    dossier_heropenen,
    reageren_op_feedback,
    beoordelingsregel_instellen,
    beroepsvereiste_vastleggen,
    aanstelling_vastleggen,
]
NAMEN = [
    "inloggen", "wachtwoord_wijzigen", "token_aanmaken", "eerste_beheerder", "activeren", "wachtwoord_herstellen",
    "gebruiker_aanmaken", "rollen_wijzigen", "cohort_aanmaken", "inschrijven", "status_wijzigen",
    "begeleiding_koppelen", "begeleiding_beeindigen", "import_controleren", "kwalificatie_importeren",
    "bewijsstuk_toevoegen",
    "bewijsstuk_wijzigen", "bewijsstuk_verbergen", "beoordeling_opslaan", "besluit_nemen", "diploma_intrekken",
    "dossier_heropenen",
    "reageren_op_feedback", "beoordelingsregel_instellen", "beroepsvereiste_vastleggen", "aanstelling_vastleggen",
]  # fmt: skip


# The limit each refusal names; none where the value is no text that can be too long (a role, a number).
LIMIETEN = {
    "inloggen": 320, "wachtwoord_wijzigen": 1024, "token_aanmaken": 100, "eerste_beheerder": 200, "activeren": 1024,
    "wachtwoord_herstellen": 1024, "gebruiker_aanmaken": 200, "rollen_wijzigen": None, "cohort_aanmaken": 60,
    "inschrijven": 1000, "status_wijzigen": 1000, "begeleiding_koppelen": 1000, "begeleiding_beeindigen": 1000,
    "import_controleren": 1000, "kwalificatie_importeren": 40, "bewijsstuk_toevoegen": 200,
    "bewijsstuk_wijzigen": 10_000, "bewijsstuk_verbergen": 2000, "beoordeling_opslaan": 20_000, "besluit_nemen": 10_000,
    "diploma_intrekken": 10_000, "dossier_heropenen": 10_000, "reageren_op_feedback": 5000,
    "beoordelingsregel_instellen": None, "beroepsvereiste_vastleggen": 1000, "aanstelling_vastleggen": 1000,
}  # fmt: skip


@pytest.mark.parametrize("maak_geval", FORMULIEREN, ids=NAMEN)
def test_een_veel_te_lange_waarde_komt_terug_met_een_melding_bij_het_veld_en_de_invoer_blijft(
    maak_geval: Callable[[TestClient, Session], Geval], client: TestClient, db: Session, request: pytest.FixtureRequest
) -> None:
    geval = maak_geval(client, db)
    limiet = LIMIETEN[request.node.callspec.id]

    antwoord = client.post(geval.url, data=geval.data, files=geval.bestanden or None, follow_redirects=False)

    assert 400 <= antwoord.status_code < 500, antwoord.text[:500]
    melding = re.search(rf'id="{re.escape(geval.fout_id)}-fout">([^<]*)<', antwoord.text)
    assert melding, f"no message at field {geval.fout_id}"
    tekst = html.unescape(melding.group(1))
    assert NEDERLANDS.search(tekst), tekst[:200]
    if limiet is not None:  # the message names the limit and how long the text was
        gegeven = max(len(v) for v in geval.data.values() if isinstance(v, str))
        assert f"te lang: hoogstens {limiet} tekens (je gaf {gegeven})." in tekst, tekst[:200]
    assert "Ongeldige invoer" not in antwoord.text  # not the generic error page
    if geval.bewaard is not None:
        assert geval.bewaard in antwoord.text
    else:
        assert LANG not in antwoord.text


ACHTER_INLOGGEN = [(f, n) for f, n in zip(FORMULIEREN, NAMEN, strict=True) if n not in {
    "inloggen", "eerste_beheerder", "activeren", "wachtwoord_herstellen",  # no session to expire
    "wachtwoord_wijzigen",  # only passwords, which no draft keeps
}]  # fmt: skip


@pytest.mark.parametrize("maak_geval", [f for f, _ in ACHTER_INLOGGEN], ids=[n for _, n in ACHTER_INLOGGEN])
def test_na_een_verlopen_sessie_keert_het_formulier_terug_met_zijn_concept(
    maak_geval: Callable[[TestClient, Session], Geval], client: TestClient, db: Session
) -> None:
    """Sent after the session expired: the login page says so and leads back to the page with the form, whose
    draft (static/concept.js keeps one per data-concept key in the browser) comes back there."""
    geval = maak_geval(client, db)
    pagina = client.get(geval.pagina)
    assert pagina.status_code == 200, pagina.text[:300]
    assert f'data-concept="{geval.concept}"' in pagina.text  # the form keeps a draft while it is filled in
    persoon_id = db.scalar(select(Sessie.gebruiker_id).order_by(Sessie.id.desc()).limit(1))
    db.execute(update(Sessie).values(laatst_gezien_op=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)))
    db.flush()

    referer = {"Referer": f"http://testserver{geval.pagina}"}
    verzonden = client.post(
        geval.url, data=geval.data, files=geval.bestanden or None, headers=referer, follow_redirects=False
    )

    assert verzonden.status_code == 303, verzonden.text[:300]
    doel = urlsplit(verzonden.headers["location"])
    assert doel.path == "/inloggen"
    assert parse_qs(doel.query) == {"volgende": [geval.pagina], "melding": ["sessie_verlopen"]}
    assert "Je sessie is verlopen" in client.get(verzonden.headers["location"]).text
    factories.login(client, db, db.get(Gebruiker, persoon_id))
    terug = client.get(geval.pagina)
    assert terug.status_code == 200
    assert f'data-concept="{geval.concept}"' in terug.text


def test_de_api_noemt_de_grens_van_een_te_lange_tekst_in_de_problem_details(client: TestClient, db: Session) -> None:
    from tests.besluit.conftest import maak_diplomabaar

    student = factories.create_gebruiker(db, Rol.student)
    factories.create_inschrijving(db, student)
    beoordelaar = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    maak_diplomabaar(db, student, beoordelaar, factories.create_gebruiker(db, Rol.beheerder))
    _login(client, db, Rol.examencommissie)
    besluit = {"besluit": "vastgesteld", "motivering": "x" * 12_345}

    antwoord = client.post(f"/api/v1/studenten/{student.id}/diplomabesluit", json=besluit)

    assert antwoord.status_code == 422
    assert antwoord.headers["content-type"] == "application/problem+json"
    meldingen = {f["veld"]: f["melding"] for f in antwoord.json()["errors"]}
    assert meldingen == {"motivering": "Dit veld is te lang: hoogstens 10000 tekens (je gaf 12345)."}

    student_zelf = _login(client, db, Rol.student)
    factories.create_inschrijving(db, student_zelf)
    antwoord = client.post(
        f"/api/v1/studenten/{student_zelf.id}/bewijsstukken",
        data={"titel": "t" * 250, "leeruitkomsten": ["LU1.1"]},
        files=[("bestanden", ("verslag.pdf", PDF, "application/pdf"))],
    )
    assert antwoord.status_code == 422 and antwoord.headers["content-type"] == "application/problem+json"
    assert "De titel is te lang: hoogstens 200 tekens (je gaf 250)." in str(antwoord.json()["errors"])
