"""What the facts add up to: three-valued answers to the questions the rules ask.

``True`` and ``False`` are answers; ``None`` means the facts do not say yet. The two
combinators follow Kleene's logic, so an unknown never hides a definite answer: one ``True``
settles "any of", one ``False`` settles "all of".
"""

from __future__ import annotations

from .facts import (
    SEXUAL_CATEGORIES,
    WORKER_KINDS,
    AffectedKind,
    Category,
    Facts,
    Maybe,
    Regulator,
    Role,
    SexualDimension,
    SubjectKind,
)

REGULATOR_BY_ROLE: dict[Role, Regulator] = {
    Role.DOCTOR: Regulator.GMC,
    Role.NURSE: Regulator.NMC,
    Role.MIDWIFE: Regulator.NMC,
    Role.NURSING_ASSOCIATE: Regulator.NMC,
    Role.AHP: Regulator.HCPC,
    Role.PARAMEDIC: Regulator.HCPC,
    Role.DENTIST: Regulator.GDC,
    Role.PHARMACIST: Regulator.GPHC,
    Role.OPTOMETRIST: Regulator.GOC,
    Role.SOCIAL_WORKER: Regulator.SWE,
}

# Roles with no statutory register of their own: students, support workers, admin and so on, and
# "other" (a porter, a receptionist): a registrant in another profession has a regulator recorded.
UNREGISTERED_ROLES = frozenset(Role) - set(REGULATOR_BY_ROLE)

# Behaviour that is usually a criminal offence, so police involvement needs weighing.
OFTEN_CRIMINAL_CATEGORIES = frozenset(
    {
        Category.RAPE,
        Category.SEXUAL_ASSAULT,
        Category.UNWANTED_TOUCHING,
        Category.INDECENT_IMAGES,
        Category.INDECENT_EXPOSURE,
        Category.STALKING,
        Category.GROOMING,
    }
)

# Behaviour that points at a child or an adult at risk even when the affected person is not named.
SAFEGUARDING_CATEGORIES = frozenset({Category.GROOMING, Category.INDECENT_IMAGES})


def any_of(*answers: Maybe) -> Maybe:
    if any(answer is True for answer in answers):
        return True
    if any(answer is None for answer in answers):
        return None
    return False


def all_of(*answers: Maybe) -> Maybe:
    if any(answer is False for answer in answers):
        return False
    if any(answer is None for answer in answers):
        return None
    return True


def sexual_dimension(facts: Facts) -> SexualDimension:
    """The stated dimension, raised to "yes" when a category is sexual by its nature."""
    if facts.concern.categories & SEXUAL_CATEGORIES:
        return SexualDimension.YES
    return facts.concern.sexual_dimension


def sexual_misconduct_alleged(facts: Facts) -> Maybe:
    """Yes or possible counts; the update letter asks for a possible dimension to be weighed."""
    dimension = sexual_dimension(facts)
    if dimension is SexualDimension.UNKNOWN:
        return None
    return dimension is not SexualDimension.NO


def subject_is_worker(facts: Facts) -> Maybe:
    """Staff, students, contractors, agency workers and volunteers; not patients or the public."""
    kind = facts.subject.kind
    if kind is not None:
        return kind in WORKER_KINDS
    role = facts.subject.role
    if role is None or role is Role.OTHER:
        return None
    return True


def subject_is_staff(facts: Facts) -> Maybe:
    """An employee of the organisation (the people ESR holds a record for)."""
    kind = facts.subject.kind
    if kind is None:
        return None
    return kind is SubjectKind.STAFF


def affected_is_patient(facts: Facts) -> Maybe:
    kind = facts.concern.affected.kind
    if kind is None:
        return None
    return kind is AffectedKind.PATIENT


def affected_is_vulnerable(facts: Facts) -> Maybe:
    """A child, an adult at risk or a patient: the people the barring scheme protects."""
    affected = facts.concern.affected
    return any_of(affected.child, affected.adult_at_risk, affected_is_patient(facts))


def abuse_alleged(facts: Facts) -> Maybe:
    """A sexual dimension (yes or possible) or a criminal allegation."""
    return any_of(sexual_misconduct_alleged(facts), facts.concern.criminal_allegation)


def subject_left(facts: Facts) -> Maybe:
    """Left the organisation: said so, or a leaving date is recorded."""
    if facts.subject.left_on is not None:
        return True
    return facts.subject.left_organisation


def regulator(facts: Facts) -> Regulator | None:
    """An explicit regulator wins, else the profession decides; a resident doctor is a doctor."""
    subject = facts.subject
    if subject.regulator is not None:
        return subject.regulator
    if subject_is_worker(facts) is False:
        return None
    if subject.role in REGULATOR_BY_ROLE:
        return REGULATOR_BY_ROLE[subject.role]
    if subject.resident_doctor is True:
        return Regulator.GMC
    return None


def subject_is_registered(facts: Facts) -> Maybe:
    """Whether the subject is on a professional register, as far as the facts say.

    A worker of unknown profession may be registered; a patient or member of the public,
    accused as such, is not, unless a regulator is named.
    """
    if facts.subject.regulator is not None:
        return True
    role = facts.subject.role
    registered_by_role: Maybe = None
    if role in REGULATOR_BY_ROLE:
        registered_by_role = True
    elif role in UNREGISTERED_ROLES:
        registered_by_role = False
    return all_of(subject_is_worker(facts), any_of(registered_by_role, facts.subject.resident_doctor))


def removed_from_regulated_activity(facts: Facts) -> Maybe:
    """The removal condition of SVGA 2006 s35: removed, dismissed, or would have been.

    Removal from specific clinical duties counts: the update letter says a barring referral
    should be made when someone "is removed from work or specific clinical duties".
    """
    actions = facts.actions
    dismissed_from_regulated_activity = all_of(actions.dismissed, facts.subject.in_regulated_activity)
    return any_of(
        actions.removed_from_regulated_activity,
        actions.removed_from_clinical_duties,
        actions.would_have_removed_if_not_left,
        dismissed_from_regulated_activity,
    )


def barring_reason_met(facts: Facts) -> Maybe:
    """The reason condition of SVGA 2006 s35: relevant conduct, harm test, or autobar offence."""
    findings = facts.findings
    return any_of(
        findings.relevant_conduct,
        findings.harm_test_met,
        findings.autobar_caution_or_conviction,
    )


def police_involved(facts: Facts) -> Maybe:
    return any_of(facts.police.involved, facts.police.investigation_active, facts.police.charged)


def subject_has_gone(facts: Facts) -> bool:
    """Dismissed or left: interim measures on the subject no longer arise."""
    return facts.actions.dismissed is True or subject_left(facts) is True
