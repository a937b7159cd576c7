"""The chaperone record's rules: what a record must say, which gaps it shows, how long it may be
edited, and the audit figures. Pure Python, no Django: "now" and the rows are passed in.

Sources: NHS England's chaperoning principles (annex A of the letter of 2025) and the GMC's guidance on
intimate examinations, summarised in `../shared/reference/domain.md` §4.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

SETTINGS = (
    ("gp", "GP surgery"),
    ("outpatient", "Outpatient clinic"),
    ("inpatient", "Ward (inpatient)"),
    ("emergency", "Emergency department"),
    ("maternity", "Maternity"),
    ("virtual", "Video or remote consultation"),
    ("home", "Home visit"),
    ("other", "Somewhere else"),
)
INTIMACY = (
    ("intimate", "Intimate: breasts, genitals or rectum"),
    ("perceived", "Not usually intimate, but the patient sees it as intimate"),
)
CONSENT = (
    ("verbal", "Verbal consent"),
    ("written", "Written consent"),
    ("best_interests", "Best-interests decision or parental consent"),
    ("not_given", "The patient did not consent"),
)
CAPACITY = (
    ("has_capacity", "The patient has capacity to consent"),
    ("child", "A child: competence to consent was assessed"),
    ("lacks", "The patient lacks capacity to consent"),
)
OFFERS = (
    ("accepted", "Offered and accepted"),
    ("declined", "Offered and declined by the patient"),
    ("patient_requested", "Requested by the patient"),
    ("clinician_requested", "Requested by the clinician"),
    ("not_offered", "Not offered"),
)
RECORDER_ROLES = (
    ("examiner", "The clinician examining"),
    ("chaperone", "The chaperone"),
)
# An offer outcome after which a chaperone should be in the room.
WITH_CHAPERONE = frozenset({"accepted", "patient_requested", "clinician_requested"})
EDIT_WINDOW = timedelta(hours=24)
MAX_TEXT = 5000
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I
_REF_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")

REQUIRED_MESSAGES = {
    "recorder_role": "Select whether you were the clinician or the chaperone",
    "patient_ref": "Enter the patient's pseudonymous identifier",
    "setting": "Select where the examination took place",
    "department": "Enter the department or service",
    "procedure": "Enter the examination or procedure",
    "intimacy": "Select whether the examination was intimate or seen as intimate by the patient",
    "purpose_explained": "Select whether the purpose was explained to the patient",
    "consent": "Select how the patient consented",
    "capacity": "Select how capacity was considered",
    "offer": "Select what happened with the offer of a chaperone",
    "informal_companion": "Select whether a relative or friend was present",
    "deferred": "Select whether the examination was deferred",
}


def new_reference() -> str:
    """A record reference a person can read out, e.g. CHR-7K3M-9Q2X."""
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"CHR-{body[:4]}-{body[4:]}"


def is_nhs_number(text: str) -> bool:
    """Ten digits whose last is the modulus 11 check digit of the first nine."""
    digits = "".join(ch for ch in text if ch not in " -")
    if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
        return False
    check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    return (0 if check == 11 else check) == int(digits[9])


def patient_ref_problem(value: str) -> str | None:
    """A pseudonymous identifier: letters, digits and dashes with at least one digit; never a name
    (so no spaces) and never an NHS number."""
    value = value.strip()
    if not value:
        return REQUIRED_MESSAGES["patient_ref"]
    if is_nhs_number(value):
        return "Enter the pseudonymous identifier, not the NHS number"
    if len(value) > 40 or not set(value) <= _REF_CHARS or not any(ch.isdigit() for ch in value):
        return "Enter the pseudonymous identifier: letters, numbers and dashes, like PX-40213, not a name"
    return None


def storable(text: str) -> bool:
    """No NUL characters (PostgreSQL refuses them) and nothing UTF-8 cannot encode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def chaperone_present(offer: str | None, deferred: bool | None) -> bool:
    return offer in WITH_CHAPERONE and deferred is not True


