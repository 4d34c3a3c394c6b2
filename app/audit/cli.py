"""`portfolio audit …` (API.md)."""

from __future__ import annotations

import typer
from sqlalchemy.orm import Session

from app.audit import checkpoints, service
from app.audit.schemas import Ketencontrole
from app.db import get_engine
from app.ops.migrations import upgrade_to_head

audit_cli = typer.Typer(help="De audittrail.", no_args_is_help=True)


def _controleer(vanaf_checkpoint: bool, vastleggen: bool = True) -> Ketencontrole:
    upgrade_to_head(get_engine())
    with Session(get_engine()) as session:
        return Ketencontrole.uit(service.verifieer(session, vanaf_checkpoint=vanaf_checkpoint, vastleggen=vastleggen))


def _achterstand() -> str:
    with Session(get_engine()) as session:
        return service.achterstand(session)


def _meld_fout(controle: Ketencontrole) -> None:
    if controle.volgnummer is None:
        typer.echo(f"Audittrail niet te vertrouwen: {controle.reden}.", err=True)
    elif controle.actie is None:
        typer.echo(f"Audittrail verbroken bij record {controle.volgnummer}: {controle.reden}.", err=True)
    else:
        typer.echo(
            f"Audittrail verbroken bij record {controle.volgnummer} "
            f"(tijd {controle.tijd} Europe/Amsterdam, actie {controle.actie}): {controle.reden}.",
            err=True,
        )
    if controle.gecontroleerd:
        if controle.vanaf:
            wat = f"{controle.gecontroleerd} records vanaf het checkpoint bij record {controle.vanaf}"
        else:
            wat = f"{controle.gecontroleerd} eerdere records"
        typer.echo(f"De {wat} zijn in orde.", err=True)
    raise typer.Exit(1)


def _bereik(controle: Ketencontrole) -> str:
    if controle.vanaf:
        return f"{controle.gecontroleerd} records gecontroleerd vanaf het checkpoint bij record {controle.vanaf}"
    return f"{controle.gecontroleerd} records gecontroleerd"


@audit_cli.command("verify")
def verify(
    vanaf_checkpoint: bool = typer.Option(
        False, "--vanaf-checkpoint", help="Begin bij het laatste checkpoint in plaats van bij record 1 (sneller)."
    ),
) -> None:
    """Controleer de hashketen en de checkpoints; exit 1 met de plaats waar de keten verbroken is."""
    upgrade_to_head(get_engine())
    # Before the walk, which checkpoints an intact head: a lagging checkpoint must not heal itself here.
    achter = _achterstand()
    controle = _controleer(vanaf_checkpoint, vastleggen=not achter)
    if not controle.ok:
        _meld_fout(controle)
    if achter:
        typer.echo(f"Audittrail niet te vertrouwen: {achter}.", err=True)
        typer.echo(
            f"De keten zelf is in orde ({_bereik(controle)}); `portfolio audit checkpoint` legt de kop vast.",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(f"Audittrail in orde: {_bereik(controle)}.")


@audit_cli.command("checkpoint")
def checkpoint() -> None:
    """Controleer de keten vanaf het laatste checkpoint en leg de kop vast als nieuw checkpoint."""
    controle = _controleer(vanaf_checkpoint=True)
    if not controle.ok:
        _meld_fout(controle)
    laatste = checkpoints.verste(checkpoints.lees())
    if laatste is None:
        typer.echo("De audittrail is leeg; er is nog niets vast te leggen.")
        return
    typer.echo(
        f"Audittrail in orde: {_bereik(controle)}; checkpoint bij record {laatste.volgnummer} in {checkpoints.pad()}."
    )
