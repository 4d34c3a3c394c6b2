"""Diplomabaarheid and progress from plain facts: each reason appears exactly when its condition fails."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.models import Oordeel, VersieStatus
from app.voortgang.geldigheid import Uitslag, stand_op
from app.voortgang.rules import LeeruitkomstMetStatus, StapSoort, volgende_stap, voortgang
from app.voortgang.status import OordeelFeit, VersieFeit, leeruitkomst_status

DATUM = dt.date(2026, 12, 1)
GISTEREN = DATUM - dt.timedelta(days=1)
AMS = dt.timezone(dt.timedelta(hours=1))
# (leeruitkomst, bouwsteen, kerntaak) of Wijkagent N6.
WIJKAGENT = [
    ("LU1.1", "B1.1", "KT1"), ("LU1.2", "B1.2", "KT1"),
    ("LU2.1", "B2.1", "KT2"), ("LU2.2", "B2.2", "KT2"), ("LU2.3", "B2.3", "KT2"),
    ("LU3.1", "B3.1", "KT3"), ("LU3.2", "B3.2", "KT3"),
    ("LU4.1", "B4.1", "KT4"), ("LU4.2", "B4.2", "KT4"),
    ("LU5.1", "B5.1", "KT5"), ("LU5.2", "B5.2", "KT5"), ("LU5.3", "B5.3", "KT5"),
]  # fmt: skip
VEREISTEN = [("RTGP", "RTGP-toetsen"), ("IBT", "IBT"), ("PV", "Proces-verbaal")]
BAKKER, DE_VRIES, JANSEN = (1, "Pieter Bakker"), (2, "Inge de Vries"), (3, "Karim Jansen")


def _tijd(dag: dt.date) -> dt.datetime:
    return dt.datetime(dag.year, dag.month, dag.day, 10, 0, tzinfo=AMS)


@dataclass
class Lu:
    """The facts of one leeruitkomst: evidence versions (versie, status, offered on) and judgements."""

    versies: list[tuple[int, VersieStatus, dt.date | None]] = field(default_factory=list)
    # (assessor, oordeel, day, version numbers it rests on, id of the judgement it corrects)
    oordelen: list[tuple[tuple[int, str], Oordeel, dt.date, tuple[int, ...], int | None]] = field(default_factory=list)


def aangetoond(*door: tuple[int, str]) -> Lu:
    beoordelaars = door or (BAKKER,)
    return Lu(
        versies=[(1, VersieStatus.ingediend, dt.date(2026, 10, 1))],
        oordelen=[(b, Oordeel.aangetoond, dt.date(2026, 11, 12), (1,), None) for b in beoordelaars],
    )


def _stand(code: str, bouwsteen: str, kerntaak: str, lu: Lu, vereist: int) -> LeeruitkomstMetStatus:
    basis = hash(code) % 1000 * 100  # version and judgement ids unique per leeruitkomst
    versies = [VersieFeit(basis + n, basis, n, status, _tijd(dag) if dag else None) for n, status, dag in lu.versies]
    oordelen = [
        OordeelFeit(
            basis + 50 + i,
            wie[0],
            wie[1],
            _tijd(dag),
            oordeel,
            frozenset(basis + n for n in op),
            basis + 50 + vervangt if vervangt is not None else None,
        )
        for i, (wie, oordeel, dag, op, vervangt) in enumerate(lu.oordelen)
    ]
    return LeeruitkomstMetStatus(code, bouwsteen, kerntaak, leeruitkomst_status(versies, oordelen, vereist))


def geldig(code: str, geldig_tot: dt.date = dt.date(2027, 6, 1), **velden) -> Uitslag:  # noqa: ANN003
    waarden = {"id": len(code), "datum": dt.date(2026, 6, 1), "voldaan": True, "geldig_tot": geldig_tot} | velden
    return Uitslag(code=code, **waarden)


def bereken(
    afwijkend: dict[str, Lu] | None = None,
    uitslagen: dict[str, list[Uitslag]] | None = None,
    *,
    vereist: int = 1,
    datum: dt.date = DATUM,
):  # noqa: ANN201
    """Everything aangetoond (by `vereist` assessors) and every beroepsvereiste valid, except what is given."""
    normaal = aangetoond(BAKKER, DE_VRIES) if vereist == 2 else aangetoond()
    lus = [_stand(c, b, k, (afwijkend or {}).get(c, normaal), vereist) for c, b, k in WIJKAGENT]
    per_code = {c: [geldig(c)] for c, _ in VEREISTEN} | (uitslagen or {})
    alle = [u for lijst in per_code.values() for u in lijst]
    return voortgang(lus, VEREISTEN, stand_op([c for c, _ in VEREISTEN], alle, datum), datum)


# (case, afwijkende leeruitkomsten, afwijkende uitslagen, vereist, [(soort, code, [fragments of the melding])])
GEVALLEN = [
    ("alles aangetoond en geldig", {}, {}, 1, []),
    ("geldig tot precies vandaag", {}, {"RTGP": [geldig("RTGP", DATUM)]}, 1, []),
    (
        "een leeruitkomst zonder bewijs",
        {"LU2.1": Lu()},
        {},
        1,
        [("leeruitkomst", "LU2.1", ["LU2.1 is nog niet aangetoond (niet gestart)", "Nog geen bewijs gekoppeld"])],
    ),
    (
        "een leeruitkomst alleen in concept",
        {"LU4.2": Lu(versies=[(1, VersieStatus.concept, None)])},
        {},
        1,
        [("leeruitkomst", "LU4.2", ["(in concept)", "nog niet ter beoordeling aangeboden"])],
    ),
    (
        "een leeruitkomst gedeeltelijk aangetoond",
        {
            "LU3.2": Lu(
                versies=[(1, VersieStatus.ingediend, dt.date(2026, 11, 1))],
                oordelen=[(BAKKER, Oordeel.gedeeltelijk_aangetoond, dt.date(2026, 11, 12), (1,), None)],
            )
        },
        {},
        1,
        [("leeruitkomst", "LU3.2", ["(gedeeltelijk aangetoond)", "P. Bakker op 12-11-2026 (versie 1)"])],
    ),
    (
        "een correctie vervangt aangetoond door niet aangetoond",
        {
            "LU5.3": Lu(
                versies=[(1, VersieStatus.ingediend, dt.date(2026, 11, 1))],
                oordelen=[
                    (BAKKER, Oordeel.aangetoond, dt.date(2026, 11, 10), (1,), None),
                    (BAKKER, Oordeel.niet_aangetoond, dt.date(2026, 11, 11), (1,), 0),
                ],
            )
        },
        {},
        1,
        [("leeruitkomst", "LU5.3", ["(niet aangetoond)", "Niet aangetoond volgens P. Bakker op 11-11-2026"])],
    ),
    (
        "een nieuwere versie wacht op een aangetoonde leeruitkomst",
        {
            "LU1.1": Lu(
                versies=[
                    (1, VersieStatus.ingediend, dt.date(2026, 10, 1)),
                    (2, VersieStatus.ingediend, dt.date(2026, 11, 20)),
                ],
                oordelen=[(BAKKER, Oordeel.aangetoond, dt.date(2026, 11, 12), (1,), None)],
            )
        },
        {},
        1,
        [("wachtend", "LU1.1", ["LU1.1: versie 2 van een bewijsstuk wacht sinds 20-11-2026 op beoordeling"])],
    ),
    (
        "twee beoordelaars vereist en er is er één",
        {"LU3.1": aangetoond(BAKKER)},
        {},
        2,
        [("leeruitkomst", "LU3.1", ["(ter beoordeling)", "P. Bakker op 12-11-2026", "nog één tweede beoordelaar"])],
    ),
    ("twee beoordelaars vereist en er zijn er twee", {}, {}, 2, []),
    (
        "geen RTGP-resultaat",
        {},
        {"RTGP": []},
        1,
        [("beroepsvereiste", "RTGP", ["RTGP-toetsen: er is op 01-12-2026 geen resultaat vastgelegd"])],
    ),
    (
        "RTGP geldig tot gisteren",
        {},
        {"RTGP": [geldig("RTGP", GISTEREN, datum=dt.date(2025, 11, 30))]},
        1,
        [
            (
                "beroepsvereiste",
                "RTGP",
                ["het resultaat van 30-11-2025 was geldig tot 30-11-2026", "op 01-12-2026 is er geen geldig resultaat"],
            )
        ],
    ),
    (
        "IBT niet voldaan",
        {},
        {"IBT": [geldig("IBT", voldaan=False, datum=dt.date(2026, 11, 15))]},
        1,
        [("beroepsvereiste", "IBT", ["IBT: het resultaat van 15-11-2026 is niet voldaan"])],
    ),
    (
        "een correctie vervangt voldaan door niet voldaan",
        {},
        {"PV": [geldig("PV", id=7), geldig("PV", id=8, voldaan=False, corrigeert=7)]},
        1,
        [("beroepsvereiste", "PV", ["het resultaat van 01-06-2026 is niet voldaan"])],
    ),
    (
        "een correctie vervangt niet voldaan door voldaan",
        {},
        {"PV": [geldig("PV", id=7, voldaan=False), geldig("PV", id=8, corrigeert=7)]},
        1,
        [],
    ),
    (
        "een resultaat zonder geldigheidsdatum",
        {},
        {"IBT": [geldig("IBT", geldig_tot=None)]},
        1,
        [("beroepsvereiste", "IBT", ["heeft geen geldigheidsdatum"])],
    ),
    (
        "een resultaat van na de datum telt nog niet",
        {},
        {"RTGP": [geldig("RTGP", datum=dt.date(2026, 12, 2))]},
        1,
        [("beroepsvereiste", "RTGP", ["geen resultaat vastgelegd"])],
    ),
    (
        "alles tegelijk, in de volgorde van de kwalificatie",
        {"LU5.1": Lu(), "LU1.2": Lu()},
        {"PV": [], "RTGP": [geldig("RTGP", GISTEREN)]},
        1,
        [
            ("leeruitkomst", "LU1.2", ["LU1.2"]),
            ("leeruitkomst", "LU5.1", ["LU5.1"]),
            ("beroepsvereiste", "RTGP", ["geldig tot 30-11-2026"]),
            ("beroepsvereiste", "PV", ["Proces-verbaal"]),
        ],
    ),
]


@pytest.mark.parametrize(
    ("afwijkend", "uitslagen", "vereist", "verwacht"), [g[1:] for g in GEVALLEN], ids=[g[0] for g in GEVALLEN]
)
def test_elke_reden_verschijnt_precies_als_haar_voorwaarde_faalt(afwijkend, uitslagen, vereist, verwacht) -> None:  # noqa: ANN001
    uitkomst = bereken(afwijkend, uitslagen, vereist=vereist).diplomabaarheid

    assert [(r.soort, r.code) for r in uitkomst.redenen] == [(soort, code) for soort, code, _ in verwacht]
    for reden, (_, _, stukken) in zip(uitkomst.redenen, verwacht, strict=True):
        for stuk in stukken:
            assert stuk in reden.melding
    assert uitkomst.diplomabaar is (not verwacht)
    assert uitkomst.datum == DATUM


def test_een_wachtende_versie_op_een_aangetoonde_leeruitkomst_telt_nog_als_aangetoond() -> None:
    nieuw = Lu(
        versies=[(1, VersieStatus.ingediend, dt.date(2026, 10, 1)), (2, VersieStatus.ingediend, dt.date(2026, 11, 20))],
        oordelen=[(BAKKER, Oordeel.aangetoond, dt.date(2026, 11, 12), (1,), None)],
    )
    uitkomst = bereken({"LU1.1": nieuw})

    assert (uitkomst.aangetoond, uitkomst.totaal) == (12, 12)
    assert uitkomst.kerntaken[0].aangetoond == 2
    assert uitkomst.leeruitkomsten[0].status == "ter_beoordeling"
    assert not uitkomst.diplomabaarheid.diplomabaar


@pytest.mark.parametrize(
    ("dagen", "waarschuwing", "diplomabaar"),
    [(-1, False, False), (0, True, True), (20, True, True), (30, True, True), (31, False, True), (365, False, True)],
)
def test_een_resultaat_dat_binnen_30_dagen_verloopt_waarschuwt_maar_blokkeert_niet(
    dagen: int, waarschuwing: bool, diplomabaar: bool
) -> None:
    uitkomst = bereken(uitslagen={"IBT": [geldig("IBT", DATUM + dt.timedelta(days=dagen))]})

    assert [v.code for v in uitkomst.waarschuwingen] == (["IBT"] if waarschuwing else [])
    assert uitkomst.diplomabaarheid.diplomabaar is diplomabaar


def test_de_tellers_per_kerntaak_en_bouwsteen() -> None:
    uitkomst = bereken({"LU2.1": Lu(), "LU2.3": Lu(), "LU5.2": Lu()})

    assert [(t.code, t.aangetoond, t.totaal) for t in uitkomst.kerntaken] == [
        ("KT1", 2, 2), ("KT2", 1, 3), ("KT3", 2, 2), ("KT4", 2, 2), ("KT5", 2, 3),
    ]  # fmt: skip
    assert [(t.code, t.aangetoond) for t in uitkomst.bouwstenen][2:5] == [("B2.1", 0), ("B2.2", 1), ("B2.3", 0)]
    assert (uitkomst.aangetoond, uitkomst.totaal) == (9, 12)


# --- What to do next -----------------------------------------------------------------------------

STAPPEN = [
    ("geen bewijs", Lu(), 1, StapSoort.koppelen, "Koppel bewijs aan LU2.1"),
    (
        "alleen een concept",
        Lu(versies=[(1, VersieStatus.concept, None)]),
        1,
        StapSoort.aanbieden,
        "Bied je concept voor LU2.1 ter beoordeling aan",
    ),
    (
        "ingetrokken",
        Lu(versies=[(1, VersieStatus.ingetrokken, dt.date(2026, 11, 1))]),
        1,
        StapSoort.aanbieden,
        "Bied je concept voor LU2.1 ter beoordeling aan",
    ),
    (
        "aangeboden",
        Lu(versies=[(1, VersieStatus.ingediend, dt.date(2026, 11, 1))]),
        1,
        StapSoort.wachten,
        "Wacht op het oordeel van je praktijkbegeleider over LU2.1",
    ),
    (
        "gedeeltelijk aangetoond",
        Lu(
            versies=[(1, VersieStatus.ingediend, dt.date(2026, 11, 1))],
            oordelen=[(BAKKER, Oordeel.gedeeltelijk_aangetoond, dt.date(2026, 11, 12), (1,), None)],
        ),
        1,
        StapSoort.feedback,
        "Verwerk de feedback van P. Bakker op LU2.1",
    ),
    (
        "twee beoordelaars niet tevreden, de laatste eerst",
        Lu(
            versies=[(1, VersieStatus.ingediend, dt.date(2026, 11, 1))],
            oordelen=[
                (BAKKER, Oordeel.niet_aangetoond, dt.date(2026, 11, 12), (1,), None),
                (JANSEN, Oordeel.gedeeltelijk_aangetoond, dt.date(2026, 11, 14), (1,), None),
            ],
        ),
        2,
        StapSoort.feedback,
        "Verwerk de feedback van K. Jansen en P. Bakker op LU2.1",
    ),
    (
        "na de feedback een nieuwe versie aangeboden",
        Lu(
            versies=[
                (1, VersieStatus.ingediend, dt.date(2026, 11, 1)),
                (2, VersieStatus.ingediend, dt.date(2026, 11, 20)),
            ],
            oordelen=[(BAKKER, Oordeel.niet_aangetoond, dt.date(2026, 11, 12), (1,), None)],
        ),
        1,
        StapSoort.wachten,
        "Wacht op het oordeel van je praktijkbegeleider over LU2.1",
    ),
    (
        "aangetoond door één van twee",
        aangetoond(BAKKER),
        2,
        StapSoort.tweede_beoordelaar,
        "Wacht op het oordeel van een tweede beoordelaar over LU2.1",
    ),
    (
        "aangetoond met een nieuwe versie die wacht",
        Lu(
            versies=[
                (1, VersieStatus.ingediend, dt.date(2026, 11, 1)),
                (2, VersieStatus.ingediend, dt.date(2026, 11, 20)),
            ],
            oordelen=[(BAKKER, Oordeel.aangetoond, dt.date(2026, 11, 12), (1,), None)],
        ),
        1,
        StapSoort.wachten,
        "Wacht op het oordeel van je praktijkbegeleider over de nieuwe versie voor LU2.1",
    ),
]


@pytest.mark.parametrize(("lu", "vereist", "soort", "tekst"), [s[1:] for s in STAPPEN], ids=[s[0] for s in STAPPEN])
def test_de_volgende_stap_volgt_uit_de_status(lu: Lu, vereist: int, soort: str, tekst: str) -> None:
    stap = volgende_stap(_stand("LU2.1", "B2.1", "KT2", lu, vereist))

    assert stap is not None
    assert (stap.code, stap.soort, stap.tekst) == ("LU2.1", soort, tekst)


def test_een_aangetoonde_leeruitkomst_heeft_geen_volgende_stap() -> None:
    assert volgende_stap(_stand("LU2.1", "B2.1", "KT2", aangetoond(), 1)) is None
    assert volgende_stap(_stand("LU2.1", "B2.1", "KT2", aangetoond(BAKKER, DE_VRIES), 2)) is None


def test_de_stappen_volgen_de_volgorde_van_de_kwalificatie() -> None:
    uitkomst = bereken({"LU5.1": Lu(), "LU1.2": Lu(versies=[(1, VersieStatus.concept, None)])})

    assert [s.tekst for s in uitkomst.stappen] == [
        "Bied je concept voor LU1.2 ter beoordeling aan",
        "Koppel bewijs aan LU5.1",
    ]


# --- Invariants over any facts -------------------------------------------------------------------

_versie = st.tuples(
    st.integers(1, 3), st.sampled_from(list(VersieStatus)), st.sampled_from([None, dt.date(2026, 11, 1)])
)
_oordeel = st.tuples(
    st.sampled_from([BAKKER, DE_VRIES, JANSEN]),
    st.sampled_from(list(Oordeel)),
    st.dates(dt.date(2026, 9, 1), dt.date(2026, 11, 30)),
    st.lists(st.integers(1, 3), max_size=2).map(tuple),
    st.none(),
)
_lu = st.builds(
    Lu, versies=st.lists(_versie, max_size=3, unique_by=lambda v: v[0]), oordelen=st.lists(_oordeel, max_size=3)
)
_uitslag = st.builds(
    Uitslag,
    id=st.integers(1, 50),
    code=st.sampled_from([c for c, _ in VEREISTEN]),
    datum=st.dates(dt.date(2025, 1, 1), dt.date(2027, 1, 1)),
    voldaan=st.booleans(),
    geldig_tot=st.one_of(st.none(), st.dates(dt.date(2025, 6, 1), dt.date(2028, 1, 1))),
)


@given(
    lus=st.dictionaries(st.sampled_from([c for c, _, _ in WIJKAGENT]), _lu),
    uitslagen=st.lists(_uitslag, max_size=6, unique_by=lambda u: u.id),
    vereist=st.sampled_from([1, 2]),
    datum=st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
)
def test_invarianten_van_de_voortgang(lus, uitslagen, vereist: int, datum: dt.date) -> None:  # noqa: ANN001
    per_code: dict[str, list[Uitslag]] = {c: [] for c, _ in VEREISTEN}
    for u in uitslagen:
        per_code[u.code].append(u)
    uitkomst = bereken(lus, per_code, vereist=vereist, datum=datum)
    diploma = uitkomst.diplomabaarheid

    assert diploma.diplomabaar is (not diploma.redenen)
    assert 0 <= uitkomst.aangetoond <= uitkomst.totaal == len(WIJKAGENT)
    assert sum(t.aangetoond for t in uitkomst.kerntaken) == uitkomst.aangetoond
    assert sum(t.totaal for t in uitkomst.kerntaken) == uitkomst.totaal
    assert sum(t.aangetoond for t in uitkomst.bouwstenen) == uitkomst.aangetoond
    assert all(0 <= t.aangetoond <= t.totaal for t in uitkomst.kerntaken)
    # Diplomabaar only when everything is aangetoond, every requirement valid and nothing waits.
    if diploma.diplomabaar:
        assert uitkomst.aangetoond == uitkomst.totaal
        assert all(v.stand.voldaan for v in uitkomst.vereisten)
        assert not uitkomst.stappen
    # Every leeruitkomst that is not aangetoond names itself in a reason and has a next step.
    open_ = {lu.code for lu in uitkomst.leeruitkomsten if not lu.uitleg.genoeg_aangetoond}
    assert open_ <= {r.code for r in diploma.redenen if r.soort == "leeruitkomst"}
    assert open_ <= {s.code for s in uitkomst.stappen}
    assert all(v.stand.voldaan for v in uitkomst.waarschuwingen)
