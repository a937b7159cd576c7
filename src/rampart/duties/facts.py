"""The facts of a concern, read from the contract's JSON shape into typed, frozen values.

Every field is optional. Unknown fields are ignored. A value of the wrong type, or a word that
is not in the contract's list, raises :class:`InvalidFacts` naming the field by its dotted path
(``concern.affected.kind``). A missing choice or date is unknown (``None``). A missing boolean is
``False``, as the contract says, except for the three facts that describe the organisation and
the subject rather than something that happened (``organisation.cqc_registered``,
``organisation.regulated_activity_provider``, ``subject.in_regulated_activity``): those are
unknown when missing, so the engine says "consider" rather than dropping a legal duty; so is
the extension ``subject.works_with_children``. An explicit ``null`` boolean is always unknown.

Issue 16 adds optional facts beyond the contract (``subject.works_with_children``,
``subject.left_on``, ``police.charged``, ``risk.police_contact_advised``,
``actions.removed_from_clinical_duties``, ``actions.removed_on``); they are read the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

Maybe = bool | None
"""Three-valued truth: ``None`` means the facts do not say."""


class InvalidFacts(ValueError):
    """The facts break the contract; ``field`` is the dotted path of the offending value."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class OrganisationKind(StrEnum):
    NHS_TRUST = "nhs_trust"
    ICB = "icb"
    PRIMARY_CARE = "primary_care"
    INDEPENDENT_PROVIDER = "independent_provider"
    SOCIAL_CARE = "social_care"


class SexualDimension(StrEnum):
    YES = "yes"
    POSSIBLE = "possible"
    NO = "no"
    UNKNOWN = "unknown"


class Category(StrEnum):
    RAPE = "rape"
    SEXUAL_ASSAULT = "sexual_assault"
    UNWANTED_TOUCHING = "unwanted_touching"
    SEXUAL_HARASSMENT = "sexual_harassment"
    SEXUAL_COMMENTS = "sexual_comments"
    INAPPROPRIATE_EXAMINATION = "inappropriate_examination"
    GROOMING = "grooming"
    BOUNDARY_BREACH = "boundary_breach"
    INDECENT_IMAGES = "indecent_images"
    INDECENT_EXPOSURE = "indecent_exposure"
    STALKING = "stalking"
    INAPPROPRIATE_RECORDS_ACCESS = "inappropriate_records_access"
    OTHER = "other"


class AffectedKind(StrEnum):
    PATIENT = "patient"
    STAFF = "staff"
    STUDENT = "student"
    VISITOR = "visitor"
    PUBLIC = "public"


class SubjectKind(StrEnum):
    STAFF = "staff"
    STUDENT = "student"
    CONTRACTOR = "contractor"
    AGENCY = "agency"
    VOLUNTEER = "volunteer"
    PATIENT = "patient"
    PUBLIC = "public"


class Role(StrEnum):
    DOCTOR = "doctor"
    DENTIST = "dentist"
    NURSE = "nurse"
    MIDWIFE = "midwife"
    NURSING_ASSOCIATE = "nursing_associate"
    AHP = "ahp"
    PARAMEDIC = "paramedic"
    PHARMACIST = "pharmacist"
    OPTOMETRIST = "optometrist"
    SOCIAL_WORKER = "social_worker"
    HEALTHCARE_SUPPORT_WORKER = "healthcare_support_worker"
    ADMIN = "admin"
    STUDENT = "student"
    CONTRACTOR = "contractor"
    VOLUNTEER = "volunteer"
    OTHER = "other"


class Regulator(StrEnum):
    GMC = "GMC"
    NMC = "NMC"
    HCPC = "HCPC"
    GDC = "GDC"
    GPHC = "GPhC"
    GOC = "GOC"
    SWE = "SWE"


# Behaviour that is sexual by its nature: naming it settles the sexual dimension.
SEXUAL_CATEGORIES = frozenset(
    {
        Category.RAPE,
        Category.SEXUAL_ASSAULT,
        Category.UNWANTED_TOUCHING,
        Category.SEXUAL_HARASSMENT,
        Category.SEXUAL_COMMENTS,
        Category.INDECENT_IMAGES,
        Category.INDECENT_EXPOSURE,
    }
)

