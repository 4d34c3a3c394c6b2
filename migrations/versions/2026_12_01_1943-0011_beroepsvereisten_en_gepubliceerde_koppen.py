"""beroepsvereisten en gepubliceerde koppen

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-01 19:43:56.066360

Schema: a beroepsvereiste is named by several leeruitkomsten (RTGP by LU3.1
and LU3.2), so the single leeruitkomst_id becomes a link table; results of
beroepsvereisten per student (append-only); the instroomeis on the
inschrijving.

Data: Wijkagent N6 versie 2.1 as loaded before this revision lacked what the
published text always held: the six addendum headings, verbatim; the
beroepsvereiste PV (section 4.2, het ambtsedig opmaken van een
proces-verbaal; LU3.1 and LU3.2) and RTGP's link to LU3.2. The data file now
carries them. A database that holds that version with the old content
(recognised by its content hash) gets them filled in here, and its hash is
set to the one of the corrected file, so the loader sees the bundled file as
unchanged. No text of the version changes; nothing else is touched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Read the existing links first: on SQLite the batch rebuild of beroepsvereiste
    # drops the table, which would cascade into a link table made before it.
    koppelingen = op.get_bind().execute(sa.text('SELECT id, leeruitkomst_id FROM beroepsvereiste')).all()
    with op.batch_alter_table('beroepsvereiste', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_beroepsvereiste_leeruitkomst_id_leeruitkomst'), type_='foreignkey')
        batch_op.drop_column('leeruitkomst_id')

    op.create_table('beroepsvereiste_resultaat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('beroepsvereiste_id', sa.Integer(), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('resultaat', sa.Enum('voldaan', 'niet_voldaan', name='resultaat', native_enum=False, length=20), nullable=False),
    sa.Column('geldig_tot', sa.Date(), nullable=True),
    sa.Column('vastgelegd_door_id', sa.Integer(), nullable=False),
    sa.Column('corrigeert_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('geldig_tot IS NULL OR geldig_tot >= datum', name=op.f('ck_beroepsvereiste_resultaat_geldig_na_datum')),
    sa.ForeignKeyConstraint(['beroepsvereiste_id'], ['beroepsvereiste.id'], name=op.f('fk_beroepsvereiste_resultaat_beroepsvereiste_id_beroepsvereiste')),
    sa.ForeignKeyConstraint(['corrigeert_id'], ['beroepsvereiste_resultaat.id'], name=op.f('fk_beroepsvereiste_resultaat_corrigeert_id_beroepsvereiste_resultaat')),
    sa.ForeignKeyConstraint(['student_id'], ['gebruiker.id'], name=op.f('fk_beroepsvereiste_resultaat_student_id_gebruiker')),
    sa.ForeignKeyConstraint(['vastgelegd_door_id'], ['gebruiker.id'], name=op.f('fk_beroepsvereiste_resultaat_vastgelegd_door_id_gebruiker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_beroepsvereiste_resultaat'))
    )
    with op.batch_alter_table('beroepsvereiste_resultaat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_beroepsvereiste_resultaat_beroepsvereiste_id'), ['beroepsvereiste_id'], unique=False)
        batch_op.create_index('ix_beroepsvereiste_resultaat_student_datum', ['student_id', 'datum', 'id'], unique=False)

    op.create_table('beroepsvereiste_leeruitkomst',
    sa.Column('beroepsvereiste_id', sa.Integer(), nullable=False),
    sa.Column('leeruitkomst_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['beroepsvereiste_id'], ['beroepsvereiste.id'], name=op.f('fk_beroepsvereiste_leeruitkomst_beroepsvereiste_id_beroepsvereiste'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['leeruitkomst_id'], ['leeruitkomst.id'], name=op.f('fk_beroepsvereiste_leeruitkomst_leeruitkomst_id_leeruitkomst'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('beroepsvereiste_id', 'leeruitkomst_id', name=op.f('pk_beroepsvereiste_leeruitkomst'))
    )
    with op.batch_alter_table('beroepsvereiste_leeruitkomst', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_beroepsvereiste_leeruitkomst_leeruitkomst_id'), ['leeruitkomst_id'], unique=False)
    if koppelingen:
        op.get_bind().execute(
            sa.text('INSERT INTO beroepsvereiste_leeruitkomst (beroepsvereiste_id, leeruitkomst_id) VALUES (:b, :lu)'),
            [{'b': b, 'lu': lu} for b, lu in koppelingen],
        )

    with op.batch_alter_table('inschrijving', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aangesteld_bij_politie_op', sa.Date(), nullable=True))

    _vul_wijkagent_n6_aan(op.get_bind())


OUDE_SHA = '77cdd3fa98c6820c944070ce1b6588fae63ab80d8d1ee49116cb550e43f52494'
NIEUWE_SHA = '2216d72abc89716e845ca8f6ca1d3b48fdb64bc37e79012934f3cb0c99f9896a'

# (leeruitkomst, aanvulling) → the heading as published in section 4.1.
KOPPEN = {
    ('LU1.1', 'niveau_6'): 'Voor de politiefunctionaris op niveau 6 geldt aanvullend:',
    ('LU1.2', 'niveau_6'): 'Voor de politiefunctie op niveau 6 geldt aanvullend:',
    ('LU2.1', 'profiel'): 'Specifiek voor de Wijkagent op niveau 6 geldt aanvullend:',
    ('LU2.2', 'profiel'): 'Specifiek voor de Wijkagent op niveau 6 geldt aanvullend:',
    ('LU3.1', 'profiel'): 'Specifiek voor de wijkagent op niveau 6 geldt aanvullend:',
    ('LU3.2', 'profiel'): 'Specifiek voor de wijkagent op niveau 6 geldt aanvullend:',
}
PV_NAAM = 'het ambtsedig opmaken van een proces-verbaal'
PV_OMSCHRIJVING = (
    'Meer specifiek hebben wettelijke beroepsvereisten betrekking op bijvoorbeeld het gebruik van '
    'geweldsmiddelen en het ambtsedig opmaken van een proces-verbaal.\n'
)


def _vul_wijkagent_n6_aan(bind: sa.Connection) -> None:
    kwalificatie_id = bind.scalar(
        sa.text("SELECT id FROM kwalificatie WHERE code = 'WA-N6' AND versie = '2.1' AND inhoud_sha256 = :sha"),
        {'sha': OUDE_SHA},
    )
    if kwalificatie_id is None:
        return
    leeruitkomsten = dict(
        bind.execute(
            sa.text(
                'SELECT lu.code, lu.id FROM leeruitkomst lu JOIN bouwsteen bs ON bs.id = lu.bouwsteen_id '
                'JOIN kerntaak kt ON kt.id = bs.kerntaak_id WHERE kt.kwalificatie_id = :k'
            ),
            {'k': kwalificatie_id},
        ).all()
    )
    for (code, aanvulling), kop in KOPPEN.items():
        bind.execute(
            sa.text(
                'UPDATE leeruitkomst_onderdeel SET kop = :kop '
                'WHERE leeruitkomst_id = :lu AND aanvulling = :aanvulling AND kop IS NULL'
            ),
            {'kop': kop, 'lu': leeruitkomsten[code], 'aanvulling': aanvulling},
        )
    rtgp = bind.scalar(
        sa.text("SELECT id FROM beroepsvereiste WHERE kwalificatie_id = :k AND code = 'RTGP'"), {'k': kwalificatie_id}
    )
    bind.execute(
        sa.text('INSERT INTO beroepsvereiste_leeruitkomst (beroepsvereiste_id, leeruitkomst_id) VALUES (:b, :lu)'),
        {'b': rtgp, 'lu': leeruitkomsten['LU3.2']},
    )
    volgorde = bind.scalar(
        sa.text('SELECT COALESCE(MAX(volgorde), -1) + 1 FROM beroepsvereiste WHERE kwalificatie_id = :k'),
        {'k': kwalificatie_id},
    )
    bind.execute(
        sa.text(
            'INSERT INTO beroepsvereiste (kwalificatie_id, volgorde, code, naam, omschrijving) '
            "VALUES (:k, :volgorde, 'PV', :naam, :omschrijving)"
        ),
        {'k': kwalificatie_id, 'volgorde': volgorde, 'naam': PV_NAAM, 'omschrijving': PV_OMSCHRIJVING},
    )
    pv = bind.scalar(
        sa.text("SELECT id FROM beroepsvereiste WHERE kwalificatie_id = :k AND code = 'PV'"), {'k': kwalificatie_id}
    )
    for code in ('LU3.1', 'LU3.2'):
        bind.execute(
            sa.text('INSERT INTO beroepsvereiste_leeruitkomst (beroepsvereiste_id, leeruitkomst_id) VALUES (:b, :lu)'),
            {'b': pv, 'lu': leeruitkomsten[code]},
        )
    bind.execute(
        sa.text('UPDATE kwalificatie SET inhoud_sha256 = :sha WHERE id = :k'), {'sha': NIEUWE_SHA, 'k': kwalificatie_id}
    )


def downgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table('inschrijving', schema=None) as batch_op:
        batch_op.drop_column('aangesteld_bij_politie_op')

    with op.batch_alter_table('beroepsvereiste_resultaat', schema=None) as batch_op:
        batch_op.drop_index('ix_beroepsvereiste_resultaat_student_datum')
        batch_op.drop_index(batch_op.f('ix_beroepsvereiste_resultaat_beroepsvereiste_id'))
    op.drop_table('beroepsvereiste_resultaat')

    # Wijkagent N6 2.1 back to the content the previous revision knew.
    kwalificatie_id = bind.scalar(
        sa.text("SELECT id FROM kwalificatie WHERE code = 'WA-N6' AND versie = '2.1' AND inhoud_sha256 = :sha"),
        {'sha': NIEUWE_SHA},
    )
    if kwalificatie_id is not None:
        pv = bind.scalar(
            sa.text("SELECT id FROM beroepsvereiste WHERE kwalificatie_id = :k AND code = 'PV'"),
            {'k': kwalificatie_id},
        )
        bind.execute(sa.text('DELETE FROM beroepsvereiste_leeruitkomst WHERE beroepsvereiste_id = :b'), {'b': pv})
        bind.execute(sa.text('DELETE FROM beroepsvereiste WHERE id = :b'), {'b': pv})
        bind.execute(
            sa.text(
                'UPDATE leeruitkomst_onderdeel SET kop = NULL WHERE aanvulling IS NOT NULL AND leeruitkomst_id IN '
                '(SELECT lu.id FROM leeruitkomst lu JOIN bouwsteen bs ON bs.id = lu.bouwsteen_id '
                'JOIN kerntaak kt ON kt.id = bs.kerntaak_id WHERE kt.kwalificatie_id = :k)'
            ),
            {'k': kwalificatie_id},
        )
        bind.execute(
            sa.text('UPDATE kwalificatie SET inhoud_sha256 = :sha WHERE id = :k'),
            {'sha': OUDE_SHA, 'k': kwalificatie_id},
        )

    # One leeruitkomst per beroepsvereiste again: the first that names it (read before
    # the SQLite rebuild of beroepsvereiste cascades into the link table).
    eerste = bind.execute(
        sa.text('SELECT beroepsvereiste_id, MIN(leeruitkomst_id) FROM beroepsvereiste_leeruitkomst GROUP BY 1')
    ).all()
    with op.batch_alter_table('beroepsvereiste', schema=None) as batch_op:
        batch_op.add_column(sa.Column('leeruitkomst_id', sa.INTEGER(), nullable=True))
    if eerste:
        bind.execute(
            sa.text('UPDATE beroepsvereiste SET leeruitkomst_id = :lu WHERE id = :b'),
            [{'b': b, 'lu': lu} for b, lu in eerste],
        )
    with op.batch_alter_table('beroepsvereiste', schema=None) as batch_op:
        batch_op.alter_column('leeruitkomst_id', existing_type=sa.INTEGER(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_beroepsvereiste_leeruitkomst_id_leeruitkomst'), 'leeruitkomst', ['leeruitkomst_id'], ['id']
        )

    with op.batch_alter_table('beroepsvereiste_leeruitkomst', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_beroepsvereiste_leeruitkomst_leeruitkomst_id'))
    op.drop_table('beroepsvereiste_leeruitkomst')
