"""The daily reminder: a result that stops being valid within 30 days is told once, per result and per person.

The daily job finds those results and enqueues one `herinner` job per (result,
recipient) under a key; the key is unique in the queue, so however many workers
scan at once and however often, each recipient gets one melding and one e-mail
per result, never two.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app import taken
from app.beroepsvereisten import repository
from app.meldingen import repository as meldingen_repository
from app.meldingen import service as meldingen
from app.models import Gebruiker, MeldingSoort
from app.tijd import vandaag

VOORUIT = dt.timedelta(days=30)
SCAN = "beroepsvereisten.herinneringen"
HERINNER = "beroepsvereisten.herinner"


@taken.taak(SCAN, dagelijks=True)
def zoek_aflopende(session: Session) -> None:
    """Enqueue a reminder for each result ending within 30 days, for the student and their praktijkbegeleiders."""
    dag = vandaag()
    for rij in repository.aflopend_tussen(session, dag, dag + VOORUIT):
        begeleiders = meldingen_repository.begeleiders_op(session, rij.student_id, dag)
        ontvangers = [rij.student_id, *(b.id for b in begeleiders)]
        for ontvanger_id in dict.fromkeys(ontvangers):
            taken.enqueue(
                session,
                HERINNER,
                sleutel=f"herinnering:{rij.uitslag_id}:{ontvanger_id}",
                uitslag_id=rij.uitslag_id,
                ontvanger_id=ontvanger_id,
                student_id=rij.student_id,
                code=rij.code,
                geldig_tot=rij.geldig_tot.isoformat(),
            )


@taken.taak(HERINNER)
def herinner(session: Session, uitslag_id: int, ontvanger_id: int, student_id: int, code: str, geldig_tot: str) -> None:
    """One melding and its e-mail, committed with the job: a retry after a crash cannot make a second."""
    ontvanger = session.get(Gebruiker, ontvanger_id)
    if ontvanger is None or not ontvanger.actief:
        return
    datum = dt.date.fromisoformat(geldig_tot).strftime("%d-%m-%Y")
    if ontvanger_id == student_id:
        tekst = f"Je {code} is geldig tot en met {datum}. Zorg op tijd voor een nieuw resultaat."
    else:
        student = session.get(Gebruiker, student_id)
        naam = student.naam if student else "je student"
        tekst = f"De {code} van {naam} is geldig tot en met {datum}."
    meldingen.meld(
        session,
        ontvanger,
        MeldingSoort.beroepsvereiste_verloopt,
        tekst,
        f"/studenten/{student_id}/beroepsvereisten",
        sleutel=f"herinneringsmail:{uitslag_id}:{ontvanger_id}",
    )
