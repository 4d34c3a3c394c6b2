"""What the assessment pages show: the inbox and one submission with a form per linked leeruitkomst."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Row
from sqlalchemy.orm import Session

from app.beoordeling import repository, service
from app.errors import NietGevonden
from app.models import Beoordeling, BewijsstukKoppeling, BewijsstukVersie, Gebruiker, Kwalificatie, Rol, VersieStatus
from app.paginering import Pagina, Paginering
from app.tijd import nu
from app.toegang import policy
from app.voortgang import beoordelingen as zichtbare
from app.voortgang import repository as voortgang_repository

NIET_GEVONDEN = "Deze inzending bestaat niet of je hebt er geen toegang toe."
# A submission counts as new in the inbox for this long after it was offered: a fixed window, the same on every
# device and after every visit (a "since your last visit" mark would vanish on a reload or a filter change).
NIEUW_GEDURENDE = dt.timedelta(hours=24)


@dataclass
class Inbox:
    pagina: Pagina[BewijsstukVersie]
    studenten: list[Row[tuple[int, str]]]  # (id, naam), for the filter
    cohorten: list[str]
    nu: dt.datetime

    def is_nieuw(self, versie: BewijsstukVersie) -> bool:
        return versie.ingediend_op is not None and versie.ingediend_op > self.nu - NIEUW_GEDURENDE

    @property
    def aantal_nieuw(self) -> int:
        return sum(1 for v in self.versies if self.is_nieuw(v))

    @property
    def versies(self) -> list[BewijsstukVersie]:
        return self.pagina.items

    @property
    def totaal(self) -> int:
        return self.pagina.totaal


def inbox(
    session: Session,
    gebruiker: Gebruiker,
    paginering: Paginering,
    student_id: int | None,
    cohort: str | None,
    *,
    op_student: bool = False,
    met_filters: bool = True,
) -> Inbox:
    """Submissions waiting for this praktijkbegeleider's current students, oldest first (or by student);
    `met_filters`: also the students and cohorts the page's filters offer."""
    policy.vereis_een_rol(gebruiker, Rol.praktijkbegeleider)
    vandaag = policy.vandaag()
    pagina = repository.inbox(
        session,
        gebruiker.id,
        vandaag,
        student_id=student_id,
        cohort=cohort,
        op_student=op_student,
        paginering=paginering,
    )
    studenten, cohorten = (
        repository.studenten_en_cohorten_in_begeleiding(session, gebruiker.id, vandaag) if met_filters else ([], [])
    )
    return Inbox(pagina, studenten, cohorten, nu())


def aantal_te_beoordelen(session: Session, gebruiker: Gebruiker) -> int:
    if not gebruiker.heeft_rol(Rol.praktijkbegeleider):
        return 0
    return repository.aantal_in_inbox(session, gebruiker.id, policy.vandaag())


def volgende_inzending(session: Session, gebruiker: Gebruiker, versie_id: int) -> int | None:
    policy.vereis_een_rol(gebruiker, Rol.praktijkbegeleider)
    return repository.wachtend_na(session, gebruiker.id, policy.vandaag(), versie_id)


@dataclass
class TeBeoordelen:
    """One linked leeruitkomst of the submission: its onderbouwing, what others said, the assessor's own last word."""

    koppeling: BewijsstukKoppeling
    eerdere: list[Beoordeling] = field(default_factory=list)
    eigen_laatste: Beoordeling | None = None
    # Judging this version again would be a correction (it was submitted before the assessor's own latest
    # judgement), not a re-judgement of newer evidence.
    correctie: bool = False

    @property
    def code(self) -> str:
        return self.koppeling.leeruitkomst.code

    @property
    def anker(self) -> str:
        return self.code.replace(".", "-")


@dataclass
class Inzending:
    versie: BewijsstukVersie
    kwalificatie: Kwalificatie
    leeruitkomsten: list[TeBeoordelen]
    mag_beoordelen: bool
    nieuwste_versie: int  # the latest submitted version of this bewijsstuk
    # The next submission waiting for this assessor (the inbox's order), for "Volgende inzending".
    volgende_id: int | None = None

    @property
    def is_verouderd(self) -> bool:
        return self.versie.versie != self.nieuwste_versie

    def leeruitkomst(self, code: str) -> TeBeoordelen:
        for regel in self.leeruitkomsten:
            if regel.code == code:
                return regel
        raise NietGevonden("Deze leeruitkomst hoort niet bij deze inzending.")


def inzending(session: Session, gebruiker: Gebruiker, versie_id: int) -> Inzending:
    """A submitted version for whoever may see the student; only a current praktijkbegeleider gets the forms."""
    versie = repository.ingediende_versie(session, versie_id)
    if (
        versie is None
        or versie.bewijsstuk.is_verborgen
        or not policy.mag_student_zien(session, gebruiker, versie.bewijsstuk.student_id)
    ):
        raise NietGevonden(NIET_GEVONDEN)
    student_id = versie.bewijsstuk.student_id
    inschrijving = voortgang_repository.actuele_inschrijving(session, student_id)
    if inschrijving is None:
        raise NietGevonden(service.GEEN_INSCHRIJVING)
    zichtbaar = zichtbare.zichtbare_beoordelingen_van(
        session, gebruiker, student_id, inschrijving.kwalificatie, laden="feiten"
    ).zichtbaar
    # After a move to a newer version, an old leeruitkomst's judgements and those of its exact match are one history.
    naar_nieuw = voortgang_repository.overgenomen(session, [student_id]).get(student_id, {})
    regels = []
    for koppeling in versie.koppelingen:
        doel = naar_nieuw.get(koppeling.leeruitkomst_id, koppeling.leeruitkomst_id)
        van_lu = [b for b in zichtbaar if naar_nieuw.get(b.leeruitkomst_id, b.leeruitkomst_id) == doel]
        eigen = [b for b in van_lu if b.beoordelaar_id == gebruiker.id]
        laatste = eigen[0] if eigen else None
        correctie = laatste is not None and not service.is_herbeoordeling(laatste, [versie])
        regels.append(TeBeoordelen(koppeling, van_lu, laatste, correctie))
    nieuwste = max(v.versie for v in versie.bewijsstuk.versies if v.status == VersieStatus.ingediend)
    mag = policy.mag_beoordelen(session, gebruiker, student_id)
    volgende = repository.wachtend_na(session, gebruiker.id, policy.vandaag(), versie.id) if mag else None
    return Inzending(versie, inschrijving.kwalificatie, regels, mag, nieuwste, volgende)
