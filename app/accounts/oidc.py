"""Signing in through the institution's OpenID Connect provider: authorization code flow with PKCE (S256).

authlib does the protocol work: the authorization URL with state, nonce and code challenge, the token
request with the verifier, and the id_token's checks (signature against the provider's JWKS, fetched
again once when a key id is unknown so rotated keys are picked up; iss, aud, exp, iat, nonce). This
module keeps the started sign-ins (single use), and decides which account a (issuer, sub) opens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.sync_openid import OpenIDMixin
from authlib.integrations.httpx_client import OAuth2Client
from joserfc.errors import JoseError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts import repository
from app.audit import service as audit
from app.config import Settings, get_settings
from app.db import tussentijds_vastleggen
from app.models import Gebruiker, GebruikerRol, OidcAanvraag, OidcKoppeling, Rol
from app.tijd import nu

STATE_COOKIE = "portfolio_oidc_state"
# A sign-in that is not back from the provider within this time must be started again.
AANVRAAG_GELDIG = dt.timedelta(minutes=10)
_METADATA_TTL = 3600
_TIMEOUT = 10
# Clock difference with the provider accepted for exp and iat.
_SPELING = 60

OPNIEUW = "Ga terug naar de inlogpagina en probeer het opnieuw."


class OidcGeweigerd(Exception):
    """A sign-in that does not go through: shown as a Dutch page, and audited with its reason."""

    def __init__(self, melding: str, reden: str, status_code: int = 400, **gegevens: object) -> None:
        super().__init__(melding)
        self.melding = melding
        self.reden = reden
        self.status_code = status_code
        self.gegevens = gegevens


@dataclass
class Aanmelding:
    issuer: str
    claims: dict
    volgende: str


def redirect_uri(settings: Settings) -> str:
    return settings.base_url.rstrip("/") + "/inloggen/oidc/terug"


def _issuer(settings: Settings) -> str:
    return settings.oidc_issuer.strip().rstrip("/")


# The provider's metadata (and its JWKS under "jwks"), per issuer, read again after an hour.
_metadata: dict[str, tuple[float, dict]] = {}
_slot = threading.Lock()


def metadata(settings: Settings) -> dict:
    issuer = _issuer(settings)
    with _slot:
        gevonden = _metadata.get(issuer)
        if gevonden and time.monotonic() - gevonden[0] < _METADATA_TTL:
            return gevonden[1]
    try:
        antwoord = httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=_TIMEOUT)
        antwoord.raise_for_status()
        gegevens = antwoord.json()
    except (httpx.HTTPError, ValueError) as fout:
        raise OidcGeweigerd(
            "De inlogdienst is nu niet bereikbaar. Probeer het over een paar minuten opnieuw, "
            "of log in met je wachtwoord als je er een hebt.",
            "inlogdienst_onbereikbaar",
            503,
        ) from fout
    # The issuer a provider names must be the one configured (OpenID Connect Discovery 1.0, section 4.3).
    if not isinstance(gegevens, dict) or str(gegevens.get("issuer", "")).rstrip("/") != issuer:
        raise OidcGeweigerd(
            "De inlogdienst geeft een andere identiteit op dan is ingesteld. Meld dit aan de functioneel beheerder.",
            "issuer_klopt_niet",
            503,
        )
    with _slot:
        _metadata[issuer] = (time.monotonic(), gegevens)
    return gegevens


def vergeet_metadata() -> None:
    """For tests and after a change of settings: read the provider's metadata and keys again."""
    with _slot:
        _metadata.clear()


def _client(settings: Settings) -> OAuth2Client:
    return OAuth2Client(
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret or None,
        scope=settings.oidc_scopes,
        redirect_uri=redirect_uri(settings),
        code_challenge_method="S256",
        timeout=_TIMEOUT,
    )


class _Aanbieder(OpenIDMixin):
    """authlib's id_token checks, given the metadata this module caches."""

    def __init__(self, settings: Settings, gegevens: dict) -> None:
        self.settings = settings
        self.client_id = settings.oidc_client_id
        self.server_metadata = gegevens

    def load_server_metadata(self) -> dict:
        return self.server_metadata

    def _get_session(self) -> OAuth2Client:
        return _client(self.settings)


def _hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


