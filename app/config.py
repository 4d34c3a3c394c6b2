"""One Settings object, read from PORTFOLIO_* environment variables (API.md)."""

from __future__ import annotations

import ipaddress
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

VAR_DIR = Path("var")
# The role names (app.models.Rol), repeated here so the settings do not import the models.
_ROLLEN = ("student", "praktijkbegeleider", "examencommissie", "beheerder")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PORTFOLIO_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{VAR_DIR / 'portfolio.db'}"
    storage_dir: Path = VAR_DIR / "bestanden"
    # Where evidence lives: the local disk (one machine) or an S3-compatible object store (several app servers).
    opslag: Literal["lokaal", "s3"] = "lokaal"
    s3_endpoint_url: str = ""  # empty: AWS itself
    s3_bucket: str = ""
    s3_regio: str = "us-east-1"
    # Downloads stream through the app, or the app answers with a redirect to a short-lived signed URL.
    s3_downloads: Literal["via_app", "presigned"] = "via_app"
    s3_url_geldig_seconden: int = Field(default=60, ge=1, le=300)
    secret_key: str = ""
    log_level: str = "INFO"
    # Where links in e-mails and console messages point.
    base_url: str = "http://127.0.0.1:8000"
    # Who integrators of the API turn to (the OpenAPI document's info.contact); an empty url is base_url.
    api_contact_naam: str = "Functioneel beheer Leeruitkomstportfolio"
    api_contact_email: str = "functioneel.beheer@portfolio.example"
    api_contact_url: str = ""
    # Reverse proxies whose X-Forwarded-For is believed: IPs or networks, comma-separated, "*" for any.
    trusted_proxies: str = ""

    sessie_idle_minuten: int = 30
    sessie_max_uren: int = 12
    link_geldig_uren: int = 72
    # Failed logins allowed per account in the window; from a client address, failures beyond
    # inlog_vertragen_vanaf slow every further attempt from it (doubling, up to the maximum) instead of locking out.
    inlog_max_per_account: int = 5
    inlog_vertragen_vanaf: int = Field(default=20, ge=1)
    inlog_vertraging_max_seconden: float = Field(default=30, ge=0)
    inlog_venster_minuten: int = 15
    # Password checks (argon2) running at once in each process; a login that waits longer than this answers 503.
    wachtwoord_pool: int = Field(default=max(1, os.cpu_count() or 1), ge=1)
    wachtwoord_wacht_seconden: float = Field(default=10, gt=0)

    # Sign-in through the institution's OpenID Connect provider (SURFconext, eduID, Entra ID); off when empty.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_naam: str = "Inloggen met je instellingsaccount"
    oidc_scopes: str = "openid email profile"
    # A provider that does not send email_verified (Entra ID often) is trusted for the e-mail only when set.
    oidc_email_vertrouwd: bool = False
    # The role an unknown person gets on first sign-in; empty: nobody is created.
    oidc_aanmaken: str = ""
    # Roles (comma-separated) whose holders must sign in through the provider: their password no longer works.
    oidc_verplicht: str = ""

    # Public diploma verifications (page and API) allowed per client address per minute.
    verificatie_max_per_minuut: int = 30

    # Evidence upload limits.
    max_bestand_mb: int = 100
    max_student_mb: int = 2048

    # Threads that run requests in each worker process (anyio's default is 40), and the
    # database pool sized to match: every thread can hold a connection, none waits for one.
    threads: int = 40
    db_pool_size: int | None = None  # default: `threads`
    db_max_overflow: int = 10
    db_pool_timeout: int = 30
    sqlite_busy_timeout_ms: int = 10_000

    smtp_host: str = ""
    smtp_port: int = 587
    smtp_gebruiker: str = ""
    smtp_wachtwoord: str = ""
    smtp_afzender: str = "portfolio@localhost"
    # starttls (upgrade a plain connection, port 587), tls (TLS from the first byte, port 465),
    # or geen: plain SMTP, only to a mail relay on this machine.
    smtp_beveiliging: Literal["starttls", "tls", "geen"] = "starttls"

    # Jobs. On SQLite the serving process runs them itself (one machine); on PostgreSQL `portfolio worker` does.
    taken_in_proces: bool = True
    # A claimed job belongs to its worker this long; a worker that died leaves it to the next one after it.
    taak_lease_seconden: int = Field(default=300, ge=5)
    taak_max_pogingen: int = Field(default=5, ge=1)
    # Back-off: the n-th retry waits this times 4^(n-1) seconds (30 s, 2 min, 8 min, 32 min).
    taak_wacht_seconden: int = Field(default=30, ge=0)
    # A dossier export waits this long for a worker to render its summary PDF, then renders it itself.
    dossier_pdf_wacht_seconden: float = Field(default=20, ge=0)
    # /metrics answers only with `Authorization: Bearer <token>`; empty: /metrics is off.
    metrics_token: str = ""

    # The audit trail's keyed hash: its own key, or (empty) one derived from secret_key. Never in the database.
    audit_key: str = ""
    # Checkpoints of the chain's head live outside the database, one directory per database.
    audit_checkpoint_dir: Path = VAR_DIR / "audit"
    # `portfolio audit verify` fails when the newest checkpoint is older than the chain's head by more than this.
    audit_checkpoint_max_minuten: int = Field(default=60, ge=1)
    # With S3: each checkpoint's copy is locked this long where the bucket has object lock.
    audit_checkpoint_bewaar_dagen: int = Field(default=3650, ge=1)

    # The diploma as an Open Badges 3.0 credential: who issues it (empty url: base_url) and where the
    # signing keys live, as files outside the database, readable by the app alone.
    ob_naam: str = "Politieacademie"
    ob_url: str = ""
    ob_email: str = "examencommissie@politieacademie.example"
    ob_sleutelmap: Path = VAR_DIR / "sleutels"

    @model_validator(mode="after")
    def s3_needs_a_bucket(self) -> Settings:
        if self.opslag == "s3" and not self.s3_bucket:
            raise ValueError("PORTFOLIO_OPSLAG=s3 vraagt om PORTFOLIO_S3_BUCKET.")
        return self

    @model_validator(mode="after")
    def audit_key_long_enough(self) -> Settings:
        if self.audit_key and len(self.audit_key) < 32:
            raise ValueError("PORTFOLIO_AUDIT_KEY moet minstens 32 tekens lang zijn.")
        return self

    @model_validator(mode="after")
    def plain_smtp_only_on_loopback(self) -> Settings:
        if self.smtp_host and self.smtp_beveiliging == "geen" and not _is_loopback(self.smtp_host):
            raise ValueError(
                f"PORTFOLIO_SMTP_BEVEILIGING=geen (onversleuteld) mag alleen naar een mailserver op deze machine "
                f"(localhost, 127.0.0.1, ::1), niet naar '{self.smtp_host}'. "
                "Gebruik starttls of tls voor een mailserver elders."
            )
        return self

    @field_validator("trusted_proxies")
    @classmethod
    def proxies_are_addresses(cls, waarde: str) -> str:
        for deel in (d.strip() for d in waarde.split(",")):
            if deel and deel != "*":
                try:
                    ipaddress.ip_network(deel, strict=False)
                except ValueError as fout:
                    raise ValueError(
                        f"PORTFOLIO_TRUSTED_PROXIES: '{deel}' is geen IP-adres of netwerk (zoals 10.0.0.0/8)."
                    ) from fout
        return waarde

    @model_validator(mode="after")
    def secret_key_outside_development(self) -> Settings:
        if self.secret_key:
            if self.environment == "production" and len(self.secret_key) < 32:
                raise ValueError("PORTFOLIO_SECRET_KEY moet minstens 32 tekens lang zijn.")
            return self
        if self.environment == "production":
            raise ValueError(
                "PORTFOLIO_SECRET_KEY is verplicht buiten development; "
                "genereer er een met: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        self.secret_key = _development_secret_key()
        return self

    @field_validator("oidc_aanmaken")
    @classmethod
    def aanmaken_is_een_rol(cls, waarde: str) -> str:
        waarde = waarde.strip()
        if waarde and waarde not in _ROLLEN:
            raise ValueError(f"PORTFOLIO_OIDC_AANMAKEN: '{waarde}' is geen rol ({', '.join(_ROLLEN)}).")
        return waarde

    @field_validator("oidc_verplicht")
    @classmethod
    def verplicht_zijn_rollen(cls, waarde: str) -> str:
        for deel in (d.strip() for d in waarde.split(",")):
            if deel and deel not in _ROLLEN:
                raise ValueError(f"PORTFOLIO_OIDC_VERPLICHT: '{deel}' is geen rol ({', '.join(_ROLLEN)}).")
        return waarde

    @property
    def oidc_aan(self) -> bool:
        return bool(self.oidc_issuer.strip())

    @property
    def oidc_verplichte_rollen(self) -> frozenset[str]:
        return frozenset(d.strip() for d in self.oidc_verplicht.split(",") if d.strip())

    @property
    def pool_grootte(self) -> int:
        return self.db_pool_size if self.db_pool_size is not None else self.threads

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def secure_cookies(self) -> bool:
        return self.environment == "production"


def _is_loopback(host: str) -> bool:
    if host.strip().lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def _development_secret_key() -> str:
    """A random key kept under ./var/ so development sessions survive a restart."""
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name and linked into place: when several worker processes
    # start at once, the first link wins and every process reads that same key.
    tijdelijk = VAR_DIR / f".secret_key.{secrets.token_hex(8)}"
    tijdelijk.write_text(secrets.token_urlsafe(48))
    tijdelijk.chmod(0o600)
    try:
        os.link(tijdelijk, path)
    except FileExistsError:
        pass
    finally:
        tijdelijk.unlink()
    return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
