"""The stored progress of a student: computed from the facts with the one rule, written, read back, compared.

`rijen_uit` is pure: from the facts of one student (repository.feiten_van and the results) it gives
the rows app.models.voortgang stores. `bijwerken` writes them for some students under a row lock on
each student, in the caller's transaction; `verschillen` recomputes and names every row that differs.
Reading goes through `samenvattingen`, so a page explains a status from the same summary a list counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from app.models import Gebruiker, Inschrijving, Oordeel, VersieStatus
from app.models.voortgang import (
    BeroepsvereisteStand,
    InzendingBeoordelaar,
    InzendingStand,
    LeeruitkomstStand,
    OordeelStand,
    StudentStand,
)
from app.tijd import nu
from app.voortgang import geldigheid, repository, status
from app.voortgang.repository import LeeruitkomstFeiten, StudentKwalificatie, VereisteRij

# How many students one rebuild step loads and writes at once.
STUK = 500
_TABELLEN = (StudentStand, LeeruitkomstStand, OordeelStand, BeroepsvereisteStand, InzendingStand, InzendingBeoordelaar)


@dataclass
class Rijen:
    """What is stored for one student, as plain column values (bijgewerkt_op left out of comparisons)."""

    student: dict
    leeruitkomsten: list[dict] = field(default_factory=list)
    oordelen: list[dict] = field(default_factory=list)
    vereisten: list[dict] = field(default_factory=list)
    inzendingen: list[dict] = field(default_factory=list)
    inzending_beoordelaars: list[dict] = field(default_factory=list)


# --- From facts to rows (pure) -------------------------------------------------------------------


def _aanbod(versie: status.VersieFeit) -> dict:
    return {
        "versie_id": versie.versie_id,
        "bewijsstuk_id": versie.bewijsstuk_id,
        "versie": versie.versie,
        "status": versie.status.value,
        "ingediend_op": versie.ingediend_op.astimezone(dt.UTC).isoformat() if versie.ingediend_op else None,
    }


def _versie(waarden: dict) -> status.VersieFeit:
    ingediend_op = waarden["ingediend_op"]
    return status.VersieFeit(
        waarden["versie_id"],
        waarden["bewijsstuk_id"],
        waarden["versie"],
        VersieStatus(waarden["status"]),
        dt.datetime.fromisoformat(ingediend_op) if ingediend_op else None,
    )


def rijen_uit(
    student_id: int,
    kwalificatie: StudentKwalificatie,
    feiten: Mapping[int, LeeruitkomstFeiten],
    vereisten: list[VereisteRij],
    uitslagen: list[geldigheid.Uitslag],
    ingetrokken: int = 0,
) -> Rijen:
    """The rows of one enrolled student, derived with status.status_van and geldigheid.perioden."""
    vereist = kwalificatie.beoordelaars_vereist
    rijen = Rijen(student={})
    aangetoond = wachtend = lu_redenen = 0
    for lu in kwalificatie.leeruitkomsten:
        samenvatting = (feiten.get(lu.id) or LeeruitkomstFeiten()).samenvatting()
        uitleg = status.status_van(samenvatting, vereist)
        beoordelaars_per_versie = {
            v.versie_id: sum(1 for gezien in samenvatting.beoordeeld.values() if v.versie_id in gezien)
            for v in samenvatting.aanbod
        }
        open_ = [
            v
            for v in samenvatting.aanbod
            if v.status == VersieStatus.ingediend and beoordelaars_per_versie[v.versie_id] < vereist
        ]
        rijen.inzendingen.extend(
            {
                "student_id": student_id,
                "leeruitkomst_id": lu.id,
                "versie_id": v.versie_id,
                "ingediend_op": v.ingediend_op,
            }
            for v in open_
        )
        rijen.inzending_beoordelaars.extend(
            {"student_id": student_id, "leeruitkomst_id": lu.id, "versie_id": v.versie_id, "beoordelaar_id": b}
            for v in open_
            for b, gezien in sorted(samenvatting.beoordeeld.items())
            if v.versie_id in gezien
        )
        rijen.leeruitkomsten.append(
            {
                "student_id": student_id,
                "leeruitkomst_id": lu.id,
                "status": uitleg.status.value,
                "genoeg_aangetoond": uitleg.genoeg_aangetoond,
                "aangetoond_door": sum(1 for o in uitleg.tellend if o.oordeel == Oordeel.aangetoond),
                "wachtend": len(uitleg.wachtend),
                "open_inzendingen": len(open_),
                "heeft_bewijs": samenvatting.heeft_bewijs,
                "aanbod": [_aanbod(v) for v in samenvatting.aanbod],
            }
        )
        tellend = {o.beoordelaar_id: o for o in samenvatting.tellend}
        for beoordelaar_id in sorted(set(tellend) | set(samenvatting.beoordeeld)):
            o = tellend.get(beoordelaar_id)
            rijen.oordelen.append(
                {
                    "student_id": student_id,
                    "leeruitkomst_id": lu.id,
                    "beoordelaar_id": beoordelaar_id,
                    "beoordeling_id": o.id if o else None,
                    "oordeel": o.oordeel if o else None,
                    "tijd": o.tijd if o else None,
                    "vervangt_id": o.vervangt_id if o else None,
                    "versie_ids": sorted(o.versie_ids) if o else [],
                    "nummers": list(o.nummers) if o else [],
                    "beoordeeld": sorted(samenvatting.beoordeeld.get(beoordelaar_id, ())),
                }
            )
        aangetoond += uitleg.genoeg_aangetoond
        wachtend += len(uitleg.wachtend)
        lu_redenen += (not uitleg.genoeg_aangetoond) + len(uitleg.wachtend)
    for vereiste in vereisten:
        for periode in geldigheid.perioden(uitslagen, vereiste.code):
            rijen.vereisten.append(
                {
                    "student_id": student_id,
                    "beroepsvereiste_id": vereiste.id,
                    "van": periode.van,
                    "tot": periode.tot,
                    "uitslag_id": periode.uitslag.id,
                    "voldaan": periode.geldig_tot is not None,
                    "geldig_tot": periode.geldig_tot,
                }
            )
    rijen.student = {
        "student_id": student_id,
        "inschrijving_id": kwalificatie.inschrijving_id,
        "kwalificatie_id": kwalificatie.kwalificatie_id,
        "beoordelaars_vereist": vereist,
        "aangetoond": aangetoond,
        "totaal": len(kwalificatie.leeruitkomsten),
        "wachtend": wachtend,
        "lu_redenen": lu_redenen,
        "vereisten": len(vereisten),
        "ingetrokken": ingetrokken,
    }
    return rijen


def samenvatting_uit(leeruitkomst: Mapping, oordelen: list[tuple[Mapping, str]]) -> status.Samenvatting:
    """A stored leeruitkomst (a row of leeruitkomst_stand) read back as the summary the rule takes, with its
    oordeel_stand rows and each assessor's name."""
    tellend = [
        status.OordeelFeit(
            o["beoordeling_id"],
            o["beoordelaar_id"],
            naam,
            o["tijd"],
            Oordeel(o["oordeel"]),
            frozenset(o["versie_ids"]),
            o["vervangt_id"],
            tuple(o["nummers"]),
        )
        for o, naam in oordelen
        if o["beoordeling_id"] is not None
    ]
    return status.Samenvatting(
        heeft_bewijs=leeruitkomst["heeft_bewijs"],
        aanbod=tuple(_versie(v) for v in leeruitkomst["aanbod"]),
        tellend=tuple(sorted(tellend, key=lambda o: (o.tijd, o.id))),
        beoordeeld={o["beoordelaar_id"]: frozenset(o["beoordeeld"]) for o, _ in oordelen if o["beoordeeld"]},
    )