def problems(answers: Mapping[str, Any]) -> dict[str, str]:
    """What is missing or contradictory, as {field: message}; the form and the API both use it.
    Booleans are True, False or None (not answered); text is a string, possibly empty."""

    def text(name: str) -> str:
        return str(answers.get(name) or "").strip()

    found: dict[str, str] = {}
    for name, value in answers.items():
        if isinstance(value, str) and not storable(value):
            found[name] = "Remove the characters that cannot be stored, such as control characters"
    for name, message in REQUIRED_MESSAGES.items():
        if answers.get(name) is None or answers.get(name) == "":
            found[name] = message
    ref_problem = patient_ref_problem(text("patient_ref"))
    if ref_problem:
        found["patient_ref"] = ref_problem
    if answers.get("recorder_role") == "chaperone" and not text("examiner_name"):
        found["examiner_name"] = "Enter the name of the clinician who examined the patient"
    if answers.get("capacity") in ("child", "lacks") and not text("capacity_notes"):
        found["capacity_notes"] = "Say how capacity was assessed and who consented"
    if answers.get("consent") == "best_interests" and answers.get("capacity") == "has_capacity":
        found["consent"] = "A patient with capacity consents for themselves: select verbal or written consent"
    if answers.get("consent") == "not_given" and answers.get("deferred") is False:
        found["deferred"] = "Without consent the examination must not go ahead: it was deferred"
    if answers.get("deferred") is True and not text("deferral_reason"):
        found["deferral_reason"] = "Say why the examination was deferred"
    present = chaperone_present(answers.get("offer"), answers.get("deferred"))
    if present:
        if answers.get("recorder_role") != "chaperone" and not text("chaperone_name"):
            found["chaperone_name"] = "Enter the chaperone's name"
        if not text("chaperone_role"):
            found["chaperone_role"] = "Enter the chaperone's role, like healthcare assistant"
        if answers.get("observed_throughout") is None:
            found["observed_throughout"] = "Select whether the chaperone could see the examination throughout"
    elif answers.get("offer") in ("declined", "not_offered") and text("chaperone_name"):
        found["chaperone_name"] = "You said no chaperone was there: remove the name or change the offer"
    return found


class Gap(StrEnum):
    NO_OFFER = "no_offer"
    NO_PURPOSE = "no_purpose"
    PURPOSE_NOT_EXPLAINED = "purpose_not_explained"
    UNTRAINED_CHAPERONE = "untrained_chaperone"
    NOT_THROUGHOUT = "not_throughout"


GAP_LABELS = {
    Gap.NO_OFFER: "No chaperone offer recorded",
    Gap.NO_PURPOSE: "No purpose documented",
    Gap.PURPOSE_NOT_EXPLAINED: "Purpose not explained to the patient",
    Gap.UNTRAINED_CHAPERONE: "Chaperone without current training",
    Gap.NOT_THROUGHOUT: "Chaperone could not see the examination throughout",
}


@dataclass(frozen=True)
class RecordFacts:
    """The facts of one record that the gaps and the audit figures need."""

    examined_on: date
    department: str
    clinician: str
    offer: str
    purpose_documented: bool
    purpose_explained: bool
    deferred: bool
    chaperone_trained: bool | None
    observed_throughout: bool | None
    concerns: int = 0

    @property
    def chaperone_present(self) -> bool:
        return chaperone_present(self.offer, self.deferred)


def gaps(facts: RecordFacts) -> list[Gap]:
    found = []
    if facts.offer == "not_offered":
        found.append(Gap.NO_OFFER)
    if not facts.purpose_documented:
        found.append(Gap.NO_PURPOSE)
    if not facts.purpose_explained:
        found.append(Gap.PURPOSE_NOT_EXPLAINED)
    if facts.chaperone_present and facts.chaperone_trained is not True:
        found.append(Gap.UNTRAINED_CHAPERONE)
    if facts.chaperone_present and facts.observed_throughout is False:
        found.append(Gap.NOT_THROUGHOUT)
    return found


def editable_until(recorded_at: datetime) -> datetime:
    return recorded_at + EDIT_WINDOW


def can_edit(recorded_at: datetime, *, now: datetime) -> bool:
    """The record itself may be changed for 24 hours; after that only addenda are added."""
    return now < editable_until(recorded_at)


