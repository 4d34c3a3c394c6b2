"""The beoordelingsregel over plain facts: examples first, then the invariants for any history."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from app.models import Oordeel, VersieStatus
from app.voortgang.status import LeeruitkomstStatus as S
from app.voortgang.status import OordeelFeit, VersieFeit, korte_naam, leeruitkomst_status, wachtende_versies

T0 = dt.datetime(2026, 11, 12, 10, 0, tzinfo=dt.UTC)
V1 = VersieFeit(versie_id=11, bewijsstuk_id=1, versie=1, status=VersieStatus.ingediend, ingediend_op=T0)
V2 = VersieFeit(versie_id=12, bewijsstuk_id=1, versie=2, status=VersieStatus.ingediend, ingediend_op=T0)
NAMEN = {1: "Pieter Bakker", 2: "Fatima El Amrani", 3: "Kees de Vries"}


def oordeel(id_: int, beoordelaar: int, oordeel_: Oordeel, *, dag: int = 0, versies=(11,), vervangt=None):  # noqa: ANN001, ANN201
    return OordeelFeit(
        id=id_,
        beoordelaar_id=beoordelaar,
        beoordelaar_naam=NAMEN[beoordelaar],
        tijd=T0 + dt.timedelta(days=dag, hours=id_),
        oordeel=oordeel_,
        versie_ids=frozenset(versies),
        vervangt_id=vervangt,
    )


def test_zonder_bewijs_is_niets_gestart() -> None:
    uitleg = leeruitkomst_status([], [])
    assert (uitleg.status, uitleg.toelichting) == (S.niet_gestart, "Nog geen bewijs gekoppeld.")


def test_een_concept_is_in_concept() -> None:
    concept = VersieFeit(versie_id=11, bewijsstuk_id=1, versie=1, status=VersieStatus.concept)
    assert leeruitkomst_status([concept], []).status == S.in_concept


def test_aangeboden_zonder_oordeel_staat_ter_beoordeling() -> None:
    uitleg = leeruitkomst_status([V1], [])
    assert uitleg.status == S.ter_beoordeling
    assert uitleg.toelichting == "Versie 1 (aangeboden op 12-11-2026) wacht op beoordeling."


def test_een_oordeel_zegt_wie_wat_wanneer_op_welke_versie() -> None:
    uitleg = leeruitkomst_status([V1], [oordeel(1, 1, Oordeel.aangetoond)])
    assert uitleg.status == S.aangetoond
    assert uitleg.toelichting == "Aangetoond volgens P. Bakker op 12-11-2026 (versie 1)."


def test_met_twee_vereist_zegt_de_status_wat_er_nog_nodig_is() -> None:
    uitleg = leeruitkomst_status([V2], [oordeel(1, 1, Oordeel.aangetoond, versies=(12,))], beoordelaars_vereist=2)
    assert uitleg.status == S.ter_beoordeling
    assert (
        uitleg.toelichting == "Aangetoond volgens P. Bakker op 12-11-2026 (versie 2); nog één tweede beoordelaar nodig."
    )


def test_met_twee_vereist_is_een_beoordelaar_twee_keer_niet_genoeg() -> None:
    oordelen = [oordeel(1, 1, Oordeel.aangetoond), oordeel(2, 1, Oordeel.aangetoond, dag=1, vervangt=1)]
    assert leeruitkomst_status([V1], oordelen, beoordelaars_vereist=2).status != S.aangetoond


def test_met_twee_vereist_tellen_twee_verschillende_beoordelaars() -> None:
    oordelen = [oordeel(1, 1, Oordeel.aangetoond), oordeel(2, 2, Oordeel.aangetoond, dag=1)]
    uitleg = leeruitkomst_status([V1], oordelen, beoordelaars_vereist=2)
    assert uitleg.status == S.aangetoond
    assert "P. Bakker" in uitleg.toelichting and "F. El Amrani" in uitleg.toelichting


def test_een_later_niet_aangetoond_van_dezelfde_beoordelaar_gaat_voor() -> None:
    oordelen = [oordeel(1, 1, Oordeel.aangetoond), oordeel(2, 1, Oordeel.niet_aangetoond, dag=1, vervangt=1)]
    uitleg = leeruitkomst_status([V1], oordelen)
    assert uitleg.status == S.niet_aangetoond
    assert "Aangetoond" not in uitleg.toelichting


def test_een_nieuwe_versie_zonder_oordeel_wist_het_eerdere_aangetoond_niet() -> None:
    uitleg = leeruitkomst_status([V1, V2], [oordeel(1, 1, Oordeel.aangetoond, versies=(11,))])
    assert uitleg.status == S.ter_beoordeling
    assert uitleg.toelichting == (
        "Aangetoond volgens P. Bakker op 12-11-2026 (versie 1); "
        "versie 2 (aangeboden op 12-11-2026) wacht op beoordeling."
    )


def test_gedeeltelijk_aangetoond_blijft_gedeeltelijk() -> None:
    uitleg = leeruitkomst_status([V1], [oordeel(1, 2, Oordeel.gedeeltelijk_aangetoond)])
    assert uitleg.status == S.gedeeltelijk_aangetoond
    assert uitleg.toelichting.startswith("Gedeeltelijk aangetoond volgens F. El Amrani op 12-11-2026")


def test_korte_naam() -> None:
    assert korte_naam("Pieter Bakker") == "P. Bakker"
    assert korte_naam("Fatima El Amrani") == "F. El Amrani"
    assert korte_naam("Cher") == "Cher"


# --- Invariants over any history ---------------------------------------------------------------

_oordelen = st.sampled_from(list(Oordeel))


@st.composite
def geschiedenis(draw):  # noqa: ANN001, ANN201
    """Versions of two bewijsstukken and judgements by up to three assessors, each resting on a version."""
    versies = []
    for bewijsstuk in (1, 2):
        for nummer in range(1, draw(st.integers(0, 3)) + 1):
            status = draw(st.sampled_from([VersieStatus.ingediend, VersieStatus.ingediend, VersieStatus.concept]))
            versies.append(VersieFeit(bewijsstuk * 10 + nummer, bewijsstuk, nummer, status, T0))
    ingediend = [v.versie_id for v in versies if v.status == VersieStatus.ingediend]
    oordelen = []
    if ingediend:
        for i in range(draw(st.integers(0, 6))):
            oordelen.append(
                OordeelFeit(
                    id=100 + i,
                    beoordelaar_id=draw(st.sampled_from([1, 2, 3])),
                    beoordelaar_naam="Pieter Bakker",
                    tijd=T0 + dt.timedelta(hours=i),
                    oordeel=draw(_oordelen),
                    versie_ids=frozenset({draw(st.sampled_from(ingediend))}),
                )
            )
    return versies, oordelen


@settings(max_examples=120, deadline=None)
@given(geschiedenis(), st.sampled_from([1, 2]), st.randoms())
def test_de_volgorde_van_de_feiten_doet_er_niet_toe(feiten, vereist, willekeur) -> None:  # noqa: ANN001
    versies, oordelen = feiten
    verwacht = leeruitkomst_status(versies, oordelen, vereist)
    willekeur.shuffle(versies)
    willekeur.shuffle(oordelen)
    assert leeruitkomst_status(versies, oordelen, vereist) == verwacht


@settings(max_examples=120, deadline=None)
@given(geschiedenis(), st.sampled_from([1, 2]), st.sampled_from([1, 2, 3]))
def test_een_later_niet_aangetoond_haalt_het_eigen_aangetoond_weg(feiten, vereist, wie) -> None:  # noqa: ANN001
    versies, oordelen = feiten
    if not oordelen:
        return
    laatste = oordelen[-1]
    later = OordeelFeit(
        999, wie, "X Y", laatste.tijd + dt.timedelta(days=1), Oordeel.niet_aangetoond, laatste.versie_ids
    )
    uitleg = leeruitkomst_status(versies, [*oordelen, later], vereist)
    assert all(o.beoordelaar_id != wie or o.oordeel == Oordeel.niet_aangetoond for o in uitleg.tellend)
    if {o.beoordelaar_id for o in oordelen} <= {wie}:
        # Their own verdict was the only one: nothing is aangetoond any more.
        wacht = wachtende_versies(versies, [*oordelen, later])
        assert uitleg.status == (S.ter_beoordeling if wacht else S.niet_aangetoond)


@settings(max_examples=120, deadline=None)
@given(geschiedenis(), st.sampled_from([1, 2]))
def test_aangetoond_alleen_met_genoeg_verschillende_beoordelaars(feiten, vereist) -> None:  # noqa: ANN001
    versies, oordelen = feiten
    uitleg = leeruitkomst_status(versies, oordelen, vereist)
    if uitleg.status == S.aangetoond:
        assert len({o.beoordelaar_id for o in uitleg.tellend if o.oordeel == Oordeel.aangetoond}) >= vereist
    # One assessor alone never meets a rule of two, however often they judge.
    enkel = [OordeelFeit(o.id, 1, o.beoordelaar_naam, o.tijd, o.oordeel, o.versie_ids) for o in oordelen]
    assert leeruitkomst_status(versies, enkel, 2).status != S.aangetoond


@settings(max_examples=120, deadline=None)
@given(geschiedenis(), st.sampled_from([1, 2]))
def test_een_nieuwe_aangeboden_versie_zonder_oordeel_staat_ter_beoordeling(feiten, vereist) -> None:  # noqa: ANN001
    versies, oordelen = feiten
    nieuw = VersieFeit(99, 9, 1, VersieStatus.ingediend, T0)
    uitleg = leeruitkomst_status([*versies, nieuw], oordelen, vereist)
    assert uitleg.status == S.ter_beoordeling
    assert "wacht" in uitleg.toelichting
    # The earlier verdicts are still told.
    eerder = leeruitkomst_status(versies, oordelen, vereist)
    assert uitleg.tellend == eerder.tellend
    for o in eerder.tellend:
        assert o.oordeel.label in uitleg.toelichting or o.oordeel.label.lower() in uitleg.toelichting.lower()
