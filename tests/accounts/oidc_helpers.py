"""Providers on loopback for the sign-in tests: oidc-provider-mock, and a small one whose tokens a test can spoil."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import RSAKey

from app.accounts import oidc
from app.config import get_settings


def zet_aan(monkeypatch, issuer: str, **meer: object) -> None:  # noqa: ANN001
    instellingen = get_settings()
    waarden = {
        "oidc_issuer": issuer,
        "oidc_client_id": "portfolio-test",
        "oidc_client_secret": "geheim",
        "oidc_naam": "Inloggen met SURFconext",
        "base_url": "http://testserver",
        **meer,
    }
    for naam, waarde in waarden.items():
        monkeypatch.setattr(instellingen, naam, waarde)
    oidc.vergeet_metadata()


def begin(client: TestClient, volgende: str = "/") -> str:
    """Start at the app; returns the provider's authorization URL the browser is sent to."""
    antwoord = client.get("/inloggen/oidc", params={"volgende": volgende}, follow_redirects=False)
    assert antwoord.status_code == 303, antwoord.text
    return antwoord.headers["location"]


def terug_pad(url: str) -> str:
    deel = urlparse(url)
    return f"{deel.path}?{deel.query}"


def challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


# oidc-provider-mock: the real protocol, including a code that works once.


def zet_gebruiker(issuer: str, sub: str, **claims: object) -> None:
    httpx.put(f"{issuer}/users/{sub}", json=claims).raise_for_status()


def kies_bij_mock(authorize_url: str, sub: str) -> str:
    """What the mock's authorize page does when someone types `sub` and presses the button: the redirect back."""
    antwoord = httpx.post(authorize_url, data={"sub": sub}, follow_redirects=False)
    assert antwoord.status_code in (302, 303), antwoord.text
    return antwoord.headers["location"]


# A small provider of our own, for tokens the mock never makes: another audience, expired, other key.


@dataclass
class NepAanbieder:
    url: str = ""
    sleutel: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "a"}))
    gepubliceerd: list[RSAKey] = field(default_factory=list)
    # Changes to the next id_token's claims, e.g. {"aud": "iemand-anders"}.
    wijzig: dict = field(default_factory=dict)
    claims: dict = field(default_factory=dict)
    nonces: dict = field(default_factory=dict)
    verifiers: list[str] = field(default_factory=list)
    jwks_opgehaald: int = 0

    def __post_init__(self) -> None:
        self.gepubliceerd = [self.sleutel]

    def id_token(self, code: str) -> str:
        moment = int(time.time())
        claims = {
            "iss": self.url,
            "sub": "nep-1",
            "aud": "portfolio-test",
            "iat": moment,
            "exp": moment + 300,
            "nonce": self.nonces.get(code, ""),
            **self.claims,
            **self.wijzig,
        }
        return jwt.encode({"alg": "RS256", "kid": self.sleutel.kid}, claims, self.sleutel)

    def code_voor(self, authorize_url: str) -> str:
        """Plays the authorize page: remembers the nonce for a fresh code and returns the redirect back."""
        query = parse_qs(urlparse(authorize_url).query)
        code = f"code-{len(self.nonces)}"
        self.nonces[code] = query["nonce"][0]
        return f"/inloggen/oidc/terug?{urlencode({'code': code, 'state': query['state'][0]})}"


def _handler(aanbieder: NepAanbieder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args) -> None:  # noqa: ANN002
            pass

        def _json(self, data: dict) -> None:
            body = json.dumps(data).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/.well-known/openid-configuration":
                self._json(
                    {
                        "issuer": aanbieder.url,
                        "authorization_endpoint": f"{aanbieder.url}/authorize",
                        "token_endpoint": f"{aanbieder.url}/token",
                        "jwks_uri": f"{aanbieder.url}/jwks",
                        "id_token_signing_alg_values_supported": ["RS256"],
                    }
                )
            elif self.path == "/jwks":
                aanbieder.jwks_opgehaald += 1
                self._json({"keys": [k.as_dict(private=False) for k in aanbieder.gepubliceerd]})
            else:
                self.send_error(404)

        def do_POST(self) -> None:  # noqa: N802
            lengte = int(self.headers.get("Content-Length", 0))
            form = parse_qs(self.rfile.read(lengte).decode())
            code = form.get("code", [""])[0]
            if code not in aanbieder.nonces:
                self.send_response(400)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"error": "invalid_grant"}')
                return
            aanbieder.verifiers.append(form.get("code_verifier", [""])[0])
            id_token = aanbieder.id_token(code)
            token = {"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
            self._json(token)

    return Handler


@contextmanager
def nep_aanbieder() -> Iterator[NepAanbieder]:
    aanbieder = NepAanbieder()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(aanbieder))
    aanbieder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield aanbieder
    finally:
        server.shutdown()
        server.server_close()
