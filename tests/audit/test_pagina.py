"""Beheer › Audittrail: only the beheerder reads it, newest first, filtered, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.audit.service import registreer, verifieer
from app.models import AuditRecord, Gebruiker, Rol
from tests import factories
from tests.audit.vervalsingen import zonder_trigger

URL = "/beheer/audit"
HTMX = {"HX-Request": "true", "HX-Target": "div#auditresultaten"}


def maak_record(
    db: Session,
    actie: str,
    actor: Gebruiker | None = None,
    *,
    tijd: dt.datetime | None = None,
    onderwerp_type: str = "gebruiker",
    onderwerp_id: object = None,
    **gegevens: object,
) -> AuditRecord:
    """A chained record; with `tijd` it is dated back before it joins the chain, so the chain stays whole."""
    record = registreer(db, actor, actie, onderwerp_type, onderwerp_id, **gegevens)
    if tijd is not None:
        record.tijd = tijd
    db.commit()
    return record


def uniek(naam: str) -> str:
    # Committed records from browser and CLI tests may share the database: filter on our own action.
    return f"{naam}_{secrets.token_hex(3)}"


def rijen(html: str) -> list[str]:
    return re.findall(r'<tr>\s*<td data-label="Nr\." class="audit-nr">(\d+)</td>', html)


# --- who may see it ---------------------------------------------------------------------------------------


def test_beheerder_ziet_de_audittrail(client, als, beheerder, db) -> None:  # noqa: ANN001
    maak_record(db, "ingelogd", beheerder, onderwerp_id=beheerder.id)
    als(beheerder)

    response = client.get(URL)

    assert response.status_code == 200
    assert "<h1>Audittrail</h1>" in response.text
    assert "Keten controleren" in response.text
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("persona", ["student", "praktijkbegeleider", "examencommissielid"])
def test_anderen_krijgen_404(client, als, request, persona: str) -> None:  # noqa: ANN001
    als(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 404
    assert client.post(f"{URL}/controle").status_code == 404


def test_wie_niet_is_ingelogd_gaat_naar_de_inlogpagina(client) -> None:  # noqa: ANN001
    response = client.get(URL, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"].startswith("/inloggen?volgende=")


# --- what it shows -----------------------------------------------------------------------------------------


def test_nieuwste_eerst_met_wie_wat_waarover(client, als, beheerder, student, db) -> None:  # noqa: ANN001
    actie = uniek("rol_gewijzigd")
    oud = maak_record(db, actie, beheerder, onderwerp_id=student.id, rol="student")
    nieuw = maak_record(db, actie, None, onderwerp_id=student.id, via="cli")
    systeem = maak_record(db, actie, None, onderwerp_type="diploma", onderwerp_id="WA-0001")
    als(beheerder)

    html = client.get(URL, params={"actie": actie}).text

    assert rijen(html) == [str(systeem.volgnummer), str(nieuw.volgnummer), str(oud.volgnummer)]
    assert f'<a href="/beheer/gebruikers/{beheerder.id}">Bram Beheerder</a>' in html and beheerder.email in html
    assert '<td data-label="Wie" class="audit-wie">commandoregel</td>' in html
    assert '<td data-label="Wie" class="audit-wie">systeem</td>' in html
    # The subject is linked to its page and, for a person, named.
    onderwerp = f'<a href="/beheer/gebruikers/{student.id}">Gebruiker {student.id}</a>'
    assert f'{onderwerp}<br><span class="meta">{student.naam}</span>' in html
    # An unknown subject type is shown as itself, without a link.
    assert '<td data-label="Onderwerp" class="audit-onderwerp">diploma WA-0001</td>' in html
    # Details are folded away; pretty JSON, escaped.
    assert "<details><summary>Gegevens" in html
    assert "&#34;rol&#34;: &#34;student&#34;" in html


def test_acties_en_onderwerpen_staan_er_in_het_nederlands(client, als, beheerder, student, db) -> None:  # noqa: ANN001
    maak_record(db, "rollen_gewijzigd", beheerder, onderwerp_id=student.id, oud=["student"], nieuw=["student"])
    maak_record(db, "token_aangemaakt", student, onderwerp_type="api_token", onderwerp_id=7)
    als(beheerder)

    html = client.get(URL, params={"actor": beheerder.email}).text
    tokens = client.get(URL, params={"onderwerp_type": "api_token", "actor": student.email}).text

    assert '<span title="rollen_gewijzigd">Rollen gewijzigd</span>' in html
    assert '<span title="token_aangemaakt">API-token aangemaakt</span>' in tokens
    # A token has no page of its own: its subject is plain text.
    assert '<td data-label="Onderwerp" class="audit-onderwerp">API-token 7</td>' in tokens


def test_tijden_staan_in_nederlandse_tijd(client, als, beheerder, db) -> None:  # noqa: ANN001
    actie = uniek("tijd")
    maak_record(db, actie, tijd=dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC))  # winter: UTC+1
    maak_record(db, actie, tijd=dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC))  # summer: UTC+2
    als(beheerder)

    html = client.get(URL, params={"actie": actie}).text

    assert '<time datetime="2026-01-15T11:00:00+01:00">15-01-2026 11:00:00</time>' in html
    assert '<time datetime="2026-07-01T12:00:00+02:00">01-07-2026 12:00:00</time>' in html


def test_gegevens_worden_ontsnapt(client, als, beheerder, db) -> None:  # noqa: ANN001
    actie = uniek("xss")
    maak_record(db, actie, beheerder, notitie="<script>alert('x')</script>")
    als(beheerder)

    html = client.get(URL, params={"actie": actie}).text

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


# --- filters ----------------------------------------------------------------------------------------------


def test_filter_op_actie_met_een_keuzelijst_uit_de_woordenlijst(client, als, beheerder, db) -> None:  # noqa: ANN001
    gezocht, ander = uniek("gezocht"), uniek("ander")
    a = maak_record(db, gezocht)
    maak_record(db, ander)
    ingelogd = maak_record(db, "ingelogd", beheerder, onderwerp_id=beheerder.id)
    als(beheerder)

    html = client.get(URL, params={"actie": gezocht}).text
    op_label = client.get(URL, params={"actie": "ingelogd", "actor": beheerder.email}).text

    assert rijen(html) == [str(a.volgnummer)]
    # Every known action is a choice, in Dutch, whether or not the trail holds it yet.
    assert '<option value="rollen_gewijzigd" >Rollen gewijzigd</option>' in html
    assert '<option value="begeleiding_beeindigd" >Begeleiding beëindigd</option>' in html
    # A value from the address that is not in the vocabulary stays chosen, as itself.
    assert f'<option value="{gezocht}" selected>{gezocht}</option>' in html
    # The choices do not come from the trail: an action only the trail holds is not offered.
    assert f'value="{ander}"' not in html
    assert rijen(op_label)[0] == str(ingelogd.volgnummer)
    assert '<option value="ingelogd" selected>Ingelogd</option>' in op_label


def test_filter_op_wie_zoekt_in_naam_en_e_mailadres(client, als, beheerder, db) -> None:  # noqa: ANN001
    actie = uniek("wie")
    wendy = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Wendy Wijkagent", email="w.w@politie.nl")
    karel = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Karel Kaas", email="kk@voorbeeld.nl")
    van_wendy = maak_record(db, actie, wendy)
    van_karel = maak_record(db, actie, karel)
    maak_record(db, actie, None)
    als(beheerder)

    op_naam = client.get(URL, params={"actie": actie, "actor": "wijkAGENT"}).text
    op_email = client.get(URL, params={"actie": actie, "actor": "@voorbeeld"}).text
    op_percent = client.get(URL, params={"actie": actie, "actor": "%"}).text

    assert rijen(op_naam) == [str(van_wendy.volgnummer)]
    assert rijen(op_email) == [str(van_karel.volgnummer)]
    assert rijen(op_percent) == []  # LIKE wildcards are searched for literally
    assert "Geen records gevonden met deze filters." in op_percent


def test_filter_op_soort_onderwerp(client, als, beheerder, db) -> None:  # noqa: ANN001
    actie = uniek("onderwerp")
    maak_record(db, actie, onderwerp_type="gebruiker")
    diploma = maak_record(db, actie, onderwerp_type="certificaat")
    als(beheerder)

    html = client.get(URL, params={"actie": actie, "onderwerp_type": "certificaat"}).text

    assert rijen(html) == [str(diploma.volgnummer)]
    assert '<option value="certificaat" selected>certificaat</option>' in html
    assert '<option value="bewijsstuk" >Bewijsstuk</option>' in html


def test_filter_op_datum_telt_hele_nederlandse_dagen(client, als, beheerder, db) -> None:  # noqa: ANN001
    actie = uniek("datum")
    # 1 March 23:30 UTC is already 2 March in the Netherlands.
    laat = maak_record(db, actie, tijd=dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC))
    vroeg = maak_record(db, actie, tijd=dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC))
    later = maak_record(db, actie, tijd=dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC))
    als(beheerder)

    def gevonden(**params: str) -> list[str]:
        return rijen(client.get(URL, params={"actie": actie, **params}).text)

    assert gevonden(van="2026-03-02", tot="2026-03-02") == [str(laat.volgnummer)]
    assert gevonden(tot="2026-03-01") == [str(vroeg.volgnummer)]
    assert gevonden(van="2026-03-02") == [str(later.volgnummer), str(laat.volgnummer)]
    assert gevonden(van="", tot="") == [str(later.volgnummer), str(vroeg.volgnummer), str(laat.volgnummer)]


def test_een_ongeldige_datum_geeft_een_nederlandse_foutmelding(client, als, beheerder) -> None:  # noqa: ANN001
    als(beheerder)

    response = client.get(URL, params={"van": "gisteren"})

    assert response.status_code == 422
    assert "De invoer is niet geldig." in response.text


# --- htmx and paging ----------------------------------------------------------------------------------------


def test_htmx_krijgt_alleen_de_tabel(client, als, beheerder, db) -> None:  # noqa: ANN001
    actie = uniek("htmx")
    record = maak_record(db, actie)
    als(beheerder)

    response = client.get(URL, params={"actie": actie}, headers=HTMX)

    assert response.status_code == 200
    assert rijen(response.text) == [str(record.volgnummer)]
    assert "<html" not in response.text and "<h1>" not in response.text and "<form" not in response.text
    assert response.headers["Vary"] == "HX-Request"


def test_terug_in_de_geschiedenis_krijgt_htmx_de_hele_pagina(client, als, beheerder) -> None:  # noqa: ANN001
    als(beheerder)

    response = client.get(URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert "<h1>Audittrail</h1>" in response.text


def test_bladeren_in_pagina_s_van_50(client, als, beheerder, db) -> None:  # noqa: ANN001
    actie = uniek("bladeren")
    records = [maak_record(db, actie, stap=i) for i in range(60)]
    nummers = [str(r.volgnummer) for r in reversed(records)]
    als(beheerder)

    eerste = client.get(URL, params={"actie": actie}).text
    assert rijen(eerste) == nummers[:50]
    assert "Nieuwere records" not in eerste
    ouder = re.search(r'<a href="(/beheer/audit\?[^"]+)"[^>]*>Oudere records</a>', eerste).group(1)
    assert f"actie={actie}" in ouder  # the filters travel along

    tweede = client.get(ouder.replace("&amp;", "&")).text
    assert rijen(tweede) == nummers[50:]
    assert "Oudere records" not in tweede
    nieuwer = re.search(r'<a href="(/beheer/audit\?[^"]+)"[^>]*>Nieuwere records</a>', tweede).group(1)

    terug = client.get(nieuwer.replace("&amp;", "&")).text
    assert rijen(terug) == nummers[:50]
    assert "Nieuwere records" not in terug and "Oudere records" in terug


def test_het_aantal_queries_hangt_niet_af_van_het_aantal_records(  # noqa: ANN001
    client, als, beheerder, db, count_queries
) -> None:
    actie = uniek("queries")
    # Each record has its own actor, so a query per row would show.
    personen = [factories.create_gebruiker(db, Rol.praktijkbegeleider) for _ in range(60)]
    for persoon in personen[:5]:
        maak_record(db, actie, persoon, onderwerp_id=persoon.id)
    als(beheerder)
    client.get(URL)  # warm up: the session's first touch is not what we measure

    with count_queries:
        vijf = client.get(URL, params={"actie": actie})
    bij_vijf = count_queries.count
    for persoon in personen[5:]:
        maak_record(db, actie, persoon, onderwerp_id=persoon.id)
    with count_queries:
        zestig = client.get(URL, params={"actie": actie})
    bij_zestig = count_queries.count

    assert len(rijen(vijf.text)) == 5 and len(rijen(zestig.text)) == 50
    assert bij_vijf == bij_zestig, count_queries.statements
    assert bij_zestig <= 8, count_queries.statements


# --- checking the chain -------------------------------------------------------------------------------------


def test_keten_controleren_via_htmx_toont_in_orde(client, als, beheerder, db) -> None:  # noqa: ANN001
    maak_record(db, uniek("controle"), beheerder)
    als(beheerder)

    response = client.post(f"{URL}/controle", headers={"HX-Request": "true", "HX-Target": "div#ketencontrole"})

    assert response.status_code == 200
    assert re.search(r"Keten in orde: \d+ records? gecontroleerd\.", response.text)
    assert "<h1>" not in response.text


def test_keten_controleren_zonder_javascript_geeft_de_hele_pagina(client, als, beheerder, db) -> None:  # noqa: ANN001
    maak_record(db, uniek("controle"), beheerder)
    als(beheerder)

    response = client.post(f"{URL}/controle")

    assert response.status_code == 200
    assert "<h1>Audittrail</h1>" in response.text
    assert "Keten in orde:" in response.text
    assert "<table" in response.text


def test_keten_controleren_noemt_het_eerste_gewijzigde_record(client, als, beheerder, db) -> None:  # noqa: ANN001
    actie = uniek("vervalst")
    _eerste, tweede, _derde = (maak_record(db, actie, beheerder, stap=i) for i in range(3))
    zonder_trigger(db)
    db.execute(text("UPDATE audit_record SET gegevens = '{}' WHERE id = :id"), {"id": tweede.id})
    db.expire_all()
    als(beheerder)

    html = client.post(f"{URL}/controle", headers={"HX-Request": "true"}).text

    assert f"Keten verbroken bij record {tweede.volgnummer}</strong>" in html
    assert f"actie {actie}" in html
    assert "gewijzigd" in html


def test_keten_controleren_begint_bij_het_laatste_checkpoint(client, als, beheerder, db) -> None:  # noqa: ANN001
    als(beheerder)
    actie = uniek("checkpoint")
    eerder = [maak_record(db, actie, beheerder, stap=i) for i in range(20)]
    assert verifieer(db).ok  # checkpoints the head
    maak_record(db, actie, beheerder, stap=20)

    html = client.post(f"{URL}/controle", headers={"HX-Request": "true"}).text

    # The checkpointed record and the one after it, not the whole trail.
    assert "Keten in orde: 2 records gecontroleerd." in html
    assert f"Vanaf het checkpoint bij record {eerder[-1].volgnummer};" in html


def test_keten_controleren_ziet_dat_de_nieuwste_records_weg_zijn(client, als, beheerder, db) -> None:  # noqa: ANN001
    als(beheerder)
    actie = uniek("ingekort")
    nummers = [maak_record(db, actie, beheerder, stap=i).volgnummer for i in range(4)]
    assert verifieer(db).ok
    zonder_trigger(db)
    db.execute(text("DELETE FROM audit_record WHERE volgnummer >= :n"), {"n": nummers[2]})
    db.expire_all()

    html = client.post(f"{URL}/controle", headers={"HX-Request": "true"}).text

    assert f"Keten verbroken bij record {nummers[2]}</strong>: " in html
    assert f"records {nummers[2]} t/m {nummers[3]} ontbreken" in html
