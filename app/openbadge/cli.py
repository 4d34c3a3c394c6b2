"""`portfolio sleutels`: the signing keys of the Open Badges credentials."""

from __future__ import annotations

import typer

from app.openbadge import credential, sleutels

sleutels_cli = typer.Typer(help="Ondertekeningssleutels van de Open Badges.", no_args_is_help=True)


@sleutels_cli.command("nieuw")
def nieuw() -> None:
    """Maak een nieuwe sleutel: die ondertekent voortaan nieuwe diploma's; oude blijven gepubliceerd."""
    sleutel = sleutels.nieuw()
    typer.echo(
        f"Nieuwe sleutel {sleutel.kid} in {sleutels.sleutelmap()}; publiek op {credential.sleutel_url(sleutel.kid)}"
    )
    typer.echo(
        "Nieuwe diploma's worden voortaan hiermee ondertekend; al gemaakte credentials houden hun eigen sleutel "
        "en blijven verifieerbaar. Meerdere app-servers delen deze map."
    )


@sleutels_cli.command("lijst")
def lijst() -> None:
    """Toon de sleutels, de oudste eerst; de laatste ondertekent nieuwe diploma's."""
    alle = sleutels.alle()
    if not alle:
        typer.echo(f"Nog geen sleutels in {sleutels.sleutelmap()}; maak er een met `portfolio sleutels nieuw`.")
    for i, sleutel in enumerate(alle):
        huidig = "  (ondertekent nu)" if i == len(alle) - 1 else ""
        typer.echo(f"{sleutel.gemaakt:%Y-%m-%d %H:%M} {credential.sleutel_url(sleutel.kid)}{huidig}")
