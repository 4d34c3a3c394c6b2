"""Logins under a burst: a full password pool answers 503 with Retry-After; a new password stops the API tokens."""

from __future__ import annotations

import threading

from app.accounts import wachtwoorden
from app.config import get_settings
from app.models import Rol
from tests import factories
from tests.accounts.helpers import STERK, anonieme_csrf, api_token, token_uit


def test_a_login_that_waits_too_long_for_the_pool_answers_503_with_retry_after(client, db, monkeypatch) -> None:  # noqa: ANN001
    persoon = factories.create_gebruiker(db, Rol.student)
    vol = threading.BoundedSemaphore(1)
    vol.acquire()  # every place taken, as in a burst
    monkeypatch.setattr(wachtwoorden, "_pool", lambda: vol)
    monkeypatch.setattr(get_settings(), "wachtwoord_wacht_seconden", 0.05)
    csrf = anonieme_csrf(client, "/inloggen")
    antwoord = client.post(
        "/inloggen", data={"email": persoon.email, "wachtwoord": factories.WACHTWOORD, "csrf_token": csrf}
    )
    assert antwoord.status_code == 503
    assert antwoord.headers["retry-after"] == "5"
    assert "heel veel mensen tegelijk" in antwoord.text
    assert persoon.email in antwoord.text  # the form keeps what was typed


def test_a_password_change_revokes_the_api_tokens(client, db, als) -> None:  # noqa: ANN001
    persoon = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    als(persoon)
    token = token_uit(client.post("/account/tokens", data={"naam": "Script"}).text)
    antwoord = client.post(
        "/account/wachtwoord",
        data={"huidig": factories.WACHTWOORD, "nieuw": STERK, "herhaling": STERK},
    )
    assert antwoord.status_code == 200
    assert "API-tokens zijn ingetrokken" in antwoord.text
    assert api_token(db, token).ingetrokken_op is not None
