"""The words of the audit trail: every actie and onderwerp_type the code records, in Dutch for people.

The trail stores short codes (`rollen_gewijzigd`, `api_token`); the audit page
shows these labels and offers them as its filter choices, so the page never has
to scan the trail for the values it holds. A code that is not listed here (an
older record, or a new action whose label is still missing) is shown as itself.
tests/audit/test_vocabulaire.py checks that every code passed to `registreer`
in app/ has a label.
"""

from __future__ import annotations

from collections.abc import Mapping

ACTIES: Mapping[str, str] = {
    # Accounts and sessions
    "inloggen_mislukt": "Inloggen mislukt",
    "ingelogd": "Ingelogd",
    "uitgelogd": "Uitgelogd",
    "gebruiker_aangemaakt": "Account aangemaakt",
    "eerste_beheerder_aangemaakt": "Eerste beheerder aangemaakt",
    "account_geactiveerd": "Account geactiveerd (eigen wachtwoord ingesteld)",
    "rollen_gewijzigd": "Rollen gewijzigd",
    "gedeactiveerd": "Account gedeactiveerd",
    "geactiveerd": "Account weer geactiveerd",
    "herstellink_gemaakt": "Herstellink gemaakt",
    "wachtwoord_hersteld": "Wachtwoord hersteld via link",
    "wachtwoord_gewijzigd": "Wachtwoord gewijzigd",
    "token_aangemaakt": "API-token aangemaakt",
    "token_ingetrokken": "API-token ingetrokken",
    "oidc_gekoppeld": "Account gekoppeld aan de inlogdienst",
    "oidc_geweigerd": "Inloggen via de inlogdienst geweigerd",
    "oidc_koppeling_verwijderd": "Koppeling met de inlogdienst verwijderd",
    "tweede_factor_ingesteld": "Tweede factor ingesteld",
    "tweede_factor_mislukt": "Code van de tweede factor onjuist",
    "tweede_factor_herstelcode_gebruikt": "Herstelcode van de tweede factor gebruikt",
    "tweede_factor_gereset": "Tweede factor gereset door beheerder",
    # Organisatie
    "cohort_aangemaakt": "Cohort aangemaakt",
    "inschrijving_aangemaakt": "Inschrijving aangemaakt",
    "inschrijving_status_gewijzigd": "Status van inschrijving gewijzigd",
    "inschrijving_aanstelling_vastgelegd": "Aanstelling bij de politie vastgelegd (instroomeis)",
    "inschrijving_versie_gewisseld": "Student overgezet naar een nieuwe kwalificatieversie",
    "begeleiding_aangemaakt": "Begeleiding gekoppeld",
    "begeleiding_beeindigd": "Begeleiding beëindigd",
    "studenten_geimporteerd": "Studenten geïmporteerd",
    "cohortoverzicht_geexporteerd": "Cohortoverzicht geëxporteerd (persoonsgegevens, CSV of XLSX)",
    "kwalificatie_geimporteerd": "Kwalificatie geïmporteerd (CASE)",
    # Portfolio
    "bewijsstuk_geupload": "Bewijsstuk toegevoegd",
    "concept_gewijzigd": "Concept gewijzigd",
    "nieuwe_versie": "Nieuwe versie gemaakt",
    "concept_verwijderd": "Concept verwijderd",
    "ingediend": "Bewijsstuk ingediend",
    "ingetrokken": "Bewijsstuk ingetrokken",
    "verborgen": "Bewijsstuk verborgen",
    # Beoordeling
    "beoordeeld": "Leeruitkomst beoordeeld",
    "beoordeling_gecorrigeerd": "Beoordeling gecorrigeerd",
    "herbeoordeeld": "Nieuwer bewijs beoordeeld",
    "reactie_gegeven": "Student reageerde op feedback",
    "beoordelingsregel_gewijzigd": "Beoordelingsregel gewijzigd",
    # Beroepsvereisten
    "beroepsvereiste_resultaat_vastgelegd": "Resultaat beroepsvereiste vastgelegd",
    # Dossier
    "dossier_geexporteerd": "Dossier geëxporteerd (ZIP met bestanden, manifest en samenvatting)",
    # Examencommissie
    "diploma_vastgesteld": "Diploma vastgesteld",
    "diploma_afgewezen": "Diploma afgewezen",
    "diploma_ingetrokken": "Diploma ingetrokken",
    "dossier_heropend": "Dossier heropend na intrekking",
}

ONDERWERP_TYPES: Mapping[str, str] = {
    "gebruiker": "Gebruiker",
    "api_token": "API-token",
    "cohort": "Cohort",
    "inschrijving": "Inschrijving",
    "begeleiding": "Begeleiding",
    "import": "CSV-import",
    "bewijsstuk": "Bewijsstuk",
    "beoordeling": "Beoordeling",
    "kwalificatie": "Kwalificatie",
    "beroepsvereiste_resultaat": "Resultaat beroepsvereiste",
    "diplomabesluit": "Diplomabesluit",
}

# Where a subject has a page of its own; `{id}` is the record's onderwerp_id. Subjects without a
# detail page link to the list that shows them.
_PAGINA: Mapping[str, str] = {
    "gebruiker": "/beheer/gebruikers/{id}",
    "bewijsstuk": "/bewijsstukken/{id}",
    "cohort": "/beheer/cohorten",
    "inschrijving": "/beheer/inschrijvingen",
    "begeleiding": "/beheer/begeleidingen",
}


def actie_label(actie: str) -> str:
    return ACTIES.get(actie, actie)


def onderwerp_label(onderwerp_type: str) -> str:
    return ONDERWERP_TYPES.get(onderwerp_type, onderwerp_type)


def onderwerp_url(onderwerp_type: str, onderwerp_id: str | None) -> str | None:
    """The page of this subject, or None; ids go into a path only when they are plain numbers."""
    sjabloon = _PAGINA.get(onderwerp_type)
    if sjabloon is None:
        return None
    if "{id}" not in sjabloon:
        return sjabloon
    nummer = getal(onderwerp_id)
    return None if nummer is None else sjabloon.format(id=nummer)


def getal(onderwerp_id: str | None) -> int | None:
    """The id as a number when it is one (ids of other subjects may be codes such as WA-0001)."""
    if onderwerp_id is None or not (onderwerp_id.isascii() and onderwerp_id.isdigit()):
        return None
    return int(onderwerp_id)


def persoon_id(onderwerp_type: str, onderwerp_id: str | None) -> int | None:
    """The gebruiker a record is about, if it is about one."""
    return getal(onderwerp_id) if onderwerp_type == "gebruiker" else None


def keuzes(labels: Mapping[str, str], gekozen: str | None = None) -> list[tuple[str, str]]:
    """(value, label) pairs sorted by label for a filter select; an unknown chosen value is kept as itself."""
    paren = sorted(labels.items(), key=lambda paar: paar[1].casefold())
    if gekozen and gekozen not in labels:
        paren.append((gekozen, gekozen))
    return paren
