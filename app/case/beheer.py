"""The beheer page that imports a CASE CFPackage: upload, choose code, version and levels, preview, confirm.

The preview and the import run the same code as `portfolio kwalificatie importeer-case`
(app.case.importeren); the confirm step sends the package text again and it is checked again
whole, so nothing the preview saw can be half imported.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.case.importeren import NIVEAUS, PakketPast, Voorbeeld, bekijk, lees_niveaus
from app.db import SessionDep
from app.errors import OngeldigeInvoer, per_veld
from app.formulieren import Weigering, formulier
from app.kwalificaties import repository as kwalificatie_repository
from app.kwalificaties.service import laad_kwalificatie
from app.models import Gebruiker, Rol
from app.opslag.storage import MiB
from app.templating import render
from app.toegang import policy
from app.toegang.aanvrager import CurrentUser, met_rol

router = APIRouter(include_in_schema=False)

BEHEERDER = met_rol(Rol.beheerder)
MAX_BYTES = 2 * MiB  # our own export of Wijkagent N6 is about 60 KB
PAD = "/beheer/kwalificaties/import"
EERSTE_ITEMS = 8

Tekst = Annotated[str, Form(max_length=1000)]
# As long as the kwalificatie's own columns hold, so the refusal names the real limit.
Code = Annotated[str, Form(max_length=40)]
Versie = Annotated[str, Form(max_length=20)]


def _niveaus(indeling: str, kerntaak_diepte: str) -> dict[str, int] | None:
    if indeling != "diepte":
        return None
    diepte = kerntaak_diepte.strip()
    if not diepte.isdigit() or not 2 <= int(diepte) <= 20:
        raise OngeldigeInvoer(
            "Geef de diepte van de kerntaken: 2 of meer (het CFDocument is diepte 1).",
            errors=[{"veld": "kerntaak_diepte", "melding": "Kies een diepte van 2 tot en met 20."}],
        )
    k = int(diepte)
    return lees_niveaus(f"kerntaak={k},bouwsteen={k + 1},leeruitkomst={k + 2}")


def _controleer(code: str, versie: str) -> tuple[str, str]:
    fouten = []
    code, versie = code.strip(), versie.strip()
    if not code or len(code) > 40:
        fouten.append({"veld": "code", "melding": "Vul een code in van hoogstens 40 tekens, zoals HH-N4."})
    if not versie or len(versie) > 20:
        fouten.append({"veld": "versie", "melding": "Vul een versie in van hoogstens 20 tekens, zoals 1.0."})
    if fouten:
        raise OngeldigeInvoer("Vul de code en de versie van de nieuwe kwalificatie in.", errors=fouten)
    return code, versie


def _bekijk(session: Session, inhoud: bytes | str, code: str, versie: str, indeling: str, diepte: str) -> Voorbeeld:
    code, versie = _controleer(code, versie)
    try:
        gezien = bekijk(session, inhoud, code, versie, _niveaus(indeling, diepte))
    except PakketPast as fout:
        raise OngeldigeInvoer(f"Pakket geweigerd, er is niets geladen. {fout}") from fout
    bestaand = kwalificatie_repository.kwalificatie(session, code, versie)
    if bestaand is not None:
        raise OngeldigeInvoer(
            f"Kwalificatie {code} versie {versie} bestaat al. Kies een andere code of versie.",
            errors=[{"veld": "versie", "melding": "Deze versie bestaat al."}],
        )
    return gezien


def _eerste(gezien: Voorbeeld) -> list[tuple[str, str, str]]:
    """The first items of the tree as the import would load them: (level, code, text)."""
    rijen: list[tuple[str, str, str]] = []
    for kt in gezien.bestand.kerntaken:
        rijen.append(("Kerntaak", kt.code, kt.titel))
        for bs in kt.bouwstenen:
            rijen.append(("Bouwsteen", bs.code, bs.titel))
            for lu in bs.leeruitkomsten:
                rijen.append(("Leeruitkomst", lu.code, " ".join(o.tekst for o in lu.onderdelen)))
                if len(rijen) >= EERSTE_ITEMS:
                    return rijen
    return rijen


def _pagina(request: Request, context: dict, status_code: int = 200) -> Response:
    basis = {
        "fout": None,
        "fouten": {},
        "invoer": {"indeling": "itemtype", "kerntaak_diepte": "2"},
        "voorbeeld": None,
        "pakket": "",
        "resultaat": None,
        "max_mb": MAX_BYTES // MiB,
        "niveaus": NIVEAUS,
    }
    return render(request, "case/import.html", basis | context, status_code=status_code)


def _geweigerd(request: Request, _session: Session, weigering: Weigering) -> Response:
    invoer = {"indeling": "itemtype", "kerntaak_diepte": "2", **weigering.invoer}
    # The package text itself is not shown again on a refusal: the file is chosen again.
    invoer.pop("pakket", None)
    return _pagina(
        request,
        {"fout": weigering.fout, "fouten": per_veld(weigering.fout), "invoer": invoer},
        weigering.fout.status_code,
    )


@router.get(PAD, dependencies=[BEHEERDER])
def importpagina(request: Request, gebruiker: CurrentUser) -> Response:
    policy.vereis_een_rol(gebruiker, Rol.beheerder)
    return _pagina(request, {})


@router.post(
    f"{PAD}/voorbeeld", dependencies=[BEHEERDER, formulier(_geweigerd)], max_body_size=MAX_BYTES + 64 * 1024
)
def import_voorbeeld(
    request: Request,
    session: SessionDep,
    gebruiker: CurrentUser,
    bestand: Annotated[UploadFile | None, File()] = None,
    code: Code = "",
    versie: Versie = "",
    indeling: Tekst = "itemtype",
    kerntaak_diepte: Tekst = "2",
) -> Response:
    policy.vereis_een_rol(gebruiker, Rol.beheerder)
    if bestand is None or not bestand.filename:
        raise OngeldigeInvoer(
            "Kies een CFPackage (JSON).", errors=[{"veld": "bestand", "melding": "Kies een JSON-bestand."}]
        )
    inhoud = bestand.file.read(MAX_BYTES + 1)
    if len(inhoud) > MAX_BYTES:
        raise OngeldigeInvoer(
            f"Het bestand is groter dan {MAX_BYTES // MiB} MB; dat is geen kwalificatie.",
            errors=[{"veld": "bestand", "melding": f"Het bestand is groter dan {MAX_BYTES // MiB} MB."}],
        )
    gezien = _bekijk(session, inhoud, code, versie, indeling, kerntaak_diepte)
    invoer = {"code": code.strip(), "versie": versie.strip(), "indeling": indeling, "kerntaak_diepte": kerntaak_diepte}
    context = {
        "voorbeeld": gezien,
        "eerste": _eerste(gezien),
        "invoer": invoer,
        "pakket": inhoud.decode("utf-8", errors="replace"),
        "bestandsnaam": bestand.filename,
    }
    return _pagina(request, context)


@router.post(
    PAD,
    dependencies=[BEHEERDER, formulier(_geweigerd)],
    form_limits={"max_part_size": MAX_BYTES},
    max_body_size=MAX_BYTES + 64 * 1024,
)
def import_uitvoeren(
    request: Request,
    session: SessionDep,
    gebruiker: CurrentUser,
    pakket: Annotated[str, Form(max_length=MAX_BYTES)] = "",
    code: Code = "",
    versie: Versie = "",
    indeling: Tekst = "itemtype",
    kerntaak_diepte: Tekst = "2",
) -> Response:
    policy.vereis_een_rol(gebruiker, Rol.beheerder)
    gezien = _bekijk(session, pakket, code, versie, indeling, kerntaak_diepte)
    code, versie = _controleer(code, versie)
    laad_kwalificatie(session, gezien.bestand)
    _registreer(session, gebruiker, code, versie, gezien)
    return _pagina(request, {"resultaat": gezien, "invoer": {"code": code, "versie": versie}})


def _registreer(session: Session, gebruiker: Gebruiker, code: str, versie: str, gezien: Voorbeeld) -> None:
    kwalificatie = kwalificatie_repository.kwalificatie(session, code, versie)
    audit.registreer(
        session,
        gebruiker,
        "kwalificatie_geimporteerd",
        "kwalificatie",
        kwalificatie.id if kwalificatie else None,
        code=code,
        versie=versie,
        bron="CASE",
        aantallen=gezien.aantallen,
        opvolging=(
            f"{gezien.bestand.opvolging.code} {gezien.bestand.opvolging.versie}" if gezien.bestand.opvolging else None
        ),
    )

