"""All models, imported here so Alembic sees every table."""

from app.models.base import Base
from app.models.kwalificatie import (
    Beroepsvereiste,
    Bouwsteen,
    BouwsteenKernthema,
    Kerntaak,
    Kernthema,
    Kwalificatie,
    Leeruitkomst,
    LeeruitkomstOnderdeel,
)

__all__ = [
    "Base",
    "Beroepsvereiste",
    "Bouwsteen",
    "BouwsteenKernthema",
    "Kernthema",
    "Kerntaak",
    "Kwalificatie",
    "Leeruitkomst",
    "LeeruitkomstOnderdeel",
]