def start(session: Session, volgende: str) -> tuple[str, str]:
    """(the provider's authorization URL, the state the browser keeps in a cookie)."""
    settings = get_settings()
    gegevens = metadata(settings)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)  # 86 characters: within RFC 7636's 43-128
    moment = nu()
    session.execute(delete(OidcAanvraag).where(OidcAanvraag.aangemaakt_op < moment - AANVRAAG_GELDIG))
    session.add(
        OidcAanvraag(
            state_hash=_hash(state), nonce=nonce, code_verifier=verifier, volgende=volgende[:500], aangemaakt_op=moment
        )
    )
    session.flush()
    url, _ = _client(settings).create_authorization_url(
        gegevens["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
    )
    return url, state


def terug(session: Session, params: dict[str, str], cookie_state: str | None) -> Aanmelding:
    """Check what the provider sent back and return the id_token's verified claims."""
    settings = get_settings()
    if params.get("error"):
        raise OidcGeweigerd(
            f"Het inloggen bij de inlogdienst is afgebroken of geweigerd. {OPNIEUW}",
            "afgebroken_bij_inlogdienst",
            fout=params.get("error", "")[:100],
        )
    state = params.get("state") or ""
    # The state must be the one this browser was given (no login CSRF) and a sign-in still open (no replay).
    if not state or not cookie_state or not secrets.compare_digest(state.encode(), cookie_state.encode()):
        raise OidcGeweigerd(f"Deze terugkeer van de inlogdienst hoort niet bij jouw inlogpoging. {OPNIEUW}", "state")
    aanvraag = session.scalar(select(OidcAanvraag).where(OidcAanvraag.state_hash == _hash(state)))
    if aanvraag is None or nu() - aanvraag.aangemaakt_op > AANVRAAG_GELDIG:
        raise OidcGeweigerd(f"Deze inlogpoging is verlopen of al gebruikt. {OPNIEUW}", "state_verlopen")
    nonce, verifier, volgende = aanvraag.nonce, aanvraag.code_verifier, aanvraag.volgende
    # Used up now, and committed before the provider is asked: the same answer can never be used twice.
    session.delete(aanvraag)
    tussentijds_vastleggen(session)
    code = params.get("code") or ""
    if not code:
        raise OidcGeweigerd(f"De inlogdienst stuurde geen inlogcode mee. {OPNIEUW}", "geen_code")
    gegevens = metadata(settings)
    try:
        with _client(settings) as client:
            token = client.fetch_token(gegevens["token_endpoint"], code=code, code_verifier=verifier)
    except (AuthlibBaseError, httpx.HTTPError, ValueError) as fout:
        raise OidcGeweigerd(
            f"De inlogdienst heeft de inlogcode niet geaccepteerd (al gebruikt of verlopen). {OPNIEUW}",
            "code_geweigerd",
            fout=str(fout)[:200],
        ) from fout
    if "id_token" not in token:
        raise OidcGeweigerd(f"De inlogdienst stuurde geen identiteitsbewijs mee. {OPNIEUW}", "geen_id_token")
    try:
        claims = _Aanbieder(settings, gegevens).parse_id_token(token, nonce=nonce, leeway=_SPELING)
    except (AuthlibBaseError, JoseError, httpx.HTTPError, ValueError) as fout:
        raise OidcGeweigerd(
            "Het identiteitsbewijs van de inlogdienst is niet geldig (verkeerde ondertekening, verlopen, "
            f"of niet voor deze applicatie bedoeld). {OPNIEUW} Blijft dit gebeuren, meld het dan aan de "
            "functioneel beheerder.",
            "id_token_ongeldig",
            fout=f"{type(fout).__name__}: {fout}"[:200],
        ) from fout
    return Aanmelding(_issuer(settings), dict(claims), volgende)


def _email_vertrouwd(claims: dict, settings: Settings) -> bool:
    bevestigd = claims.get("email_verified")
    if bevestigd is None:
        return settings.oidc_email_vertrouwd
    return bevestigd is True or str(bevestigd).lower() == "true"


def account_voor(session: Session, aanmelding: Aanmelding) -> Gebruiker:
    """The account this (issuer, sub) opens: linked before, or linked now by a trusted e-mail, or created."""
    settings = get_settings()
    claims, issuer = aanmelding.claims, aanmelding.issuer
    sub = str(claims.get("sub", ""))[:255]
    email = str(claims.get("email") or "").strip().lower()[:320]
    koppeling = _koppeling(session, issuer, sub)
    if koppeling is not None:
        persoon = session.get(Gebruiker, koppeling.gebruiker_id)
        if persoon is None or not persoon.actief:
            raise OidcGeweigerd(
                "Je account is gedeactiveerd. Vraag de functioneel beheerder om het weer te activeren.",
                "gedeactiveerd",
                403,
                sub=sub,
            )
        koppeling.laatst_gebruikt_op = nu()
        return persoon
    vertrouwd = bool(email) and _email_vertrouwd(claims, settings)
    persoon = repository.gebruiker_op_email(session, email) if email else None
    if persoon is not None and not vertrouwd:
        raise OidcGeweigerd(
            f"De inlogdienst heeft je e-mailadres {email} niet als bevestigd opgegeven, dus kunnen we je "
            "account er niet aan koppelen. Bevestig je e-mailadres bij de inlogdienst, of vraag de functioneel "
            "beheerder.",
            "email_niet_bevestigd",
            403,
            sub=sub,
            email=email,
        )
    if persoon is not None and not persoon.actief:
        raise OidcGeweigerd(
            "Je account is gedeactiveerd. Vraag de functioneel beheerder om het weer te activeren.",
            "gedeactiveerd",
            403,
            sub=sub,
        )
    if persoon is None:
        persoon = _maak_account(session, settings, claims, email, vertrouwd, sub)
    return _koppel(session, persoon, issuer, sub, email)


def _maak_account(
    session: Session, settings: Settings, claims: dict, email: str, vertrouwd: bool, sub: str
) -> Gebruiker:
    wie = email or f"deze inlogidentiteit ({sub})"
    if not settings.oidc_aanmaken or not vertrouwd:
        raise OidcGeweigerd(
            f"Er is geen account voor {wie}; vraag de beheerder om een account voor je aan te maken.",
            "geen_account",
            403,
            sub=sub,
            email=email,
        )
    naam = " ".join(str(claims.get("name") or "").split())[:200] or email
    persoon = Gebruiker(
        email=email,
        naam=naam,
        wachtwoord_hash=None,
        actief=True,
        rol_records=[GebruikerRol(rol=Rol(settings.oidc_aanmaken))],
    )
    try:
        with session.begin_nested():
            session.add(persoon)
            session.flush()
    except IntegrityError:
        # Someone else's first sign-in with this e-mail won the race: use that account. (The savepoint's
        # rollback already took the new object out of the session.)
        bestaand = repository.gebruiker_op_email(session, email)
        if bestaand is None:
            raise
        return bestaand
    audit.registreer(
        session,
        None,
        "gebruiker_aangemaakt",
        "gebruiker",
        persoon.id,
        email=email,
        naam=naam,
        rollen=[settings.oidc_aanmaken],
        studentnummer=None,
        via="oidc",
    )
    return persoon


def _koppeling(session: Session, issuer: str, sub: str) -> OidcKoppeling | None:
    return session.scalar(select(OidcKoppeling).where(OidcKoppeling.issuer == issuer, OidcKoppeling.sub == sub))


def _koppel(session: Session, persoon: Gebruiker, issuer: str, sub: str, email: str) -> Gebruiker:
    moment = nu()
    koppeling = OidcKoppeling(
        gebruiker_id=persoon.id,
        issuer=issuer,
        sub=sub,
        email=email or None,
        aangemaakt_op=moment,
        laatst_gebruikt_op=moment,
    )
    try:
        with session.begin_nested():
            session.add(koppeling)
            session.flush()
    except IntegrityError:
        # The same first sign-in in two tabs: the other one linked it already, to the same account.
        bestaand = _koppeling(session, issuer, sub)
        if bestaand is None:
            raise
        return session.get(Gebruiker, bestaand.gebruiker_id)
    audit.registreer(session, persoon, "oidc_gekoppeld", "gebruiker", persoon.id, issuer=issuer, sub=sub, email=email)
    return persoon


def eind_sessie_url(settings: Settings) -> str | None:
    """The provider's logout page (RP-initiated logout), back to our login page; None when it has none."""
    try:
        gegevens = metadata(settings)
    except OidcGeweigerd:
        return None
    if not gegevens.get("end_session_endpoint"):
        return None
    aanbieder = _Aanbieder(settings, gegevens)
    terug_naar = settings.base_url.rstrip("/") + "/inloggen"
    return aanbieder.create_logout_url(post_logout_redirect_uri=terug_naar, client_id=settings.oidc_client_id)["url"]


def koppelingen(session: Session, gebruiker_id: int) -> list[OidcKoppeling]:
    stmt = select(OidcKoppeling).where(OidcKoppeling.gebruiker_id == gebruiker_id).order_by(OidcKoppeling.id)
    return list(session.scalars(stmt))


def verwijder_koppeling(session: Session, actor: Gebruiker, gebruiker_id: int, koppeling_id: int) -> None:
    koppeling = session.get(OidcKoppeling, koppeling_id)
    if koppeling is None or koppeling.gebruiker_id != gebruiker_id:
        from app.errors import NietGevonden

        raise NietGevonden("Deze koppeling bestaat niet (meer).")
    session.delete(koppeling)
    session.flush()
    audit.registreer(
        session,
        actor,
        "oidc_koppeling_verwijderd",
        "gebruiker",
        gebruiker_id,
        issuer=koppeling.issuer,
        sub=koppeling.sub,
    )
