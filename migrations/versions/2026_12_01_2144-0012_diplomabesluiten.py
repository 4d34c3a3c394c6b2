"""diplomabesluiten

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 21:44:18.865168

The examencommissie's decisions (with their frozen dossier snapshot), the
revocations of diplomas, and the counter the diplomanummers come from. A
decision and a revocation are never changed or removed: triggers refuse
UPDATE and DELETE on both tables, on PostgreSQL and SQLite alike.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.models.base import UtcDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "diplomateller",
        sa.Column("prefix", sa.String(length=20), nullable=False),
        sa.Column("jaar", sa.Integer(), nullable=False),
        sa.Column("laatste", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "jaar", name=op.f("pk_diplomateller")),
    )
    op.create_table(
        "diplomabesluit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("inschrijving_id", sa.Integer(), nullable=False),
        sa.Column(
            "besluit", sa.Enum("vastgesteld", "afgewezen", name="besluit", native_enum=False, length=20), nullable=False
        ),
        sa.Column("motivering", sa.Text(), nullable=False),
        sa.Column("beslist_door_id", sa.Integer(), nullable=False),
        sa.Column("tijd", UtcDateTime(timezone=True), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("snapshot_sha256", sa.String(length=64), nullable=False),
        sa.Column("diplomanummer", sa.String(length=40), nullable=True),
        sa.CheckConstraint(
            "(besluit = 'vastgesteld') = (diplomanummer IS NOT NULL)",
            name=op.f("ck_diplomabesluit_nummer_bij_vastgesteld"),
        ),
        sa.ForeignKeyConstraint(
            ["beslist_door_id"], ["gebruiker.id"], name=op.f("fk_diplomabesluit_beslist_door_id_gebruiker")
        ),
        sa.ForeignKeyConstraint(
            ["inschrijving_id"], ["inschrijving.id"], name=op.f("fk_diplomabesluit_inschrijving_id_inschrijving")
        ),
        sa.ForeignKeyConstraint(["student_id"], ["gebruiker.id"], name=op.f("fk_diplomabesluit_student_id_gebruiker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diplomabesluit")),
        sa.UniqueConstraint("diplomanummer", name=op.f("uq_diplomabesluit_diplomanummer")),
    )
    with op.batch_alter_table("diplomabesluit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_diplomabesluit_inschrijving_id"), ["inschrijving_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_diplomabesluit_student_id"), ["student_id"], unique=False)

    op.create_table(
        "diploma_intrekking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("besluit_id", sa.Integer(), nullable=False),
        sa.Column("reden", sa.Text(), nullable=False),
        sa.Column("door_id", sa.Integer(), nullable=False),
        sa.Column("tijd", UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["besluit_id"], ["diplomabesluit.id"], name=op.f("fk_diploma_intrekking_besluit_id_diplomabesluit")
        ),
        sa.ForeignKeyConstraint(["door_id"], ["gebruiker.id"], name=op.f("fk_diploma_intrekking_door_id_gebruiker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diploma_intrekking")),
        sa.UniqueConstraint("besluit_id", name=op.f("uq_diploma_intrekking_besluit_id")),
    )
    _alleen_toevoegen(op.get_bind().dialect.name)


TABELLEN = ("diplomabesluit", "diploma_intrekking")


def _alleen_toevoegen(dialect: str) -> None:
    if dialect == "postgresql":
        op.execute(
            """
            CREATE FUNCTION diplomabesluit_alleen_toevoegen() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'Een diplomabesluit wordt niet gewijzigd of verwijderd: % op % is niet toegestaan.',
                    TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """
        )
    for tabel in TABELLEN:
        if dialect == "postgresql":
            op.execute(
                f"CREATE TRIGGER {tabel}_niet_wijzigen BEFORE UPDATE OR DELETE ON {tabel} "
                "FOR EACH ROW EXECUTE FUNCTION diplomabesluit_alleen_toevoegen()"
            )
        elif dialect == "sqlite":
            for soort in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {tabel}_niet_{soort.lower()} BEFORE {soort} ON {tabel} BEGIN "
                    "SELECT RAISE(ABORT, 'Een diplomabesluit wordt niet gewijzigd of verwijderd.'); "
                    "END"
                )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for tabel in TABELLEN:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER {tabel}_niet_wijzigen ON {tabel}")
        elif dialect == "sqlite":
            op.execute(f"DROP TRIGGER {tabel}_niet_update")
            op.execute(f"DROP TRIGGER {tabel}_niet_delete")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION diplomabesluit_alleen_toevoegen()")
    op.drop_table("diploma_intrekking")
    with op.batch_alter_table("diplomabesluit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diplomabesluit_student_id"))
        batch_op.drop_index(batch_op.f("ix_diplomabesluit_inschrijving_id"))

    op.drop_table("diplomabesluit")
    op.drop_table("diplomateller")
