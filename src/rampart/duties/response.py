"""Duties of the organisation's own response: review, risk, support, investigation and records.

Each rule reads like the policy it comes from: the trigger in plain English, then the answer.
A rule returns ``None`` when the facts show the duty does not apply.
"""

from __future__ import annotations

from . import sources
from .deadlines import PROMPT_WORKING_DAYS, clock_start, due
from .derived import (
    all_of,
    any_of,
    barring_reason_met,
    sexual_dimension,
    sexual_misconduct_alleged,
    subject_has_gone,
    subject_is_staff,
    subject_is_worker,
    subject_left,
)
from .duty import Duty, DutyCode, Status
from .facts import Facts, Maybe, OrganisationKind, Role, SexualDimension
from .wording import join_words

_UNKNOWN_DIMENSION = (
    "It is not yet known whether the concern has a sexual dimension. Required once the concern is "
    "recorded as having, or possibly having, one."
)

# Organisations that normally keep their staff records in ESR, the NHS's own workforce system.
_ESR_USERS = frozenset({OrganisationKind.NHS_TRUST, OrganisationKind.ICB})
# Some GP practices use ESR; independent and social care providers do not.
_MAY_USE_ESR = frozenset({OrganisationKind.PRIMARY_CARE})


def _dimension_reason(facts: Facts) -> str:
    if facts.concern.sexual_dimension is not sexual_dimension(facts):
        return "The concern names behaviour that is sexual by its nature"
    if sexual_dimension(facts) is SexualDimension.POSSIBLE:
        return "The concern may have a sexual dimension"
    return "The concern has a sexual dimension"


def review_group(facts: Facts) -> Duty | None:
    """Any case with a sexual component, or one that may have, goes to a review group."""
    sexual = sexual_misconduct_alleged(facts)
    if sexual is False:
        return None
    if sexual is None:
        status, reason = (
            Status.CONSIDER,
            _UNKNOWN_DIMENSION
            + (" A review group can decide whether the actions could have a sexual dimension."),
        )
    else:
        status = Status.REQUIRED
        reason = f"{_dimension_reason(facts)}, so a review group should consider the case."
    return Duty(
        code=DutyCode.REVIEW_GROUP,
        status=status,
        basis=sources.REVIEW_GROUP,
        due=None,
        reason=reason,
        recipient="The organisation's sexual misconduct review group, with safeguarding advice",
    )


def risk_assessment_all_parties(facts: Facts) -> Duty | None:
    """Once an allegation is reported, assess the risks to everyone involved, immediately."""
    sexual = sexual_misconduct_alleged(facts)
    if sexual is False:
        return None
    if sexual is None:
        status, reason = Status.CONSIDER, _UNKNOWN_DIMENSION
    else:
        status = Status.REQUIRED
        reason = (
            f"{_dimension_reason(facts)}: assess possible harm to everyone involved, the person "
            "affected, the person accused and witnesses, and whether the police should be "
            "contacted, on the day it is reported."
        )
    return Duty(
        code=DutyCode.RISK_ASSESSMENT_ALL_PARTIES,
        status=status,
        basis=sources.RISK_ASSESSMENT,
        due=facts.reported_on,
        reason=reason,
        recipient=None,
    )


def support_all_parties(facts: Facts) -> Duty | None:
    """Support is offered to everyone involved, including the person accused."""
    sexual = sexual_misconduct_alleged(facts)
    if sexual is False:
        return None
    if sexual is None:
        status, reason = Status.CONSIDER, _UNKNOWN_DIMENSION
    else:
        status = Status.REQUIRED
        reason = (
            f"{_dimension_reason(facts)}: offer support to everyone involved, including the "
            "person affected, witnesses and the person accused."
        )
    return Duty(
        code=DutyCode.SUPPORT_ALL_PARTIES,
        status=status,
        basis=sources.SUPPORT,
        due=None,
        reason=reason,
        recipient=None,
    )


