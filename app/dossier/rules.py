"""Where each file goes in the dossier ZIP: plain names, no database, no storage.

`bewijsstukken/<bewijsstuk-id>-<slug>/v<versie>/<bestandsnaam>`: the id keeps two
bewijsstukken with the same title apart, the slug makes the folder readable, and
two files of one version with the same name get " (2)", " (3)" before their extension.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from app.opslag.storage import sanitize_filename

MAX_SLUG = 60
MANIFEST = "manifest.json"
SAMENVATTING = "samenvatting.pdf"


def diploma_pad(diplomanummer: str) -> str:
    """The diploma's PDF in the ZIP, named as its download is."""
    return f"diploma-{diplomanummer}.pdf"


@dataclass(frozen=True)
class DossierBestand:
    """One evidence file as it goes into the ZIP."""

    pad: str
    opslag_sleutel: str
    sha256: str
    grootte: int


def slug(titel: str) -> str:
    """'Verslag wijkschouw (Zuid)' → 'verslag-wijkschouw-zuid': ASCII letters and digits joined by hyphens."""
    ascii_titel = unicodedata.normalize("NFKD", titel).encode("ascii", "ignore").decode("ascii").lower()
    woorden = re.findall(r"[a-z0-9]+", ascii_titel)
    gekort = "-".join(woorden)[:MAX_SLUG].strip("-")
    return gekort or "bewijsstuk"


def map_van(bewijsstuk_id: int, titel: str, versie: int) -> str:
    return f"bewijsstukken/{bewijsstuk_id}-{slug(titel)}/v{versie}"


def bestandsnamen(namen: Iterable[str]) -> list[str]:
    """The names of one version's files, made safe and unique within its folder, in the same order."""
    gezien: set[str] = set()
    uniek = []
    for naam in namen:
        veilig = sanitize_filename(naam)
        kandidaat, n = veilig, 1
        # Case-insensitively: unpacked on Windows or macOS, 'Foto.jpg' and 'foto.jpg' are one file.
        while kandidaat.lower() in gezien:
            n += 1
            stam, punt, extensie = veilig.rpartition(".")
            kandidaat = f"{stam} ({n}).{extensie}" if punt and stam else f"{veilig} ({n})"
        gezien.add(kandidaat.lower())
        uniek.append(kandidaat)
    return uniek
