"""a revoked diploma keeps the student from the diploma until the dossier is reopened

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 09:10:00.000000

diploma_heropening records that the examencommissie reopened the dossier of a
revoked diploma, by whom, when and why: append-only like the revocation itself
(triggers refuse UPDATE and DELETE, as migration 0012 does for decisions).
student_stand counts the revocations not reopened (`ingetrokken`), each a reason
against diplomabaar; the stored progress is rebuilt (nothing was reopened
before, so every revocation counts).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.models.base import UtcDateTime
from app.ops.migrations import herbouw_voortgang_na_afloop


revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'diploma_heropening',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('intrekking_id', sa.Integer(), nullable=False),
        sa.Column('reden', sa.Text(), nullable=False),
        sa.Column('door_id', sa.Integer(), nullable=False),
        sa.Column('tijd', UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['door_id'], ['gebruiker.id'], name=op.f('fk_diploma_heropening_door_id_gebruiker')),
        sa.ForeignKeyConstraint(
            ['intrekking_id'],
            ['diploma_intrekking.id'],
            name=op.f('fk_diploma_heropening_intrekking_id_diploma_intrekking'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_diploma_heropening')),
        sa.UniqueConstraint('intrekking_id', name=op.f('uq_diploma_heropening_intrekking_id')),
    )
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        # The function of migration 0012 raises for any table it guards.
        op.execute(
            "CREATE TRIGGER diploma_heropening_niet_wijzigen BEFORE UPDATE OR DELETE ON diploma_heropening "
            "FOR EACH ROW EXECUTE FUNCTION diplomabesluit_alleen_toevoegen()"
        )
    elif dialect == 'sqlite':
        for soort in ('UPDATE', 'DELETE'):
            op.execute(
                f"CREATE TRIGGER diploma_heropening_niet_{soort.lower()} BEFORE {soort} ON diploma_heropening BEGIN "
                "SELECT RAISE(ABORT, 'Een diplomabesluit wordt niet gewijzigd of verwijderd.'); END"
            )
    # A plain ADD COLUMN with its default.
    op.add_column('student_stand', sa.Column('ingetrokken', sa.Integer(), server_default='0', nullable=False))
    herbouw_voortgang_na_afloop()


def downgrade() -> None:
    op.drop_column('student_stand', 'ingetrokken')
    op.drop_table('diploma_heropening')