def specialist_investigator(facts: Facts) -> Duty | None:
    """A worker accused of sexual misconduct is investigated by a specially trained person."""
    sexual = sexual_misconduct_alleged(facts)
    if sexual is False:
        return None
    worker = subject_is_worker(facts)
    if sexual is None:
        status, reason = Status.CONSIDER, _UNKNOWN_DIMENSION
    elif worker is False:
        status = Status.CONSIDER
        reason = (
            f"{_dimension_reason(facts)}, but the person accused is not a worker; if the "
            "organisation investigates, the investigator should be trained in sexual misconduct. "
            "Required if the person accused is a worker (staff, student, contractor, agency or "
            "volunteer)."
        )
    else:
        status = Status.REQUIRED
        reason = (
            f"{_dimension_reason(facts)}: the investigator must have specialist training in "
            "sexual misconduct."
        )
        if facts.subject.role in (Role.DOCTOR, Role.DENTIST) or facts.subject.resident_doctor:
            reason += (
                " If policy requires a medical or dental investigator, choose one from the pool "
                "specially trained in sexual misconduct investigations."
            )
    return Duty(
        code=DutyCode.SPECIALIST_INVESTIGATOR,
        status=status,
        basis=sources.SPECIALIST_INVESTIGATOR,
        due=None,
        reason=reason,
        recipient=None,
    )


def interim_measures_review(facts: Facts) -> Duty | None:
    """Decide interim steps at once; keep any suspension or restriction under review.

    Once the subject has been dismissed or has left, interim measures on them no longer arise.
    """
    if subject_has_gone(facts):
        return None
    sexual = sexual_misconduct_alleged(facts)
    actions = facts.actions
    in_place = [
        label
        for label, taken in (
            ("suspended", actions.suspended),
            ("removed from regulated activity", actions.removed_from_regulated_activity),
            ("removed from clinical duties", actions.removed_from_clinical_duties),
        )
        if taken is True
    ]
    measures = any_of(
        actions.suspended, actions.removed_from_regulated_activity, actions.removed_from_clinical_duties
    )
    if measures is False and sexual is False:
        return None
    reasons: list[str] = []
    if sexual is True:
        reasons.append(
            f"{_dimension_reason(facts)}: decide on the day it is reported what interim steps "
            "are needed, such as separating the people involved, changing duties or location, "
            "supervision, restricting practice, removing access to drugs that could be fatal, or "
            "suspension."
        )
    elif sexual is None:
        reasons.append(_UNKNOWN_DIMENSION)
    if in_place:
        reasons.append(
            f"The subject has been {' and '.join(in_place)}: keep this under review, and end it "
            "when it is no longer needed."
        )
    elif measures is None:
        reasons.append(
            "It is not known whether the subject has been suspended or removed from regulated "
            "activity or clinical duties. Required once a suspension or removal is recorded: "
            "keep it under review."
        )
    basis = sources.INTERIM_MEASURES
    if facts.subject.role in (Role.DOCTOR, Role.DENTIST) or facts.subject.resident_doctor:
        basis += f"; {sources.INTERIM_MEASURES_MHPS}"
    return Duty(
        code=DutyCode.INTERIM_MEASURES_REVIEW,
        status=Status.REQUIRED if measures is True or sexual is True else Status.CONSIDER,
        basis=basis,
        due=facts.reported_on if sexual is not False else None,
        reason=" ".join(reasons),
        recipient=None,
    )


