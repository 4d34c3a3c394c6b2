"""`portfolio audit …` (API.md)."""

from __future__ import annotations

import typer

audit_cli = typer.Typer(help="De audittrail.", no_args_is_help=True)