# --- Writing -------------------------------------------------------------------------------------


def vergrendel(session: Session, student_ids: Collection[int]) -> None:
    """Lock the students' rows until the transaction ends, in id order, so two changes of one student's
    progress happen one after the other (FOR NO KEY UPDATE; SQLite's single writer already serialises)."""
    session.execute(
        select(Gebruiker.id)
        .where(Gebruiker.id.in_(sorted(student_ids)))
        .order_by(Gebruiker.id)
        .with_for_update(key_share=True)
    ).all()


def bereken(session: Session, student_ids: Collection[int]) -> dict[int, Rijen]:
    """The rows of these students from the facts as they are now, in a fixed number of queries."""
    kwalificaties = repository.kwalificaties_van(session, student_ids)
    feiten = repository.feiten_van(session, list(kwalificaties))
    vereisten = repository.vereisten_van(session, {k.kwalificatie_id for k in kwalificaties.values()})
    uitslagen = repository.uitslagen_van(session, list(kwalificaties))
    ingetrokken = repository.open_intrekkingen_van(session, list(kwalificaties))
    return {
        student_id: rijen_uit(
            student_id,
            kwalificatie,
            feiten[student_id],
            vereisten[kwalificatie.kwalificatie_id],
            uitslagen[student_id],
            len(ingetrokken.get(student_id, ())),
        )
        for student_id, kwalificatie in kwalificaties.items()
    }


