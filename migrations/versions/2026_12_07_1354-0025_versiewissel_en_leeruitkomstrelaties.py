"""relations between leeruitkomsten of two versions, and the move of an enrolment to a newer version

Revision ID: 0025
Revises: 0020
Create Date: 2026-12-07 13:54:35.270203

leeruitkomst_relatie holds exactMatchOf / replacedBy between a leeruitkomst and one of an older
version; versiewissel records each move of an enrolment (one per enrolment). The enrolment status
gains the value 'overgezet' (a non-native enum without CHECK constraint: no change to the column).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base


revision: str = "0025"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "versiewissel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("van_inschrijving_id", sa.Integer(), nullable=False),
        sa.Column("naar_inschrijving_id", sa.Integer(), nullable=False),
        sa.Column("door_id", sa.Integer(), nullable=False),
        sa.Column("tijd", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["door_id"], ["gebruiker.id"], name=op.f("fk_versiewissel_door_id_gebruiker")),
        sa.ForeignKeyConstraint(
            ["naar_inschrijving_id"],
            ["inschrijving.id"],
            name=op.f("fk_versiewissel_naar_inschrijving_id_inschrijving"),
        ),
        sa.ForeignKeyConstraint(["student_id"], ["gebruiker.id"], name=op.f("fk_versiewissel_student_id_gebruiker")),
        sa.ForeignKeyConstraint(
            ["van_inschrijving_id"], ["inschrijving.id"], name=op.f("fk_versiewissel_van_inschrijving_id_inschrijving")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_versiewissel")),
        sa.UniqueConstraint("naar_inschrijving_id", name=op.f("uq_versiewissel_naar_inschrijving_id")),
        sa.UniqueConstraint("van_inschrijving_id", name=op.f("uq_versiewissel_van_inschrijving_id")),
    )
    with op.batch_alter_table("versiewissel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_versiewissel_student_id"), ["student_id"], unique=False)

    op.create_table(
        "leeruitkomst_relatie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leeruitkomst_id", sa.Integer(), nullable=False),
        sa.Column("vorige_id", sa.Integer(), nullable=False),
        sa.Column(
            "soort",
            sa.Enum("exactMatchOf", "replacedBy", name="relatiesoort", native_enum=False, length=20),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["leeruitkomst_id"],
            ["leeruitkomst.id"],
            name=op.f("fk_leeruitkomst_relatie_leeruitkomst_id_leeruitkomst"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vorige_id"],
            ["leeruitkomst.id"],
            name=op.f("fk_leeruitkomst_relatie_vorige_id_leeruitkomst"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leeruitkomst_relatie")),
        sa.UniqueConstraint(
            "leeruitkomst_id", "vorige_id", name=op.f("uq_leeruitkomst_relatie_leeruitkomst_id_vorige_id")
        ),
    )
    with op.batch_alter_table("leeruitkomst_relatie", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leeruitkomst_relatie_leeruitkomst_id"), ["leeruitkomst_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_leeruitkomst_relatie_vorige_id"), ["vorige_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("leeruitkomst_relatie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leeruitkomst_relatie_vorige_id"))
        batch_op.drop_index(batch_op.f("ix_leeruitkomst_relatie_leeruitkomst_id"))

    op.drop_table("leeruitkomst_relatie")
    with op.batch_alter_table("versiewissel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_versiewissel_student_id"))

    op.drop_table("versiewissel")
