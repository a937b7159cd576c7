"""Professional identifiers: what each regulator's registration number looks like, and one normal form
for comparing them. Pure Python: no Django, no clock, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NumberFormat:
    pattern: str  # a regular expression for the normalised number
    example: str
    description: str


# Formats as the public registers show them. Normalised: upper case, no spaces; hyphens kept only
# where the register prints them (GOC).
FORMATS: dict[str, NumberFormat] = {
    "GMC": NumberFormat(r"\d{7}", "1234567", "7 digits"),
    "NMC": NumberFormat(r"\d{2}[A-Z]\d{4}[A-Z]", "12A3456E", "2 digits, a letter, 4 digits and a letter"),
    "HCPC": NumberFormat(r"[A-Z]{2}\d{4,6}", "PA123456", "2 letters for the profession and 4 to 6 digits"),
    "GDC": NumberFormat(r"\d{1,6}", "123456", "up to 6 digits"),
    "GPhC": NumberFormat(r"\d{7}", "2012345", "7 digits"),
    "GOC": NumberFormat(r"(\d{2}|D)-\d{4,6}", "01-12345", "2 digits or D, a hyphen and 4 to 6 digits"),
    "SWE": NumberFormat(r"SW\d{1,7}", "SW123456", "SW and up to 7 digits"),
}

ESR_FORMAT = NumberFormat(r"\d{6,10}", "12345678", "6 to 10 digits")


def normalise(number: str) -> str:
    """Upper case without spaces, so "12a 3456e" and "12A3456E" compare equal."""
    return re.sub(r"\s+", "", number).upper()


def registration_problem(regulator: str, number: str) -> str | None:
    """None when the number is a valid registration number for the regulator; else what is wrong,
    in words a user can act on."""
    if not number.strip():
        return "Enter the registration number"
    fmt = FORMATS.get(regulator)
    if fmt is None:
        return "Select the professional regulator"
    if re.fullmatch(fmt.pattern, normalise(number)) is None:
        return f"{regulator} registration numbers are {fmt.description}, like {fmt.example}"
    return None


def esr_problem(number: str) -> str | None:
    if re.fullmatch(ESR_FORMAT.pattern, normalise(number)) is None:
        return f"ESR person numbers are {ESR_FORMAT.description}, like {ESR_FORMAT.example}"
    return None
