"""audit filterindexen

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-01 19:00:00.000000

The audit page filters on actie, onderwerp_type, actor or a date range and
pages newest first by volgnummer. An index per filter that ends in volgnummer
lets a filtered page read its rows in order from the index; the single-column
indexes on actie and actor_id are the leading part of the new ones.
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0009'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('audit_record', schema=None) as batch_op:
        batch_op.create_index('ix_audit_record_actie_volgnummer', ['actie', 'volgnummer'], unique=False)
        batch_op.create_index('ix_audit_record_onderwerp_type_volgnummer', ['onderwerp_type', 'volgnummer'], unique=False)
        batch_op.create_index('ix_audit_record_actor_id_volgnummer', ['actor_id', 'volgnummer'], unique=False)
        batch_op.create_index('ix_audit_record_tijd', ['tijd'], unique=False)
        batch_op.drop_index(batch_op.f('ix_audit_record_actie'))
        batch_op.drop_index(batch_op.f('ix_audit_record_actor_id'))


def downgrade() -> None:
    with op.batch_alter_table('audit_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_record_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_record_actie'), ['actie'], unique=False)
        batch_op.drop_index('ix_audit_record_tijd')
        batch_op.drop_index('ix_audit_record_actor_id_volgnummer')
        batch_op.drop_index('ix_audit_record_onderwerp_type_volgnummer')
        batch_op.drop_index('ix_audit_record_actie_volgnummer')