# Behaviour that may be sexual; the update letter asks organisations to consider a sexual
# dimension "even if this is not immediately obvious from the allegation".
POSSIBLY_SEXUAL_CATEGORIES = frozenset(Category) - SEXUAL_CATEGORIES

WORKER_KINDS = frozenset(
    {
        SubjectKind.STAFF,
        SubjectKind.STUDENT,
        SubjectKind.CONTRACTOR,
        SubjectKind.AGENCY,
        SubjectKind.VOLUNTEER,
    }
)


@dataclass(frozen=True)
class Organisation:
    kind: OrganisationKind | None = None
    cqc_registered: Maybe = None
    regulated_activity_provider: Maybe = None


@dataclass(frozen=True)
class Affected:
    kind: AffectedKind | None = None
    child: Maybe = False
    adult_at_risk: Maybe = False


@dataclass(frozen=True)
class Concern:
    sexual_dimension: SexualDimension = SexualDimension.UNKNOWN
    categories: frozenset[Category] = frozenset()
    criminal_allegation: Maybe = False
    affected: Affected = Affected()


@dataclass(frozen=True)
class Subject:
    kind: SubjectKind | None = None
    role: Role | None = None
    regulator: Regulator | None = None
    resident_doctor: Maybe = False
    on_performers_list: Maybe = False
    in_regulated_activity: Maybe = None
    left_organisation: Maybe = False
    # Extensions beyond CONTRACTS.md section 3 (issue 16); see docs/duties.md.
    works_with_children: Maybe = None
    left_on: date | None = None


@dataclass(frozen=True)
class Police:
    involved: Maybe = False
    investigation_active: Maybe = False
    charged: Maybe = False  # extension (issue 16)


@dataclass(frozen=True)
class Risk:
    """The risk assessment's answers (an extension beyond CONTRACTS.md section 3, issue 16)."""

    police_contact_advised: Maybe = False


@dataclass(frozen=True)
class Actions:
    removed_from_regulated_activity: Maybe = False
    would_have_removed_if_not_left: Maybe = False
    suspended: Maybe = False
    dismissed: Maybe = False
    # Extensions beyond CONTRACTS.md section 3 (issue 16): removal from specific clinical duties,
    # and the day the subject was first removed from regulated activity or clinical duties.
    removed_from_clinical_duties: Maybe = False
    removed_on: date | None = None


@dataclass(frozen=True)
class Findings:
    relevant_conduct: Maybe = False
    harm_test_met: Maybe = False
    autobar_caution_or_conviction: Maybe = False
    substantiated: Maybe = None


@dataclass(frozen=True)
class Facts:
    reported_on: date | None = None
    organisation: Organisation = Organisation()
    concern: Concern = Concern()
    subject: Subject = Subject()
    police: Police = Police()
    risk: Risk = Risk()
    actions: Actions = Actions()
    findings: Findings = Findings()


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _shown(value: object) -> str:
    """A short, JSON-like rendering of a rejected value for the error message."""
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Section:
    """One JSON object of the facts, read field by field with its dotted path for errors."""

    def __init__(self, raw: object, path: str) -> None:
        if raw is None:
            raw = {}
        if not isinstance(raw, Mapping):
            raise InvalidFacts(path, f"must be an object or null, not {_shown(raw)}")
        self._raw: Mapping[object, object] = raw
        self._path = path

    def _field(self, name: str) -> str:
        return f"{self._path}.{name}" if self._path else name

    def section(self, name: str) -> _Section:
        return _Section(self._raw.get(name), self._field(name))

    def flag(self, name: str, *, missing: Maybe = False) -> Maybe:
        if name not in self._raw:
            return missing
        value = self._raw[name]
        if value is None or isinstance(value, bool):
            return value
        raise InvalidFacts(self._field(name), f"must be true, false or null, not {_shown(value)}")

    def choice[E: StrEnum](self, name: str, options: type[E]) -> E | None:
        return _choice(self._raw.get(name), options, self._field(name))

    def choices[E: StrEnum](self, name: str, options: type[E]) -> frozenset[E]:
        value = self._raw.get(name)
        if value is None:
            return frozenset()
        if not isinstance(value, list):
            raise InvalidFacts(self._field(name), f"must be a list or null, not {_shown(value)}")
        found: set[E] = set()
        for index, item in enumerate(value):
            chosen = _choice(item, options, f"{self._field(name)}[{index}]")
            if chosen is None:
                raise InvalidFacts(f"{self._field(name)}[{index}]", "must not be null")
            found.add(chosen)
        return frozenset(found)

    def date(self, name: str) -> date | None:
        value = self._raw.get(name)
        if value is None:
            return None
        problem = f"must be a date written YYYY-MM-DD, or null, not {_shown(value)}"
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise InvalidFacts(self._field(name), problem)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InvalidFacts(self._field(name), problem) from None


