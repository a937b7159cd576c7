"""Notifications to the CQC and NHS England, and the Postgraduate Dean discussion.

Each rule reads like the regulation or letter it comes from: the trigger in plain English,
then the answer. A rule returns ``None`` when the facts show the duty does not apply,
``required`` when they meet the trigger, and ``consider`` when it may apply once the unknowns
are known.
"""

from __future__ import annotations

from . import sources
from .deadlines import PROMPT_WORKING_DAYS, due
from .derived import (
    abuse_alleged,
    affected_is_patient,
    all_of,
    any_of,
    police_involved,
    sexual_misconduct_alleged,
    subject_is_worker,
)
from .duty import Duty, DutyCode, Status
from .facts import Facts, Maybe, OrganisationKind
from .wording import join_words


def _status(answer: Maybe) -> Status:
    return Status.REQUIRED if answer is True else Status.CONSIDER


def _in_primary_care(facts: Facts) -> Maybe:
    kind = facts.organisation.kind
    return None if kind is None else kind is OrganisationKind.PRIMARY_CARE


def cqc_notification(facts: Facts) -> Duty | None:
    """A CQC-registered provider notifies the CQC without delay (regulation 18).

    Regulation 18(2)(e) covers abuse or an allegation of abuse relating to a service user;
    18(2)(f) covers any incident reported to or investigated by the police, whoever was affected.
    """
    registered = facts.organisation.cqc_registered
    patient = affected_is_patient(facts)
    abuse = abuse_alleged(facts)
    police = police_involved(facts)
    service_user_abuse = all_of(patient, abuse)
    answer = all_of(registered, any_of(service_user_abuse, police))
    if answer is False:
        return None
    if answer is True:
        grounds: list[str] = []
        if service_user_abuse is True:
            grounds.append("a patient is alleged to have been abused (regulation 18(2)(e))")
        if police is True:
            grounds.append(
                "the incident has been reported to or is being investigated by the police (18(2)(f))"
            )
        reason = (
            f"The organisation is registered with the CQC and {join_words(grounds)}: notify the "
            "CQC on the day it is reported, if it happened while, or because, services were "
            "being provided."
        )
    else:
        reason = (
            "This applies to a CQC-registered provider when a patient is alleged to have been "
            "abused or the police are involved; check "
            f"{join_words(_cqc_unknowns(registered, patient, abuse, police))}. Required once the "
            "organisation is recorded as CQC-registered and either of those is recorded."
        )
    kind = facts.organisation.kind
    if kind is OrganisationKind.NHS_TRUST:
        reason += (
            " As an NHS trust this is met if the incident has already been reported to NHS "
            "England through the national patient safety incident system."
        )
    elif kind is OrganisationKind.PRIMARY_CARE:
        reason += " A GP practice meets this if it has already reported the incident to NHS England."
    return Duty(
        code=DutyCode.CQC_NOTIFICATION,
        status=_status(answer),
        basis=sources.CQC_NOTIFICATION,
        due=facts.reported_on,
        reason=reason,
        recipient="Care Quality Commission (CQC)",
    )


def _cqc_unknowns(registered: Maybe, patient: Maybe, abuse: Maybe, police: Maybe) -> list[str]:
    unknowns: list[str] = []
    if registered is None:
        unknowns.append("whether the organisation is registered with the CQC")
    service_user_abuse = all_of(patient, abuse)
    if service_user_abuse is None and police is not True:
        if patient is None:
            unknowns.append("whether the person affected is a patient")
        if abuse is None:
            unknowns.append("whether abuse is alleged")
    if police is None and service_user_abuse is not True:
        unknowns.append("whether the police are involved")
    return unknowns


_MDSIPS_TEAM = "the Regional Medical Director Systems Improvement and Professional Standards (MDSIPS)"
_PROMPT = " Due within five working days (no source sets a deadline; Rampart's default)."


