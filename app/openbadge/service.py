"""Use cases of the Open Badges credential: made once at the decision, downloaded, listed as revoked, verified.

The credential is signed in the decision's own transaction and stored in its row (never re-signed: a key
made later signs only credentials made later). Revocation needs no write of its own here: the list's bit
of a credential is set exactly when its decision has a revocation row, which the revocation inserts in its
transaction, so the served list shows it from the moment that commits.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import tijd
from app.errors import NietGevonden
from app.kwalificaties.case_ids import item_uri
from app.models import Bouwsteen, Diplomabesluit, Gebruiker, Intrekking, Kerntaak, Leeruitkomst, LeeruitkomstOnderdeel
from app.openbadge import credential, vcjwt
from app.toegang import policy

GEEN_BADGE = "Voor dit diploma is geen Open Badge gemaakt (het is vastgesteld voordat die bestond)."


def uitlijning(session: Session, kwalificatie_id: int, code: str, versie: str) -> list[credential.Uitlijning]:
    """Every kerntaak and leeruitkomst of the kwalificatie, in order, as CFItems of its CASE export; two queries."""
    items: list[credential.Uitlijning] = []
    kerntaken = session.execute(
        select(Kerntaak.id, Kerntaak.code, Kerntaak.titel)
        .where(Kerntaak.kwalificatie_id == kwalificatie_id)
        .order_by(Kerntaak.volgorde)
    ).all()
    leeruitkomsten: dict[int, list[tuple[str, str]]] = {}
    gezien: set[str] = set()
    for kt_id, lu_code, kop, tekst in session.execute(
        select(Kerntaak.id, Leeruitkomst.code, LeeruitkomstOnderdeel.kop, LeeruitkomstOnderdeel.tekst)
        .join(Bouwsteen, Bouwsteen.kerntaak_id == Kerntaak.id)
        .join(Leeruitkomst, Leeruitkomst.bouwsteen_id == Bouwsteen.id)
        .join(LeeruitkomstOnderdeel, LeeruitkomstOnderdeel.leeruitkomst_id == Leeruitkomst.id, isouter=True)
        .where(Kerntaak.kwalificatie_id == kwalificatie_id)
        .order_by(Kerntaak.volgorde, Bouwsteen.volgorde, Leeruitkomst.volgorde, LeeruitkomstOnderdeel.volgorde)
    ):
        # A leeruitkomst has no title of its own: its name in the credential is the opening sentence of its
        # first part (the whole text is in the CFItem the alignment points to).
        if lu_code not in gezien:
            gezien.add(lu_code)
            leeruitkomsten.setdefault(kt_id, []).append((lu_code, _eerste_zin(tekst or kop or lu_code)))
    for kt_id, kt_code, kt_titel in kerntaken:
        items.append(credential.Uitlijning(kt_code, kt_titel, item_uri(code, versie, kt_code)))
        items.extend(
            credential.Uitlijning(lu, titel, item_uri(code, versie, lu)) for lu, titel in leeruitkomsten.get(kt_id, [])
        )
    return items


def _eerste_zin(tekst: str, maximum: int = 200) -> str:
    zin = tekst.strip().split("\n", 1)[0]
    punt = zin.find(". ")
    zin = zin[: punt + 1] if punt != -1 else zin
    return zin if len(zin) <= maximum else zin[: maximum - 1].rstrip() + "…"


def _subject_id(session: Session, student_id: int) -> str:
    """The student's subject id: the one of an earlier credential, so it stays the same per student."""
    eerder = session.scalar(
        select(Diplomabesluit.ob_subject_id)
        .where(Diplomabesluit.student_id == student_id, Diplomabesluit.ob_subject_id.is_not(None))
        .order_by(Diplomabesluit.id)
        .limit(1)
    )
    return eerder or credential.urn()


def _statusplaats(session: Session) -> tuple[int, int]:
    """(list, index) for a new credential: a random free index, so neighbours in the list say nothing."""
    aantal = session.scalar(select(func.count()).where(Diplomabesluit.ob_statusindex.is_not(None))) or 0
    lijst = 1 + aantal // credential.LIJST_VOL
    bezet = set(session.scalars(select(Diplomabesluit.ob_statusindex).where(Diplomabesluit.ob_statuslijst == lijst)))
    while True:
        index = secrets.randbelow(credential.LIJST_BITS)
        if index not in bezet:
            return lijst, index


def verificatiecode() -> str:
    """80 random bits as 16 letters and digits in groups of four (Crockford-like, no 0/O or 1/I to misread)."""
    teken = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    ruw = "".join(secrets.choice(teken) for _ in range(16))
    return "-".join(ruw[i : i + 4] for i in range(0, 16, 4))


def maak(session: Session, besluit: Diplomabesluit, student: Gebruiker, kwalificatie_id: int, inhoud: dict) -> None:
    """Make and sign the credential of a decision being taken, into its (not yet flushed) row."""
    kwalificatie = inhoud["kwalificatie"]
    lijst, index = _statusplaats(session)
    feiten = credential.DiplomaFeiten(
        credential_id=credential.urn(),
        subject_id=_subject_id(session, student.id),
        email=student.email,
        salt=secrets.token_hex(16),
        kwalificatie_code=kwalificatie["code"],
        kwalificatie_versie=kwalificatie["versie"],
        kwalificatie_titel=kwalificatie["titel"],
        niveau=kwalificatie["niveau"],
        diplomanummer=besluit.diplomanummer or "",
        moment=besluit.tijd,
        statuslijst=lijst,
        statusindex=index,
        uitlijning=uitlijning(session, kwalificatie_id, kwalificatie["code"], kwalificatie["versie"]),
    )
    besluit.ob_id = feiten.credential_id
    besluit.ob_subject_id = feiten.subject_id
    besluit.ob_statuslijst = lijst
    besluit.ob_statusindex = index
    besluit.ob_jwt = vcjwt.onderteken(credential.credential(feiten))


