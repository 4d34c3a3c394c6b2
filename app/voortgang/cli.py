"""`portfolio voortgang …`: check the stored progress against the rule, and rebuild it."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.orm import Session

from app.db import get_engine
from app.ops.migrations import upgrade_to_head
from app.voortgang import stand

voortgang_cli = typer.Typer(help="De opgeslagen voortgang controleren en herbouwen.", no_args_is_help=True)


@voortgang_cli.command("controleer")
def controleer() -> None:
    """Reken elke student opnieuw uit de feiten en vergelijk met wat is opgeslagen; exit 1 bij een verschil."""
    engine = get_engine()
    upgrade_to_head(engine)
    aantal = 0
    verschillen: list[stand.Verschil] = []
    with Session(engine) as session:
        studenten = stand.alle_studenten(session)
        for stuk in stand.in_stukken(studenten):
            verschillen += stand.verschillen(session, stuk)
            aantal += len(stuk)
            session.rollback()  # a fresh snapshot per stuk: nothing is held for the whole walk
    for verschil in verschillen:
        typer.echo(
            f"student {verschil.student_id}, {verschil.waar}: opgeslagen {verschil.opgeslagen or '—'}; "
            f"berekend {verschil.berekend or '—'}"
        )
    if verschillen:
        typer.echo(f"{len(verschillen)} verschil(len) bij {aantal} studenten.", err=True)
        raise typer.Exit(1)
    typer.echo(f"{aantal} studenten gecontroleerd: de opgeslagen voortgang klopt.")


@voortgang_cli.command("herbouw")
def herbouw(
    student: Annotated[list[int] | None, typer.Option("--student", help="Alleen deze student (id).")] = None,
) -> None:
    """Bouw de opgeslagen voortgang opnieuw op uit de feiten: van alle studenten, of van --student."""
    engine = get_engine()
    upgrade_to_head(engine)
    with Session(engine) as session:
        if student:
            aantal = stand.herbouw(session, student)
            session.commit()
        else:
            aantal = 0
            for stuk in stand.in_stukken(stand.alle_studenten(session)):
                aantal += stand.herbouw(session, stuk)
                session.commit()  # one short transaction per stuk
            stand.verwijder_zonder_inschrijving(session)
            session.commit()
    typer.echo(f"Voortgang van {aantal} student(en) herbouwd.")