def bijwerken(session: Session, student_ids: Collection[int]) -> None:
    """Recompute and store these students' progress, in the caller's transaction.

    The lock comes first and the facts are read after it: a change of the same student committed
    meanwhile is then seen (READ COMMITTED reads the newest committed rows at each statement).
    """
    ids = sorted(set(student_ids))
    if not ids:
        return
    vergrendel(session, ids)
    _schrijf(session, ids, bereken(session, ids))


def _schrijf(session: Session, student_ids: list[int], rijen: Mapping[int, Rijen]) -> None:
    for tabel in _TABELLEN:
        session.execute(delete(tabel.__table__).where(tabel.__table__.c.student_id.in_(student_ids)))
    moment = nu()
    studenten = [{**r.student, "bijgewerkt_op": moment} for r in rijen.values()]
    for tabel, waarden in (
        (StudentStand, studenten),
        (LeeruitkomstStand, [lu for r in rijen.values() for lu in r.leeruitkomsten]),
        (OordeelStand, [o for r in rijen.values() for o in r.oordelen]),
        (BeroepsvereisteStand, [v for r in rijen.values() for v in r.vereisten]),
        (InzendingStand, [i for r in rijen.values() for i in r.inzendingen]),
        (InzendingBeoordelaar, [b for r in rijen.values() for b in r.inzending_beoordelaars]),
    ):
        if waarden:
            session.execute(insert(tabel.__table__), waarden)


def alle_studenten(session: Session) -> list[int]:
    """Every student with an enrolment: whom a rebuild or a check covers."""
    return list(session.scalars(select(Inschrijving.student_id).distinct().order_by(Inschrijving.student_id)))


def in_stukken(student_ids: list[int]) -> Iterator[list[int]]:
    for begin in range(0, len(student_ids), STUK):
        yield student_ids[begin : begin + STUK]


def herbouw(session: Session, student_ids: Collection[int] | None = None) -> int:
    """Rebuild the stored progress of these students (all of them by default); how many were rebuilt."""
    ids = sorted(student_ids) if student_ids is not None else alle_studenten(session)
    for stuk in in_stukken(ids):
        bijwerken(session, stuk)
    if student_ids is None:
        verwijder_zonder_inschrijving(session)
        if session.get_bind().dialect.name == "postgresql":
            # Every row was just rewritten: without fresh statistics the planner took the workspace's
            # "at most one reason" for most of the school and walked all 10,000 students (15 ms, not 1).
            tabellen = ", ".join(t.__tablename__ for t in _TABELLEN)
            session.execute(text(f"ANALYZE {tabellen}"))  # noqa: S608 (our own table names)
    return len(ids)


