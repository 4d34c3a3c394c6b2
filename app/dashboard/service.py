"""The student's own start page: progress, next steps, feedback, beroepsvereisten, diplomabaarheid and diploma."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.besluit import repository as besluit_repository
from app.dashboard import repository
from app.errors import NietGevonden
from app.models import Diplomabesluit, Gebruiker
from app.toegang import policy
from app.voortgang import repository as voortgang_repository
from app.voortgang import rules
from app.voortgang.service import StudentVoortgang, voortgang_van

# How many judgements with feedback the dashboard lists.
RECENTE_FEEDBACK = 5


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
    """Everything the start page shows, for the student themselves.

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
        repository.recente_feedback(
            session,
            gebruiker.id,
            kwalificatie_id,
            RECENTE_FEEDBACK,
            voortgang_repository.overgenomen(session, [gebruiker.id]).get(gebruiker.id, {}),
        ),
        besluit_repository.diplomas_van(session, gebruiker.id),
    )
