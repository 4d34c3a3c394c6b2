"""The Open Badges 3.0 credential of a diploma, the issuer Profile and the revocation list: pure, plain JSON.

Everything here is built from plain facts handed in (no database, no clock), so the credential made at
the decision and a test's expectation come from the same code. Layout: VC Data Model 2.0 (the
credential itself is the JWT payload), Open Badges context 3.0.3, Bitstring Status List for revocation.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from app.config import get_settings

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
STATUS_CONTEXT = ["https://www.w3.org/ns/credentials/v2"]
# Bitstring Status List asks for at least 16 KB (131,072 entries), so one list hides who is revoked among many.
LIJST_BITS = 131_072
# A new list is started once this many indexes of the current one are taken: random indexes stay easy to find.
LIJST_VOL = LIJST_BITS // 2


def app_url() -> str:
    return get_settings().base_url.rstrip("/")


def uitgever_url() -> str:
    return f"{app_url()}/ob/uitgever"


def sleutel_url(kid: str) -> str:
    return f"{app_url()}/ob/sleutels/{kid}"


def statuslijst_url(lijst: int) -> str:
    return f"{app_url()}/ob/statuslijst/{lijst}"


def kid_uit_url(url: str) -> str | None:
    """The kid of one of our key URLs; None for any other URL (a foreign key is never fetched)."""
    voorvoegsel = sleutel_url("")
    return url[len(voorvoegsel) :] if url.startswith(voorvoegsel) else None


def profiel() -> dict:
    """The issuer: the school, as GET /ob/uitgever publishes it and every credential embeds it."""
    settings = get_settings()
    return {
        "id": uitgever_url(),
        "type": ["Profile"],
        "name": settings.ob_naam,
        "url": (settings.ob_url or settings.base_url).rstrip("/") or app_url(),
        "email": settings.ob_email,
    }


def urn() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def identity_hash(email: str, salt: str) -> str:
    """Open Badges' hashed identity: 'sha256$' + hex sha256 of the e-mail address followed by the salt."""
    return "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()


def seconden(moment: dt.datetime) -> str:
    """A moment in whole seconds, in UTC with its zone ('2026-12-07T12:00:00Z')."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Uitlijning:
    """One kerntaak or leeruitkomst of the kwalificatie, as its CASE export publishes it."""

    code: str
    titel: str
    uri: str


@dataclass(frozen=True)
class DiplomaFeiten:
    credential_id: str
    subject_id: str
    email: str
    salt: str
    kwalificatie_code: str
    kwalificatie_versie: str
    kwalificatie_titel: str
    niveau: int
    diplomanummer: str
    moment: dt.datetime
    statuslijst: int
    statusindex: int
    uitlijning: Sequence[Uitlijning]


def achievement_id(code: str, versie: str) -> str:
    """The achievement (the kwalificatie in one version), the same in every credential of it."""
    return f"{app_url()}/ob/kwalificaties/{quote(code, safe='')}/{quote(versie, safe='')}"


def credential(f: DiplomaFeiten) -> dict:
    """The OpenBadgeCredential of one diploma (AchievementCredential in the JSON Schema)."""
    naam = f"{f.kwalificatie_titel} (niveau {f.niveau})"
    lijst = statuslijst_url(f.statuslijst)
    return {
        "@context": list(CONTEXT),
        "id": f.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": profiel(),
        "validFrom": seconden(f.moment),
        "name": f"Diploma {naam}",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "id": f.subject_id,
            "identifier": [
                {
                    "type": "IdentityObject",
                    "hashed": True,
                    "identityType": "emailAddress",
                    "identityHash": identity_hash(f.email, f.salt),
                    "salt": f.salt,
                }
            ],
            "achievement": {
                "id": achievement_id(f.kwalificatie_code, f.kwalificatie_versie),
                "type": ["Achievement"],
                "achievementType": "Diploma",
                "name": f"{naam}, versie {f.kwalificatie_versie}",
                "description": (
                    f"Diploma van de kwalificatie {f.kwalificatie_titel} ({f.kwalificatie_code}, niveau {f.niveau}), "
                    f"versie {f.kwalificatie_versie}, vastgesteld door de examencommissie "
                    f"(diplomanummer {f.diplomanummer})."
                ),
                "criteria": {
                    "narrative": (
                        "De examencommissie stelt het diploma vast als elke leeruitkomst van de kwalificatie is "
                        "aangetoond met bewijs uit de praktijk, beoordeeld volgens de beoordelingsregel, elke "
                        "beroepsvereiste geldig is voldaan en geen bewijs meer op beoordeling wacht."
                    )
                },
                "inLanguage": "nl",
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetType": "CFItem",
                        "targetUrl": u.uri,
                        "targetCode": u.code,
                        "targetName": u.titel,
                    }
                    for u in f.uitlijning
                ],
            },
        },
        "credentialStatus": {
            "id": f"{lijst}#{f.statusindex}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(f.statusindex),
            "statusListCredential": lijst,
        },
    }


def claims(vc: dict) -> dict:
    """The JWT claims beside the credential (VC-JOSE-COSE and OB 3.0 §8.2); no exp: a diploma does not expire."""
    return {
        "iss": vc["issuer"]["id"] if isinstance(vc["issuer"], dict) else vc["issuer"],
        "jti": vc["id"],
        "nbf": int(dt.datetime.fromisoformat(vc["validFrom"]).timestamp()),
        "sub": vc["credentialSubject"]["id"],
    }


# --- The revocation list -------------------------------------------------------------------------


def bitstring(ingetrokken: Collection[int], bits: int = LIJST_BITS) -> bytes:
    """Bit i set for every revoked index i: byte[i // 8] & (0x80 >> i % 8), the first bit the highest."""
    lijst = bytearray(bits // 8)
    for i in ingetrokken:
        lijst[i // 8] |= 0x80 >> (i % 8)
    return bytes(lijst)


def encoded_list(lijst: bytes) -> str:
    """'u' (multibase base64url) + base64url without padding of the GZIP of the bitstring."""
    # mtime=0: the same list always encodes the same, whatever the hour.
    return "u" + base64.urlsafe_b64encode(gzip.compress(lijst, mtime=0)).rstrip(b"=").decode()


def decode_list(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("geen multibase base64url")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit(lijst: bytes, index: int) -> bool:
    return bool(lijst[index // 8] & (0x80 >> (index % 8)))


def statuslijst(lijst: int, ingetrokken: Collection[int], moment: dt.datetime) -> dict:
    """The BitstringStatusListCredential of list `lijst` as it stands at `moment`."""
    url = statuslijst_url(lijst)
    return {
        "@context": list(STATUS_CONTEXT),
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": profiel(),
        "validFrom": seconden(moment),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(bitstring(ingetrokken)),
        },
    }


def linkedin_url(naam: str, datum: dt.date, verificatie_url: str, diplomanummer: str) -> str:
    """LinkedIn's "add certification" form, filled in: the diploma's name, the school, the date, the check URL."""
    from urllib.parse import urlencode

    velden = {
        "startTask": "CERTIFICATION_NAME",
        "name": naam,
        "organizationName": get_settings().ob_naam,
        "issueYear": datum.year,
        "issueMonth": datum.month,
        "certUrl": verificatie_url,
        "certId": diplomanummer,
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(velden)
