"""The validity rule over frozen results, on a given date."""

from __future__ import annotations

import datetime as dt

import pytest

from app.voortgang.geldigheid import Uitslag, geldende_uitslag, stand_op

D = dt.date
OP = D(2026, 12, 1)


def voldaan(id_: int, datum: dt.date, tot: dt.date, code: str = "RTGP", corrigeert: int | None = None) -> Uitslag:
    return Uitslag(id_, code, datum, True, tot, corrigeert)


def niet_voldaan(id_: int, datum: dt.date, code: str = "RTGP", corrigeert: int | None = None) -> Uitslag:
    return Uitslag(id_, code, datum, False, None, corrigeert)


@pytest.mark.parametrize(
    ("uitslagen", "verwacht"),
    [
        pytest.param([], (False, None, False), id="nothing recorded"),
        pytest.param([voldaan(1, D(2026, 1, 10), D(2027, 1, 10))], (True, D(2027, 1, 10), False), id="valid"),
        pytest.param([voldaan(1, D(2025, 11, 1), D(2026, 11, 30))], (False, None, False), id="valid until yesterday"),
        pytest.param([voldaan(1, D(2025, 12, 1), OP)], (True, OP, True), id="valid through today, warns"),
        pytest.param([voldaan(1, D(2026, 1, 1), D(2026, 12, 21))], (True, D(2026, 12, 21), True), id="ends in 20 days"),
        pytest.param([voldaan(1, D(2026, 1, 1), D(2026, 12, 31))], (True, D(2026, 12, 31), True), id="ends in 30 days"),
        pytest.param([voldaan(1, D(2026, 1, 1), D(2027, 1, 1))], (True, D(2027, 1, 1), False), id="ends in 31 days"),
        pytest.param([niet_voldaan(1, D(2026, 11, 1))], (False, None, False), id="not met"),
        pytest.param(
            [voldaan(1, D(2026, 1, 10), D(2027, 1, 10)), niet_voldaan(2, D(2026, 6, 1))],
            (False, None, False),
            id="a later failed result counts",
        ),
        pytest.param(
            [niet_voldaan(1, D(2026, 6, 1)), voldaan(2, D(2026, 7, 1), D(2027, 7, 1))],
            (True, D(2027, 7, 1), False),
            id="passed on the resit",
        ),
        pytest.param(
            [voldaan(1, D(2026, 12, 2), D(2027, 12, 2))],
            (False, None, False),
            id="a result taken after the date does not count yet",
        ),
        pytest.param(
            [voldaan(1, D(2026, 6, 1), D(2027, 6, 1)), niet_voldaan(2, D(2026, 6, 1), corrigeert=1)],
            (False, None, False),
            id="corrected to not met",
        ),
        pytest.param(
            # Typed with a wrong (later) date, put right with the true one: the wrong record no longer counts.
            [voldaan(1, D(2026, 11, 1), D(2027, 11, 1)), voldaan(2, D(2025, 11, 1), D(2026, 11, 1), corrigeert=1)],
            (False, None, False),
            id="corrected date makes it expired",
        ),
        pytest.param(
            [voldaan(1, D(2026, 1, 1), D(2027, 1, 1), code="IBT")], (False, None, False), id="another requirement"
        ),
    ],
)
def test_met_and_valid_on_the_date(uitslagen: list[Uitslag], verwacht: tuple) -> None:
    stand = stand_op(["RTGP"], uitslagen, OP)["RTGP"]
    assert (stand.voldaan, stand.geldig_tot, stand.verloopt_binnenkort) == verwacht


def test_every_code_gets_a_state_in_the_given_order() -> None:
    standen = stand_op(["RTGP", "IBT", "PV"], [voldaan(1, D(2026, 1, 1), D(2027, 1, 1), code="PV")], OP)
    assert list(standen) == ["RTGP", "IBT", "PV"]
    assert [s.voldaan for s in standen.values()] == [False, False, True]


def test_the_counting_result_is_the_latest_of_its_date_recorded_last() -> None:
    eerste, tweede = voldaan(1, D(2026, 5, 1), D(2027, 5, 1)), niet_voldaan(2, D(2026, 5, 1))
    assert geldende_uitslag([tweede, eerste], "RTGP", OP) == tweede
