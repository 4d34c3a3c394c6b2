"""The praktijkbegeleider's queue: what their students submitted, and nothing else."""

from __future__ import annotations

from tests.portfolio.conftest import Uploader


def _aanbieden(client, upload: Uploader, student, titel: str) -> None:  # noqa: ANN001
    antwoord = upload(student, titel=titel, leeruitkomsten=("LU1.1", "LU2.1"))
    client.post(f"/api/v1/bewijsstukken/{antwoord.json()['id']}/indienen")


def test_praktijkbegeleider_ziet_aangeboden_bewijs_van_eigen_studenten(
    client, als, student, andere_student, praktijkbegeleider, upload: Uploader
) -> None:  # noqa: ANN001
    als(student)
    upload(student, titel="Nog een concept")
    _aanbieden(client, upload, student, "Verslag wijkschouw")
    als(andere_student)
    _aanbieden(client, upload, andere_student, "Bewijs van iemand anders")

    als(praktijkbegeleider)
    html = client.get("/te-beoordelen").text

    assert "Verslag wijkschouw" in html
    assert "Sanne Student" in html
    # Each code with its bouwsteen's title.
    assert '<span class="code">LU1.1</span> Weet waar de politie staat<br>' in html
    assert '<span class="code">LU2.1</span> Werkt actief aan zijn professionele ontwikkeling' in html
    assert "Nog een concept" not in html
    assert "Bewijs van iemand anders" not in html


def test_na_de_begeleiding_staat_er_niets_meer_klaar(
    client, als, student, oud_praktijkbegeleider, upload: Uploader
) -> None:  # noqa: ANN001
    als(student)
    _aanbieden(client, upload, student, "Verslag wijkschouw")
    als(oud_praktijkbegeleider)
    html = client.get("/te-beoordelen").text
    assert "Verslag wijkschouw" not in html
    assert "Er staat niets klaar om te beoordelen." in html


def test_de_wachtrij_kost_evenveel_queries_bij_2_en_10_bewijsstukken(
    client, als, student, praktijkbegeleider, upload: Uploader, count_queries
) -> None:  # noqa: ANN001
    tellingen = []
    for nieuw in (2, 8):  # 2, then 10 in all
        als(student)
        for _ in range(nieuw):
            _aanbieden(client, upload, student, "Verslag")
        als(praktijkbegeleider)
        with count_queries:
            assert client.get("/te-beoordelen").text.count("<tr>") == 1 + (2 if nieuw == 2 else 10)
        tellingen.append(count_queries.count)
    assert tellingen[0] == tellingen[1]
