"""dossier samenvatting: the summary PDF rendered by a job, kept until the student's next change

Revision ID: 0024
Revises: 0019
Create Date: 2026-12-07 11:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base


revision: str = '0024'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'dossier_samenvatting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('student_id', sa.Integer(), nullable=False),
        sa.Column('inhoud_sha256', sa.String(length=64), nullable=False),
        sa.Column('opslag_sleutel', sa.String(length=200), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('grootte', sa.BigInteger(), nullable=False),
        sa.Column('gemaakt_op', app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['student_id'], ['gebruiker.id'], name=op.f('fk_dossier_samenvatting_student_id_gebruiker')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_samenvatting')),
        sa.UniqueConstraint(
            'student_id', 'inhoud_sha256', name=op.f('uq_dossier_samenvatting_student_id_inhoud_sha256')
        ),
        sa.UniqueConstraint('opslag_sleutel', name=op.f('uq_dossier_samenvatting_opslag_sleutel')),
    )


def downgrade() -> None:
    op.drop_table('dossier_samenvatting')
