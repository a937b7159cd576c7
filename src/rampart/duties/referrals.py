"""Referrals to others: the police, safeguarding, the DBS and professional regulators.

Each rule reads like the law or letter it comes from: the trigger in plain English, then the
answer. A rule returns ``None`` when the facts show the duty does not apply, ``required`` when
they meet the trigger, and ``consider`` when it may apply once the unknowns are known.
"""

from __future__ import annotations

from . import sources
from .derived import (
    OFTEN_CRIMINAL_CATEGORIES,
    SAFEGUARDING_CATEGORIES,
    all_of,
    any_of,
    barring_reason_met,
    police_involved,
    regulator,
    removed_from_regulated_activity,
    sexual_misconduct_alleged,
    subject_is_registered,
    subject_is_worker,
)
from .duty import Duty, DutyCode, Status
from .facts import Facts, Maybe, Regulator
from .wording import join_words

_SUBSTANTIATED = "the allegation was substantiated"

REGULATOR_NAMES = {
    Regulator.GMC: "General Medical Council (GMC)",
    Regulator.NMC: "Nursing and Midwifery Council (NMC)",
    Regulator.HCPC: "Health and Care Professions Council (HCPC)",
    Regulator.GDC: "General Dental Council (GDC)",
    Regulator.GPHC: "General Pharmaceutical Council (GPhC)",
    Regulator.GOC: "General Optical Council (GOC)",
    Regulator.SWE: "Social Work England (SWE)",
}


def _status(answer: Maybe) -> Status:
    return Status.REQUIRED if answer is True else Status.CONSIDER


def _categories(names: frozenset[str]) -> str:
    return join_words(sorted(name.replace("_", " ") for name in names))


def police_report(facts: Facts) -> Duty | None:
    """A criminal allegation is reported to the police; otherwise weigh whether it should be."""
    criminal = facts.concern.criminal_allegation
    basis = sources.POLICE_REPORT
    if regulator(facts) is Regulator.GMC:
        basis += f"; {sources.POLICE_REPORT_GMC}"
    if criminal is True:
        status = Status.REQUIRED
        reason = (
            "A criminal allegation has been made: make sure it is reported to the police, "
            "through a dedicated police portal where one has been set up."
        )
        if police_involved(facts) is True:
            reason += " The police are already involved: record their reference."
    else:
        if criminal is False and police_involved(facts) is True:
            return None
        cues: list[str] = []
        if criminal is None:
            cues.append("it is not yet known whether a crime is alleged")
        crimes = facts.concern.categories & OFTEN_CRIMINAL_CATEGORIES
        if crimes:
            cues.append(f"the concern names {_categories(crimes)}, usually a criminal offence")
        if sexual_misconduct_alleged(facts) is not False:
            cues.append("the review group must consider whether the police should be contacted")
        if not cues:
            return None
        status = Status.CONSIDER
        reason = f"Consider reporting to the police: {join_words(cues)}."
    return Duty(
        code=DutyCode.POLICE_REPORT,
        status=status,
        basis=basis,
        due=None,
        reason=reason,
        recipient="Police",
    )


def police_liaison(facts: Facts) -> Duty | None:
    """With the police involved, agree with them what the misconduct investigation may do."""
    involved = police_involved(facts)
    if involved is True:
        status = Status.REQUIRED
        reason = (
            "The police are involved: agree with the police liaison which parts of the "
            "misconduct investigation can continue while the police investigation is under way."
        )
    elif involved is None:
        status = Status.CONSIDER
        reason = "It is not known whether the police are involved; if they are, this applies."
    elif facts.concern.criminal_allegation is not False:
        status = Status.CONSIDER
        reason = (
            "A criminal allegation has been made, or may have been; once the police are involved, "
            "agree with the police liaison which parts of the misconduct investigation can "
            "continue."
        )
    else:
        return None
    return Duty(
        code=DutyCode.POLICE_LIAISON,
        status=status,
        basis=sources.POLICE_LIAISON,
        due=None,
        reason=reason,
        recipient="The police liaison for the investigation",
    )