def esr_record_update(facts: Facts) -> Duty | None:
    """NHS organisations keep ESR up to date with ongoing and completed staff investigations."""
    sexual = sexual_misconduct_alleged(facts)
    staff = subject_is_staff(facts)
    kind = facts.organisation.kind
    if sexual is False or staff is False:
        return None
    if kind is not None and kind not in _ESR_USERS | _MAY_USE_ESR:
        return None
    unknowns: list[str] = []
    if sexual is None:
        unknowns.append("whether the concern has a sexual dimension")
    if staff is None:
        unknowns.append("whether the subject is an employee")
    if kind is None:
        unknowns.append("whether the organisation records employee relations issues in ESR")
    elif kind in _MAY_USE_ESR:
        unknowns.append("whether the practice records employee relations issues in ESR")
    if unknowns:
        status = Status.CONSIDER
        reason = (
            f"This applies to investigations into staff recorded in ESR; check {join_words(unknowns)}. "
            "Required once the subject is recorded as an employee of an organisation that records "
            "employee relations issues in ESR, and the concern as having, or possibly having, a "
            "sexual dimension."
        )
    else:
        status = Status.REQUIRED
        reason = (
            "An investigation into a member of staff of an NHS organisation: record it in ESR "
            "while it is ongoing and update it with the outcome, so an inter-authority transfer "
            "shows it to a future NHS employer."
        )
    if subject_left(facts) is True:
        reason += " The subject has left: update ESR before any inter-authority transfer."
    reason += _PROMPT
    return Duty(
        code=DutyCode.ESR_RECORD_UPDATE,
        status=status,
        basis=sources.ESR,
        due=due(facts.reported_on, PROMPT_WORKING_DAYS),
        reason=reason,
        recipient="Electronic Staff Record (ESR)",
    )


def information_sharing_on_transfer(facts: Facts) -> Duty | None:
    """Concerns about a worker are shared with future employers and host organisations.

    Required for a leaver with a finding against them or a case still open when the concern has
    or may have a sexual dimension (the framework's basis); for other leavers, and while they
    are in post, something to weigh when they move, work for a host or a reference is asked for.
    """
    worker = subject_is_worker(facts)
    if worker is False:
        return None
    left = subject_left(facts)
    outstanding = _finding_or_open_case(facts)
    sexual = sexual_misconduct_alleged(facts)
    if left is True:
        if outstanding is False:
            return None
        answer = all_of(worker, outstanding, sexual)
    elif sexual is False and (left is False or outstanding is False):
        return None
    else:
        answer = False if left is False else None
    if answer is True:
        status = Status.REQUIRED
        what = "after a finding against them" if _found(facts) is True else "while the case is still open"
        reason = (
            f"The subject has left {what}: share the investigation findings (or that an "
            "investigation is ongoing), relevant DBS information and any pattern of behaviour with "
            "their next employer or host organisation, fairly and accurately."
        )
    elif left is True and sexual is False:
        status = Status.CONSIDER
        reason = (
            "The subject has left, but the concern has no sexual dimension, so the sexual "
            "misconduct framework does not require sharing: consider sharing the investigation "
            "findings (or that an investigation is ongoing) with their next employer or host "
            "organisation under the usual reference policy. Required once the concern is "
            "recorded as having, or possibly having, a sexual dimension."
        )
    else:
        status = Status.CONSIDER
        reason = (
            "When the subject moves to another employer or works for a host organisation, or a "
            "reference is requested, share the investigation findings, relevant DBS information "
            "and any pattern of behaviour. Required once the subject is recorded as a worker who "
            "has left (subject.left_organisation or subject.left_on) while the case is open or "
            "after a finding against them, and the concern as having, or possibly having, a "
            "sexual dimension."
        )
    reason += _PROMPT
    return Duty(
        code=DutyCode.INFORMATION_SHARING_ON_TRANSFER,
        status=status,
        basis=sources.INFORMATION_SHARING,
        due=due(clock_start(facts.reported_on, facts.subject.left_on), PROMPT_WORKING_DAYS),
        reason=reason,
        recipient="Future employers and host organisations",
    )


_PROMPT = " Due within five working days (no source sets a deadline; Rampart's default)."


def _found(facts: Facts) -> Maybe:
    """A finding against the subject: substantiated, or a barring reason found."""
    return any_of(facts.findings.substantiated, barring_reason_met(facts))


def _finding_or_open_case(facts: Facts) -> Maybe:
    """A finding against the subject, or a case not yet decided (nothing found either way)."""
    return any_of(_found(facts), facts.findings.substantiated is None)
