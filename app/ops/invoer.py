"""Input the database cannot hold is refused up front, for every route at once.

PostgreSQL refuses a NUL character in text and an integer beyond its 32-bit
`integer`, and the driver turns either into an error mid-request. Rather than
guard each field, one app-wide dependency looks at what FastAPI parsed: the
path, the query and a declared JSON or form body. A form an endpoint reads by
hand (the evidence upload) calls `weiger_nul_tekens` once it is parsed.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import Request
from pydantic import BaseModel
from starlette.datastructures import FormData

from app.errors import NietGevonden, OngeldigeInvoer

# Ids are INTEGER columns: what is beyond them cannot exist.
MIN_INT, MAX_INT = -(2**31), 2**31 - 1
NUL = "\x00"


class NulTeken(OngeldigeInvoer):
    def __init__(self, velden: list[str]) -> None:
        super().__init__(
            "De invoer bevat een onzichtbaar NUL-teken (\\u0000). Haal het weg en probeer het opnieuw.",
            errors=[{"veld": veld, "melding": "Dit veld bevat een NUL-teken."} for veld in velden],
        )


class GetalTeGroot(OngeldigeInvoer):
    def __init__(self, veld: str) -> None:
        super().__init__(
            f"Het getal in {veld} is te groot.",
            errors=[{"veld": veld, "melding": f"Geef een geheel getal tussen {MIN_INT} en {MAX_INT}."}],
        )


def past_in_database(getal: int) -> bool:
    """For ids a hand-read form gives: beyond the INTEGER columns no row can have it."""
    return MIN_INT <= getal <= MAX_INT


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_int(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_int(arg) for arg in typing.get_args(annotation))
    return False


def _query_velden(velden: Iterable[Any]) -> Iterator[tuple[str, Any]]:
    # A query model (Annotated[Filter, Query()]) stands for its own fields.
    for veld in velden:
        annotatie = veld.field_info.annotation
        if isinstance(annotatie, type) and issubclass(annotatie, BaseModel):
            for naam, info in annotatie.model_fields.items():
                yield info.alias or naam, info.annotation
        else:
            yield veld.alias, annotatie


def _buiten_bereik(waarde: str) -> bool:
    try:
        getal = int(waarde)
    except ValueError:
        return False  # not a number at all: FastAPI's own validation answers 422
    return not MIN_INT <= getal <= MAX_INT


def _met_nul(paren: Iterable[tuple[str, Any]]) -> Iterator[str]:
    for naam, waarde in paren:
        if NUL in naam or (isinstance(waarde, str) and NUL in waarde):
            yield naam.replace(NUL, "")


def _nul_in_json(waarde: Any, pad: str = "body") -> Iterator[str]:
    if isinstance(waarde, str):
        if NUL in waarde:
            yield pad
    elif isinstance(waarde, dict):
        for sleutel, kind in waarde.items():
            schoon = str(sleutel).replace(NUL, "")
            if NUL in str(sleutel):
                yield f"{pad}.{schoon}"
            yield from _nul_in_json(kind, f"{pad}.{schoon}")
    elif isinstance(waarde, list):
        for index, kind in enumerate(waarde):
            yield from _nul_in_json(kind, f"{pad}.{index}")


def weiger_nul_tekens(form: FormData) -> None:
    """422 naming the fields of a parsed form that hold a NUL character (file contents may, of course)."""
    if velden := list(_met_nul(form.multi_items())):
        raise NulTeken(velden)


async def invoer_controle(request: Request) -> None:
    """App-wide dependency: 404 for a path id no row can have, 422 for a NUL character or a number beyond
    the database's integers in the query or the body."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is not None:
        for veld in dependant.path_params:
            waarde = request.path_params.get(veld.alias)
            if isinstance(waarde, str) and _is_int(veld.field_info.annotation) and _buiten_bereik(waarde):
                raise NietGevonden("Deze pagina of dit gegeven bestaat niet.")
        for naam, annotatie in _query_velden(dependant.query_params):
            waarde = request.query_params.get(naam)
            if waarde is not None and _is_int(annotatie) and _buiten_bereik(waarde):
                raise GetalTeGroot(naam)

    velden = [*_met_nul(request.path_params.items()), *_met_nul(request.query_params.multi_items())]
    if getattr(route, "body_field", None) is not None:
        velden += await _nul_in_body(request)
    if velden:
        raise NulTeken(velden)


async def _nul_in_body(request: Request) -> list[str]:
    """Only a body FastAPI has already parsed for this route (so it is cached, never read twice)."""
    soort = request.headers.get("content-type", "")
    if soort.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return list(_met_nul((await request.form()).multi_items()))
    if "json" in soort:
        try:
            body = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return []
        if pad := next(_te_groot_in_json(body), None):
            raise GetalTeGroot(pad)
        return list(_nul_in_json(body))
    return []


def _te_groot_in_json(waarde: Any, pad: str = "body") -> Iterator[str]:
    # Every integer column is INTEGER, so no number in a body may be beyond it.
    if isinstance(waarde, int) and not isinstance(waarde, bool):
        if not MIN_INT <= waarde <= MAX_INT:
            yield pad
    elif isinstance(waarde, dict):
        for sleutel, kind in waarde.items():
            yield from _te_groot_in_json(kind, f"{pad}.{sleutel}")
    elif isinstance(waarde, list):
        for index, kind in enumerate(waarde):
            yield from _te_groot_in_json(kind, f"{pad}.{index}")
