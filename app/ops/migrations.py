"""Run and inspect Alembic migrations from inside the app."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from app.templating import ROOT


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["configure_logger"] = False
    if connection is not None:
        config.attributes["connection"] = connection
    return config


# Set by a migration that changes what the stored progress holds (see `herbouw_voortgang_na_afloop`).
VOORTGANG_HERBOUWEN = "voortgang_herbouwen"


def herbouw_voortgang_na_afloop() -> None:
    """Called from a migration: rebuild the stored progress once all migrations of this run are done.

    Not inside the migration itself: the rebuild is today's code (app.voortgang.stand.herbouw), which
    reads every column of today's schema, so it can only run on the schema at head.
    """
    from alembic import op

    op.get_context().config.attributes[VOORTGANG_HERBOUWEN] = True


def upgrade_to_head(engine: Engine) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def at_head(connection: Connection) -> bool:
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    current = set(MigrationContext.configure(connection).get_current_heads())
    return current == heads
