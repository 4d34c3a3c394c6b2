"""The `portfolio` command line (API.md)."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy.orm import Session

from app.accounts.cli import token_cli, user_cli
from app.accounts.links import eerste_beheerder_link_als_nodig
from app.audit.cli import audit_cli
from app.config import get_settings
from app.db import get_engine
from app.errors import DomainError
from app.kwalificaties import service as kwalificaties
from app.kwalificaties.bestand import OngeldigBestand
from app.openbadge.cli import sleutels_cli
from app.ops.migrations import upgrade_to_head
from app.portfolio.cli import storage_cli
from app.taken.cli import taken_cli
from app.voortgang.cli import voortgang_cli

cli = typer.Typer(
    help="Leeruitkomstportfolio: portfolio en beoordeling voor het politieonderwijs.", no_args_is_help=True
)
kwalificatie_cli = typer.Typer(help="Kwalificaties beheren.", no_args_is_help=True)
inschrijving_cli = typer.Typer(help="Inschrijvingen beheren.", no_args_is_help=True)
cli.add_typer(kwalificatie_cli, name="kwalificatie")
cli.add_typer(inschrijving_cli, name="inschrijving")
cli.add_typer(user_cli, name="user")
cli.add_typer(token_cli, name="token")
cli.add_typer(audit_cli, name="audit")
cli.add_typer(storage_cli, name="storage")
cli.add_typer(voortgang_cli, name="voortgang")
cli.add_typer(taken_cli, name="taken")
cli.add_typer(sleutels_cli, name="sleutels")


def _prepare_database() -> None:
    engine = get_engine()
    upgrade_to_head(engine)
    with Session(engine) as session, session.begin():
        for bestand, resultaat in kwalificaties.laad_meegeleverde(session):
            typer.echo(f"Kwalificatie {bestand.code} versie {bestand.versie}: {resultaat}")


@cli.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = typer.Option(1, min=1, help="Aantal werkprocessen; ze delen alles via de database."),
) -> None:
    """Migreer de database, laad de meegeleverde kwalificaties en start de app."""
    import uvicorn

    _prepare_database()
    settings = get_settings()
    with Session(get_engine()) as session, session.begin():
        link = eerste_beheerder_link_als_nodig(session)
    if link:
        typer.echo(
            "Er is nog geen functioneel beheerder. Maak de eerste aan via deze eenmalige link "
            f"(geldig {settings.link_geldig_uren} uur): {link}"
        )
    typer.echo(
        f"Portfolio draait op http://{host}:{port} met {workers} werkproces(sen) "
        f"(database: {settings.database_url.split('@')[-1]})"
    )
    if settings.is_sqlite and settings.taken_in_proces:
        typer.echo("Taken (e-mail, checkpoints, herinneringen) draaien in dit proces.")
    else:
        typer.echo("Taken (e-mail, checkpoints, herinneringen) draaien alleen met `portfolio worker`; start er een.")
    # An import string, so each worker process builds its own app, engine and pool: sessions,
    # the login throttle and CSRF tokens live in the database, never in one process's memory.
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # A new worker imports the whole app before it answers the supervisor's ping; on a busy
        # machine that takes longer than uvicorn's 5 s, and the supervisor would restart it forever.
        timeout_worker_healthcheck=60,
        log_level="warning",
        **uvicorn_proxy_opties(settings.trusted_proxies),
    )


def uvicorn_proxy_opties(trusted_proxies: str) -> dict:
    """X-Forwarded-* only from PORTFOLIO_TRUSTED_PROXIES; uvicorn's own default would trust 127.0.0.1."""
    if not trusted_proxies.strip():
        return {"proxy_headers": False, "forwarded_allow_ips": ""}
    return {"proxy_headers": True, "forwarded_allow_ips": trusted_proxies}


@cli.command()
def worker(
    tot_leeg: bool = typer.Option(False, "--tot-leeg", help="Stop zodra er niets meer klaarstaat."),
) -> None:
    """Voer taken uit (e-mail, checkpoints, herinneringen); er mogen er meer tegelijk draaien."""
    import signal
    import threading

    from app.db import session_factory
    from app.main import registreer_taken
    from app.taken.werker import Werker

    _prepare_database()
    registreer_taken()
    werker_ = Werker(session_factory(get_engine()))
    if tot_leeg:
        werker_.plan_dagelijks()
        typer.echo(f"{werker_.draai_tot_leeg()} taken uitgevoerd.")
        return
    stop = threading.Event()
    for signaal in (signal.SIGINT, signal.SIGTERM):
        # The job in hand finishes first; one stopped halfway would wait for its lease to run out.
        signal.signal(signaal, lambda *_: stop.set())
    typer.echo(f"Werker {werker_.naam} draait (database: {get_settings().database_url.split('@')[-1]}).")
    werker_.draai(stop)


@cli.command()
def migrate() -> None:
    """Alleen migreren en de meegeleverde kwalificaties laden."""
    _prepare_database()


