"""Notifications to the CQC and NHS England, and the Postgraduate Dean discussion.

Each rule reads like the regulation or letter it comes from: the trigger in plain English,
then the answer. A rule returns ``None`` when the facts show the duty does not apply,
``required`` when they meet the trigger, and ``consider`` when it may apply once the unknowns
are known.
"""

from __future__ import annotations

from . import sources
from .derived import (
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
    """A CQC-registered provider notifies the CQC without delay of alleged abuse of a service user.

    Regulation 18(2)(e) covers abuse or an allegation of abuse relating to a service user;
    18(2)(f) covers an incident reported to or investigated by the police.
    """
    registered = facts.organisation.cqc_registered
    if registered is False:
        return None
    patient = affected_is_patient(facts)
    abuse = any_of(sexual_misconduct_alleged(facts), facts.concern.criminal_allegation)
    police = police_involved(facts)
    answer = all_of(registered, patient, any_of(abuse, police))
    if answer is False:
        if police is False or patient is not False:
            return None
        reason = (
            "The police are, or may be, involved, though the person affected is not a patient: "
            "notify if the incident happened while services were being provided "
            "(regulation 18(2)(f))."
        )
    elif answer is True:
        reason = (
            "The organisation is registered with the CQC and a patient is alleged to have been "
            "abused: notify the CQC on the day it is reported."
        )
    else:
        reason = (
            "This applies to a CQC-registered provider when a patient is alleged to have been "
            "abused or the police are involved; check "
            f"{join_words(_cqc_unknowns(registered, patient, abuse, police))}."
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
    if patient is None:
        unknowns.append("whether the person affected is a patient")
    if abuse is None and police is not True:
        unknowns.append("whether abuse is alleged")
    if police is None and abuse is not True:
        unknowns.append("whether the police are involved")
    return unknowns


def commissioner_notification(facts: Facts) -> Duty | None:
    """A primary care provider tells its commissioner of any sexual misconduct allegation."""
    primary = _in_primary_care(facts)
    team = subject_is_worker(facts)
    sexual = sexual_misconduct_alleged(facts)
    answer = all_of(primary, team, sexual)
    if answer is False:
        return None
    if answer is True:
        reason = (
            "A primary care provider has received an allegation of sexual misconduct against a "
            "member of its team: notify the commissioner."
        )
        if facts.subject.on_performers_list is True:
            reason += " The subject is on a Performers List, so do this through the MDSIPS."
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
        reason = f"This applies to primary care providers; check {join_words(unknowns)}."
    return Duty(
        code=DutyCode.COMMISSIONER_NOTIFICATION,
        status=_status(answer),
        basis=sources.COMMISSIONER,
        due=None,
        reason=reason,
        recipient="The commissioner: the integrated care board (ICB), or NHS England",
    )


def mdsips_notification(facts: Facts) -> Duty | None:
    """A performer on a Performers List: notify via the regional MDSIPS."""
    on_list = facts.subject.on_performers_list
    sexual = sexual_misconduct_alleged(facts)
    if on_list is False or sexual is False:
        return None
    answer = all_of(on_list, sexual, _in_primary_care(facts))
    if answer is True:
        reason = (
            "The subject is on a Performers List (medical, dental or ophthalmic) and faces an "
            "allegation of sexual misconduct: notify NHS England through the regional MDSIPS."
        )
    elif on_list is None:
        reason = "It is not known whether the subject is on a Performers List; if so, this applies."
    elif sexual is None:
        reason = "The subject is on a Performers List; this applies if the concern has a sexual dimension."
    else:
        reason = (
            "The subject is on a Performers List. The national letter asks primary care "
            "providers to notify through the MDSIPS; as this organisation is not recorded as "
            "one, consider telling the MDSIPS so NHS England can manage the list."
        )
    return Duty(
        code=DutyCode.MDSIPS_NOTIFICATION,
        status=_status(answer),
        basis=sources.MDSIPS,
        due=None,
        reason=reason,
        recipient=(
            "NHS England regional Medical Director - Systems Improvement and Professional Standards (MDSIPS)"
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
        reason = "It is not known whether the subject is a resident doctor; if so, this applies."
    else:
        reason = "The subject is a resident doctor; this applies if the concern has a sexual dimension."
    return Duty(
        code=DutyCode.POSTGRADUATE_DEAN_DISCUSSION,
        status=_status(answer),
        basis=sources.POSTGRADUATE_DEAN,
        due=None,
        reason=reason,
        recipient=("The Postgraduate Dean (NHS England), as the resident doctor's responsible officer"),
    )
