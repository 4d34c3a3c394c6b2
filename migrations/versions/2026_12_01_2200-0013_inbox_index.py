"""inbox index

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 22:00:00.000000

The inbox asks, for the students of one praktijkbegeleider, who judged which
leeruitkomst on which version. The index on beoordeling (student_id,
leeruitkomst_id) gains beoordelaar_id and id, so that question is answered
from the index alone; its leading part still serves every lookup the old one did.
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('beoordeling', schema=None) as batch_op:
        batch_op.create_index(
            'ix_beoordeling_student_oordelen', ['student_id', 'leeruitkomst_id', 'beoordelaar_id', 'id'], unique=False
        )
        batch_op.drop_index('ix_beoordeling_student_leeruitkomst')


def downgrade() -> None:
    with op.batch_alter_table('beoordeling', schema=None) as batch_op:
        batch_op.create_index('ix_beoordeling_student_leeruitkomst', ['student_id', 'leeruitkomst_id'], unique=False)
        batch_op.drop_index('ix_beoordeling_student_oordelen')
