"""Referrals to others: the police, safeguarding, the DBS and professional regulators.

Each rule reads like the law or letter it comes from: the trigger in plain English, then the
answer. A rule returns ``None`` when the facts show the duty does not apply, ``required`` when
they meet the trigger, and ``consider`` when it may apply once the unknowns are known.
"""

from __future__ import annotations

from datetime import date

from . import sources
from .deadlines import (
    LADO_WORKING_DAYS,
    POLICE_WORKING_DAYS,
    PROMPT_WORKING_DAYS,
    SAME_DAY,
    clock_start,
    due,
)
from .derived import (
    OFTEN_CRIMINAL_CATEGORIES,
    SAFEGUARDING_CATEGORIES,
    abuse_alleged,
    affected_is_vulnerable,
    all_of,
    any_of,
    barring_reason_met,
    police_involved,
    regulator,
    removed_from_regulated_activity,
    sexual_misconduct_alleged,
    subject_is_registered,
    subject_is_worker,
    subject_left,
)
from .duty import Duty, DutyCode, Status
from .facts import Category, Facts, Maybe, Regulator
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
    """A criminal allegation, or a risk assessment that says so, goes to the police.

    Otherwise weigh whether it should. The day it is due: the same day when the risk assessment
    advised contacting the police; otherwise by the next working day (Rampart's default).
    """
    criminal = facts.concern.criminal_allegation
    advised = facts.risk.police_contact_advised
    involved = police_involved(facts)
    basis = sources.POLICE_REPORT
    if regulator(facts) is Regulator.GMC:
        basis += f"; {sources.POLICE_REPORT_GMC}"
    working_days = POLICE_WORKING_DAYS
    if advised is True or criminal is True:
        status = Status.REQUIRED
        reasons: list[str] = []
        if advised is True:
            working_days = SAME_DAY
            reasons.append(
                "The risk assessment advised contacting the police: contact them today (call 999 "
                "if anyone is in immediate danger)."
            )
        if criminal is True:
            reasons.append(
                "A criminal allegation has been made: make sure it is reported to the police, "
                "through a dedicated police portal where one has been set up."
            )
            if advised is not True:
                reasons.append(
                    "Due by the next working day (no source sets a deadline; Rampart's default), "
                    "or at once if anyone is at risk of harm."
                )
        if involved is True:
            reasons.append("The police are already involved: record their reference.")
        reason = " ".join(reasons)
    else:
        if criminal is False and advised is False and involved is True:
            return None
        cues: list[str] = []
        if criminal is None:
            cues.append("it is not yet known whether a crime is alleged")
        if advised is None:
            cues.append("it is not recorded whether the risk assessment advised contacting the police")
        crimes = facts.concern.categories & OFTEN_CRIMINAL_CATEGORIES
        if crimes:
            cues.append(f"the concern names {_categories(crimes)}, usually a criminal offence")
        if sexual_misconduct_alleged(facts) is not False:
            cues.append("the review group must consider whether the police should be contacted")
        if not cues:
            return None
        status = Status.CONSIDER
        reason = (
            f"Consider reporting to the police: {join_words(cues)}. Required once a criminal "
            "allegation is recorded or the risk assessment advises contacting the police; decide "
            "by the next working day."
        )
    return Duty(
        code=DutyCode.POLICE_REPORT,
        status=status,
        basis=basis,
        due=due(facts.reported_on, working_days),
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
        reason = "It is not known whether the police are involved. Required once they are."
    elif any_of(facts.concern.criminal_allegation, facts.risk.police_contact_advised) is not False:
        status = Status.CONSIDER
        reason = (
            "A criminal allegation has been made, or the police may be contacted. Required once "
            "the police are involved: then agree with the police liaison which parts of the "
            "misconduct investigation can continue."
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


_CHILDRENS_SOCIAL_CARE = "local authority children's social care"
_ADULT_SAFEGUARDING = "local authority adult safeguarding"
_LADO = "the Local Authority Designated Officer (LADO)"


def safeguarding_referral(facts: Facts) -> Duty | None:
    """A child or an adult at risk harmed, or put at risk: refer under safeguarding procedures.

    Required, the same day, when the person affected is a child or an adult at risk and the
    concern has a sexual dimension or is a criminal allegation. An allegation that someone who
    works with children has harmed a child also goes to the LADO within one working day.
    """
    affected = facts.concern.affected
    abuse = abuse_alleged(facts)
    child = all_of(affected.child, abuse)
    adult = all_of(affected.adult_at_risk, abuse)
    harm = _harm_alleged(facts)
    lado = all_of(affected.child, facts.subject.works_with_children, harm)
    recipients = [
        name
        for name, answer in ((_CHILDRENS_SOCIAL_CARE, child), (_ADULT_SAFEGUARDING, adult), (_LADO, lado))
        if answer is True
    ]
    if recipients:
        status = Status.REQUIRED
        reasons: list[str] = []
        abuse_words = _abuse_words(facts)
        if child is True:
            reasons.append(
                f"The person affected is a child and {abuse_words}: refer to {_CHILDRENS_SOCIAL_CARE} "
                "today under statutory safeguarding procedures, through the safeguarding lead."
            )
        if adult is True:
            reasons.append(
                f"The person affected is an adult at risk and {abuse_words}: refer to "
                f"{_ADULT_SAFEGUARDING} today, through the safeguarding lead."
            )
        if lado is True:
            reasons.append(
                "The subject works with children and the concern is about a child: tell the Local "
                "Authority Designated Officer (LADO) within one working day."
            )
        elif lado is None:
            reasons.append(_lado_unknown(facts))
        reason = " ".join(reasons)
        recipient = f"{_first_upper(join_words(recipients))}, through the safeguarding lead"
        working_days = SAME_DAY if child is True or adult is True else LADO_WORKING_DAYS
    else:
        cues = _safeguarding_cues(facts, abuse, lado)
        if not cues:
            return None
        status = Status.CONSIDER
        reason = (
            " ".join(cues) + " Ask the safeguarding lead today whether the threshold for a referral "
            "is met. Required once the person affected is recorded as a child or an adult at risk "
            "and the concern as having, or possibly having, a sexual dimension or being a criminal "
            "allegation, or as a child when the subject works with children and harm is alleged (the "
            "LADO)."
        )
        recipient = "The organisation's safeguarding lead"
        working_days = SAME_DAY
    return Duty(
        code=DutyCode.SAFEGUARDING_REFERRAL,
        status=status,
        basis=sources.SAFEGUARDING if lado is False else f"{sources.SAFEGUARDING}; {sources.LADO}",
        due=due(facts.reported_on, working_days),
        reason=reason,
        recipient=recipient,
    )


def _harm_alleged(facts: Facts) -> Maybe:
    """Harm alleged, for the LADO: a sexual dimension, a crime, or a category but records access."""
    other_categories = bool(facts.concern.categories - {Category.INAPPROPRIATE_RECORDS_ACCESS})
    return any_of(abuse_alleged(facts), other_categories)


def _lado_unknown(facts: Facts) -> str:
    if facts.subject.works_with_children is None:
        return (
            "It is not known whether the subject works with children; if they do, also tell "
            "the Local Authority Designated Officer (LADO) within one working day."
        )
    if facts.concern.affected.child is None:
        return (
            "It is not known whether the person affected is a child; if so, also tell the Local "
            "Authority Designated Officer (LADO) within one working day."
        )
    return (
        "It is not yet known whether harm to the child is alleged (a sexual dimension or a crime); "
        "if it is, also tell the Local Authority Designated Officer (LADO) within one working day."
    )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _abuse_words(facts: Facts) -> str:
    if sexual_misconduct_alleged(facts) is True:
        return "the concern has, or may have, a sexual dimension"
    return "a criminal allegation has been made"


def _safeguarding_cues(facts: Facts, abuse: Maybe, lado: Maybe) -> list[str]:
    affected = facts.concern.affected
    cues: list[str] = []
    unknown = [
        label
        for label, answer in (("a child", affected.child), ("an adult at risk", affected.adult_at_risk))
        if answer is None
    ]
    if unknown:
        cues.append(f"It is not known whether the person affected is {' or '.join(unknown)}.")
    at_risk = [
        label
        for label, answer in (("a child", affected.child), ("an adult at risk", affected.adult_at_risk))
        if answer is True
    ]
    if at_risk:
        if abuse is None:
            cues.append(
                f"The person affected is {' and '.join(at_risk)}; it is not yet known whether the "
                "concern has a sexual dimension or is a criminal allegation."
            )
        else:
            cues.append(
                f"The person affected is {' and '.join(at_risk)}, though no sexual dimension or "
                "crime is alleged."
            )
    if lado is None and affected.child is True:
        cues.append(_lado_unknown(facts))
    named = facts.concern.categories & SAFEGUARDING_CATEGORIES
    if named:
        cues.append(f"The concern names {_categories(named)}, which may involve a child or an adult at risk.")
    return cues


def dbs_barring_referral(facts: Facts) -> Duty | None:
    """SVGA 2006 s35: a regulated activity provider refers when both conditions are met.

    The removal condition: the person was removed from regulated activity (or from specific
    clinical duties), or would or might have been had they not left. The reason condition:
    relevant conduct, the harm test, or a caution or conviction for an automatic barring offence.
    Suspension alone never meets the removal condition. Left out where it cannot apply: nobody
    affected is a child, an adult at risk or a patient, and there is no removal, dismissal or
    finding.
    """
    provider = facts.organisation.regulated_activity_provider
    removal = removed_from_regulated_activity(facts)
    reason_met = barring_reason_met(facts)
    can_apply = any_of(affected_is_vulnerable(facts), removal, facts.actions.dismissed, reason_met)
    if provider is False or can_apply is False or (removal is False and _outside_barring(facts, reason_met)):
        return None
    answer = all_of(provider, removal, reason_met)
    if answer is True:
        reason = (
            f"Both conditions are met: the subject {_dbs_removal(facts)}, and "
            f"{_dbs_reasons(facts)}. Refer without delay, within five working days of the removal, "
            "even if the police, local authority or regulator already know; failing to refer is "
            "an offence."
        )
    else:
        reason = "A barring referral is required once both conditions of section 35 are met. "
        reason += " ".join(_dbs_outstanding(facts, provider, removal, reason_met))
    start = _removal_clock(facts, leaving_starts=facts.actions.would_have_removed_if_not_left is True)
    return Duty(
        code=DutyCode.DBS_BARRING_REFERRAL,
        status=_status(answer),
        basis=sources.DBS_BARRING,
        due=due(start, PROMPT_WORKING_DAYS) if removal is True else None,
        reason=reason.strip(),
        recipient="Disclosure and Barring Service (DBS)",
    )


def _removal_clock(facts: Facts, *, leaving_starts: bool) -> date | None:
    """The removal starts the clock (never before the report); a later leaving does not push it back.

    Leaving starts it only when there was no removal and ``leaving_starts`` says leaving is what
    triggers the duty (for the DBS: they would have been removed had they not left).
    """
    actions = facts.actions
    if actions.removed_on is not None:
        return clock_start(facts.reported_on, actions.removed_on)
    removed = any_of(actions.removed_from_regulated_activity, actions.removed_from_clinical_duties)
    if removed is not True and leaving_starts:
        return clock_start(facts.reported_on, facts.subject.left_on)
    return facts.reported_on


def _dbs_removal(facts: Facts) -> str:
    actions = facts.actions
    if actions.removed_from_regulated_activity is True:
        return "was removed from regulated activity"
    if actions.removed_from_clinical_duties is True:
        return "was removed from clinical duties"
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
        outstanding.append(
            "The subject has not been removed from regulated activity or clinical duties; once "
            "they are (or you decide you would have removed them had they not left), it is due "
            "within five working days."
        )
        if facts.actions.suspended is True:
            outstanding.append(
                "Suspension alone does not meet the removal condition: finish the investigation "
                "and refer if they are dismissed or moved out of regulated activity."
            )
        if subject_left(facts) is True:
            outstanding.append("They have left: decide whether you would have removed them had they stayed.")
    elif removal is None:
        outstanding.append(
            "It is not known whether the subject was removed from regulated activity or clinical "
            "duties, or would have been had they not left."
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
    """A registered professional is referred to their regulator for a serious risk now.

    Required once the concern is made out, and earlier where the regulator asks for early
    action: on a police charge for the NMC and the HCPC, or a removal from clinical duties. The
    regulator is the one given, or else the one for the profession. Left out for a patient, the
    public and roles no regulator registers. A doctor's case goes through the responsible officer.
    """
    if subject_is_registered(facts) is False or _concern_made_out(facts) is False:
        return None
    body = regulator(facts)
    triggers = _regulator_triggers(facts, body)
    name = REGULATOR_NAMES[body] if body is not None else None
    basis = sources.REGULATOR_COMMON
    if body is not None:
        basis = f"{sources.REGULATOR_GUIDANCE[body.value]}; {basis}"
    if name is None:
        status = Status.CONSIDER
        reason = "If the subject is a registered professional, refer them to their regulator"
        reason += f" ({join_words(triggers)})." if triggers else " if the concern is made out."
        reason += " Required once their profession or regulator is recorded."
    elif _serious(facts, triggers):
        status = Status.REQUIRED
        reason = f"The subject is registered with the {name} and {join_words(triggers)}."
    elif triggers:
        status = Status.CONSIDER
        reason = (
            f"The subject is registered with the {name} and {join_words(triggers)}, but the "
            "concern has no sexual dimension: refer if the conduct presents a risk to patients "
            "that local action cannot manage. Required once they are dismissed or removed from "
            "regulated activity or clinical duties, or relevant conduct, the harm test or a "
            "caution or conviction is found."
        )
    else:
        status = Status.CONSIDER
        reason = (
            f"The subject is registered with the {name}. Refer if the concern presents a risk "
            "to patients that local action cannot manage; refer serious concerns early, "
            "before the investigation ends, so that interim orders can be considered. Required "
            "once the allegation is substantiated, relevant conduct, the harm test or a caution "
            "or conviction is found, they are dismissed or removed from regulated activity or "
            "clinical duties, or they leave before it is resolved"
        )
        reason += ", or they are charged by the police." if body in _REFER_ON_CHARGE else "."
        if facts.actions.suspended is True:
            reason += " The subject is suspended, which suggests a serious concern."
        if facts.police.charged is True:
            reason += " The subject has been charged by the police, which suggests a serious concern."
    recipient = name
    if body is Regulator.GMC:
        officer = (
            "the Postgraduate Dean, the resident doctor's responsible officer"
            if facts.subject.resident_doctor is True
            else "the organisation's responsible officer"
        )
        recipient = f"{name}, through {officer}"
        reason += (
            f" For a doctor, involve {officer} now: they judge, with the GMC, whether the GMC's "
            "threshold is met."
        )
        basis += f"; {sources.RESPONSIBLE_OFFICER}"
    reason += " Due within five working days (regulators ask for early referral but set no deadline)."
    start = _removal_clock(facts, leaving_starts=subject_left(facts) is True)
    return Duty(
        code=DutyCode.REGULATOR_REFERRAL,
        status=status,
        basis=basis,
        due=due(start, PROMPT_WORKING_DAYS),
        reason=reason,
        recipient=recipient,
    )


# Regulators whose employer guidance asks for a referral as soon as a registrant is charged.
_REFER_ON_CHARGE = frozenset({Regulator.NMC, Regulator.HCPC})
_CHARGED = "they have been charged by the police"


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
        actions.removed_from_clinical_duties,
        actions.would_have_removed_if_not_left,
        facts.police.charged,
        _left_unresolved(facts),
    )


def _left_unresolved(facts: Facts) -> Maybe:
    """Left (resigned, retired) before the concern was decided either way."""
    return all_of(subject_left(facts), facts.findings.substantiated is None)


def _regulator_triggers(facts: Facts, body: Regulator | None) -> list[str]:
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
            ("they were removed from clinical duties", actions.removed_from_clinical_duties),
            (
                "they would have been removed had they not left",
                actions.would_have_removed_if_not_left,
            ),
            (_CHARGED, facts.police.charged if body in _REFER_ON_CHARGE else False),
        )
        if found is True
    ]
    if _left_unresolved(facts) is True:
        triggers.append("they left before the concern was resolved")
    return triggers