def _choice[E: StrEnum](value: object, options: type[E], field: str) -> E | None:
    if value is None:
        return None
    if isinstance(value, str):
        for option in options:
            if option.value == value:
                return option
    allowed = ", ".join(option.value for option in options)
    raise InvalidFacts(field, f"must be one of {allowed} or null, not {_shown(value)}")


def parse_facts(raw: object) -> Facts:
    """Read the contract's facts object; raise :class:`InvalidFacts` naming the first bad field."""
    if not isinstance(raw, Mapping):
        raise InvalidFacts("facts", f"must be a JSON object, not {_shown(raw)}")
    root = _Section(raw, "")
    organisation = root.section("organisation")
    concern = root.section("concern")
    affected = concern.section("affected")
    subject = root.section("subject")
    police = root.section("police")
    risk = root.section("risk")
    actions = root.section("actions")
    findings = root.section("findings")
    return Facts(
        reported_on=root.date("reported_on"),
        organisation=Organisation(
            kind=organisation.choice("kind", OrganisationKind),
            cqc_registered=organisation.flag("cqc_registered", missing=None),
            regulated_activity_provider=organisation.flag("regulated_activity_provider", missing=None),
        ),
        concern=Concern(
            sexual_dimension=concern.choice("sexual_dimension", SexualDimension) or SexualDimension.UNKNOWN,
            categories=concern.choices("categories", Category),
            criminal_allegation=concern.flag("criminal_allegation"),
            affected=Affected(
                kind=affected.choice("kind", AffectedKind),
                child=affected.flag("child"),
                adult_at_risk=affected.flag("adult_at_risk"),
            ),
        ),
        subject=Subject(
            kind=subject.choice("kind", SubjectKind),
            role=subject.choice("role", Role),
            regulator=subject.choice("regulator", Regulator),
            resident_doctor=subject.flag("resident_doctor"),
            on_performers_list=subject.flag("on_performers_list"),
            in_regulated_activity=subject.flag("in_regulated_activity", missing=None),
            left_organisation=subject.flag("left_organisation"),
            works_with_children=subject.flag("works_with_children", missing=None),
            left_on=subject.date("left_on"),
        ),
        police=Police(
            involved=police.flag("involved"),
            investigation_active=police.flag("investigation_active"),
            charged=police.flag("charged"),
        ),
        risk=Risk(police_contact_advised=risk.flag("police_contact_advised")),
        actions=Actions(
            removed_from_regulated_activity=actions.flag("removed_from_regulated_activity"),
            would_have_removed_if_not_left=actions.flag("would_have_removed_if_not_left"),
            suspended=actions.flag("suspended"),
            dismissed=actions.flag("dismissed"),
            removed_from_clinical_duties=actions.flag("removed_from_clinical_duties"),
            removed_on=actions.date("removed_on"),
        ),
        findings=Findings(
            relevant_conduct=findings.flag("relevant_conduct"),
            harm_test_met=findings.flag("harm_test_met"),
            autobar_caution_or_conviction=findings.flag("autobar_caution_or_conviction"),
            substantiated=findings.flag("substantiated", missing=None),
        ),
    )
