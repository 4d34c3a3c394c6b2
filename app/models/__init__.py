"""All models, imported here so Alembic sees every table."""

from app.models.aanmelding import Herstelcode, OidcAanvraag, OidcKoppeling, TweedeFactor
from app.models.audit import AuditRecord
from app.models.base import Base
from app.models.beoordeling import Beoordeling, BeoordelingBewijs, Melding, MeldingSoort, Oordeel, Reactie
from app.models.beroepsvereisten import BeroepsvereisteResultaat, Resultaat
from app.models.besluit import Besluit, Diplomabesluit, DiplomaPdf, Diplomateller, Heropening, Intrekking
from app.models.gebruiker import (
    ApiToken,
    EenmaligeLink,
    Gebruiker,
    GebruikerRol,
    Inlogpoging,
    LinkDoel,
    Rol,
    Sessie,
    Verzoekteller,
)
from app.models.kwalificatie import (
    Beroepsvereiste,
    BeroepsvereisteLeeruitkomst,
    Bouwsteen,
    BouwsteenKernthema,
    Kerntaak,
    Kernthema,
    Kwalificatie,
    Leeruitkomst,
    LeeruitkomstOnderdeel,
)
from app.models.organisatie import Begeleiding, Cohort, Inschrijving, InschrijvingStatus
from app.models.portfolio import (
    Bestand,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukSoort,
    BewijsstukVersie,
    DossierSamenvatting,
    VersieStatus,
)
from app.models.taak import Taak, TaakStatus
from app.models.voortgang import (
    BeroepsvereisteStand,
    InzendingStand,
    LeeruitkomstStand,
    OordeelStand,
    StudentStand,
)

__all__ = [
    "Herstelcode",
    "OidcAanvraag",
    "OidcKoppeling",
    "TweedeFactor",
    "Taak",
    "TaakStatus",
    "ApiToken",
    "AuditRecord",
    "Base",
    "Begeleiding",
    "Beoordeling",
    "Besluit",
    "Diplomabesluit",
    "DiplomaPdf",
    "Diplomateller",
    "DossierSamenvatting",
    "Heropening",
    "Intrekking",
    "BeoordelingBewijs",
    "Melding",
    "MeldingSoort",
    "Oordeel",
    "Reactie",
    "Bestand",
    "Bewijsstuk",
    "BewijsstukKoppeling",
    "BewijsstukSoort",
    "BewijsstukVersie",
    "Cohort",
    "EenmaligeLink",
    "Gebruiker",
    "GebruikerRol",
    "Inlogpoging",
    "Verzoekteller",
    "Inschrijving",
    "InschrijvingStatus",
    "LinkDoel",
    "Rol",
    "Sessie",
    "VersieStatus",
    "Beroepsvereiste",
    "BeroepsvereisteLeeruitkomst",
    "BeroepsvereisteResultaat",
    "Resultaat",
    "Bouwsteen",
    "BouwsteenKernthema",
    "Kernthema",
    "Kerntaak",
    "Kwalificatie",
    "Leeruitkomst",
    "LeeruitkomstOnderdeel",
    "StudentStand",
    "LeeruitkomstStand",
    "InzendingStand",
    "OordeelStand",
    "BeroepsvereisteStand",
]
