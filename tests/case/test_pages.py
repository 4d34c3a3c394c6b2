"""A 24-leeruitkomst framework imported by depth works on every page: nothing assumes twelve."""

from __future__ import annotations

import datetime as dt
import json
import re

from app.case.importeren import importeer, lees_niveaus
from app.organisatie import service as organisatie

from .test_import import raamwerk_24


def test_students_enrolled_on_an_imported_framework_see_all_24_leeruitkomsten(
    client,
    db,
    student,
    beheerder,
    examencommissielid,
    als,  # noqa: ANN001
) -> None:
    importeer(db, json.dumps(raamwerk_24()), "HH-N4", "1.0", lees_niveaus("kerntaak=3,bouwsteen=4,leeruitkomst=5"))
    organisatie.schrijf_in(db, beheerder, student.id, "HH-N4", "1.0", "HH4-2027-02", dt.date(2027, 2, 1))
    db.flush()
    codes = [f"K{k}.B{b}.L{lu}" for k in range(1, 5) for b in (1, 2) for lu in (1, 2, 3)]

    als(student)
    for pad in ("/dashboard", "/portfolio"):
        response = client.get(pad)
        assert response.status_code == 200, pad
    portfolio = client.get("/portfolio").text
    assert all(code in portfolio for code in codes)
    dashboard = " ".join(re.sub(r"<[^>]+>", " ", client.get("/dashboard").text).split())
    assert "0 van de 24 leeruitkomsten aangetoond" in dashboard

    als(beheerder)
    assert client.get("/cohorten/HH4-2027-02/voortgang").status_code == 200
    als(examencommissielid)
    assert client.get(f"/examencommissie/studenten/{student.id}").status_code == 200
    assert client.get("/kwalificaties/HH-N4/versies/1.0").status_code == 200