def commissioner_notification(facts: Facts) -> Duty | None:
    """A primary care provider tells its commissioner of any sexual misconduct allegation.

    For a subject on the Performers List the one notification goes via the regional MDSIPS
    (``MDSIPS_NOTIFICATION``), so this duty is left out.
    """
    primary = _in_primary_care(facts)
    team = subject_is_worker(facts)
    sexual = sexual_misconduct_alleged(facts)
    on_list = facts.subject.on_performers_list
    answer = all_of(primary, team, sexual)
    if answer is False or on_list is True:
        return None
    if answer is True:
        reason = (
            "A primary care provider has received an allegation of sexual misconduct against a "
            "member of its team: notify the commissioner (the ICB)."
        )
    else:
        unknowns = [
            question
            for question, known in (
                ("whether the organisation is a primary care provider", primary),
                ("whether the subject is a member of the team", team),
                ("whether the concern has a sexual dimension", sexual),
            )
            if known is None
        ]
        reason = (
            f"This applies to primary care providers; check {join_words(unknowns)}. Required once "
            "the organisation is recorded as a primary care provider, the subject as a member of "
            "its team and the concern as having, or possibly having, a sexual dimension."
        )
    if on_list is None:
        reason += (
            " It is not recorded whether the subject is on a Performers List: if they are, "
            f"this one notification goes via {_MDSIPS_TEAM} instead."
        )
    return Duty(
        code=DutyCode.COMMISSIONER_NOTIFICATION,
        status=_status(answer),
        basis=sources.COMMISSIONER,
        due=due(facts.reported_on, PROMPT_WORKING_DAYS),
        reason=reason + _PROMPT,
        recipient="The commissioner: the integrated care board (ICB), or NHS England",
    )


def mdsips_notification(facts: Facts) -> Duty | None:
    """A performer on a Performers List: the notification to the commissioner goes via the MDSIPS."""
    on_list = facts.subject.on_performers_list
    sexual = sexual_misconduct_alleged(facts)
    if on_list is False or sexual is False:
        return None
    primary = _in_primary_care(facts)
    answer = all_of(on_list, sexual, primary)
    if answer is True:
        reason = (
            "A primary care provider notifies its commissioner of any allegation of sexual "
            "misconduct against a member of its team; the subject is on a Performers List "
            f"(medical, dental or ophthalmic), so this is via {_MDSIPS_TEAM}: one notification, "
            "not a separate one to the ICB."
        )
    elif on_list is None:
        reason = (
            "It is not known whether the subject is on a Performers List. Required once they are "
            "recorded as on one (at a primary care provider, for a concern with a sexual dimension)."
        )
    elif sexual is None:
        reason = (
            "The subject is on a Performers List; this applies if the concern has a sexual "
            "dimension. Required once it is recorded as having, or possibly having, one."
        )
    elif primary is None:
        reason = (
            "The subject is on a Performers List. Required once the organisation is recorded as a "
            "primary care provider; if it is not one, consider telling the MDSIPS so NHS England "
            "can manage the list."
        )
    else:
        reason = (
            "The subject is on a Performers List. The national letter asks primary care "
            "providers to notify through the MDSIPS; as this organisation is not recorded as "
            "one, consider telling the MDSIPS so NHS England can manage the list. It would be "
            "required of a primary care provider."
        )
    return Duty(
        code=DutyCode.MDSIPS_NOTIFICATION,
        status=_status(answer),
        basis=sources.MDSIPS,
        due=due(facts.reported_on, PROMPT_WORKING_DAYS),
        reason=reason + _PROMPT,
        recipient=(
            "The commissioner (NHS England), via the Regional Medical Director Systems Improvement "
            "and Professional Standards (MDSIPS) team"
        ),
    )


def postgraduate_dean_discussion(facts: Facts) -> Duty | None:
    """A resident doctor facing a sexual allegation: first discuss it with the Postgraduate Dean."""
    resident = facts.subject.resident_doctor
    sexual = sexual_misconduct_alleged(facts)
    answer = all_of(resident, sexual)
    if answer is False:
        return None
    if answer is True:
        reason = (
            "Allegations of inappropriate sexual behaviour against a resident doctor: discuss "
            "them with the Postgraduate Dean, the doctor's responsible officer, before next steps "
            "are agreed. A clear sexual element very likely needs conduct processes, after "
            "safeguarding and police involvement have been considered."
        )
    elif resident is None:
        reason = (
            "It is not known whether the subject is a resident doctor. Required once they are "
            "recorded as one."
        )
    else:
        reason = (
            "The subject is a resident doctor; this applies if the concern has a sexual dimension. "
            "Required once it is recorded as having, or possibly having, one."
        )
    return Duty(
        code=DutyCode.POSTGRADUATE_DEAN_DISCUSSION,
        status=_status(answer),
        basis=sources.POSTGRADUATE_DEAN,
        due=due(facts.reported_on, PROMPT_WORKING_DAYS),
        reason=reason + _PROMPT,
        recipient=("The Postgraduate Dean (NHS England), as the resident doctor's responsible officer"),
    )
