"""The queries of the dashboard that app.voortgang and app.besluit do not already make."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import Beoordeling, Bouwsteen, Gebruiker, Kerntaak, Kwalificatie, Leeruitkomst
from app.models.beoordeling import Oordeel


@dataclass(frozen=True)
class Titels:
    """The words beside the codes: the kwalificatie's title, each kerntaak's and each leeruitkomst's bouwsteen."""

    kwalificatie: str
    niveau: int
    kerntaken: dict[str, str]
    leeruitkomsten: dict[str, str]


@dataclass(frozen=True)
class Feedback:
    """One judgement with feedback, as the dashboard lists it."""

    id: int
    leeruitkomst: str
    oordeel: Oordeel
    beoordelaar: str
    tijd: dt.datetime
    tekst: str
    correctie: bool


def titels(session: Session, kwalificatie_id: int) -> Titels:
    """One query: the kwalificatie with its kerntaken, bouwstenen and leeruitkomsten."""
    rijen = session.execute(
        select(
            Kwalificatie.titel, Kwalificatie.niveau, Kerntaak.code, Kerntaak.titel, Bouwsteen.titel, Leeruitkomst.code
        )
        .join(Kerntaak.kwalificatie)
        .join(Kerntaak.bouwstenen)
        .join(Bouwsteen.leeruitkomsten)
        .where(Kwalificatie.id == kwalificatie_id)
        .order_by(Kerntaak.volgorde, Bouwsteen.volgorde, Leeruitkomst.volgorde)
    ).all()
    if not rijen:
        return Titels("", 0, {}, {})
    return Titels(
        rijen[0][0],
        rijen[0][1],
        {kt_code: kt_titel for _, _, kt_code, kt_titel, _, _ in rijen},
        {lu_code: bs_titel for *_, bs_titel, lu_code in rijen},
    )


def recente_feedback(
    session: Session, student_id: int, kwalificatie_id: int, limiet: int, overgenomen: Collection[int] = ()
) -> list[Feedback]:
    """The student's latest judgements that carry feedback, newest first; one query.

    `overgenomen`: leeruitkomsten of an older version whose judgements count for this one (after a move).
    """
    rijen = session.execute(
        select(
            Beoordeling.id,
            Leeruitkomst.code,
            Beoordeling.oordeel,
            Gebruiker.naam,
            Beoordeling.tijd,
            Beoordeling.feedback,
            Beoordeling.correctie,
        )
        .join(Leeruitkomst, Leeruitkomst.id == Beoordeling.leeruitkomst_id)
        .join(Bouwsteen, Bouwsteen.id == Leeruitkomst.bouwsteen_id)
        .join(Kerntaak, Kerntaak.id == Bouwsteen.kerntaak_id)
        .join(Gebruiker, Gebruiker.id == Beoordeling.beoordelaar_id)
        .where(
            Beoordeling.student_id == student_id,
            or_(Kerntaak.kwalificatie_id == kwalificatie_id, Beoordeling.leeruitkomst_id.in_(list(overgenomen))),
            Beoordeling.feedback != "",
        )
        .order_by(Beoordeling.tijd.desc(), Beoordeling.id.desc())
        .limit(limiet)
    )
    return [Feedback(*r) for r in rijen]
