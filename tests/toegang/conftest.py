"""Logging in through the real form: GET the page for its CSRF token, then POST it back."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.factories import WACHTWOORD

Inloggen = Callable[..., httpx.Response]


def formulier_token(client: TestClient) -> str:
    """The anonymous CSRF token the login form carries (set as a cookie by the middleware)."""
    html = client.get("/inloggen").text
    return re.search(r'name="csrf_token" value="([^"]*)"', html).group(1)


def foutmelding(html: str) -> str:
    return re.search(r'id="inlogfout">([^<]*)<', html).group(1)


@pytest.fixture
def inloggen(client: TestClient) -> Inloggen:
    """`inloggen(email, wachtwoord=WACHTWOORD)` posts the login form; returns the response unfollowed."""

    def post(email: str, wachtwoord: str = WACHTWOORD, **extra: str) -> httpx.Response:
        data = {"email": email, "wachtwoord": wachtwoord, "csrf_token": formulier_token(client), **extra}
        return client.post("/inloggen", data=data, follow_redirects=False)

    return post
