"""`portfolio storage …`: checks that every evidence file is there and unchanged."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.orm import Session

from app.db import get_engine
from app.ops.migrations import upgrade_to_head
from app.opslag import check_storage, get_storage
from app.portfolio import repository

storage_cli = typer.Typer(help="Opslag van bewijsstukken.", no_args_is_help=True)


@storage_cli.command("check")
def check(
    repair: Annotated[
        bool, typer.Option("--repair", help="Verwijder verweesde en achtergebleven tijdelijke bestanden.")
    ] = False,
    snel: Annotated[bool, typer.Option("--snel", help="Alleen aanwezigheid en grootte, geen checksums.")] = False,
) -> None:
    """Vergelijk de opslag met de database: ontbrekende, gewijzigde en verweesde bestanden."""
    engine = get_engine()
    upgrade_to_head(engine)
    with Session(engine) as session:
        rapport = check_storage(
            repository.alle_bestanden(session), get_storage(), repair=repair, verify_checksums=not snel
        )
    typer.echo(rapport.summary())
    if not rapport.ok:
        raise typer.Exit(1)
