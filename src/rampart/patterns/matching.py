"""Is this person the same professional as that one? Pure Python: no Django, no clock, no database.

Exact identifiers decide: the same registration number with the same regulator, the same ESR person
number, the same staff number at the same employer, or the same Rampart user account. Different
registration numbers with one regulator, or different ESR numbers, mean different people, whatever their
names. Otherwise a person born on the same day with a similar name is only an *uncertain* match: a case
handler must confirm it. Below the certainty threshold nothing is a match at all, and a name alone never
joins two records.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import JaroWinkler

from rampart.cases.registration import normalise

# Name similarity (0 to 1) at or above which a same-birthday pair is put to a case handler.
# "Jonathon Smyth" / "Jonathan Smith" scores about 0.92; "Jane Smith" / "John Smith" about 0.83.
CERTAINTY_THRESHOLD = 0.88


@dataclass(frozen=True)
class Identity:
    """What one record knows about a person. Empty strings mean "not known"."""

    name: str = ""
    date_of_birth: str = ""  # ISO date
    regulator: str = ""
    registration_number: str = ""
    esr_number: str = ""
    staff_number: str = ""
    employer: str = ""  # the organisation that issued the staff number
    account: str = ""  # their Rampart user account, when the record names one


class Verdict(StrEnum):
    EXACT = "exact"
    CONFLICT = "conflict"
    UNCERTAIN = "uncertain"
    NO_MATCH = "no_match"


class Method(StrEnum):
    REGISTRATION = "registration"
    ESR = "esr"
    STAFF_NUMBER = "staff_number"
    ACCOUNT = "account"
    NAME_AND_BIRTH = "name_and_birth"
    NONE = ""


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    score: float
    method: Method
    reasons: tuple[str, ...]

    @property
    def is_exact(self) -> bool:
        return self.verdict is Verdict.EXACT


def name_tokens(name: str) -> list[str]:
    """Lower case, accents removed, hyphens and punctuation as spaces, in alphabetical order (so
    "Smith, John" and "John Smith" agree)."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return sorted(re.findall(r"[a-z0-9]+", re.sub("['\u2019]", "", plain)))


def _one_way(left: list[str], right: list[str]) -> float:
    return sum(max(JaroWinkler.normalized_similarity(t, u) for u in right) for t in left) / len(left)


def name_similarity(a: str, b: str) -> float:
    """0 to 1: each name part matched to its closest part in the other name (Jaro-Winkler, kind to
    typos), averaged both ways so the score is symmetric and a missing middle name costs a little."""
    left, right = name_tokens(a), name_tokens(b)
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    return round((_one_way(left, right) + _one_way(right, left)) / 2, 4)


def _same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and normalise(a) == normalise(b)


def _differ(a: str, b: str) -> bool:
    return bool(a) and bool(b) and normalise(a) != normalise(b)


def _conflicts(a: Identity, b: Identity) -> list[str]:
    found = []
    if a.regulator and a.regulator == b.regulator and _differ(a.registration_number, b.registration_number):
        found.append(f"Different {a.regulator} registration numbers")
    if _differ(a.esr_number, b.esr_number):
        found.append("Different ESR person numbers")
    return found


def _exact(a: Identity, b: Identity) -> tuple[Method, str] | None:
    if a.regulator and a.regulator == b.regulator and _same(a.registration_number, b.registration_number):
        return Method.REGISTRATION, f"Same {a.regulator} registration number"
    if _same(a.esr_number, b.esr_number):
        return Method.ESR, "Same ESR person number"
    if a.employer and a.employer == b.employer and _same(a.staff_number, b.staff_number):
        return Method.STAFF_NUMBER, "Same staff number at the same employer"
    if a.account and a.account == b.account:
        return Method.ACCOUNT, "Same Rampart user account"
    return None


def assess(a: Identity, b: Identity, *, threshold: float = CERTAINTY_THRESHOLD) -> Assessment:
    """The same person, certainly not, perhaps (for a person to decide), or no match."""
    conflicts = _conflicts(a, b)
    if conflicts:
        return Assessment(Verdict.CONFLICT, 0.0, Method.NONE, tuple(conflicts))
    exact = _exact(a, b)
    if exact is not None:
        return Assessment(Verdict.EXACT, 1.0, exact[0], (exact[1],))
    if not (a.date_of_birth and a.date_of_birth == b.date_of_birth):
        return Assessment(Verdict.NO_MATCH, 0.0, Method.NONE, ())
    score = name_similarity(a.name, b.name)
    if score < threshold:
        return Assessment(Verdict.NO_MATCH, score, Method.NONE, ())
    return Assessment(
        Verdict.UNCERTAIN,
        score,
        Method.NAME_AND_BIRTH,
        ("Same date of birth", f"Similar name ({round(score * 100)}% alike)"),
    )


def best(person: Identity, candidates: list[tuple[int, Identity]]) -> tuple[int, Assessment] | None:
    """The candidate an exact identifier joins the person to, if any (the first, by the order given)."""
    for key, candidate in candidates:
        verdict = assess(person, candidate)
        if verdict.is_exact:
            return key, verdict
    return None


def uncertain(
    person: Identity, candidates: list[tuple[int, Identity]], *, threshold: float = CERTAINTY_THRESHOLD
) -> list[tuple[int, Assessment]]:
    """Candidates a case handler should be asked about, most alike first."""
    found = [(key, assess(person, c, threshold=threshold)) for key, c in candidates]
    kept = [(key, v) for key, v in found if v.verdict is Verdict.UNCERTAIN]
    return sorted(kept, key=lambda kv: (-kv[1].score, kv[0]))
