"""indexes for the paged lists and person pickers

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01 19:00:00
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0006'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.create_index('ix_gebruiker_naam_id', ['naam', 'id'], unique=False)
    with op.batch_alter_table('gebruiker_rol', schema=None) as batch_op:
        batch_op.create_index('ix_gebruiker_rol_rol_gebruiker_id', ['rol', 'gebruiker_id'], unique=False)
    with op.batch_alter_table('begeleiding', schema=None) as batch_op:
        batch_op.create_index('ix_begeleiding_van_id', ['van', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('begeleiding', schema=None) as batch_op:
        batch_op.drop_index('ix_begeleiding_van_id')
    with op.batch_alter_table('gebruiker_rol', schema=None) as batch_op:
        batch_op.drop_index('ix_gebruiker_rol_rol_gebruiker_id')
    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.drop_index('ix_gebruiker_naam_id')