def safeguarding_referral(facts: Facts) -> Duty | None:
    """A child or an adult at risk affected: refer under statutory safeguarding procedures."""
    affected = facts.concern.affected
    recipients: list[str] = []
    if affected.child is True:
        recipients.append("local authority children's social care")
    if affected.adult_at_risk is True:
        recipients.append("local authority adult safeguarding")
    if recipients:
        status = Status.REQUIRED
        who = join_words(
            [
                label
                for label, yes in (
                    ("a child", affected.child),
                    ("an adult at risk", affected.adult_at_risk),
                )
                if yes is True
            ]
        )
        reason = (
            f"The person affected is {who}: refer under statutory safeguarding procedures, "
            "through the organisation's safeguarding lead."
        )
        recipient = f"{join_words(recipients).capitalize()}, through the safeguarding lead"
    else:
        cues: list[str] = []
        if affected.child is None:
            cues.append("whether the person affected is a child")
        if affected.adult_at_risk is None:
            cues.append("whether the person affected is an adult at risk")
        unknowns = f"It is not known {join_words(cues)}. " if cues else ""
        named = facts.concern.categories & SAFEGUARDING_CATEGORIES
        if named:
            unknowns += (
                f"The concern names {_categories(named)}, which may involve a child or an adult at risk. "
            )
        if not unknowns:
            return None
        status = Status.CONSIDER
        reason = unknowns + "Ask the safeguarding lead whether the threshold for a referral is met."
        recipient = "The organisation's safeguarding lead"
    return Duty(
        code=DutyCode.SAFEGUARDING_REFERRAL,
        status=status,
        basis=sources.SAFEGUARDING,
        due=None,
        reason=reason.strip(),
        recipient=recipient,
    )


def dbs_barring_referral(facts: Facts) -> Duty | None:
    """SVGA 2006 s35: a regulated activity provider refers when both conditions are met.

    The removal condition: the person was removed from regulated activity, or would or might
    have been had they not left. The reason condition: relevant conduct, the harm test, or a
    caution or conviction for an automatic barring offence. Suspension alone never meets the
    removal condition.
    """
    provider = facts.organisation.regulated_activity_provider
    removal = removed_from_regulated_activity(facts)
    reason_met = barring_reason_met(facts)
    if provider is False or (removal is False and _outside_barring(facts, reason_met)):
        return None
    answer = all_of(provider, removal, reason_met)
    if answer is True:
        reason = (
            f"Both conditions are met: the subject {_dbs_removal(facts)}, and "
            f"{_dbs_reasons(facts)}. Refer even if the police, local authority or regulator "
            "already know; failing to refer is an offence."
        )
    else:
        reason = "A barring referral is required once both conditions of section 35 are met. "
        reason += " ".join(_dbs_outstanding(facts, provider, removal, reason_met))
    return Duty(
        code=DutyCode.DBS_BARRING_REFERRAL,
        status=_status(answer),
        basis=sources.DBS_BARRING,
        due=None,
        reason=reason.strip(),
        recipient="Disclosure and Barring Service (DBS)",
    )


def _dbs_removal(facts: Facts) -> str:
    actions = facts.actions
    if actions.removed_from_regulated_activity is True:
        return "was removed from regulated activity"
    if actions.would_have_removed_if_not_left is True:
        return "would have been removed from regulated activity had they not left"
    return "was dismissed while in regulated activity"


def _dbs_reasons(facts: Facts) -> str:
    findings = facts.findings
    return join_words(
        [
            label
            for label, found in (
                ("the organisation found relevant conduct", findings.relevant_conduct),
                ("the harm test is met", findings.harm_test_met),
                (
                    "there is a caution or conviction for an automatic barring offence",
                    findings.autobar_caution_or_conviction,
                ),
            )
            if found is True
        ]
    )


def _outside_barring(facts: Facts, reason_met: Maybe) -> bool:
    """Not removed, and never will be for this concern: a patient or member of the public,
    someone not in regulated activity, or an unsubstantiated allegation with no barring reason.
    """
    return (
        subject_is_worker(facts) is False
        or facts.subject.in_regulated_activity is False
        or (facts.findings.substantiated is False and reason_met is False)
    )


