"""`portfolio user …` and `portfolio token …` (API.md)."""

from __future__ import annotations

import typer

user_cli = typer.Typer(help="Accounts beheren.", no_args_is_help=True)
token_cli = typer.Typer(help="Persoonlijke API-tokens.", no_args_is_help=True)