@dataclass
class Figures:
    examinations: int = 0
    no_offer: int = 0
    no_purpose: int = 0
    purpose_not_explained: int = 0
    untrained: int = 0
    not_throughout: int = 0
    declined: int = 0
    deferred: int = 0
    concerns: int = 0
    with_chaperone: int = 0

    def add(self, facts: RecordFacts) -> None:
        found = set(gaps(facts))
        self.examinations += 1
        self.no_offer += Gap.NO_OFFER in found
        self.no_purpose += Gap.NO_PURPOSE in found
        self.purpose_not_explained += Gap.PURPOSE_NOT_EXPLAINED in found
        self.untrained += Gap.UNTRAINED_CHAPERONE in found
        self.not_throughout += Gap.NOT_THROUGHOUT in found
        self.declined += facts.offer == "declined"
        self.deferred += facts.deferred
        self.concerns += facts.concerns
        self.with_chaperone += facts.chaperone_present

    @property
    def offer_documented(self) -> int:
        return self.examinations - self.no_offer

    def percent(self, count: int, of: int | None = None) -> int | None:
        whole = self.examinations if of is None else of
        return round(100 * count / whole) if whole else None


# The figures in an audit report, in order: (attribute, label).
FIGURE_LABELS = (
    ("examinations", "Intimate examinations recorded"),
    ("no_offer", "Without a chaperone offer recorded"),
    ("no_purpose", "Without a documented purpose"),
    ("purpose_not_explained", "Purpose not explained to the patient"),
    ("untrained", "With a chaperone without current training"),
    ("not_throughout", "Chaperone could not see throughout"),
    ("declined", "Offer declined by the patient"),
    ("deferred", "Examination deferred"),
    ("concerns", "Concerns raised"),
)
GAP_FIGURES = ("no_offer", "no_purpose", "purpose_not_explained", "untrained", "not_throughout")


def figures(rows: Iterable[RecordFacts]) -> Figures:
    totals = Figures()
    for row in rows:
        totals.add(row)
    return totals


def grouped(rows: Iterable[RecordFacts], key: Callable[[RecordFacts], str]) -> list[tuple[str, Figures]]:
    """Figures per department or clinician, the group with the most gaps first."""
    groups: dict[str, Figures] = {}
    for row in rows:
        groups.setdefault(key(row), Figures()).add(row)
    return sorted(
        groups.items(), key=lambda kv: (-sum(getattr(kv[1], g) for g in GAP_FIGURES), kv[0].casefold())
    )


def months(start: date, end: date) -> list[date]:
    """The first day of every month from start to end inclusive."""
    found, month = [], start.replace(day=1)
    while month <= end:
        found.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return found


def monthly(rows: Iterable[RecordFacts], start: date, end: date) -> list[tuple[date, Figures]]:
    """The trend: figures for each month of the period, empty months included."""
    series = {m: Figures() for m in months(start, end)}
    for row in rows:
        month = row.examined_on.replace(day=1)
        if month in series:
            series[month].add(row)
    return list(series.items())


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    problems: dict[str, str] = field(default_factory=dict)


def parse_period(start: str, end: str, *, today: date, longest_days: int = 3 * 366) -> Period:
    """The audit period from two ISO dates; by default the last 12 months to today."""
    found: dict[str, str] = {}
    default_start = (today.replace(day=1) - timedelta(days=335)).replace(day=1)
    chosen: dict[str, date] = {}
    for name, value, fallback in (("start", start, default_start), ("end", end, today)):
        try:
            chosen[name] = date.fromisoformat(value.strip()) if value.strip() else fallback
        except ValueError:
            found[name] = "Enter a date like 2026-04-01"
            chosen[name] = fallback
    if not found and chosen["end"] < chosen["start"]:
        found["end"] = "The end of the period must be on or after its start"
    elif not found and (chosen["end"] - chosen["start"]).days > longest_days:
        found["end"] = "Choose a period of three years or less"
    if found:
        return Period(default_start, today, found)
    return Period(chosen["start"], chosen["end"])


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Stop a spreadsheet treating a cell as a formula: text starting = + - @ gets an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class ConcernAbout(StrEnum):
    """Whom a concern raised from a chaperone record is about, as the person raising it says. The
    examiner is never assumed: a clinician may be worried about the chaperone or a previous doctor."""

    EXAMINER = "examiner"
    CHAPERONE = "chaperone"
    SOMEONE_ELSE = "someone_else"
    NOT_SAID = "not_said"


