"""sign-in through OpenID Connect, and a second factor (TOTP) with recovery codes

Revision ID: 0020
Revises: 0022
Create Date: 2026-12-07 12:00:00.000000

oidc_koppeling links an account to (issuer, sub); oidc_aanvraag holds a started
sign-in (state, nonce, PKCE verifier) until the provider sends the browser back.
tweede_factor and herstelcode hold the TOTP secret and hashed recovery codes.
sessie gains two nullable/defaulted columns (plain ADD COLUMN, no table rebuild:
sessie is referenced by nothing, but a rebuild is not needed either).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.models.base import UtcDateTime


revision: str = '0020'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'oidc_koppeling',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('gebruiker_id', sa.Integer(), nullable=False),
        sa.Column('issuer', sa.String(length=500), nullable=False),
        sa.Column('sub', sa.String(length=255), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=True),
        sa.Column('aangemaakt_op', UtcDateTime(), nullable=False),
        sa.Column('laatst_gebruikt_op', UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_oidc_koppeling_gebruiker_id_gebruiker'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_koppeling')),
        sa.UniqueConstraint('issuer', 'sub', name=op.f('uq_oidc_koppeling_issuer_sub')),
    )
    op.create_index(op.f('ix_oidc_koppeling_gebruiker_id'), 'oidc_koppeling', ['gebruiker_id'], unique=False)
    op.create_table(
        'oidc_aanvraag',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('state_hash', sa.String(length=64), nullable=False),
        sa.Column('nonce', sa.String(length=128), nullable=False),
        sa.Column('code_verifier', sa.String(length=128), nullable=False),
        sa.Column('volgende', sa.String(length=500), nullable=False),
        sa.Column('aangemaakt_op', UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_aanvraag')),
        sa.UniqueConstraint('state_hash', name=op.f('uq_oidc_aanvraag_state_hash')),
    )
    op.create_index(op.f('ix_oidc_aanvraag_aangemaakt_op'), 'oidc_aanvraag', ['aangemaakt_op'], unique=False)
    op.create_table(
        'tweede_factor',
        sa.Column('gebruiker_id', sa.Integer(), nullable=False),
        sa.Column('geheim', sa.String(length=64), nullable=False),
        sa.Column('bevestigd_op', UtcDateTime(), nullable=True),
        sa.Column('laatste_stap', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_tweede_factor_gebruiker_id_gebruiker'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('gebruiker_id', name=op.f('pk_tweede_factor')),
    )
    op.create_table(
        'herstelcode',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('gebruiker_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('gebruikt_op', UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_herstelcode_gebruiker_id_gebruiker'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_herstelcode')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_herstelcode_code_hash')),
    )
    op.create_index(op.f('ix_herstelcode_gebruiker_id'), 'herstelcode', ['gebruiker_id'], unique=False)
    op.add_column('sessie', sa.Column('tweede_factor_open', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('sessie', sa.Column('oidc_issuer', sa.String(length=500), nullable=True))


def downgrade() -> None:
    op.drop_column('sessie', 'oidc_issuer')
    op.drop_column('sessie', 'tweede_factor_open')
    op.drop_index(op.f('ix_herstelcode_gebruiker_id'), table_name='herstelcode')
    op.drop_table('herstelcode')
    op.drop_table('tweede_factor')
    op.drop_index(op.f('ix_oidc_aanvraag_aangemaakt_op'), table_name='oidc_aanvraag')
    op.drop_table('oidc_aanvraag')
    op.drop_index(op.f('ix_oidc_koppeling_gebruiker_id'), table_name='oidc_koppeling')
    op.drop_table('oidc_koppeling')
