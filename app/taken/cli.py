"""`portfolio taken …`: failed jobs with their error, and a retry by hand."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.orm import Session

from app.db import get_engine
from app.errors import DomainError
from app.taken import service
from app.tijd import tijdstip

taken_cli = typer.Typer(help="Taken in de wachtrij (e-mail, checkpoints, herinneringen).")


@taken_cli.callback(invoke_without_command=True)
def mislukt(context: typer.Context) -> None:
    """Toon de mislukte taken met hun fout (na hun laatste poging)."""
    if context.invoked_subcommand is not None:
        return
    with Session(get_engine()) as session:
        stand = service.stand(session)
        lijst = service.mislukte(session)
        regels = [
            f"{t.id}\t{t.naam}\t{t.pogingen} pogingen\t{tijdstip(t.aangemaakt_op, seconden=True)}\t{t.laatste_fout}"
            for t in lijst
        ]
    telling = ", ".join(f"{aantal} {status}" for status, aantal in stand.per_status.items())
    typer.echo(f"Taken: {telling}; de oudste wachtende taak wacht {stand.wachtrij_leeftijd:.0f} s.")
    if not regels:
        typer.echo("Geen mislukte taken.")
        return
    woord = "taak" if len(regels) == 1 else "taken"
    typer.echo(f"{len(regels)} mislukte {woord} (id, naam, pogingen, aangemaakt, fout):")
    for regel in regels:
        typer.echo(regel)
    typer.echo("Opnieuw proberen: portfolio taken opnieuw ID")


@taken_cli.command("opnieuw")
def opnieuw(taak_id: Annotated[int, typer.Argument(help="Het id van de mislukte taak.")]) -> None:
    """Zet een mislukte taak opnieuw in de wachtrij, met al haar pogingen."""
    try:
        with Session(get_engine()) as session, session.begin():
            taak = service.opnieuw(session, taak_id)
            naam = taak.naam
    except DomainError as fout:
        typer.echo(fout.detail, err=True)
        raise typer.Exit(1) from fout
    typer.echo(f"Taak {taak_id} ({naam}) staat weer in de wachtrij.")
