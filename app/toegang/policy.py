"""The one place that answers: may this person see or do this, for this student, now?

Endpoints and services call these functions; templates only show what the
service already allowed. A refusal is a 404, so ids reveal nothing (API.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import ColumnElement, and_, exists, false, or_, select
from sqlalchemy.orm import Session

from app import tijd
from app.errors import DomainError, NietGevonden
from app.models import Begeleiding, Beoordeling, Gebruiker, GebruikerRol, Rol

# Routes anyone may call without logging in. Every other route must require a
# logged-in user (tests/toegang/test_routetabel.py enforces this).
PUBLIEKE_ROUTES: frozenset[str] = frozenset(
    {
        "/healthz",
        "/readyz",
        "/static",
        "/inloggen",
        # The OpenID Connect sign-in and the redirect URI the provider sends the browser back to.
        "/inloggen/oidc",
        "/inloggen/oidc/terug",
        "/activeren/{token}",
        "/wachtwoord-herstellen/{token}",
        "/eerste-beheerder/{token}",
        "/api/v1/openapi.json",
        "/api/v1/diplomas/{diplomanummer}/verificatie",
        "/diplomas/{diplomanummer}",
        # The Open Badges credential: its issuer, keys and revocation lists, and checking one presented.
        "/ob/uitgever",
        "/ob/sleutels/{kid}",
        "/ob/statuslijst/{lijst}",
        "/diplomas/verifieren",
        "/api/v1/openbadges/verificatie",
        # The CASE 1.1 export: a published kwalificatie is public data for other schools and tools.
        "/ims/case/v1p1/CFDocuments",
        "/ims/case/v1p1/CFDocuments/{sourcedId}",
        "/ims/case/v1p1/CFPackages/{sourcedId}",
        "/ims/case/v1p1/CFItems/{sourcedId}",
        "/ims/case/v1p1/CFAssociations/{sourcedId}",
        "/ims/case/v1p1/CFItemAssociations/{sourcedId}",
        "/ims/case/v1p1/CFItemTypes",
        "/ims/case/v1p1/CFItemTypes/{sourcedId}",
    }
)

NIET_GEVONDEN_STUDENT = "Deze student bestaat niet of je hebt er geen toegang toe."


def vandaag() -> dt.date:
    # The one clock of the application, on Dutch dates (app/tijd.py).
    return tijd.vandaag()


def vereis_een_rol(gebruiker: Gebruiker, *rollen: Rol) -> None:
    if not gebruiker.rollen.intersection(rollen):
        raise NietGevonden("Deze pagina bestaat niet of je hebt er geen toegang toe.")


def is_beheerder(gebruiker: Gebruiker) -> bool:
    return gebruiker.heeft_rol(Rol.beheerder)


def ziet_alle_studenten(gebruiker: Gebruiker) -> bool:
    """The examencommissie and beheer see every student (and so every cohort, an empty one too)."""
    return bool(gebruiker.rollen & {Rol.beheerder, Rol.examencommissie})


def begeleiding_loopt(praktijkbegeleider_id: int, student_id: ColumnElement | int, datum: dt.date) -> ColumnElement:
    """SQL: a begeleiding of this praktijkbegeleider covers this student on that date."""
    return exists(
        select(Begeleiding.id).where(
            Begeleiding.praktijkbegeleider_id == praktijkbegeleider_id,
            Begeleiding.student_id == student_id,
            Begeleiding.van <= datum,
            or_(Begeleiding.tot.is_(None), Begeleiding.tot >= datum),
        )
    )


def zichtbare_studenten(gebruiker: Gebruiker, datum: dt.date | None = None) -> ColumnElement[bool]:
    """SQL condition on Gebruiker: the students this person may see today.

    A student sees only themselves; a praktijkbegeleider the students assigned to
    them, only while assigned; the examencommissie and beheer see every student.
    """
    datum = datum or vandaag()
    is_student = exists(
        select(GebruikerRol.gebruiker_id).where(
            GebruikerRol.gebruiker_id == Gebruiker.id, GebruikerRol.rol == Rol.student
        )
    )
    rollen = gebruiker.rollen
    if rollen & {Rol.beheerder, Rol.examencommissie}:
        return is_student
    voorwaarden = []
    if Rol.student in rollen:
        voorwaarden.append(Gebruiker.id == gebruiker.id)
    if Rol.praktijkbegeleider in rollen:
        voorwaarden.append(begeleiding_loopt(gebruiker.id, Gebruiker.id, datum))
    if not voorwaarden:
        return false()
    return and_(is_student, or_(*voorwaarden))


def mag_student_zien(session: Session, gebruiker: Gebruiker, student_id: int) -> bool:
    stmt = select(Gebruiker.id).where(Gebruiker.id == student_id, zichtbare_studenten(gebruiker))
    return session.scalar(stmt) is not None


def vereis_student_zichtbaar(session: Session, gebruiker: Gebruiker, student_id: int) -> Gebruiker:
    """The student, if this person may see them; 404 otherwise."""
    student = session.scalar(select(Gebruiker).where(Gebruiker.id == student_id, zichtbare_studenten(gebruiker)))
    if student is None:
        raise NietGevonden(NIET_GEVONDEN_STUDENT)
    return student


def vereis_eigen_portfolio(gebruiker: Gebruiker, student_id: int) -> None:
    """Only the student changes their own portfolio."""
    if gebruiker.id != student_id or not gebruiker.heeft_rol(Rol.student):
        raise NietGevonden(NIET_GEVONDEN_STUDENT)


def mag_beoordelen(session: Session, gebruiker: Gebruiker, student_id: int, datum: dt.date | None = None) -> bool:
    """A praktijkbegeleider judges a student while a begeleiding covers the date, never themselves."""
    if gebruiker.id == student_id or not gebruiker.heeft_rol(Rol.praktijkbegeleider):
        return False
    return bool(session.scalar(select(begeleiding_loopt(gebruiker.id, student_id, datum or vandaag()))))


class GeenBevoegdheid(DomainError):
    """Visible, but not allowed: the student may be seen, yet this person may not do this (API.md: 403)."""

    status_code = 403


def vereis_mag_beoordelen(session: Session, gebruiker: Gebruiker, student_id: int) -> Gebruiker:
    """Only a praktijkbegeleider whose begeleiding covers today judges, and nobody judges their own evidence.

    A student this person may not see is a 404 (ids reveal nothing); a visible
    student they may not judge (themselves, as beheerder or examencommissie) a 403.
    """
    student = vereis_student_zichtbaar(session, gebruiker, student_id)
    if gebruiker.id == student_id:
        raise GeenBevoegdheid("Je kunt je eigen bewijs niet beoordelen.")
    if not mag_beoordelen(session, gebruiker, student_id):
        raise GeenBevoegdheid("Alleen een praktijkbegeleider van deze student kan beoordelen.")
    return student


def kan_onafhankelijk_beoordelen(gebruiker: Gebruiker) -> bool:
    """A praktijkbegeleider who is neither examencommissie nor beheer: someone the four-eyes rule can hold back."""
    return gebruiker.heeft_rol(Rol.praktijkbegeleider) and not gebruiker.rollen & {Rol.examencommissie, Rol.beheerder}


def beoordeelt_onafhankelijk(gebruiker: Gebruiker, student_id: int, beoordelaars_vereist: int) -> bool:
    """With two assessors required, a praktijkbegeleider does not see another's verdict on a version before their own.

    The student, the examencommissie and beheer always see every judgement.
    """
    return beoordelaars_vereist >= 2 and gebruiker.id != student_id and kan_onafhankelijk_beoordelen(gebruiker)


def oordeel_zichtbaar(
    kijker_id: int, beoordelaar_id: int, versie_ids: Collection[int], eigen_versies: Collection[int]
) -> bool:
    """For an assessor who judges independently (beoordeelt_onafhankelijk): their own judgements, and another's
    only once they judged that leeruitkomst on those same versions themselves.

    `eigen_versies` are the versions the assessor's own judgements of the leeruitkomst rest on, superseded
    ones included. The four-eyes rule in one place: statuses, lists and judgement pages all ask here.
    """
    return beoordelaar_id == kijker_id or set(versie_ids) <= set(eigen_versies)


def mag_reageren(gebruiker: Gebruiker, student_id: int, beoordelaar_id: int) -> bool:
    """The thread under a judgement is between the student and the assessor who gave it: each may reply.

    The caller has checked that this person may still see the student (an ended begeleiding ends the thread).
    """
    if gebruiker.id == student_id:
        return gebruiker.heeft_rol(Rol.student)
    return gebruiker.id == beoordelaar_id


def vereis_mag_reageren(gebruiker: Gebruiker, student_id: int, beoordelaar_id: int) -> None:
    if not mag_reageren(gebruiker, student_id, beoordelaar_id):
        raise GeenBevoegdheid("Alleen de student en wie dit oordeel gaf reageren erop.")


def vereis_mag_beoordelingsregel_instellen(gebruiker: Gebruiker) -> None:
    """The beoordelingsregel of a kwalificatie version is set by a functioneel beheerder."""
    if not is_beheerder(gebruiker):
        raise GeenBevoegdheid("Alleen een functioneel beheerder stelt de beoordelingsregel in.")


def mag_dossier_exporteren(gebruiker: Gebruiker, student_id: int) -> bool:
    """The whole dossier as a ZIP: the student their own (right of access), the examencommissie any (the archive)."""
    return (gebruiker.id == student_id and gebruiker.heeft_rol(Rol.student)) or gebruiker.heeft_rol(Rol.examencommissie)


def vereis_mag_dossier_exporteren(session: Session, gebruiker: Gebruiker, student_id: int) -> Gebruiker:
    """The student whose dossier this person may take; anyone else gets the 404 of a student they cannot see."""
    if not mag_dossier_exporteren(gebruiker, student_id):
        raise NietGevonden(NIET_GEVONDEN_STUDENT)
    return vereis_student_zichtbaar(session, gebruiker, student_id)


def mag_verborgen_bewijs_zien(gebruiker: Gebruiker) -> bool:
    """A bewijsstuk hidden for privacy stays open to beheer only; the student sees that, and why, it was hidden."""
    return is_beheerder(gebruiker)


def vereis_mag_bewijs_verbergen(gebruiker: Gebruiker) -> None:
    """Only a functioneel beheerder hides a bewijsstuk (never deletes it)."""
    vereis_een_rol(gebruiker, Rol.beheerder)


# The examencommissie: the decision on a diploma is a human act, by a member who judged nothing of the student.


def heeft_beoordeeld(session: Session, gebruiker_id: int, student_id: int) -> bool:
    """Whether this person ever judged anything of this student (a superseded judgement counts too)."""
    stmt = select(exists().where(Beoordeling.beoordelaar_id == gebruiker_id, Beoordeling.student_id == student_id))
    return bool(session.scalar(stmt))


def vereis_examencommissie(gebruiker: Gebruiker) -> None:
    if not gebruiker.heeft_rol(Rol.examencommissie):
        raise GeenBevoegdheid("Alleen de examencommissie beslist over een diploma.")


BEOORDEELDE_ZELF = (
    "Je hebt deze student zelf beoordeeld. Een lid van de examencommissie dat niets van deze student "
    "beoordeelde, neemt het besluit."
)


def vereis_mag_beslissen(session: Session, gebruiker: Gebruiker, student_id: int) -> Gebruiker:
    """Only an examencommissie member decides, and never on a student they judged anything of.

    A student this person may not see is a 404; a visible one they may not decide on a 403.
    """
    student = vereis_student_zichtbaar(session, gebruiker, student_id)
    vereis_examencommissie(gebruiker)
    if gebruiker.id == student_id:
        raise GeenBevoegdheid("Je kunt niet over je eigen diploma beslissen.")
    if heeft_beoordeeld(session, gebruiker.id, student_id):
        raise GeenBevoegdheid(BEOORDEELDE_ZELF)
    return student


def vereis_mag_intrekken(gebruiker: Gebruiker) -> None:
    """Only the examencommissie revokes a diploma, and only with a reason (the service checks the reason)."""
    if not gebruiker.heeft_rol(Rol.examencommissie):
        raise GeenBevoegdheid("Alleen de examencommissie trekt een diploma in.")


def vereis_mag_besluiten_zien(session: Session, gebruiker: Gebruiker, student_id: int) -> Gebruiker:
    """The student reads the decisions on their own diploma; the examencommissie reads every student's."""
    student = vereis_student_zichtbaar(session, gebruiker, student_id)
    if gebruiker.id != student_id and not gebruiker.heeft_rol(Rol.examencommissie):
        raise GeenBevoegdheid("Alleen de student en de examencommissie zien de diplomabesluiten.")
    return student


def mag_diploma_zien(gebruiker: Gebruiker, student_id: int) -> bool:
    """The diploma itself (its PDF): the student their own, the examencommissie any."""
    return (gebruiker.id == student_id and gebruiker.heeft_rol(Rol.student)) or gebruiker.heeft_rol(Rol.examencommissie)
