"""Two first sign-ins with the same (issuer, sub) at the same moment (two tabs, a double click on the
provider's button): one account, one link, and both land in it."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import func, select

from app.accounts import oidc
from app.config import get_settings
from app.models import Gebruiker, OidcKoppeling, Rol
from tests.conftest import EchteApp
from tests.gelijktijdig import tegelijk

pytestmark = pytest.mark.commits

ISSUER = "https://login.school.example"


def _eerste_aanmelding(echte_app: EchteApp, claims: dict) -> int:
    with echte_app.sessie() as session, session.begin():
        return oidc.account_voor(session, oidc.Aanmelding(ISSUER, claims, "/")).id


@pytest.fixture(autouse=True)
def _alleen_postgres(engine) -> None:  # noqa: ANN001
    if engine.dialect.name != "postgresql":
        pytest.skip("two writers at once are PostgreSQL's (SQLite has one writer)")


def test_two_first_sign_ins_of_an_existing_account_link_it_once(echte_app: EchteApp) -> None:
    student = echte_app.persoon(Rol.student)
    sub = f"sub-{secrets.token_hex(6)}"
    claims = {"sub": sub, "email": student.email, "email_verified": True}

    ids = tegelijk(*[lambda: _eerste_aanmelding(echte_app, claims) for _ in range(2)])

    assert ids == [student.id, student.id]
    with echte_app.sessie() as session:
        koppelingen = session.scalars(select(OidcKoppeling).where(OidcKoppeling.sub == sub)).all()
    assert [k.gebruiker_id for k in koppelingen] == [student.id]


def test_two_first_sign_ins_that_create_the_account_create_one(
    echte_app: EchteApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "oidc_aanmaken", "student")
    sub = f"sub-{secrets.token_hex(6)}"
    email = f"{secrets.token_hex(6)}@echt.example.nl"
    claims = {"sub": sub, "email": email, "email_verified": True, "name": "Nieuwe Student"}

    ids = tegelijk(*[lambda: _eerste_aanmelding(echte_app, claims) for _ in range(2)])

    assert ids[0] == ids[1]
    with echte_app.sessie() as session:
        assert session.scalar(select(func.count()).select_from(Gebruiker).where(Gebruiker.email == email)) == 1
        koppelingen = session.scalars(select(OidcKoppeling).where(OidcKoppeling.sub == sub)).all()
        assert [k.gebruiker_id for k in koppelingen] == ids[:1]
        session.execute(
            Gebruiker.__table__.update().where(Gebruiker.email == email).values(actief=False)
        )  # the account stays (audited), but cannot sign in after this test
        session.commit()
