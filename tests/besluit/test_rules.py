"""The diplomanummer and the canonical snapshot text, as pure functions."""

from __future__ import annotations

import hashlib

from app.besluit import rules


def test_het_prefix_komt_uit_de_kwalificatiecode_en_het_niveau() -> None:
    assert rules.prefix_van("WA-N6", 6) == "WA6"
    assert rules.prefix_van("pa-n4", 4) == "PA4"
    assert rules.diplomanummer("WA6", 2026, 123) == "WA6-2026-000123"


def test_alleen_iets_dat_op_een_diplomanummer_lijkt_wordt_opgezocht() -> None:
    assert rules.lijkt_diplomanummer("WA6-2026-000123")
    for tekst in ("", "wa6-2026-000123", "WA6-26-000123", "WA6-2026-12", "WA6-2026-000123 ", "' OR 1=1"):
        assert not rules.lijkt_diplomanummer(tekst), tekst


def test_de_snapshot_is_canonieke_json_en_de_hash_is_na_te_rekenen() -> None:
    tekst = rules.canoniek({"b": 1, "a": {"naam": "Zoë", "lijst": [2, 1]}})
    assert tekst == '{"a":{"lijst":[2,1],"naam":"Zoë"},"b":1}'
    assert rules.sha256(tekst) == hashlib.sha256(tekst.encode()).hexdigest()
    assert rules.canoniek({"a": {"lijst": [2, 1], "naam": "Zoë"}, "b": 1}) == tekst
