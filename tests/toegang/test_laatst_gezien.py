"""Reading a page never waits for, or fails on, the session's "last seen" write."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import select, update

from app.models import Rol, Sessie
from app.toegang import sessies
from tests.conftest import EchteApp


def test_een_pagina_laadt_ook_als_de_sessie_net_door_een_ander_verzoek_vastgehouden_wordt(
    echte_app: EchteApp,
) -> None:
    student = echte_app.persoon(Rol.student)
    client = echte_app.client(student)
    token = client.cookies[sessies.COOKIE]
    lang_geleden = sessies.nu() - dt.timedelta(minutes=5)
    with echte_app.sessie() as session, session.begin():
        sessie_id = session.scalar(select(Sessie.id).where(Sessie.token_hash == sessies.token_hash(token)))
        session.execute(update(Sessie).where(Sessie.id == sessie_id).values(laatst_gezien_op=lang_geleden))

    # Another transaction holds the session's row (on SQLite: the database's write lock) and does not let go.
    with echte_app.engine.connect() as ander:
        ander.execute(update(Sessie).where(Sessie.id == sessie_id).values(csrf_token=Sessie.csrf_token))
        begin = time.monotonic()
        antwoord = client.get("/portfolio", timeout=5)
        duur = time.monotonic() - begin
        ander.rollback()

    assert antwoord.status_code == 200
    assert duur < 2
    # The next request, with the row free again, writes it.
    assert client.get("/portfolio").status_code == 200
    with echte_app.sessie() as session:
        assert session.get(Sessie, sessie_id).laatst_gezien_op > lang_geleden
