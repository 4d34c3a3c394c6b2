"""diploma pdf: rendered once by a job, kept in storage by its sha256

Revision ID: 0015b
Revises: 0015
Create Date: 2026-12-07 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base


revision: str = '0015b'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'diploma_pdf',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('besluit_id', sa.Integer(), nullable=False),
        sa.Column('ingetrokken', sa.Boolean(), nullable=False),
        sa.Column('opslag_sleutel', sa.String(length=200), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('grootte', sa.BigInteger(), nullable=False),
        sa.Column('gemaakt_op', app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['besluit_id'], ['diplomabesluit.id'], name=op.f('fk_diploma_pdf_besluit_id_diplomabesluit')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_diploma_pdf')),
        sa.UniqueConstraint('besluit_id', 'ingetrokken', name=op.f('uq_diploma_pdf_besluit_id_ingetrokken')),
        sa.UniqueConstraint('opslag_sleutel', name=op.f('uq_diploma_pdf_opslag_sleutel')),
    )


def downgrade() -> None:
    op.drop_table('diploma_pdf')
