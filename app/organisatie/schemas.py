"""API shapes for the organisation of students, exactly as API.md describes them, and form parsing."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.errors import OngeldigeInvoer, veldfout
from app.models import Begeleiding, Inschrijving, InschrijvingStatus
from app.ops.invoer import past_in_database


class InschrijvingIn(BaseModel):
    student: int = Field(description="id van de gebruiker (rol student)")
    kwalificatie: str = Field(min_length=1, max_length=40, examples=["WA-N6"])
    versie: str = Field(min_length=1, max_length=20, examples=["2.1"])
    cohort: str = Field(min_length=1, max_length=60, description="code; wordt aangemaakt als die nog niet bestaat")
    startdatum: dt.date


class InschrijvingUit(BaseModel):
    id: int
    student: int
    kwalificatie: str
    versie: str
    cohort: str
    startdatum: dt.date
    status: InschrijvingStatus
    aangesteld_bij_politie_op: dt.date | None = Field(
        default=None, description="instroomeis: datum van aanstelling bij de Nederlandse politie"
    )

    @classmethod
    def van(cls, i: Inschrijving) -> InschrijvingUit:
        return cls(
            id=i.id,
            student=i.student_id,
            kwalificatie=i.kwalificatie.code,
            versie=i.kwalificatie.versie,
            cohort=i.cohort.code,
            startdatum=i.startdatum,
            status=i.status,
            aangesteld_bij_politie_op=i.aangesteld_bij_politie_op,
        )


class BegeleidingIn(BaseModel):
    praktijkbegeleider: int = Field(description="id van de gebruiker (rol praktijkbegeleider)")
    student: int = Field(description="id van de gebruiker (rol student)")
    van: dt.date
    tot: dt.date | None = Field(default=None, description="laatste dag, of null voor een lopende begeleiding")


class BegeleidingUit(BaseModel):
    id: int
    praktijkbegeleider: int
    student: int
    van: dt.date
    tot: dt.date | None

    @classmethod
    def van_model(cls, b: Begeleiding) -> BegeleidingUit:
        return cls(id=b.id, praktijkbegeleider=b.praktijkbegeleider_id, student=b.student_id, van=b.van, tot=b.tot)


class StudentUit(BaseModel):
    id: int
    naam: str
    studentnummer: str | None
    cohort: str | None = Field(description="code van het cohort van de huidige inschrijving")
    aangetoond: int | None = Field(None, description="aantal aangetoonde leeruitkomsten; null zonder inschrijving")
    totaal: int | None = Field(None, description="aantal leeruitkomsten van de kwalificatie; null zonder inschrijving")
    diplomabaar: bool | None = Field(None, description="diplomabaar vandaag; null zonder inschrijving")


class Fouten:
    """Collects every problem with a form or request, so the user sees them all at once."""

    def __init__(self) -> None:
        self.lijst: list[dict[str, str]] = []

    def voeg_toe(self, veld: str, melding: str) -> None:
        self.lijst.append(veldfout(veld, melding))

    def heeft(self, veld: str) -> bool:
        return any(f["veld"] == veld for f in self.lijst)

    def controleer(self) -> None:
        if self.lijst:
            raise OngeldigeInvoer(" ".join(f["melding"] for f in self.lijst), errors=self.lijst)


def lees_id(waarde: str, veld: str, fouten: Fouten, melding: str) -> int | None:
    """A form's <select> value as an id; empty or garbage is the given message."""
    waarde = waarde.strip()
    if not (waarde.isascii() and waarde.isdigit()) or not past_in_database(int(waarde)):
        fouten.voeg_toe(veld, melding)
        return None
    return int(waarde)


def lees_datum(waarde: str, veld: str, fouten: Fouten, label: str, *, verplicht: bool = True) -> dt.date | None:
    """Dates as a date input sends them (JJJJ-MM-DD), or as people type them (DD-MM-JJJJ)."""
    waarde = waarde.strip()
    if not waarde:
        if verplicht:
            fouten.voeg_toe(veld, f"Vul de {label} in.")
        return None
    datum = parse_datum(waarde)
    if datum is None:
        fouten.voeg_toe(veld, f"De {label} '{waarde}' is geen geldige datum; gebruik dag-maand-jaar, zoals 01-09-2026.")
    return datum


def parse_datum(waarde: str) -> dt.date | None:
    for formaat in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(waarde.strip(), formaat).date()
        except ValueError:
            continue
    return None


class VersiewisselRegelUit(BaseModel):
    leeruitkomst: str
    overgang: str = Field(description="overgenomen (exactMatchOf), opnieuw (replacedBy) of nieuw")
    vorige: str | None = Field(description="de leeruitkomst van de oude versie die gelijk is of vervangen wordt")
    status_nu: str | None = Field(description="status van die oude leeruitkomst vandaag")
    status_na: str = Field(description="status van deze leeruitkomst direct na de overgang")
    oordelen: int = Field(description="tellende oordelen die meegaan")
    bewijsversies: int = Field(description="bewijsstukversies die meegaan")
    wachtend: int = Field(description="aangeboden versies die nog op een oordeel wachten en meegaan")


class VersiewisselVoorbeeldUit(BaseModel):
    inschrijving: int
    student: int
    naam: str
    van: str = Field(description="code en versie nu, zoals 'WA-N6 2.1'")
    naar: str
    overgenomen: int
    opnieuw: int
    leeruitkomsten: list[VersiewisselRegelUit]
    vervallen: list[str] = Field(description="oude leeruitkomsten die niet meer meetellen")

    @classmethod
    def van_voorbeeld(cls, v) -> VersiewisselVoorbeeldUit:  # noqa: ANN001 - versiewissel.Voorbeeld
        oud = v.inschrijving.kwalificatie
        regels = [
            VersiewisselRegelUit(
                leeruitkomst=r.code,
                overgang=r.overgang.value,
                vorige=r.vorige,
                status_nu=r.status_nu.value if r.status_nu else None,
                status_na=r.status_na.value,
                oordelen=r.oordelen,
                bewijsversies=r.versies,
                wachtend=r.wachtend,
            )
            for r in v.regels
        ]
        overgenomen = sum(1 for r in regels if r.overgang == "overgenomen")
        return cls(
            inschrijving=v.inschrijving.id,
            student=v.inschrijving.student_id,
            naam=v.inschrijving.student.naam,
            van=f"{oud.code} {oud.versie}",
            naar=f"{v.naar.code} {v.naar.versie}",
            overgenomen=overgenomen,
            opnieuw=len(regels) - overgenomen,
            leeruitkomsten=regels,
            vervallen=v.vervallen,
        )


class VersiewisselIn(BaseModel):
    naar: str = Field(min_length=1, max_length=20, description="de nieuwe versie, zoals '2.2'")
    kwalificatie: str | None = Field(
        default=None, max_length=40, description="code van de nieuwe kwalificatie; standaard dezelfde"
    )


class CohortVersiewisselIn(BaseModel):
    kwalificatie: str = Field(min_length=1, max_length=40, description="code, zoals 'WA-N6'")
    naar: str = Field(min_length=1, max_length=20, description="de nieuwe versie, zoals '2.2'")


class VersiewisselUit(BaseModel):
    id: int
    van: InschrijvingUit
    naar: InschrijvingUit


class CohortVersiewisselVoorbeeldUit(BaseModel):
    cohort: str
    naar: str = Field(description="code en versie, zoals 'WA-N6 2.2'")
    studenten: list[VersiewisselVoorbeeldUit]


class CohortVersiewisselUit(BaseModel):
    cohort: str
    naar: str
    wissels: list[VersiewisselUit]
