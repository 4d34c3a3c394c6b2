"""Progress and diplomabaarheid for one student or a whole cohort, in a fixed number of queries.

Statuses come from app.beoordeling.voortgang (seven queries), the beroepsvereisten
and every student's results from two more: nine queries for 1 or 2,000 students.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import tijd
from app.beoordeling import voortgang as statussen
from app.beoordeling.repository import StudentKwalificatie
from app.beroepsvereisten import rules as beroepsvereisten_rules
from app.besluit import repository as besluit_repository
from app.errors import NietGevonden
from app.models import Beroepsvereiste, BeroepsvereisteResultaat, Diplomabesluit, Gebruiker
from app.models.beroepsvereisten import Resultaat
from app.toegang import policy
from app.voortgang import repository, rules

# How many judgements with feedback the dashboard lists.
RECENTE_FEEDBACK = 5


@dataclass(frozen=True)
class StudentVoortgang:
    student_id: int
    kwalificatie: StudentKwalificatie
    voortgang: rules.Voortgang


def vereisten_van(session: Session, kwalificatie_ids: Collection[int]) -> dict[int, list[tuple[str, str]]]:
    """Per kwalificatie version its beroepsvereisten as (code, naam), in published order; one query."""
    per_kwalificatie: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if kwalificatie_ids:
        for kwalificatie_id, code, naam in session.execute(
            select(Beroepsvereiste.kwalificatie_id, Beroepsvereiste.code, Beroepsvereiste.naam)
            .where(Beroepsvereiste.kwalificatie_id.in_(list(kwalificatie_ids)))
            .order_by(Beroepsvereiste.kwalificatie_id, Beroepsvereiste.volgorde)
        ):
            per_kwalificatie[kwalificatie_id].append((code, naam))
    return per_kwalificatie


def uitslagen_van(session: Session, student_ids: Collection[int]) -> dict[int, list[beroepsvereisten_rules.Uitslag]]:
    """Every student's recorded results as the rules need them; one query."""
    per_student: dict[int, list[beroepsvereisten_rules.Uitslag]] = defaultdict(list)
    if student_ids:
        for rij in session.execute(
            select(
                BeroepsvereisteResultaat.id,
                BeroepsvereisteResultaat.student_id,
                Beroepsvereiste.code,
                BeroepsvereisteResultaat.datum,
                BeroepsvereisteResultaat.resultaat,
                BeroepsvereisteResultaat.geldig_tot,
                BeroepsvereisteResultaat.corrigeert_id,
            )
            .join(Beroepsvereiste, Beroepsvereiste.id == BeroepsvereisteResultaat.beroepsvereiste_id)
            .where(BeroepsvereisteResultaat.student_id.in_(list(student_ids)))
        ):
            per_student[rij.student_id].append(
                beroepsvereisten_rules.Uitslag(
                    id=rij.id,
                    code=rij.code,
                    datum=rij.datum,
                    voldaan=rij.resultaat is Resultaat.voldaan,
                    geldig_tot=rij.geldig_tot,
                    corrigeert=rij.corrigeert_id,
                )
            )
    return per_student


def voortgang_uit(
    kwalificatie: StudentKwalificatie,
    per_leeruitkomst: dict[int, statussen.rules.StatusUitleg],
    vereisten: list[tuple[str, str]],
    uitslagen: list[beroepsvereisten_rules.Uitslag],
    datum: dt.date,
) -> rules.Voortgang:
    """One student's progress from facts already loaded (a page that has the statuses at hand)."""
    standen = beroepsvereisten_rules.stand_op([code for code, _ in vereisten], uitslagen, datum)
    leeruitkomsten = [
        rules.LeeruitkomstStand(lu.code, lu.bouwsteen, lu.kerntaak, per_leeruitkomst[lu.id])
        for lu in kwalificatie.leeruitkomsten
    ]
    return rules.voortgang(leeruitkomsten, vereisten, standen, datum)


def voortgang_van(
    session: Session,
    student_ids: Collection[int],
    kijker: Gebruiker | None = None,
    datum: dt.date | None = None,
) -> dict[int, StudentVoortgang]:
    """Each enrolled student's progress and diplomabaarheid on `datum` (today in Amsterdam by default).

    A student without an enrolment is left out. `kijker` is who will read it (see
    app.beoordeling.voortgang.statussen_van: an assessor judging independently).
    Callers check who may see which student; this only loads.
    """
    datum = datum or tijd.vandaag()
    per_student = statussen.statussen_van(session, student_ids, kijker)
    vereisten = vereisten_van(session, {s.kwalificatie.kwalificatie_id for s in per_student.values()})
    uitslagen = uitslagen_van(session, list(per_student))
    return {
        student_id: StudentVoortgang(
            student_id,
            s.kwalificatie,
            voortgang_uit(
                s.kwalificatie,
                s.per_leeruitkomst,
                vereisten[s.kwalificatie.kwalificatie_id],
                uitslagen[student_id],
                datum,
            ),
        )
        for student_id, s in per_student.items()
    }


class GeenInschrijving(NietGevonden):
    def __init__(self) -> None:
        super().__init__("Je bent (nog) niet ingeschreven voor een kwalificatie.")


@dataclass(frozen=True)
class Dashboard:
    student: Gebruiker
    voortgang: StudentVoortgang
    titels: repository.Titels
    feedback: list[repository.Feedback]
    # The student's vastgesteld decisions, newest first, each with its revocation (if any) loaded.
    diplomas: list[Diplomabesluit]

    @property
    def regels(self) -> rules.Voortgang:
        return self.voortgang.voortgang


def dashboard(session: Session, gebruiker: Gebruiker, datum: dt.date | None = None) -> Dashboard:
    """The student's own start page: progress, next steps, feedback, beroepsvereisten, diplomabaarheid and diploma.

    Eleven queries, however much evidence, how many judgements and how many decisions there are.
    """
    policy.vereis_eigen_portfolio(gebruiker, gebruiker.id)
    gevonden = voortgang_van(session, [gebruiker.id], kijker=gebruiker, datum=datum).get(gebruiker.id)
    if gevonden is None:
        raise GeenInschrijving()
    kwalificatie_id = gevonden.kwalificatie.kwalificatie_id
    return Dashboard(
        gebruiker,
        gevonden,
        repository.titels(session, kwalificatie_id),
        repository.recente_feedback(session, gebruiker.id, kwalificatie_id, RECENTE_FEEDBACK),
        besluit_repository.diplomas_van(session, gebruiker.id),
    )
