"""The signing keys of the Open Badges credentials: P-256 (ES256) key files outside the database.

Each key is one file `<kid>.json` in PORTFOLIO_OB_SLEUTELMAP (mode 0600, the folder 0700), holding the
private JWK and when it was made; the kid is the key's RFC 7638 thumbprint. The newest key signs new
credentials; older ones stay in the folder, so their public parts stay published and every credential
they signed keeps verifying. Private parts never leave this module except to sign.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from joserfc.jwk import ECKey

from app.config import get_settings

ALGORITME = "ES256"
_KID = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True)
class Sleutel:
    kid: str
    gemaakt: dt.datetime
    sleutel: ECKey

    def publiek(self) -> dict:
        """The public JWK alone, with its kid and use: what /ob/sleutels/{kid} publishes."""
        return {**self.sleutel.as_dict(private=False), "kid": self.kid, "alg": ALGORITME, "use": "sig"}


def sleutelmap() -> Path:
    return Path(get_settings().ob_sleutelmap)


def lijkt_kid(tekst: str) -> bool:
    return bool(_KID.match(tekst))


def nieuw(map_: Path | None = None) -> Sleutel:
    """Make a new key; from now on it signs new credentials."""
    map_ = map_ or sleutelmap()
    map_.mkdir(parents=True, exist_ok=True, mode=0o700)
    sleutel = ECKey.generate_key("P-256", private=True)
    kid = sleutel.thumbprint()
    gemaakt = dt.datetime.now(dt.UTC)
    inhoud = json.dumps({"gemaakt": gemaakt.isoformat(), "jwk": sleutel.as_dict(private=True)})
    # Written under a temporary name with mode 0600 from the start, then moved into place whole.
    tijdelijk = map_ / f".{kid}.{secrets.token_hex(4)}"
    fd = os.open(tijdelijk, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as bestand:
        bestand.write(inhoud)
    os.replace(tijdelijk, map_ / f"{kid}.json")
    return Sleutel(kid, gemaakt, sleutel)


def _lees(pad: Path) -> Sleutel:
    inhoud = json.loads(pad.read_text())
    sleutel = ECKey.import_key(inhoud["jwk"])
    return Sleutel(sleutel.thumbprint(), dt.datetime.fromisoformat(inhoud["gemaakt"]), sleutel)


def alle(map_: Path | None = None) -> list[Sleutel]:
    """Every key in the folder, oldest first."""
    map_ = map_ or sleutelmap()
    if not map_.is_dir():
        return []
    return sorted((_lees(p) for p in map_.glob("*.json") if lijkt_kid(p.stem)), key=lambda s: (s.gemaakt, s.kid))


def zoek(kid: str) -> Sleutel | None:
    """One of our keys by its kid; None for anything else (never a path outside the folder)."""
    if not lijkt_kid(kid):
        return None
    pad = sleutelmap() / f"{kid}.json"
    return _lees(pad) if pad.is_file() else None


def huidige() -> Sleutel:
    """The key that signs now: the newest. With none yet, the first one is made (a fresh installation)."""
    sleutels = alle()
    return sleutels[-1] if sleutels else nieuw()