def verwijder_zonder_inschrijving(session: Session) -> None:
    """Students no longer enrolled anywhere have no progress to show."""
    for tabel in _TABELLEN:
        kolom = tabel.__table__.c.student_id
        session.execute(delete(tabel.__table__).where(kolom.not_in(select(Inschrijving.student_id))))


# --- Reading back and comparing ------------------------------------------------------------------


def opgeslagen(session: Session, student_ids: Collection[int]) -> dict[int, Rijen]:
    """The stored rows of these students, in the shape `rijen_uit` gives; six queries."""
    ids = sorted(set(student_ids))
    per_student: dict[int, Rijen] = {}
    if not ids:
        return per_student
    for rij in session.execute(select(StudentStand.__table__).where(StudentStand.student_id.in_(ids))).mappings():
        waarden = dict(rij)
        waarden.pop("bijgewerkt_op")
        per_student[rij["student_id"]] = Rijen(student=waarden)
    for tabel, lijst in (
        (LeeruitkomstStand, "leeruitkomsten"),
        (OordeelStand, "oordelen"),
        (BeroepsvereisteStand, "vereisten"),
        (InzendingStand, "inzendingen"),
        (InzendingBeoordelaar, "inzending_beoordelaars"),
    ):
        kolommen = tabel.__table__.c
        volgorde = [kolommen[k] for k in tabel.__table__.primary_key.columns.keys()]  # noqa: SIM118
        for rij in session.execute(select(tabel.__table__).where(kolommen.student_id.in_(ids)).order_by(*volgorde)):
            waarden = dict(rij._mapping)
            if "oordeel" in waarden and waarden["oordeel"] is not None:
                waarden["oordeel"] = Oordeel(waarden["oordeel"])
            per_student.setdefault(rij.student_id, Rijen(student={}))
            getattr(per_student[rij.student_id], lijst).append(waarden)
    return per_student


@dataclass(frozen=True)
class Verschil:
    """One stored row that is not what the rule computes from the facts (None: the row is missing)."""

    student_id: int
    waar: str  # "student", a leeruitkomst code, "LU… / assessor id" or a beroepsvereiste code
    opgeslagen: str | None
    berekend: str | None


def _sleutel(rij: dict) -> tuple:
    return tuple(rij.get(k) for k in ("leeruitkomst_id", "beoordelaar_id", "beroepsvereiste_id", "van", "versie_id"))


def _gelijk(a: dict, b: dict) -> bool:
    return {k: _normaal(v) for k, v in a.items()} == {k: _normaal(v) for k, v in b.items()}


def _normaal(waarde: object) -> object:
    # Moments compare in UTC (SQLite gives them back without microsecond padding or zone).
    if isinstance(waarde, dt.datetime):
        return waarde.astimezone(dt.UTC)
    return waarde


