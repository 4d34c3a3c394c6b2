"""The beheer page records results through a form; the student and their staff see the state and history."""

from __future__ import annotations

import datetime as dt

import pytest

from app import tijd

# Today at noon on the Dutch clock: the factories date begeleidingen from the real today.
VANDAAG = tijd.vandaag()


@pytest.fixture(autouse=True)
def klok():  # noqa: ANN201
    with tijd.zet_klok(dt.datetime.combine(VANDAAG, dt.time(12), tzinfo=tijd.TIJDZONE)):
        yield


def dag(dagen: int) -> dt.date:
    return VANDAAG + dt.timedelta(days=dagen)


def nl(datum: dt.date) -> str:
    return datum.strftime("%d-%m-%Y")


def _formulier(**anders: str) -> dict:
    basis = {"code": "RTGP", "resultaat": "voldaan", "datum": dag(-19).isoformat(), "geldig_tot": dag(19).isoformat()}
    return basis | anders


def test_beheer_lists_the_page_and_finds_the_student(client, beheerder, student, als) -> None:  # noqa: ANN001
    als(beheerder)
    assert 'href="/beheer/beroepsvereisten"' in client.get("/beheer").text
    html = client.get("/beheer/beroepsvereisten", params={"q": student.naam.split()[0]}).text
    assert f'href="/beheer/studenten/{student.id}/beroepsvereisten"' in html


def test_the_form_records_and_the_page_shows_validity_with_a_warning(client, beheerder, student, als) -> None:  # noqa: ANN001
    als(beheerder)
    pad = f"/beheer/studenten/{student.id}/beroepsvereisten"
    response = client.post(pad, data=_formulier(), follow_redirects=False)
    assert response.status_code == 303
    html = client.get(response.headers["location"]).text
    assert "Het resultaat is vastgelegd." in html
    # 19 days left: met, with a warning in words and a symbol.
    assert f"⚠ voldaan, verloopt binnenkort: geldig tot en met {nl(dag(19))}" in html
    assert "– nog geen resultaat" in html  # IBT and PV


def test_a_refused_form_keeps_what_was_typed_and_says_why(client, beheerder, student, als) -> None:  # noqa: ANN001
    als(beheerder)
    pad = f"/beheer/studenten/{student.id}/beroepsvereisten"
    response = client.post(pad, data=_formulier(geldig_tot=dag(-30).isoformat()))
    assert response.status_code == 422
    html = response.text
    assert f"Geldig tot ({nl(dag(-30))}) ligt vóór de datum van het resultaat ({nl(dag(-19))})." in html
    assert f'value="{dag(-19).isoformat()}"' in html and f'value="{dag(-30).isoformat()}"' in html
    assert 'aria-invalid="true"' in html
    assert "Er zijn nog geen resultaten vastgelegd." in html


def test_the_student_and_their_praktijkbegeleider_see_the_results(  # noqa: ANN001
    client,
    beheerder,
    student,
    praktijkbegeleider,
    andere_praktijkbegeleider,
    als,  # noqa: ANN001
) -> None:
    als(beheerder)
    client.post(f"/beheer/studenten/{student.id}/beroepsvereisten", data=_formulier(geldig_tot=dag(300).isoformat()))
    for persoon in (student, praktijkbegeleider):
        als(persoon)
        portfolio = client.get(f"/studenten/{student.id}/portfolio", follow_redirects=True).text
        assert f'href="/studenten/{student.id}/beroepsvereisten"' in portfolio
        html = client.get(f"/studenten/{student.id}/beroepsvereisten").text
        assert f"✓ voldaan, geldig tot en met {nl(dag(300))}" in html
        assert "Resultaat vastleggen" not in html
    als(andere_praktijkbegeleider)
    assert client.get(f"/studenten/{student.id}/beroepsvereisten").status_code == 404


def test_an_expired_result_shows_as_expired(client, beheerder, student, als) -> None:  # noqa: ANN001
    als(beheerder)
    client.post(
        f"/beheer/studenten/{student.id}/beroepsvereisten",
        data=_formulier(datum=dag(-366).isoformat(), geldig_tot=dag(-1).isoformat()),
    )
    html = client.get(f"/studenten/{student.id}/beroepsvereisten").text
    assert f"✗ verlopen op {nl(dag(-1))}" in html


def test_only_the_beheerder_has_the_beheer_page(client, student, praktijkbegeleider, als) -> None:  # noqa: ANN001
    als(praktijkbegeleider)
    assert client.get(f"/beheer/studenten/{student.id}/beroepsvereisten").status_code in (403, 404)
    response = client.post(f"/beheer/studenten/{student.id}/beroepsvereisten", data=_formulier())
    assert response.status_code in (403, 404)


def test_een_vereiste_waarvan_code_en_naam_gelijk_zijn_staat_er_een_keer(client, beheerder, student, als) -> None:  # noqa: ANN001
    """IBT is both the code and the name of a beroepsvereiste: every page shows "IBT" once, not "IBT — IBT"."""
    als(beheerder)
    paginas = [
        f"/beheer/studenten/{student.id}/beroepsvereisten",
        "/kwalificaties/WA-N6/versies/2.1",
        "/kwalificaties/WA-N6/versies/2.1/bouwstenen/B3.2",
    ]
    for pad in paginas:
        html = client.get(pad).text
        assert "IBT" in html, pad
        for dubbel in ("IBT — IBT", "IBT</strong> — IBT", "(IBT)</span>", "IBT</strong> IBT"):
            assert dubbel not in html, (pad, dubbel)
    als(student)
    html = client.get("/").text
    assert "IBT" in html and 'IBT <span class="meta">(IBT)</span>' not in html