def _dbs_outstanding(facts: Facts, provider: Maybe, removal: Maybe, reason_met: Maybe) -> list[str]:
    outstanding: list[str] = []
    if provider is None:
        outstanding.append("Confirm whether the organisation is a regulated activity provider.")
    if removal is False:
        outstanding.append("The subject has not been removed from regulated activity.")
        if facts.actions.suspended is True:
            outstanding.append(
                "Suspension alone does not meet the removal condition: finish the investigation "
                "and refer if they are dismissed or moved out of regulated activity."
            )
        if facts.subject.left_organisation is True:
            outstanding.append("They have left: decide whether you would have removed them had they stayed.")
    elif removal is None:
        outstanding.append(
            "It is not known whether the subject was removed from regulated activity, or would "
            "have been had they not left."
        )
    if reason_met is False:
        outstanding.append(
            "There is no finding yet of relevant conduct, the harm test or an automatic barring offence."
        )
    elif reason_met is None:
        outstanding.append(
            "It is not known whether there was relevant conduct, the harm test is met or there "
            "is an automatic barring offence."
        )
    return outstanding


def regulator_referral(facts: Facts) -> Duty | None:
    """A registered professional is referred to their regulator when the concern is made out.

    The regulator is the one given, or else the one for the profession.
    """
    if subject_is_registered(facts) is False or _concern_made_out(facts) is False:
        return None
    triggers = _regulator_triggers(facts)
    body = regulator(facts)
    name = REGULATOR_NAMES[body] if body is not None else None
    basis = sources.REGULATOR_COMMON
    if body is not None:
        basis = f"{sources.REGULATOR_GUIDANCE[body.value]}; {basis}"
    if name is None:
        status = Status.CONSIDER
        reason = "If the subject is a registered professional, refer them to their regulator"
        reason += f" ({join_words(triggers)})." if triggers else " if the concern is made out."
    elif _serious(facts, triggers):
        status = Status.REQUIRED
        reason = f"The subject is registered with the {name} and {join_words(triggers)}."
    elif triggers:
        status = Status.CONSIDER
        reason = (
            f"The subject is registered with the {name} and {join_words(triggers)}, but the "
            "concern has no sexual dimension: refer if the conduct presents a risk to patients "
            "that local action cannot manage."
        )
    else:
        status = Status.CONSIDER
        reason = (
            f"The subject is registered with the {name}. Refer if the concern presents a risk "
            "to patients that local action cannot manage; refer serious concerns early, "
            "before the investigation ends, so that interim orders can be considered."
        )
        if facts.actions.suspended is True:
            reason += " The subject is suspended, which suggests a serious concern."
    return Duty(
        code=DutyCode.REGULATOR_REFERRAL,
        status=status,
        basis=basis,
        due=None,
        reason=reason,
        recipient=name,
    )


def _serious(facts: Facts, triggers: list[str]) -> bool:
    """Any finding or action other than a bare substantiation of a concern with no sexual side."""
    if sexual_misconduct_alleged(facts) is not False:
        return bool(triggers)
    return any(trigger != _SUBSTANTIATED for trigger in triggers)


def _concern_made_out(facts: Facts) -> Maybe:
    """Whether anything found or done shows the concern is serious enough to refer."""
    findings, actions = facts.findings, facts.actions
    return any_of(
        findings.substantiated,
        findings.relevant_conduct,
        findings.harm_test_met,
        findings.autobar_caution_or_conviction,
        actions.dismissed,
        actions.removed_from_regulated_activity,
        actions.would_have_removed_if_not_left,
        _left_unresolved(facts),
    )


def _left_unresolved(facts: Facts) -> Maybe:
    """Left (resigned, retired) before the concern was decided either way."""
    return all_of(facts.subject.left_organisation, facts.findings.substantiated is None)


def _regulator_triggers(facts: Facts) -> list[str]:
    findings, actions = facts.findings, facts.actions
    triggers = [
        label
        for label, found in (
            (_SUBSTANTIATED, findings.substantiated),
            ("relevant conduct was found", findings.relevant_conduct),
            ("the harm test is met", findings.harm_test_met),
            (
                "there is a caution or conviction for a barring offence",
                findings.autobar_caution_or_conviction,
            ),
            ("they were dismissed", actions.dismissed),
            ("they were removed from regulated activity", actions.removed_from_regulated_activity),
            (
                "they would have been removed had they not left",
                actions.would_have_removed_if_not_left,
            ),
        )
        if found is True
    ]
    if _left_unresolved(facts) is True:
        triggers.append("they left before the concern was resolved")
    return triggers