def verschillen(session: Session, student_ids: Collection[int]) -> list[Verschil]:
    """Every stored row of these students that differs from what the rule computes now."""
    ids = sorted(set(student_ids))
    berekend = bereken(session, ids)
    bewaard = opgeslagen(session, ids)
    codes = {lu.id: lu.code for k in repository.kwalificaties_van(session, ids).values() for lu in k.leeruitkomsten}
    uitkomst: list[Verschil] = []
    for student_id in ids:
        nieuw, oud = berekend.get(student_id), bewaard.get(student_id)
        if nieuw is None and oud is None:
            continue
        if nieuw is None or oud is None or not _gelijk(nieuw.student, oud.student):
            uitkomst.append(
                Verschil(
                    student_id,
                    "student",
                    _samengevat(oud.student) if oud and oud.student else None,
                    _samengevat(nieuw.student) if nieuw else None,
                )
            )
        for lijst in ("leeruitkomsten", "oordelen", "vereisten", "inzendingen", "inzending_beoordelaars"):
            nieuwe = {_sleutel(r): r for r in getattr(nieuw, lijst, [])}
            oude = {_sleutel(r): r for r in getattr(oud, lijst, [])}
            for sleutel in sorted(set(nieuwe) | set(oude), key=str):
                a, b = oude.get(sleutel), nieuwe.get(sleutel)
                if a is not None and b is not None and _gelijk(a, b):
                    continue
                rij = a or b
                waar = codes.get(rij.get("leeruitkomst_id"), str(rij.get("leeruitkomst_id") or ""))
                if lijst == "oordelen":
                    waar = f"{waar} / beoordelaar {rij['beoordelaar_id']}"
                elif lijst == "vereisten":
                    waar = f"beroepsvereiste {rij['beroepsvereiste_id']} vanaf {rij['van']}"
                elif lijst == "inzendingen":
                    waar = f"{waar} / inzending versie {rij['versie_id']}"
                elif lijst == "inzending_beoordelaars":
                    waar = f"{waar} / inzending versie {rij['versie_id']} / beoordelaar {rij['beoordelaar_id']}"
                uitkomst.append(Verschil(student_id, waar, _samengevat(a), _samengevat(b)))
    return uitkomst


def _samengevat(rij: dict | None) -> str | None:
    if rij is None:
        return None
    if "status" in rij:
        return f"{rij['status']} ({', '.join(f'{k}={v}' for k, v in rij.items() if k not in ('student_id', 'status'))})"
    return ", ".join(f"{k}={v}" for k, v in rij.items() if k != "student_id")


# --- Reading for pages and lists -----------------------------------------------------------------


def samenvattingen(
    session: Session, student_ids: Collection[int]
) -> tuple[dict[int, StudentKwalificatie], dict[int, dict[int, status.Samenvatting]]]:
    """Per enrolled student, the kwalificatie as stored with the progress, and per leeruitkomst id its stored
    summary; four queries however many students and however long their history.

    Plain rows, not ORM objects: a stored row is rewritten (deleted and inserted) at the next change, so an
    object kept in the session's identity map would go stale.
    """
    ids = sorted(set(student_ids))
    if not ids:
        return {}, {}
    standen = session.execute(
        select(StudentStand.student_id, StudentStand.inschrijving_id, StudentStand.kwalificatie_id).where(
            StudentStand.student_id.in_(ids)
        )
    ).all()
    structuren = repository.structuren_van(session, {s.kwalificatie_id for s in standen})
    kwalificaties = {
        s.student_id: replace(structuren[s.kwalificatie_id], inschrijving_id=s.inschrijving_id)
        for s in standen
        if s.kwalificatie_id in structuren
    }
    oordeel_tabel, lu_tabel = OordeelStand.__table__, LeeruitkomstStand.__table__
    oordelen: dict[tuple[int, int], list[tuple[Mapping, str]]] = defaultdict(list)
    for rij in session.execute(
        select(oordeel_tabel, Gebruiker.naam.label("beoordelaar_naam"))
        .join(Gebruiker, Gebruiker.id == oordeel_tabel.c.beoordelaar_id)
        .where(oordeel_tabel.c.student_id.in_(list(kwalificaties)))
    ).mappings():
        oordelen[(rij["student_id"], rij["leeruitkomst_id"])].append((rij, rij["beoordelaar_naam"]))
    per_student: dict[int, dict[int, status.Samenvatting]] = defaultdict(dict)
    for lu in session.execute(select(lu_tabel).where(lu_tabel.c.student_id.in_(list(kwalificaties)))).mappings():
        sleutel = (lu["student_id"], lu["leeruitkomst_id"])
        per_student[lu["student_id"]][lu["leeruitkomst_id"]] = samenvatting_uit(lu, oordelen[sleutel])
    return kwalificaties, per_student


def aantal_opgeslagen(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(StudentStand)) or 0)
