"""A credential as a VC-JWT (compact JWS): signing with our current key, checking against our keys only.

The header is exactly `alg`, `kid` (the key's URL) and `typ: JWT`; a verifier of ours refuses any other
header member (`jwk`, `jku`, `x5u`, `crit`, …), `alg: none` and every key that is not one of ours, so a
credential can never bring the key it is checked with.
"""

from __future__ import annotations

import json

from joserfc import jws
from joserfc.errors import JoseError

from app.openbadge import credential, sleutels

TOEGESTANE_ALG = frozenset({"ES256", "RS256"})
_HEADER_LEDEN = frozenset({"alg", "kid", "typ"})


class Ongeldig(Exception):
    """The presented JWS is not one of ours, or not intact; the message is a Dutch sentence."""


def onderteken(vc: dict, sleutel: sleutels.Sleutel | None = None) -> str:
    """The credential with its JWT claims, signed by `sleutel` (by default the current key)."""
    sleutel = sleutel or sleutels.huidige()
    payload = {**vc, **credential.claims(vc)}
    header = {"alg": sleutels.ALGORITME, "kid": credential.sleutel_url(sleutel.kid), "typ": "JWT"}
    tekst = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return jws.serialize_compact(header, tekst, sleutel.sleutel, algorithms=[sleutels.ALGORITME])


def header_fouten(header: dict) -> list[str]:
    """What is wrong with a header by our rules, in Dutch; empty when it is right."""
    fouten = []
    if header.get("alg") not in TOEGESTANE_ALG:
        fouten.append(f"Het algoritme '{header.get('alg')}' wordt niet geaccepteerd; alleen ES256 of RS256.")
    if "typ" in header and header["typ"] != "JWT":
        fouten.append("Het type in de header moet JWT zijn.")
    if overig := sorted(set(header) - _HEADER_LEDEN):
        fouten.append(f"De header bevat niet-toegestane velden: {', '.join(overig)}.")
    if not isinstance(header.get("kid"), str):
        fouten.append("De header noemt geen sleutel (kid).")
    return fouten


def controleer(token: str) -> tuple[dict, dict]:
    """(header, payload) of a JWS signed by one of our keys; Ongeldig with a Dutch reason otherwise."""
    try:
        ruw = jws.extract_compact(token.strip().encode("ascii"))
    except (JoseError, ValueError, UnicodeError):
        raise Ongeldig("Dit is geen geldig ondertekend credential (compacte JWS).") from None
    header = dict(ruw.protected)
    if fouten := header_fouten(header):
        raise Ongeldig(" ".join(fouten))
    kid = credential.kid_uit_url(header["kid"])
    sleutel = sleutels.zoek(kid) if kid else None
    if sleutel is None:
        raise Ongeldig("Het credential is niet ondertekend met een sleutel van deze uitgever.")
    if header["alg"] != sleutels.ALGORITME:
        raise Ongeldig("Het algoritme past niet bij de sleutel van de uitgever.")
    try:
        gecontroleerd = jws.deserialize_compact(token.strip(), sleutel.sleutel, algorithms=[sleutels.ALGORITME])
    except (JoseError, ValueError):
        raise Ongeldig("De handtekening klopt niet: het credential is na ondertekening veranderd.") from None
    try:
        payload = json.loads(gecontroleerd.payload)
    except (ValueError, UnicodeError):
        raise Ongeldig("De inhoud van het credential is geen JSON.") from None
    if not isinstance(payload, dict):
        raise Ongeldig("De inhoud van het credential is geen JSON-object.")
    return header, payload
