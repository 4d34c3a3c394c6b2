"""CASE 1.1 REST binding under /ims/case/v1p1: public, read-only, errors as imsx_StatusInfo."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.case import export, service
from app.case import identifiers as ids
from app.db import SessionDep

# Described by 1EdTech's own OpenAPI for the binding, not by this app's /api/v1 document.
router = APIRouter(prefix=ids.BASIS, include_in_schema=False)

MAX_LIMIT = 100
STANDAARD_LIMIT = 100


def status_info(status: int, beschrijving: str, veld: str, waarde: str) -> JSONResponse:
    return JSONResponse(
        status_code=status,
        content={
            "imsx_codeMajor": "failure",
            "imsx_severity": "error",
            "imsx_description": beschrijving,
            "imsx_codeMinor": {
                "imsx_codeMinorField": [{"imsx_codeMinorFieldName": veld, "imsx_codeMinorFieldValue": waarde}]
            },
        },
    )


def _niet_gevonden(soort: str, sourced_id: str) -> JSONResponse:
    waarde = "unknownobject" if ids.als_uuid(sourced_id) else "invalid_uuid"
    return status_info(404, f"{soort} {sourced_id!r} bestaat niet.", "sourcedId", waarde)


def _basis(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _geheel_getal(waarde: str | None, standaard: int, minimum: int, maximum: int | None) -> int | None:
    if waarde is None:
        return standaard
    if not waarde.isdigit():
        return None
    getal = int(waarde)
    if getal < minimum or (maximum is not None and getal > maximum):
        return None
    return getal


@router.get("/CFDocuments")
def cf_documents(
    request: Request, session: SessionDep, limit: str | None = None, offset: str | None = None
) -> JSONResponse:
    grootte = _geheel_getal(limit, STANDAARD_LIMIT, 1, MAX_LIMIT)
    begin = _geheel_getal(offset, 0, 0, 10**9)
    if grootte is None:
        return status_info(
            400, f"limit moet een geheel getal van 1 tot en met {MAX_LIMIT} zijn.", "limit", "invalid_selection_field"
        )
    if begin is None:
        return status_info(400, "offset moet een geheel getal van 0 of meer zijn.", "offset", "invalid_selection_field")
    versies, totaal = service.documenten(session, grootte, begin)
    basis = _basis(request)
    docs = [export.Pakket(export.document(basis, k)).buiten_pakket_document() for k in versies]
    return JSONResponse({"CFDocuments": docs}, headers={"X-Total-Count": str(totaal)})


@router.get("/CFDocuments/{sourcedId}")
def cf_document(sourcedId: str, request: Request, session: SessionDep) -> JSONResponse:  # noqa: N803
    gevonden = service.pakket_van_document(session, _basis(request), ids.als_uuid(sourcedId) or "")
    if gevonden is None:
        return _niet_gevonden("CFDocument", sourcedId)
    return JSONResponse(gevonden.pakket.buiten_pakket_document())


@router.get("/CFPackages/{sourcedId}")
def cf_package(sourcedId: str, request: Request, session: SessionDep) -> JSONResponse:  # noqa: N803
    gevonden = service.pakket_van_document(session, _basis(request), ids.als_uuid(sourcedId) or "")
    if gevonden is None:
        return _niet_gevonden("CFPackage", sourcedId)
    return JSONResponse(gevonden.pakket.als_cfpackage())


@router.get("/CFItems/{sourcedId}")
def cf_item(sourcedId: str, request: Request, session: SessionDep) -> JSONResponse:  # noqa: N803
    gevonden = service.item(session, _basis(request), ids.als_uuid(sourcedId) or "")
    if gevonden is None:
        return _niet_gevonden("CFItem", sourcedId)
    geindexeerd, obj = gevonden
    return JSONResponse(geindexeerd.pakket.buiten_pakket(obj))


@router.get("/CFAssociations/{sourcedId}")
def cf_association(sourcedId: str, request: Request, session: SessionDep) -> JSONResponse:  # noqa: N803
    gevonden = service.associatie(session, _basis(request), ids.als_uuid(sourcedId) or "")
    if gevonden is None:
        return _niet_gevonden("CFAssociation", sourcedId)
    geindexeerd, obj = gevonden
    return JSONResponse(geindexeerd.pakket.buiten_pakket(obj))


@router.get("/CFItemAssociations/{sourcedId}")
def cf_item_associations(sourcedId: str, request: Request, session: SessionDep) -> JSONResponse:  # noqa: N803
    gevonden = service.item(session, _basis(request), ids.als_uuid(sourcedId) or "")
    if gevonden is None:
        return _niet_gevonden("CFItem", sourcedId)
    geindexeerd, obj = gevonden
    p = geindexeerd.pakket
    eigen = [
        p.buiten_pakket(a)
        for a in p.associaties
        if obj["identifier"] in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
    ]
    return JSONResponse({"CFItem": p.buiten_pakket(obj), "CFAssociations": eigen})


@router.get("/CFItemTypes")
def cf_item_types(request: Request) -> JSONResponse:
    return JSONResponse({"CFItemTypes": [export.itemtype(_basis(request), n) for n in export.ITEMTYPES]})


@router.get("/CFItemTypes/{sourcedId}")
def cf_item_type(sourcedId: str, request: Request) -> JSONResponse:  # noqa: N803
    types = [export.itemtype(_basis(request), n) for n in export.ITEMTYPES]
    gevonden = [t for t in types if t["identifier"] == ids.als_uuid(sourcedId)]
    if not gevonden:
        return _niet_gevonden("CFItemType", sourcedId)
    return JSONResponse({"CFItemTypes": gevonden})
