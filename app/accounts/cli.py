"""`portfolio user …` and `portfolio token …` (API.md)."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.orm import Session

from app.accounts import mail, service
from app.accounts.schemas import rollen_lijst
from app.db import get_engine
from app.errors import DomainError
from app.models import LinkDoel
from app.ops.migrations import upgrade_to_head

user_cli = typer.Typer(help="Accounts beheren.", no_args_is_help=True)
token_cli = typer.Typer(help="Persoonlijke API-tokens.", no_args_is_help=True)


def _weiger(fout: DomainError) -> typer.Exit:
    typer.echo(f"Geweigerd, er is niets opgeslagen: {fout.detail}", err=True)
    return typer.Exit(1)


@user_cli.command("create")
def user_create(
    email: Annotated[str, typer.Argument(help="E-mailadres van de persoon.")],
    name: Annotated[str, typer.Option("--name", help="Volledige naam.")] = "",
    role: Annotated[
        list[str],
        typer.Option("--role", help="Rol: student, praktijkbegeleider, examencommissie of beheerder (herhaalbaar)."),
    ] = [],  # noqa: B006 - Typer copies defaults
    studentnummer: Annotated[str, typer.Option("--studentnummer", help="Alleen voor studenten.")] = "",
) -> None:
    """Maak een account aan en toon een eenmalige activatielink."""
    upgrade_to_head(get_engine())
    try:
        with Session(get_engine()) as session, session.begin():
            account = service.maak_gebruiker(session, None, email, name, role, studentnummer, via="cli")
            persoon = account.gebruiker
            email, naam, rollen = persoon.email, persoon.naam, ", ".join(rollen_lijst(persoon))
            gemaild = mail.mail_link(session, email, naam, LinkDoel.activatie, account.link)
    except DomainError as fout:
        raise _weiger(fout) from fout
    if gemaild:
        typer.echo(f"De activatielink wordt gemaild naar {email} (zie `portfolio taken` als hij niet aankomt).")
    typer.echo(f"Account aangemaakt voor {naam} <{email}> met rol(len) {rollen}.")
    typer.echo("Eenmalige activatielink (geef hem door; hij werkt één keer):")
    typer.echo(account.link)


@token_cli.command("create")
def token_create(
    email: Annotated[str, typer.Argument(help="E-mailadres van het account.")],
    naam: Annotated[str, typer.Option("--naam", help="Waarvoor het token is.")] = "Opdrachtregel",
) -> None:
    """Maak een persoonlijk API-token; het token is het laatste woord van de uitvoer."""
    upgrade_to_head(get_engine())
    try:
        with Session(get_engine()) as session, session.begin():
            nieuw = service.token_voor_email(session, email, naam)
    except DomainError as fout:
        raise _weiger(fout) from fout
    typer.echo(
        f"Nieuw API-token voor {email.strip().lower()} (bewaar het nu, het wordt niet opnieuw getoond): {nieuw.token}"
    )
