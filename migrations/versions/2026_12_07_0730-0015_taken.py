"""taken: the durable job queue

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 07:30:00.000000

One table for every job (mail, audit checkpoints, clean-up, reminders), on
SQLite and PostgreSQL alike: a job is enqueued in the transaction of the change
that causes it, and a worker claims it with a lease.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'taak',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('naam', sa.String(length=100), nullable=False),
        sa.Column('argumenten', sa.JSON(), nullable=False),
        sa.Column(
            'status',
            sa.Enum('wachtend', 'bezig', 'klaar', 'mislukt', name='taakstatus', native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column('sleutel', sa.String(length=200), nullable=True),
        sa.Column('pogingen', sa.Integer(), nullable=False),
        sa.Column('max_pogingen', sa.Integer(), nullable=False),
        sa.Column('uitvoeren_na', app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column('geclaimd_door', sa.String(length=100), nullable=True),
        sa.Column('geclaimd_tot', app.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column('laatste_fout', sa.Text(), nullable=True),
        sa.Column(
            'aangemaakt_op', app.models.base.UtcDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'),
            nullable=False,
        ),
        sa.Column('voltooid_op', app.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_taak')),
        sa.UniqueConstraint('sleutel', name=op.f('uq_taak_sleutel')),
    )
    op.create_index('ix_taak_status_uitvoeren_na', 'taak', ['status', 'uitvoeren_na'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_taak_status_uitvoeren_na', table_name='taak')
    op.drop_table('taak')
