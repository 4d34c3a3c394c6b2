"""Use cases for organising students: cohorts, inschrijvingen, begeleidingen and who sees which students.

Every change is made by a beheerder and lands in the audit trail; validation
collects all problems first, so nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.audit import service as audit
from app.errors import Conflict, NietGevonden, te_lang
from app.models import Begeleiding, Cohort, Gebruiker, Inschrijving, InschrijvingStatus, Kwalificatie, Rol
from app.models.kwalificatie import KwalificatieStatus
from app.organisatie import repository
from app.organisatie.schemas import Fouten, lees_datum, lees_id
from app.paginering import Pagina, Paginering, pagineer
from app.paginering import zoekterm as zoekterm_van
from app.toegang import policy

STAFF = (Rol.praktijkbegeleider, Rol.examencommissie, Rol.beheerder)
MAX_COHORTCODE = 60
MAX_COHORTNAAM = 200


def _vereis_beheerder(actor: Gebruiker) -> None:
    policy.vereis_een_rol(actor, Rol.beheerder)


def _datum(datum: dt.date | None) -> str:
    return datum.strftime("%d-%m-%Y") if datum else "—"


def _gebruiker(session: Session, gebruiker_id: int) -> Gebruiker:
    gebruiker = repository.gebruiker(session, gebruiker_id)
    if gebruiker is None:
        raise NietGevonden(f"Gebruiker {gebruiker_id} bestaat niet.")
    return gebruiker


# Cohorten


def cohorten_overzicht(session: Session, actor: Gebruiker, paginering: Paginering) -> Pagina:
    """One page of the cohorts, each with its number of inschrijvingen."""
    _vereis_beheerder(actor)
    return pagineer(session, repository.cohorten_met_aantallen_stmt(), paginering, scalars=False)


def _controleer_cohortcode(code: str, fouten: Fouten, veld: str = "code") -> str:
    code = code.strip()
    if not code:
        fouten.voeg_toe(veld, "Vul een cohortcode in, zoals WA6-2026-09.")
    elif len(code) > MAX_COHORTCODE:
        fouten.voeg_toe(veld, te_lang(MAX_COHORTCODE, len(code), "De cohortcode"))
    return code


def maak_cohort(session: Session, actor: Gebruiker, code: str, naam: str = "") -> Cohort:
    """A new cohort; codes are unique, whatever their capitals."""
    _vereis_beheerder(actor)
    fouten = Fouten()
    code = _controleer_cohortcode(code, fouten)
    naam = naam.strip()
    if len(naam) > MAX_COHORTNAAM:
        fouten.voeg_toe("naam", te_lang(MAX_COHORTNAAM, len(naam), "De cohortnaam"))
    fouten.controleer()
    if (bestaand := repository.cohort_op_code(session, code)) is not None:
        raise Conflict(
            f"Cohort {bestaand.code} bestaat al.",
            errors=[{"veld": "code", "melding": f"Cohort {bestaand.code} bestaat al."}],
        )
    return _nieuw_cohort(session, actor, code, naam)


def _nieuw_cohort(session: Session, actor: Gebruiker, code: str, naam: str = "") -> Cohort:
    cohort = Cohort(code=code, naam=naam)
    session.add(cohort)
    session.flush()
    audit.registreer(session, actor, "cohort_aangemaakt", "cohort", cohort.id, code=code, naam=naam)
    return cohort


# Inschrijvingen


@dataclass
class InschrijvingenOverzicht:
    pagina: Pagina[Inschrijving]
    zoekterm: str
    kwalificaties: list[Kwalificatie]
    cohorten: list[Cohort]

    @property
    def inschrijvingen(self) -> list[Inschrijving]:
        return self.pagina.items


def inschrijvingen_overzicht(
    session: Session, actor: Gebruiker, zoekterm: str, paginering: Paginering, *, met_formulier: bool = True
) -> InschrijvingenOverzicht:
    """One page of the inschrijvingen matching the search, and what the form needs to make a new one."""
    _vereis_beheerder(actor)
    zoekterm = zoekterm_van(zoekterm)
    return InschrijvingenOverzicht(
        pagina=pagineer(session, repository.inschrijvingen_stmt(zoekterm), paginering),
        zoekterm=zoekterm,
        kwalificaties=repository.alle_kwalificaties(session) if met_formulier else [],
        cohorten=repository.alle_cohorten(session) if met_formulier else [],
    )


def schrijf_in_via_formulier(
    session: Session, actor: Gebruiker, student: str, kwalificatie: str, cohort: str, startdatum: str
) -> Inschrijving:
    """The inschrijving form: ids from the selects, a date as typed."""
    _vereis_beheerder(actor)
    fouten = Fouten()
    student_id = lees_id(student, "student", fouten, "Kies een student.")
    kwalificatie_id = lees_id(kwalificatie, "kwalificatie", fouten, "Kies een kwalificatieversie.")
    cohort_id = lees_id(cohort, "cohort", fouten, "Kies een cohort.")
    datum = lees_datum(startdatum, "startdatum", fouten, "startdatum")
    gevonden_student = _gebruiker(session, student_id) if student_id is not None else None
    gevonden_kwalificatie = repository.kwalificatie(session, kwalificatie_id) if kwalificatie_id is not None else None
    if kwalificatie_id is not None and gevonden_kwalificatie is None:
        fouten.voeg_toe("kwalificatie", "Deze kwalificatieversie bestaat niet.")
    gevonden_cohort = repository.cohort(session, cohort_id) if cohort_id is not None else None
    if cohort_id is not None and gevonden_cohort is None:
        fouten.voeg_toe("cohort", "Dit cohort bestaat niet.")
    return _schrijf_in(session, actor, fouten, gevonden_student, gevonden_kwalificatie, gevonden_cohort, datum)


def schrijf_in(
    session: Session, actor: Gebruiker, student_id: int, code: str, versie: str, cohortcode: str, startdatum: dt.date
) -> Inschrijving:
    """The API: kwalificatie by code and version, cohort by code (made when new)."""
    _vereis_beheerder(actor)
    fouten = Fouten()
    student = _gebruiker(session, student_id)
    kwalificatie = repository.kwalificatie_op_code(session, code.strip(), versie.strip())
    if kwalificatie is None:
        fouten.voeg_toe("kwalificatie", f"Kwalificatie {code} versie {versie} bestaat niet.")
    cohortcode = _controleer_cohortcode(cohortcode, fouten, "cohort")
    cohort = repository.cohort_op_code(session, cohortcode) if cohortcode else None
    return _schrijf_in(session, actor, fouten, student, kwalificatie, cohort or cohortcode, startdatum)


def _schrijf_in(
    session: Session,
    actor: Gebruiker,
    fouten: Fouten,
    student: Gebruiker | None,
    kwalificatie: Kwalificatie | None,
    cohort: Cohort | str | None,
    startdatum: dt.date | None,
) -> Inschrijving:
    if student is not None and not student.heeft_rol(Rol.student):
        fouten.voeg_toe("student", f"{student.naam} heeft niet de rol student.")
    if kwalificatie is not None and kwalificatie.status == KwalificatieStatus.vervallen:
        fouten.voeg_toe(
            "kwalificatie", f"{kwalificatie.code} versie {kwalificatie.versie} is vervallen; kies een geldige versie."
        )
    fouten.controleer()
    assert student is not None and kwalificatie is not None and cohort is not None and startdatum is not None
    if repository.inschrijving_bestaat(session, student.id, kwalificatie.id):
        melding = f"{student.naam} is al ingeschreven voor {kwalificatie.code} versie {kwalificatie.versie}."
        raise Conflict(melding, errors=[{"veld": "kwalificatie", "melding": melding}])
    if isinstance(cohort, str):
        cohort = _nieuw_cohort(session, actor, cohort)
    inschrijving = Inschrijving(
        student_id=student.id,
        kwalificatie_id=kwalificatie.id,
        cohort_id=cohort.id,
        startdatum=startdatum,
        status=InschrijvingStatus.actief,
    )
    session.add(inschrijving)
    session.flush()
    audit.registreer(
        session,
        actor,
        "inschrijving_aangemaakt",
        "inschrijving",
        inschrijving.id,
        student_id=student.id,
        kwalificatie=kwalificatie.code,
        versie=kwalificatie.versie,
        cohort=cohort.code,
        startdatum=startdatum.isoformat(),
    )
    # The caller shows or returns it with its related rows; they are in the identity map already.
    inschrijving.student, inschrijving.kwalificatie, inschrijving.cohort = student, kwalificatie, cohort
    return inschrijving


# What a beheerder may choose; gediplomeerd comes only from a diploma decision.
HANDMATIGE_STATUSSEN = (InschrijvingStatus.actief, InschrijvingStatus.uitgeschreven)


def wijzig_status(session: Session, actor: Gebruiker, inschrijving_id: int, status: str) -> Inschrijving:
    """Actief or uitgeschreven; the old and new status go on the record.

    Gediplomeerd is never set by hand: only the examencommissie's diploma decision gives it.
    """
    _vereis_beheerder(actor)
    inschrijving = repository.inschrijving(session, inschrijving_id)
    if inschrijving is None:
        raise NietGevonden("Deze inschrijving bestaat niet.")
    fouten = Fouten()
    if status.strip() == InschrijvingStatus.gediplomeerd:
        fouten.voeg_toe(
            "status",
            "Gediplomeerd wordt een inschrijving alleen door een diplomabesluit van de examencommissie, "
            "niet met de hand.",
        )
    elif status.strip() not in HANDMATIGE_STATUSSEN:
        fouten.voeg_toe("status", "Kies een geldige status: actief of uitgeschreven.")
    elif inschrijving.status == InschrijvingStatus.overgezet:
        fouten.voeg_toe(
            "status", "Deze inschrijving is overgezet naar een nieuwere versie; die nieuwe inschrijving telt nu."
        )
    elif inschrijving.status == InschrijvingStatus.gediplomeerd:
        fouten.voeg_toe(
            "status", "Deze student is gediplomeerd; dat verandert alleen met een besluit van de examencommissie."
        )
    fouten.controleer()
    nieuw = InschrijvingStatus(status.strip())
    oud = inschrijving.status
    if nieuw != oud:
        inschrijving.status = nieuw
        session.flush()
        audit.registreer(
            session,
            actor,
            "inschrijving_status_gewijzigd",
            "inschrijving",
            inschrijving.id,
            student_id=inschrijving.student_id,
            van=str(oud),
            naar=str(nieuw),
        )
    return inschrijving


def leg_aanstelling_vast(session: Session, actor: Gebruiker, inschrijving_id: int, datum: str) -> Inschrijving:
    """The instroomeis: the date the student was appointed at the Nederlandse politie (empty: not known)."""
    _vereis_beheerder(actor)
    # An id beyond INTEGER cannot exist; PostgreSQL would refuse the query rather than find nothing.
    inschrijving = repository.inschrijving(session, inschrijving_id) if 0 < inschrijving_id < 2**31 else None
    if inschrijving is None:
        raise NietGevonden("Deze inschrijving bestaat niet.")
    fouten = Fouten()
    nieuw = lees_datum(datum, "aangesteld_bij_politie_op", fouten, "datum van aanstelling", verplicht=False)
    if nieuw is not None and nieuw > policy.vandaag():
        fouten.voeg_toe("aangesteld_bij_politie_op", "De datum van aanstelling ligt in de toekomst.")
    fouten.controleer()
    oud = inschrijving.aangesteld_bij_politie_op
    if nieuw != oud:
        inschrijving.aangesteld_bij_politie_op = nieuw
        session.flush()
        audit.registreer(
            session,
            actor,
            "inschrijving_aanstelling_vastgelegd",
            "inschrijving",
            inschrijving.id,
            student_id=inschrijving.student_id,
            van=oud.isoformat() if oud else None,
            naar=nieuw.isoformat() if nieuw else None,
        )
    return inschrijving


# Begeleidingen


@dataclass
class BegeleidingenOverzicht:
    pagina: Pagina[Begeleiding]
    zoekterm: str
    vandaag: dt.date

    @property
    def begeleidingen(self) -> list[Begeleiding]:
        return self.pagina.items


def begeleidingen_overzicht(
    session: Session, actor: Gebruiker, zoekterm: str, paginering: Paginering
) -> BegeleidingenOverzicht:
    """One page of the begeleidingen matching the search (by the name of either person)."""
    _vereis_beheerder(actor)
    zoekterm = zoekterm_van(zoekterm)
    return BegeleidingenOverzicht(
        pagina=pagineer(session, repository.begeleidingen_stmt(zoekterm), paginering),
        zoekterm=zoekterm,
        vandaag=policy.vandaag(),
    )


def koppel_via_formulier(
    session: Session, actor: Gebruiker, praktijkbegeleider: str, student: str, van: str, tot: str
) -> Begeleiding:
    _vereis_beheerder(actor)
    fouten = Fouten()
    begeleider_id = lees_id(praktijkbegeleider, "praktijkbegeleider", fouten, "Kies een praktijkbegeleider.")
    student_id = lees_id(student, "student", fouten, "Kies een student.")
    van_datum = lees_datum(van, "van", fouten, "begindatum")
    tot_datum = lees_datum(tot, "tot", fouten, "einddatum", verplicht=False)
    begeleider = _gebruiker(session, begeleider_id) if begeleider_id is not None else None
    gevonden_student = _gebruiker(session, student_id) if student_id is not None else None
    return _koppel(session, actor, fouten, begeleider, gevonden_student, van_datum, tot_datum)


def koppel(
    session: Session, actor: Gebruiker, praktijkbegeleider_id: int, student_id: int, van: dt.date, tot: dt.date | None
) -> Begeleiding:
    """The API: a praktijkbegeleider supervises a student from van up to and including tot."""
    _vereis_beheerder(actor)
    begeleider = _gebruiker(session, praktijkbegeleider_id)
    student = _gebruiker(session, student_id)
    return _koppel(session, actor, Fouten(), begeleider, student, van, tot)


def _koppel(
    session: Session,
    actor: Gebruiker,
    fouten: Fouten,
    begeleider: Gebruiker | None,
    student: Gebruiker | None,
    van: dt.date | None,
    tot: dt.date | None,
) -> Begeleiding:
    if begeleider is not None:
        if not begeleider.heeft_rol(Rol.praktijkbegeleider):
            fouten.voeg_toe("praktijkbegeleider", f"{begeleider.naam} heeft niet de rol praktijkbegeleider.")
        elif not begeleider.actief:
            fouten.voeg_toe("praktijkbegeleider", f"Het account van {begeleider.naam} is gedeactiveerd.")
    if student is not None and not student.heeft_rol(Rol.student):
        fouten.voeg_toe("student", f"{student.naam} heeft niet de rol student.")
    if begeleider is not None and student is not None and begeleider.id == student.id:
        fouten.voeg_toe("student", "Niemand kan zichzelf begeleiden.")
    if van is not None and tot is not None and tot < van:
        fouten.voeg_toe("tot", f"De einddatum ({_datum(tot)}) ligt vóór de begindatum ({_datum(van)}).")
    fouten.controleer()
    assert begeleider is not None and student is not None and van is not None
    if (bestaand := repository.overlappende_begeleiding(session, begeleider.id, student.id, van, tot)) is not None:
        melding = (
            f"{begeleider.naam} begeleidt {student.naam} al in (een deel van) deze periode: "
            f"van {_datum(bestaand.van)} tot {_datum(bestaand.tot) if bestaand.tot else 'nu'}."
        )
        raise Conflict(melding, errors=[{"veld": "van", "melding": melding}])
    begeleiding = Begeleiding(praktijkbegeleider_id=begeleider.id, student_id=student.id, van=van, tot=tot)
    session.add(begeleiding)
    session.flush()
    audit.registreer(
        session,
        actor,
        "begeleiding_aangemaakt",
        "begeleiding",
        begeleiding.id,
        praktijkbegeleider_id=begeleider.id,
        student_id=student.id,
        van=van.isoformat(),
        tot=tot.isoformat() if tot else None,
    )
    begeleiding.praktijkbegeleider, begeleiding.student = begeleider, student
    return begeleiding


def beeindig_begeleiding(session: Session, actor: Gebruiker, begeleiding_id: int, tot: str) -> Begeleiding:
    """Set the last day of a begeleiding that has not ended yet; access ends with it."""
    _vereis_beheerder(actor)
    begeleiding = repository.begeleiding(session, begeleiding_id)
    if begeleiding is None:
        raise NietGevonden("Deze begeleiding bestaat niet.")
    fouten = Fouten()
    tot_datum = lees_datum(tot, "tot", fouten, "einddatum")
    if tot_datum is not None and tot_datum < begeleiding.van:
        fouten.voeg_toe(
            "tot", f"De einddatum ({_datum(tot_datum)}) ligt vóór de begindatum ({_datum(begeleiding.van)})."
        )
    fouten.controleer()
    assert tot_datum is not None
    vandaag = policy.vandaag()
    if begeleiding.tot is not None and begeleiding.tot < vandaag:
        raise Conflict(f"Deze begeleiding is al beëindigd op {_datum(begeleiding.tot)}.")
    if begeleiding.tot is None or tot_datum > begeleiding.tot:
        ander = repository.overlappende_begeleiding(
            session, begeleiding.praktijkbegeleider_id, begeleiding.student_id, begeleiding.van, tot_datum
        )
        if ander is not None and ander.id != begeleiding.id:
            raise Conflict(f"Deze einddatum overlapt met een andere begeleiding vanaf {_datum(ander.van)}.")
    oud = begeleiding.tot
    begeleiding.tot = tot_datum
    session.flush()
    audit.registreer(
        session,
        actor,
        "begeleiding_beeindigd",
        "begeleiding",
        begeleiding.id,
        praktijkbegeleider_id=begeleiding.praktijkbegeleider_id,
        student_id=begeleiding.student_id,
        oude_tot=oud.isoformat() if oud else None,
        tot=tot_datum.isoformat(),
    )
    return begeleiding