def download(session: Session, gebruiker: Gebruiker, diplomanummer: str) -> str:
    """The compact JWS of the diploma: the same every time, revoked or not; the student's own or any for the
    examencommissie, 404 for anyone else."""
    besluit = session.scalar(select(Diplomabesluit).where(Diplomabesluit.diplomanummer == diplomanummer[:40]))
    if besluit is None or not policy.mag_diploma_zien(gebruiker, besluit.student_id):
        raise NietGevonden("Er is geen diploma met dit nummer.")
    if besluit.ob_jwt is None:
        raise NietGevonden(GEEN_BADGE)
    return besluit.ob_jwt


def ingetrokken_indexen(session: Session, lijst: int) -> list[int]:
    return list(
        session.scalars(
            select(Diplomabesluit.ob_statusindex)
            .join(Intrekking, Intrekking.besluit_id == Diplomabesluit.id)
            .where(Diplomabesluit.ob_statuslijst == lijst)
        )
    )


def statuslijst(session: Session, lijst: int) -> str:
    """List `lijst` as a signed BitstringStatusListCredential, as it stands now; 404 past the lists in use."""
    hoogste = session.scalar(select(func.max(Diplomabesluit.ob_statuslijst))) or 1
    if not 1 <= lijst <= hoogste:
        raise NietGevonden("Deze statuslijst bestaat niet.")
    return vcjwt.onderteken(credential.statuslijst(lijst, ingetrokken_indexen(session, lijst), tijd.nu()))


# --- Verification of a presented credential ------------------------------------------------------


@dataclass
class Uitslag:
    geldig: bool
    uitgever: str | None = None
    naam: str | None = None
    kwalificatie: str | None = None
    datum: dt.date | None = None
    redenen: list[str] = field(default_factory=list)


def _claimfouten(payload: dict) -> list[str]:
    """The JWT claims against the credential they carry (OB 3.0 §8.2.4.1), in Dutch."""
    fouten = []
    if payload.get("@context") != credential.CONTEXT:
        fouten.append("De @context is niet die van een Open Badges 3.0-credential.")
    issuer = payload.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    subject = payload.get("credentialSubject")
    subject_id = subject.get("id") if isinstance(subject, dict) else None
    if issuer_id != credential.uitgever_url() or payload.get("iss") != issuer_id:
        fouten.append("De uitgever (iss) is niet deze school of past niet bij het credential.")
    if not isinstance(payload.get("id"), str) or payload.get("jti") != payload.get("id"):
        fouten.append("Het kenmerk (jti) past niet bij het credential.")
    if payload.get("sub") is None or payload.get("sub") != subject_id:
        fouten.append("De houder (sub) past niet bij het credential.")
    try:
        geldig_vanaf = int(dt.datetime.fromisoformat(str(payload.get("validFrom"))).timestamp())
    except ValueError:
        geldig_vanaf = None
    if geldig_vanaf is None or payload.get("nbf") != geldig_vanaf:
        fouten.append("De datum van uitgifte (nbf) past niet bij het credential.")
    elif geldig_vanaf > int(tijd.nu().timestamp()):
        fouten.append("Het credential is nog niet geldig.")
    if "exp" in payload:
        fouten.append("Het credential heeft een vervaldatum; een diploma van deze school vervalt niet.")
    soorten = payload.get("type")
    if not isinstance(soorten, list) or "OpenBadgeCredential" not in soorten:
        fouten.append("Het is geen Open Badge-credential.")
    return fouten


def verifieer(session: Session, token: str) -> Uitslag:
    """Signature (our keys only), the claims, our record and the revocation bit; every reason in Dutch."""
    try:
        _, payload = vcjwt.controleer(token)
    except vcjwt.Ongeldig as fout:
        return Uitslag(False, redenen=[str(fout)])
    if fouten := _claimfouten(payload):
        return Uitslag(False, redenen=fouten)
    besluit = session.scalar(select(Diplomabesluit).where(Diplomabesluit.ob_id == payload["id"]))
    if besluit is None or besluit.ob_statusindex is None:
        return Uitslag(False, redenen=["Dit credential komt niet voor in de administratie van deze school."])
    inhoud = json.loads(besluit.snapshot)
    kwalificatie = inhoud["kwalificatie"]
    uitslag = Uitslag(
        True,
        uitgever=credential.profiel()["name"],
        naam=inhoud["student"]["naam"],
        kwalificatie=f"{kwalificatie['titel']} (niveau {kwalificatie['niveau']}), versie {kwalificatie['versie']}",
        datum=besluit.datum,
    )
    status = payload.get("credentialStatus")
    if (
        not isinstance(status, dict)
        or status.get("statusListIndex") != str(besluit.ob_statusindex)
        or status.get("statusListCredential") != credential.statuslijst_url(besluit.ob_statuslijst or 1)
    ):
        uitslag.redenen.append("De statusvermelding van het credential klopt niet.")
    intrekking = session.scalar(select(Intrekking).where(Intrekking.besluit_id == besluit.id))
    if besluit.ob_statusindex in ingetrokken_indexen(session, besluit.ob_statuslijst or 1):
        datum = f" op {tijd.lokaal(intrekking.tijd):%d-%m-%Y}" if intrekking else ""
        uitslag.redenen.append(f"Het diploma is{datum} ingetrokken door de examencommissie.")
    uitslag.geldig = not uitslag.redenen
    return uitslag
