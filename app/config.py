"""One Settings object, read from PORTFOLIO_* environment variables (API.md)."""

from __future__ import annotations

import ipaddress
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

VAR_DIR = Path("var")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PORTFOLIO_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{VAR_DIR / 'portfolio.db'}"
    storage_dir: Path = VAR_DIR / "bestanden"
    secret_key: str = ""
    log_level: str = "INFO"
    # Where links in e-mails and console messages point.
    base_url: str = "http://127.0.0.1:8000"
    # Reverse proxies whose X-Forwarded-For is believed: IPs or networks, comma-separated, "*" for any.
    trusted_proxies: str = ""

    sessie_idle_minuten: int = 30
    sessie_max_uren: int = 12
    link_geldig_uren: int = 72
    # Failed logins allowed per account and per client address in the window.
    inlog_max_per_account: int = 5
    inlog_max_per_adres: int = 20
    inlog_venster_minuten: int = 15

    # Evidence upload limits.
    max_bestand_mb: int = 100
    max_student_mb: int = 2048

    smtp_host: str = ""
    smtp_port: int = 587
    smtp_gebruiker: str = ""
    smtp_wachtwoord: str = ""
    smtp_afzender: str = "portfolio@localhost"

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

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def secure_cookies(self) -> bool:
        return self.environment == "production"


def _development_secret_key() -> str:
    """A random key kept under ./var/ so development sessions survive a restart."""
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


@lru_cache
def get_settings() -> Settings:
    return Settings()
