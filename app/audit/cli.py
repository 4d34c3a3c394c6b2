"""`portfolio audit …` (API.md)."""

from __future__ import annotations

import typer
from sqlalchemy.orm import Session

from app.audit import service
from app.audit.schemas import Ketencontrole
from app.db import get_engine
from app.ops.migrations import upgrade_to_head

audit_cli = typer.Typer(help="De audittrail.", no_args_is_help=True)


@audit_cli.command("verify")
def verify() -> None:
    """Controleer de hashketen van de audittrail; exit 1 bij het eerste verbroken record."""
    upgrade_to_head(get_engine())
    with Session(get_engine()) as session:
        controle = Ketencontrole.uit(service.verifieer(session))
    if controle.ok:
        typer.echo(f"Audittrail in orde: {controle.gecontroleerd} records gecontroleerd.")
        return
    typer.echo(
        f"Audittrail verbroken bij record {controle.volgnummer} "
        f"(tijd {controle.tijd} Europe/Amsterdam, actie {controle.actie}): {controle.reden}.",
        err=True,
    )
    if controle.gecontroleerd:
        typer.echo(f"De {controle.gecontroleerd} eerdere records zijn in orde.", err=True)
    raise typer.Exit(1)
