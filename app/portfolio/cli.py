"""`portfolio storage …`: checks that every evidence file is there and unchanged."""

from __future__ import annotations

import typer

storage_cli = typer.Typer(help="Opslag van bewijsstukken.", no_args_is_help=True)
