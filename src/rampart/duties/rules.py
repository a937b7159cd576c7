"""The duties engine: every rule, in the contract's code order, and ``evaluate``."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .duty import Duty, DutyCode
from .facts import Facts, parse_facts
from .notifications import (
    commissioner_notification,
    cqc_notification,
    mdsips_notification,
    postgraduate_dean_discussion,
)
from .referrals import (
    dbs_barring_referral,
    police_liaison,
    police_report,
    regulator_referral,
    safeguarding_referral,
)
from .response import (
    esr_record_update,
    information_sharing_on_transfer,
    interim_measures_review,
    review_group,
    risk_assessment_all_parties,
    specialist_investigator,
    support_all_parties,
)

Rule = Callable[[Facts], Duty | None]

# One rule per duty code, in the order the contract lists the codes; the output keeps this order.
RULES: dict[DutyCode, Rule] = {
    DutyCode.REVIEW_GROUP: review_group,
    DutyCode.RISK_ASSESSMENT_ALL_PARTIES: risk_assessment_all_parties,
    DutyCode.SUPPORT_ALL_PARTIES: support_all_parties,
    DutyCode.SPECIALIST_INVESTIGATOR: specialist_investigator,
    DutyCode.INTERIM_MEASURES_REVIEW: interim_measures_review,
    DutyCode.POLICE_REPORT: police_report,
    DutyCode.POLICE_LIAISON: police_liaison,
    DutyCode.SAFEGUARDING_REFERRAL: safeguarding_referral,
    DutyCode.DBS_BARRING_REFERRAL: dbs_barring_referral,
    DutyCode.REGULATOR_REFERRAL: regulator_referral,
    DutyCode.CQC_NOTIFICATION: cqc_notification,
    DutyCode.COMMISSIONER_NOTIFICATION: commissioner_notification,
    DutyCode.MDSIPS_NOTIFICATION: mdsips_notification,
    DutyCode.POSTGRADUATE_DEAN_DISCUSSION: postgraduate_dean_discussion,
    DutyCode.ESR_RECORD_UPDATE: esr_record_update,
    DutyCode.INFORMATION_SHARING_ON_TRANSFER: information_sharing_on_transfer,
}


def duties_for(facts: Facts) -> list[Duty]:
    """Every duty that applies or may apply to parsed facts, in the contract's code order."""
    return [duty for rule in RULES.values() if (duty := rule(facts)) is not None]


def evaluate(facts: Mapping[str, object]) -> list[Duty]:
    """The duties for the contract's facts object.

    Raises :class:`~rampart.duties.facts.InvalidFacts`, naming the field, for invalid values.
    """
    return duties_for(parse_facts(facts))
