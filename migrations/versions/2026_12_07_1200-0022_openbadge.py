"""the diploma as an Open Badges 3.0 credential, and a verification code beside the number

Revision ID: 0022
Revises: 0024
Create Date: 2026-12-07 12:00:00.000000

A vastgesteld diploma gets, in its own row and at its decision, the Open Badges
credential made for it (its urn:uuid, the subject's, its place in a revocation
list, the signed JWS) and a random verification code. Columns are added, never
altered in a batch (the table is referenced by foreign keys and guarded by
triggers); decisions taken before have neither and keep answering only
whether they are valid.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0022'
down_revision: str | None = '0024'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('diplomabesluit', sa.Column('verificatiecode', sa.String(length=32), nullable=True))
    op.add_column('diplomabesluit', sa.Column('ob_id', sa.String(length=60), nullable=True))
    op.add_column('diplomabesluit', sa.Column('ob_subject_id', sa.String(length=60), nullable=True))
    op.add_column('diplomabesluit', sa.Column('ob_statuslijst', sa.Integer(), nullable=True))
    op.add_column('diplomabesluit', sa.Column('ob_statusindex', sa.Integer(), nullable=True))
    op.add_column('diplomabesluit', sa.Column('ob_jwt', sa.Text(), nullable=True))
    op.create_index(op.f('ix_diplomabesluit_ob_id'), 'diplomabesluit', ['ob_id'], unique=True)
    op.create_index(
        'ix_diplomabesluit_ob_status', 'diplomabesluit', ['ob_statuslijst', 'ob_statusindex'], unique=True
    )


def downgrade() -> None:
    op.drop_index('ix_diplomabesluit_ob_status', table_name='diplomabesluit')
    op.drop_index(op.f('ix_diplomabesluit_ob_id'), table_name='diplomabesluit')
    for kolom in ('ob_jwt', 'ob_statusindex', 'ob_statuslijst', 'ob_subject_id', 'ob_id', 'verificatiecode'):
        op.drop_column('diplomabesluit', kolom)
