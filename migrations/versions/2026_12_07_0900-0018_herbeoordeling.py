"""a re-judgement is not a correction

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-07 09:00:00.000000

beoordeling.correctie tells a correction (the same evidence judged again, with
a reason) from a re-judgement (newer evidence, no reason asked); both replace
the assessor's earlier judgement. Until now every replacing judgement was a
correction with a reason, so those rows get true.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0018'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (with its default) on SQLite too: rebuilding the table would trip over the foreign keys
    # that point at it.
    op.add_column('beoordeling', sa.Column('correctie', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE beoordeling SET correctie = (vervangt_id IS NOT NULL)")


def downgrade() -> None:
    with op.batch_alter_table('beoordeling', schema=None) as batch_op:
        batch_op.drop_column('correctie')
