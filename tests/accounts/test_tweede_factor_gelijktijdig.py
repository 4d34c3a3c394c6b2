"""One TOTP code sent twice at the same moment (two tabs, or someone watching over a shoulder) opens one session."""

from __future__ import annotations

import pyotp
from sqlalchemy import update

from app.models import Rol, Sessie, TweedeFactor
from app.tijd import nu
from tests.conftest import EchteApp
from tests.gelijktijdig import tegelijk


def test_the_same_code_at_once_is_accepted_once(echte_app: EchteApp) -> None:
    lid = echte_app.persoon(Rol.examencommissie)
    geheim = pyotp.random_base32()
    with echte_app.sessie() as session, session.begin():
        session.add(TweedeFactor(gebruiker_id=lid.id, geheim=geheim, bevestigd_op=nu()))
    clients = [echte_app.client(lid) for _ in range(2)]
    with echte_app.sessie() as session, session.begin():
        # Both sessions are password logins still waiting for their second factor.
        session.execute(update(Sessie).where(Sessie.gebruiker_id == lid.id).values(tweede_factor_open=True))
    code = pyotp.TOTP(geheim).now()

    antwoorden = tegelijk(
        *[
            lambda c=c: c.post("/account/tweede-factor/controleren", data={"code": code}, follow_redirects=False)
            for c in clients
        ]
    )

    assert sorted(a.status_code for a in antwoorden) == [303, 400]
    with echte_app.sessie() as session:
        open_ = [s.tweede_factor_open for s in session.query(Sessie).where(Sessie.gebruiker_id == lid.id)]
        assert sorted(open_) == [False, True]