@cli.command()
def demo() -> None:
    """Vul de database met een realistische demo (niet in productie)."""
    from app.demo import DemoGeweigerd, maak_demo
    from app.opslag import get_storage

    upgrade_to_head(get_engine())
    try:
        with Session(get_engine()) as session, session.begin():
            accounts = maak_demo(session, get_storage(), omgeving=get_settings().environment)
    except DemoGeweigerd as fout:
        typer.echo(str(fout), err=True)
        raise typer.Exit(1) from fout
    if not accounts:
        typer.echo("De demo staat er al; er is niets veranderd.")
        return
    from app.demo import WACHTWOORD

    typer.echo(f"Demo geladen. Iedereen logt in met het wachtwoord {WACHTWOORD}:")
    for account in accounts:
        rollen = ", ".join(r.value for r in account.rollen)
        typer.echo(
            f"  {account.email:45} {account.naam:20} {rollen}{' — ' + account.stadium if account.stadium else ''}"
        )


@kwalificatie_cli.command("load")
def load(bestand: Path) -> None:
    """Laad een kwalificatie uit een YAML-bestand (zie app/kwalificaties/data/)."""
    upgrade_to_head(get_engine())
    try:
        with Session(get_engine()) as session, session.begin():
            gelezen, resultaat = kwalificaties.laad_bestand(session, bestand)
    except OngeldigBestand as fout:
        typer.echo(f"Bestand geweigerd, er is niets geladen: {fout.pad}", err=True)
        for melding in fout.fouten:
            typer.echo(f"  - {melding}", err=True)
        raise typer.Exit(1) from fout
    except DomainError as fout:
        typer.echo(fout.detail, err=True)
        raise typer.Exit(1) from fout
    typer.echo(f"Kwalificatie {gelezen.code} versie {gelezen.versie}: {resultaat}")


@kwalificatie_cli.command("importeer-case")
def importeer_case(
    bestand: Path,
    code: str = typer.Option(..., "--code", help="Code van de nieuwe kwalificatie, bijvoorbeeld WA-N6"),
    versie: str = typer.Option(..., "--versie", help="Versie, bijvoorbeeld 2.2"),
    niveaus: str | None = typer.Option(
        None, "--niveaus", help="Diepten voor een pakket zonder itemtypes: kerntaak=2,bouwsteen=3,leeruitkomst=4"
    ),
) -> None:
    """Importeer een CASE 1.1 CFPackage (JSON) als nieuwe kwalificatieversie."""
    from app.case.importeren import PakketPast, importeer, lees_niveaus

    upgrade_to_head(get_engine())
    try:
        inhoud = bestand.read_bytes()
        with Session(get_engine()) as session, session.begin():
            gezien, resultaat = importeer(session, inhoud, code, versie, lees_niveaus(niveaus) if niveaus else None)
    except OSError as fout:
        typer.echo(f"Bestand {bestand} kan niet gelezen worden: {fout.strerror}", err=True)
        raise typer.Exit(1) from fout
    except PakketPast as fout:
        typer.echo(f"Pakket geweigerd, er is niets geladen. {fout}", err=True)
        raise typer.Exit(1) from fout
    except DomainError as fout:
        typer.echo(fout.detail, err=True)
        raise typer.Exit(1) from fout
    aantallen = ", ".join(f"{aantal} {niveau}" for niveau, aantal in gezien.aantallen.items())
    typer.echo(f"Kwalificatie {code} versie {versie}: {resultaat} ({aantallen})")


@inschrijving_cli.command("versiewissel")
def versiewissel(
    student: str = typer.Argument(..., help="E-mailadres of studentnummer van de student"),
    naar: str = typer.Option(..., "--naar", help="De nieuwe versie, bijvoorbeeld 2.2"),
    door: str = typer.Option(..., "--door", help="E-mailadres van de beheerder die overzet (staat in de audittrail)"),
    uitvoeren: bool = typer.Option(False, "--uitvoeren", help="Zet echt over; zonder: alleen laten zien wat meegaat"),
) -> None:
    """Laat zien wat er meegaat naar een nieuwe versie, en zet de student met --uitvoeren over."""
    from app.accounts import repository as accounts_repository
    from app.organisatie import versiewissel as wissel
    from app.voortgang import repository as voortgang_repository

    upgrade_to_head(get_engine())
    try:
        with Session(get_engine()) as session, session.begin():
            beheerder = accounts_repository.gebruiker_op_email(session, door)
            if beheerder is None:
                raise DomainError(f"Er is geen account {door}.")
            gevonden = accounts_repository.gebruiker_op_email(session, student) or next(
                iter(wissel.studenten_op_nummer(session, student)), None
            )
            inschrijving = voortgang_repository.actuele_inschrijving(session, gevonden.id) if gevonden else None
            if inschrijving is None:
                raise DomainError(f"Geen student met een inschrijving gevonden voor {student}.")
            gezien = wissel.voorbeeld(session, beheerder, inschrijving.id, naar)
            typer.echo(gezien.als_tekst())
            if uitvoeren:
                gedaan = wissel.wissel(session, beheerder, inschrijving.id, naar)
                typer.echo(f"Overgezet: inschrijving {gedaan.van_inschrijving_id} → {gedaan.naar_inschrijving_id}.")
            else:
                typer.echo("Er is niets veranderd; zet over met --uitvoeren.")
    except DomainError as fout:
        typer.echo(fout.detail, err=True)
        raise typer.Exit(1) from fout


def main() -> None:
    cli()
