"""The diploma as an Open Badges 3.0 credential: what a wallet and a verifier get, checked with our own rules.

The rules of the 1EdTech schema and the VC-JWT mapping the credential must meet are spelled out here
(OB_SCHEMA below and the claim checks), so the tests need nothing outside the repository.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import jsonschema
import pytest
from fastapi.testclient import TestClient
from joserfc import jws
from joserfc.jwk import ECKey

from app.config import get_settings
from app.openbadge import credential, sleutels
from tests.besluit.conftest import maak_diplomabaar

UUID_URN = r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
# A date-time with its zone (Z or ±hh:mm), as the schema's "format": "date-time" asks.
DATUMTIJD = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"


def _soorten(*verplicht: str) -> dict:
    """A `type` that is an array holding each of `verplicht`."""
    return {"type": "array", "minItems": 1, "allOf": [{"contains": {"const": s}} for s in verplicht]}


OB_SCHEMA = {
    "type": "object",
    "required": ["@context", "id", "type", "issuer", "validFrom", "name", "credentialSubject", "credentialStatus"],
    "properties": {
        "@context": {
            "type": "array",
            "prefixItems": [
                {"const": "https://www.w3.org/ns/credentials/v2"},
                {"const": "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
            ],
        },
        "id": {"type": "string", "pattern": UUID_URN},
        "type": _soorten("VerifiableCredential", "OpenBadgeCredential"),
        "issuer": {
            "type": "object",
            "required": ["id", "type", "name", "url", "email"],
            "properties": {"type": _soorten("Profile"), "id": {"type": "string", "pattern": "^https?://"}},
        },
        "validFrom": {"type": "string", "pattern": DATUMTIJD},
        "name": {"type": "string", "minLength": 1},
        "credentialSubject": {
            "type": "object",
            "required": ["type", "id", "identifier", "achievement"],
            "properties": {
                "type": _soorten("AchievementSubject"),
                "id": {"type": "string", "pattern": UUID_URN},
                "identifier": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["type", "hashed", "identityHash", "identityType", "salt"],
                        "properties": {
                            "type": {"const": "IdentityObject"},
                            "hashed": {"const": True},
                            "identityType": {"const": "emailAddress"},
                            "identityHash": {"type": "string", "pattern": "^sha256\\$[0-9a-f]{64}$"},
                        },
                    },
                },
                "achievement": {
                    "type": "object",
                    "required": ["id", "type", "criteria", "description", "name", "achievementType", "inLanguage"],
                    "properties": {
                        "type": _soorten("Achievement"),
                        "achievementType": {"const": "Diploma"},
                        "inLanguage": {"const": "nl"},
                        "criteria": {"type": "object", "required": ["narrative"]},
                        "alignment": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["type", "targetName", "targetUrl", "targetCode", "targetType"],
                                "properties": {
                                    "type": _soorten("Alignment"),
                                    "targetType": {"const": "CFItem"},
                                    "targetUrl": {"type": "string", "pattern": "/ims/case/v1p1/CFItems/[0-9a-f-]{36}$"},
                                },
                            },
                        },
                    },
                },
            },
        },
        "credentialStatus": {
            "type": "object",
            "required": ["id", "type", "statusPurpose", "statusListIndex", "statusListCredential"],
            "properties": {
                "type": {"const": "BitstringStatusListEntry"},
                "statusPurpose": {"const": "revocation"},
                "statusListIndex": {"type": "string", "pattern": "^(0|[1-9][0-9]*)$"},
            },
        },
    },
    "not": {"required": ["vc"]},
}


@pytest.fixture(autouse=True)
def eigen_sleutelmap(tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    """Each test its own keys: a rotation in one never reaches another."""
    map_ = tmp_path / "sleutels"
    monkeypatch.setattr(get_settings(), "ob_sleutelmap", map_)
    return map_


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _delen(token: str) -> tuple[dict, dict]:
    kop, inhoud, _ = token.split(".")
    return (
        json.loads(base64.urlsafe_b64decode(kop + "=" * (-len(kop) % 4))),
        json.loads(base64.urlsafe_b64decode(inhoud + "=" * (-len(inhoud) % 4))),
    )


def _pad(url: str) -> str:
    """Our own URL (PORTFOLIO_BASE_URL) as a path the test client can fetch."""
    basis = get_settings().base_url.rstrip("/")
    assert url.startswith(basis + "/"), url
    return url[len(basis) :]


def _vaststellen(client: TestClient, student_id: int) -> str:
    antwoord = client.post(
        f"/api/v1/studenten/{student_id}/diplomabesluit",
        json={"besluit": "vastgesteld", "motivering": "Het dossier is volledig."},
    )
    assert antwoord.status_code == 201, antwoord.text
    return antwoord.json()["diplomanummer"]


def _download(client: TestClient, nummer: str) -> str:
    antwoord = client.get(f"/api/v1/diplomas/{nummer}/openbadge.jwt")
    assert antwoord.status_code == 200, antwoord.text
    return antwoord.text


def _verifieer_met_kid(client: TestClient, token: str) -> dict:
    """Verify as an outsider would: fetch the JWK at `kid` and check the signature with it."""
    header, _ = _delen(token)
    jwk = client.get(_pad(header["kid"]))
    assert jwk.status_code == 200
    sleutel = jwk.json()
    assert "keys" not in sleutel and "d" not in sleutel  # one public JWK, never a set, never the private part
    gecontroleerd = jws.deserialize_compact(token, ECKey.import_key(sleutel), algorithms=[header["alg"]])
    return json.loads(gecontroleerd.payload)


def _controleer(client: TestClient, token: str) -> dict:
    antwoord = client.post("/api/v1/openbadges/verificatie", json={"credential": token})
    assert antwoord.status_code == 200, antwoord.text
    return antwoord.json()


def test_het_credential_voldoet_aan_de_regels_en_verifieert_met_de_sleutel_bij_kid(
    als, client, db, diplomabare_student, examencommissielid
) -> None:  # noqa: ANN001
    als(examencommissielid)
    nummer = _vaststellen(client, diplomabare_student.id)
    als(diplomabare_student)
    token = _download(client, nummer)

    header, payload = _delen(token)
    assert set(header) <= {"alg", "kid", "typ"} and header["alg"] in {"ES256", "RS256"}
    assert header.get("typ", "JWT") == "JWT"
    assert re.fullmatch(r"https?://.+/ob/sleutels/[A-Za-z0-9_-]+", header["kid"])
    jsonschema.validate(payload, OB_SCHEMA)
    assert payload["iss"] == payload["issuer"]["id"] == get_settings().base_url.rstrip("/") + "/ob/uitgever"
    assert payload["jti"] == payload["id"] and payload["sub"] == payload["credentialSubject"]["id"]
    assert "exp" not in payload
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", payload["validFrom"])  # whole seconds
    assert payload["nbf"] == int(dt.datetime.fromisoformat(payload["validFrom"]).timestamp())
    identiteit = payload["credentialSubject"]["identifier"][0]
    assert identiteit["identityHash"] == credential.identity_hash(diplomabare_student.email, identiteit["salt"])
    codes = [a["targetCode"] for a in payload["credentialSubject"]["achievement"]["alignment"]]
    assert "KT1" in codes and "LU1.1" in codes
    status = payload["credentialStatus"]
    assert status["id"] == f"{status['statusListCredential']}#{status['statusListIndex']}"

    assert _verifieer_met_kid(client, token) == payload
    assert _download(client, nummer) == token  # every download is the same credential
    profiel = client.get(_pad(payload["iss"])).json()
    assert profiel["id"] == payload["iss"] and profiel["type"] == ["Profile"]

    uitslag = _controleer(client, token)
    assert uitslag["geldig"] is True and uitslag["redenen"] == []
    assert uitslag["naam"] == diplomabare_student.naam


def test_een_veranderd_teken_breekt_de_handtekening(als, client, diplomabare_student, examencommissielid) -> None:  # noqa: ANN001
    als(examencommissielid)
    token = _download(client, _vaststellen(client, diplomabare_student.id))
    kop, inhoud, handtekening = token.split(".")
    _, payload = _delen(token)
    payload["name"] = payload["name"].replace("D", "E", 1)
    vervalst = f"{kop}.{_b64(json.dumps(payload, separators=(',', ':')).encode())}.{handtekening}"
    # The verification is public: no login.
    client.cookies.clear()

    uitslag = _controleer(client, vervalst)

    assert uitslag["geldig"] is False and uitslag["naam"] is None
    assert any("handtekening klopt niet" in r for r in uitslag["redenen"])


def _lijst(client: TestClient, url: str) -> bytes:
    antwoord = client.get(_pad(url))
    assert antwoord.status_code == 200
    max_age = int(re.search(r"max-age=(\d+)", antwoord.headers["cache-control"]).group(1))
    assert max_age <= 300
    header, _ = _delen(antwoord.text)
    assert set(header) <= {"alg", "kid", "typ"}
    payload = _verifieer_met_kid(client, antwoord.text)
    assert payload["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert payload["iss"] == payload["issuer"]["id"]
    lijst = credential.decode_list(payload["credentialSubject"]["encodedList"])
    assert len(lijst) * 8 >= 131_072
    return lijst


def _gezet(lijst: bytes) -> set[int]:
    return {i for i in range(len(lijst) * 8) if lijst[i // 8] & (0x80 >> i % 8)}


def test_intrekken_zet_precies_het_bit_van_dat_credential(
    als, client, db, diplomabare_student, andere_student, praktijkbegeleider, beheerder, examencommissielid
) -> None:  # noqa: ANN001
    maak_diplomabaar(db, andere_student, praktijkbegeleider, beheerder)
    als(examencommissielid)
    eerste, tweede = _vaststellen(client, diplomabare_student.id), _vaststellen(client, andere_student.id)
    token1 = _download(client, eerste)
    _, p1 = _delen(token1)
    token2 = _download(client, tweede)
    _, p2 = _delen(token2)
    s1, s2 = p1["credentialStatus"], p2["credentialStatus"]
    assert s1["statusListIndex"] != s2["statusListIndex"]  # another index for the second diploma
    assert _gezet(_lijst(client, s2["statusListCredential"])) == set()

    antwoord = client.post(f"/api/v1/diplomas/{tweede}/intrekking", json={"reden": "Fraude met bewijs."})
    assert antwoord.status_code == 201

    assert _gezet(_lijst(client, s2["statusListCredential"])) == {int(s2["statusListIndex"])}
    # A revoked credential can still be downloaded, and verifies as revoked.
    assert _download(client, tweede) == token2
    client.cookies.clear()
    uitslag = _controleer(client, token2)
    assert uitslag["geldig"] is False
    assert any("ingetrokken" in r for r in uitslag["redenen"])
    assert _controleer(client, token1)["geldig"] is True  # the other diploma's bit stays clear


def test_na_sleutelrotatie_blijft_het_eerste_credential_geldig(
    als, client, db, diplomabare_student, andere_student, praktijkbegeleider, beheerder, examencommissielid
) -> None:  # noqa: ANN001
    maak_diplomabaar(db, andere_student, praktijkbegeleider, beheerder)
    als(examencommissielid)
    eerste = _download(client, _vaststellen(client, diplomabare_student.id))
    oud = sleutels.huidige()
    nieuw = sleutels.nieuw()
    tweede = _download(client, _vaststellen(client, andere_student.id))

    assert _delen(eerste)[0]["kid"].endswith(oud.kid)
    assert _delen(tweede)[0]["kid"].endswith(nieuw.kid)
    assert _verifieer_met_kid(client, eerste) and _verifieer_met_kid(client, tweede)
    assert _controleer(client, eerste)["geldig"] is True
    assert _controleer(client, tweede)["geldig"] is True


def _onderteken(header: dict, payload: dict, sleutel: ECKey) -> str:
    return jws.serialize_compact(header, json.dumps(payload).encode(), sleutel, algorithms=["ES256"])


def test_vreemde_sleutels_alg_none_en_een_jwk_header_worden_geweigerd(
    als, client, diplomabare_student, examencommissielid
) -> None:  # noqa: ANN001
    als(examencommissielid)
    echt = _download(client, _vaststellen(client, diplomabare_student.id))
    header, payload = _delen(echt)
    client.cookies.clear()
    vreemd = ECKey.generate_key("P-256", private=True)

    # Signed by a key not ours, named as one of ours or under its own kid.
    onder_onze_kid = _onderteken(header, payload, vreemd)
    eigen_kid = _onderteken({**header, "kid": credential.sleutel_url(vreemd.thumbprint())}, payload, vreemd)
    elders = _onderteken({**header, "kid": "https://aanvaller.example/sleutel"}, payload, vreemd)
    met_jwk = _onderteken({**header, "jwk": vreemd.as_dict(private=False)}, payload, vreemd)
    zonder_alg = f"{_b64(json.dumps({'alg': 'none', 'kid': header['kid']}).encode())}.{echt.split('.')[1]}."

    for token, woorden in [
        (onder_onze_kid, "handtekening klopt niet"),
        (eigen_kid, "niet ondertekend met een sleutel van deze uitgever"),
        (elders, "niet ondertekend met een sleutel van deze uitgever"),
        (met_jwk, "niet-toegestane velden: jwk"),
        (zonder_alg, "'none' wordt niet geaccepteerd"),
    ]:
        uitslag = _controleer(client, token)
        assert uitslag["geldig"] is False, token
        assert any(woorden in r for r in uitslag["redenen"]), uitslag
        assert uitslag["naam"] is None


def test_de_verificatie_weigert_onzin_en_te_grote_invoer_zonder_500(client) -> None:  # noqa: ANN001
    assert _controleer(client, "geen.jws")["geldig"] is False
    assert client.post("/api/v1/openbadges/verificatie", json={"credential": "x" * 70_000}).status_code in (413, 422)
    assert client.post("/api/v1/openbadges/verificatie", json={}).status_code in (400, 422)


def test_alleen_de_student_zelf_en_de_examencommissie_downloaden(
    als, client, db, diplomabare_student, andere_student, examencommissielid
) -> None:  # noqa: ANN001
    als(examencommissielid)
    nummer = _vaststellen(client, diplomabare_student.id)
    als(andere_student)
    assert client.get(f"/api/v1/diplomas/{nummer}/openbadge.jwt").status_code == 404
    client.cookies.clear()
    assert client.get(f"/api/v1/diplomas/{nummer}/openbadge.jwt").status_code == 401


def test_sleutels_staan_niet_in_een_antwoord_en_alleen_voor_de_app_leesbaar(client, eigen_sleutelmap) -> None:  # noqa: ANN001
    sleutel = sleutels.nieuw()
    bestand = eigen_sleutelmap / f"{sleutel.kid}.json"
    assert bestand.stat().st_mode & 0o077 == 0
    publiek = client.get(f"/ob/sleutels/{sleutel.kid}").json()
    assert publiek["kid"] == sleutel.kid and "d" not in publiek
    assert client.get("/ob/sleutels/..%2F..%2Fetc").status_code == 404
    assert client.get("/ob/statuslijst/0").status_code == 404


def test_de_openbare_pagina_controleert_een_geplakt_credential(
    als, client, diplomabare_student, examencommissielid
) -> None:  # noqa: ANN001
    from tests.accounts.helpers import anonieme_csrf

    als(examencommissielid)
    nummer = _vaststellen(client, diplomabare_student.id)
    token = _download(client, nummer)
    client.cookies.clear()
    client.headers.pop("X-CSRF-Token", None)
    pagina = client.get("/diplomas/verifieren")
    assert pagina.status_code == 200 and 'name="credential"' in pagina.text and 'type="file"' in pagina.text
    csrf = anonieme_csrf(client, "/diplomas/verifieren")

    echt = client.post("/diplomas/verifieren", data={"credential": token, "csrf_token": csrf})
    assert echt.status_code == 200
    assert "Dit Open Badge-diploma is echt en geldig." in echt.text and "Sanne Student" in echt.text

    kop, inhoud, handtekening = token.split(".")
    vervalst = client.post(
        "/diplomas/verifieren", data={"credential": f"{kop}.{inhoud[:-2]}xx.{handtekening}", "csrf_token": csrf}
    )
    assert "niet geldig" in vervalst.text and "Sanne Student" not in vervalst.text
    leeg = client.post("/diplomas/verifieren", data={"credential": " ", "csrf_token": csrf})
    assert leeg.status_code == 200 and "Plak eerst een credential" in leeg.text
