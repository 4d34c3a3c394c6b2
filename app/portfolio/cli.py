"""`portfolio storage …`: checks that every evidence file is there and unchanged, and moves them to S3."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from app.config import get_settings
from app.db import get_engine
from app.ops.migrations import upgrade_to_head
from app.opslag import LocalStorage, check_storage, get_storage
from app.opslag.overzetten import overzetten
from app.opslag.s3 import s3_storage
from app.portfolio import repository

storage_cli = typer.Typer(help="Opslag van bewijsstukken.", no_args_is_help=True)


@storage_cli.command("check")
def check(
    repair: Annotated[
        bool, typer.Option("--repair", help="Verwijder verweesde en achtergebleven tijdelijke bestanden.")
    ] = False,
    snel: Annotated[bool, typer.Option("--snel", help="Alleen aanwezigheid en grootte, geen checksums.")] = False,
) -> None:
    """Vergelijk de opslag (lokaal of S3) met de database: ontbrekende, gewijzigde en verweesde bestanden."""
    engine = get_engine()
    upgrade_to_head(engine)
    with Session(engine) as session:
        rapport = check_storage(
            repository.alle_bestanden(session), get_storage(), repair=repair, verify_checksums=not snel
        )
    typer.echo(rapport.summary())
    if not rapport.ok:
        raise typer.Exit(1)


class Doel(StrEnum):
    s3 = "s3"


@storage_cli.command("overzetten")
def overzetten_cmd(
    naar: Annotated[Doel, typer.Option("--naar", help="Waarheen: de S3-bucket uit PORTFOLIO_S3_*.")],
) -> None:
    """Kopieer elk bestand van de lokale schijf naar S3, met controle van de sha256; hervat na een onderbreking."""
    settings = get_settings()
    if not settings.s3_bucket:
        typer.echo("Stel eerst PORTFOLIO_S3_BUCKET in (en zo nodig PORTFOLIO_S3_ENDPOINT_URL).", err=True)
        raise typer.Exit(2)
    bron = LocalStorage(settings.storage_dir)
    doel = s3_storage(settings.s3_endpoint_url, settings.s3_bucket, settings.s3_regio)
    engine = get_engine()
    upgrade_to_head(engine)
    with Session(engine) as session:
        rapport = overzetten(
            repository.alle_bestanden(session),
            bron,
            doel,
            voortgang=lambda bestand, uitkomst: typer.echo(f"{uitkomst}: {bestand.naam()}"),
        )
    typer.echo(rapport.summary())
    if rapport.ok:
        typer.echo("Zet nu PORTFOLIO_OPSLAG=s3 en controleer met: portfolio storage check")
    else:
        raise typer.Exit(1)
