"""audit trail: keyed hashes, and append-only on PostgreSQL

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 19:00:00

Records written before this revision carry a plain sha256; they are
re-hashed with the audit key (HMAC-SHA256) as far as their plain chain still
holds, so a break that was already there stays visible at its place. Then,
on PostgreSQL, a trigger refuses UPDATE, DELETE and TRUNCATE on audit_record.
"""

import hashlib
import hmac
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.audit.keten import audit_sleutel
from app.models.base import UtcDateTime

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
KOLOMMEN = ("volgnummer", "tijd", "actor_id", "actie", "onderwerp_type", "onderwerp_id", "gegevens", "vorige_hash")

audit_record = sa.table(
    "audit_record",
    sa.column("id", sa.Integer()),
    sa.column("volgnummer", sa.Integer()),
    sa.column("tijd", UtcDateTime()),
    sa.column("actor_id", sa.Integer()),
    sa.column("actie", sa.String()),
    sa.column("onderwerp_type", sa.String()),
    sa.column("onderwerp_id", sa.String()),
    sa.column("gegevens", sa.Text()),
    sa.column("vorige_hash", sa.String()),
    sa.column("hash", sa.String()),
)


def _inhoud(waarden: dict) -> bytes:
    # The canonical content as of this revision, frozen here so later changes cannot alter this step.
    rij = [waarden[k] for k in KOLOMMEN]
    rij[1] = rij[1].isoformat(timespec="microseconds")
    return json.dumps(rij, ensure_ascii=False, separators=(",", ":")).encode()


def _herbereken_met_sleutel(connection: sa.Connection) -> None:
    sleutel = audit_sleutel()
    oud_vorige, nieuw_vorige, verwacht, laatste = GENESIS, GENESIS, 1, 0
    while True:
        rijen = connection.execute(
            sa.select(audit_record)
            .where(audit_record.c.volgnummer > laatste)
            .order_by(audit_record.c.volgnummer)
            .limit(1000)
        ).mappings().all()
        if not rijen:
            return
        for rij in rijen:
            intact = (
                rij["volgnummer"] == verwacht
                and rij["vorige_hash"] == oud_vorige
                and hashlib.sha256(_inhoud(rij)).hexdigest() == rij["hash"]
            )
            if not intact:
                return  # from here on the old chain was already broken: leave it as evidence
            nieuw = dict(rij, vorige_hash=nieuw_vorige)
            nieuw_hash = hmac.new(sleutel, _inhoud(nieuw), hashlib.sha256).hexdigest()
            connection.execute(
                sa.update(audit_record)
                .where(audit_record.c.id == rij["id"])
                .values(vorige_hash=nieuw_vorige, hash=nieuw_hash)
            )
            oud_vorige, nieuw_vorige, verwacht = rij["hash"], nieuw_hash, verwacht + 1
        laatste = rijen[-1]["volgnummer"]


def upgrade() -> None:
    connection = op.get_bind()
    _herbereken_met_sleutel(connection)
    if connection.dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION audit_record_alleen_toevoegen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'De audittrail is alleen aan te vullen: % op audit_record is niet toegestaan.', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER audit_record_niet_wijzigen BEFORE UPDATE OR DELETE ON audit_record "
        "FOR EACH ROW EXECUTE FUNCTION audit_record_alleen_toevoegen()"
    )
    op.execute(
        "CREATE TRIGGER audit_record_niet_legen BEFORE TRUNCATE ON audit_record "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_record_alleen_toevoegen()"
    )


def downgrade() -> None:
    # The keyed hashes stay: a plain sha256 would let anyone with write access recompute the chain.
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER audit_record_niet_legen ON audit_record")
    op.execute("DROP TRIGGER audit_record_niet_wijzigen ON audit_record")
    op.execute("DROP FUNCTION audit_record_alleen_toevoegen()")