CONCERN_ABOUT = (
    (ConcernAbout.EXAMINER.value, "The clinician who examined the patient"),
    (ConcernAbout.CHAPERONE.value, "The chaperone at this examination"),
    (ConcernAbout.SOMEONE_ELSE.value, "Someone else, for example a doctor who saw the patient before"),
    (ConcernAbout.NOT_SAID.value, "I would rather not say, or it is not about a person"),
)
CONCERN_ABOUT_LABELS = dict(CONCERN_ABOUT)


@dataclass(frozen=True)
class ConcernSubject:
    """Whom the concern is about: one of `ConcernAbout`, with a name, role and (optional) staff
    number when it is someone else."""

    about: str = ""
    name: str = ""
    role: str = ""
    staff_number: str = ""

    @property
    def names_a_person(self) -> bool:
        """Only a concern about a named professional becomes a weak signal about them."""
        return self.about in (ConcernAbout.EXAMINER, ConcernAbout.CHAPERONE, ConcernAbout.SOMEONE_ELSE)


def subject_problems(subject: ConcernSubject, *, chaperone_present: bool) -> dict[str, str]:
    """What is missing from "whom is it about", as {form field: message}."""
    found: dict[str, str] = {}
    if subject.about not in tuple(ConcernAbout):
        found["concern_about"] = "Select whom your concern is about"
    elif subject.about == ConcernAbout.CHAPERONE and not chaperone_present:
        found["concern_about"] = "The record has no chaperone at this examination: select someone else"
    elif subject.about == ConcernAbout.SOMEONE_ELSE:
        if not subject.name.strip():
            found["concern_about_name"] = "Enter the name of the person your concern is about"
        if not subject.role.strip():
            found["concern_about_role"] = "Enter their role, like locum GP or healthcare assistant"
    for name, value in (
        ("concern_about_name", subject.name),
        ("concern_about_role", subject.role),
        ("concern_about_staff_number", subject.staff_number),
    ):
        if not storable(value):
            found[name] = "Remove the characters that cannot be stored, such as control characters"
    return found


def concern_text(
    *,
    reference: str,
    examined_on: date,
    department: str,
    procedure: str,
    examiner: str,
    concern: str,
    about: str = "",
) -> str:
    """The concern as the case handlers read it: which record it came from, whom it is about, then
    the words."""
    return (
        f"Concern raised from chaperone record {reference} "
        f"({procedure}, {department}, {examined_on:%-d %B %Y}). "
        f"Examining clinician: {examiner}."
        + (f" The concern is about: {about}." if about else "")
        + f"\n\n{concern.strip()}"
    )


def offer_evidence(totals: Figures, period_label: str) -> str:
    """The assurance checklist's evidence line for "an offer of a chaperone is documented"."""
    if not totals.examinations:
        return f"No intimate examinations recorded in Rampart in {period_label}"
    return (
        f"{totals.offer_documented} of {totals.examinations} intimate examinations "
        f"({totals.percent(totals.offer_documented)}%) had a chaperone offer documented in {period_label}; "
        f"{totals.no_purpose} without a documented purpose, {totals.untrained} with an untrained "
        f"chaperone, {totals.concerns} concerns raised"
    )


# The policy check: which chaperoning principle (item of the assurance checklist) each audit figure
# is evidence for. Titles are the six topics of annex A.
PRINCIPLES = (
    ("CH2.1", "Purpose, terminology and the role of the chaperone", ("not_throughout",)),
    ("CH2.2", "Communicating the offer of a chaperone", ("no_offer", "declined")),
    ("CH2.3", "Escalation: chaperones empowered to raise concerns", ("concerns",)),
    ("CH2.4", "Records management", ("no_purpose", "purpose_not_explained", "no_offer")),
    ("CH2.5", "Training and competency", ("untrained",)),
)
