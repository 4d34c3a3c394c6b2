"""Need to know, persona by persona: who gets which page and API answer.

200 = allowed, 303 = sent to the login page, 401 = API without login,
404 = not allowed (the answer never reveals whether the thing exists).
"""

from __future__ import annotations

import pytest

from tests import factories

PERSONAS = [
    "anoniem",
    "student",
    "andere_student",
    "praktijkbegeleider",
    "andere_praktijkbegeleider",
    "oud_praktijkbegeleider",
    "examencommissielid",
    "beheerder",
]

# (url, expected status per persona, in PERSONAS order). {student} is the student persona's id.
PAGINAS = [
    ("/kwalificaties", [303, 200, 200, 200, 200, 200, 200, 200]),
    ("/account", [303, 200, 200, 200, 200, 200, 200, 200]),
    ("/studenten", [303, 404, 404, 200, 200, 200, 200, 200]),
    ("/beheer", [303, 404, 404, 404, 404, 404, 404, 200]),
    ("/beheer/gebruikers", [303, 404, 404, 404, 404, 404, 404, 200]),
    ("/beheer/inschrijvingen", [303, 404, 404, 404, 404, 404, 404, 200]),
    ("/beheer/begeleidingen", [303, 404, 404, 404, 404, 404, 404, 200]),
    ("/beheer/import", [303, 404, 404, 404, 404, 404, 404, 200]),
    ("/beheer/audit", [303, 404, 404, 404, 404, 404, 404, 200]),
    ("/beheer/taken", [303, 404, 404, 404, 404, 404, 404, 200]),
    ("/portfolio", [303, 200, 200, 404, 404, 404, 404, 404]),
    ("/dashboard", [303, 200, 200, 404, 404, 404, 404, 404]),
    ("/te-beoordelen", [303, 404, 404, 200, 200, 200, 404, 404]),
    # The student is sent on to their own /portfolio.
    ("/studenten/{student}/portfolio", [303, 303, 404, 200, 404, 404, 200, 200]),
]

API = [
    ("/api/v1/ik", [401, 200, 200, 200, 200, 200, 200, 200]),
    ("/api/v1/kwalificaties", [401, 200, 200, 200, 200, 200, 200, 200]),
    ("/api/v1/gebruikers", [401, 404, 404, 404, 404, 404, 404, 200]),
    ("/api/v1/studenten", [401, 404, 404, 200, 200, 200, 200, 200]),
    ("/api/v1/studenten/{student}/voortgang", [401, 200, 404, 200, 404, 404, 200, 200]),
    ("/api/v1/studenten/{student}/bewijsstukken", [401, 200, 404, 200, 404, 404, 200, 200]),
]


def _cases(tabel):  # noqa: ANN001, ANN202
    return [
        pytest.param(url, persona, status, id=f"{persona}-{url}")
        for url, statussen in tabel
        for persona, status in zip(PERSONAS, statussen, strict=True)
    ]


@pytest.fixture
def personas(request, student, andere_student):  # noqa: ANN001, ANN201
    """Every persona exists in every case, so 'someone else's' data is always there."""
    for naam in PERSONAS[3:]:
        request.getfixturevalue(naam)
    return request


@pytest.mark.parametrize(("url", "persona", "status"), _cases(PAGINAS + API))
def test_persona_krijgt_het_verwachte_antwoord(client, db, personas, url, persona, status) -> None:  # noqa: ANN001
    if persona != "anoniem":
        factories.login(client, db, personas.getfixturevalue(persona))
    url = url.format(student=personas.getfixturevalue("student").id)
    response = client.get(url, follow_redirects=False)
    assert response.status_code == status, response.text[:300]
    if status == 303:
        verwacht = "/inloggen?volgende=" if persona == "anoniem" else "/portfolio"
        assert response.headers["location"].startswith(verwacht)
    if url.startswith("/api/") and status >= 400:
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("persona", "startpagina"),
    [
        ("student", "/dashboard"),
        ("praktijkbegeleider", "/te-beoordelen"),
        ("examencommissielid", "/examencommissie"),
        ("beheerder", "/beheer"),
    ],
)
def test_na_inloggen_begint_iedereen_op_de_eigen_startpagina(client, db, personas, persona, startpagina) -> None:  # noqa: ANN001
    factories.login(client, db, personas.getfixturevalue(persona))
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == startpagina
    assert client.get(startpagina).status_code == 200  # a page this persona may open


def test_anoniem_wordt_vanaf_de_startpagina_naar_inloggen_gestuurd(client) -> None:  # noqa: ANN001
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/inloggen")
