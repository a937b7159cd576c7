"""The case page's duties panel (a read): for each duty the engine finds, the recorded facts that bear
on it (each with a link to where it was recorded), what is done (what, when, who) and the questions
whose answers could change it, each linking to the form that asks it. Unknown facts are asked for,
never assumed (`selectors.duties_facts` gives them to the engine as null)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from rampart.cases.models import (
    REMOVES_FROM_CLINICAL_DUTIES,
    REMOVES_FROM_REGULATED_ACTIVITY,
    Case,
    Finding,
    InterimMeasure,
    Investigation,
    Outcome,
    Party,
    Person,
    PoliceLiaison,
)
from rampart.duties import DUTY_NAMES, Duty, DutyCode

D = DutyCode
# The duties a fact about each of these can change.
ABOUT_AFFECTED = frozenset({D.SAFEGUARDING_REFERRAL, D.DBS_BARRING_REFERRAL, D.CQC_NOTIFICATION})
ABOUT_SUBJECT_WORK = frozenset(
    {D.DBS_BARRING_REFERRAL, D.REGULATOR_REFERRAL, D.POSTGRADUATE_DEAN_DISCUSSION, D.MDSIPS_NOTIFICATION}
)
ABOUT_LEAVING = frozenset(
    {D.INFORMATION_SHARING_ON_TRANSFER, D.DBS_BARRING_REFERRAL, D.REGULATOR_REFERRAL, D.ESR_RECORD_UPDATE}
)
ABOUT_FINDING = frozenset(
    {D.DBS_BARRING_REFERRAL, D.REGULATOR_REFERRAL, D.INFORMATION_SHARING_ON_TRANSFER, D.ESR_RECORD_UPDATE}
)
ABOUT_POLICE = frozenset({D.POLICE_REPORT, D.POLICE_LIAISON, D.CQC_NOTIFICATION, D.REGULATOR_REFERRAL})
ABOUT_CONCERN = frozenset(DutyCode) - {D.INTERIM_MEASURES_REVIEW}
REFERRAL_DONE = {
    "sent": "Sent",
    "acknowledged": "Sent and acknowledged",
    "not_needed": "Recorded as not needed",
}


@dataclass(frozen=True)
class Line:
    """A recorded fact or an open question, the duties it bears on and where to see or answer it."""

    text: str
    href: str
    codes: frozenset[DutyCode]


@dataclass(frozen=True)
class Done:
    what: str
    on: date | None
    by: str


@dataclass(frozen=True)
class DutyRow:
    duty: Duty
    name: str
    because: list[Line] = field(default_factory=list)
    questions: list[Line] = field(default_factory=list)
    done: Done | None = None

    def to_json(self) -> dict[str, Any]:
        """The duty as the engine gives it, with what the case records about it (for the API)."""
        return {
            **self.duty.to_json(),
            "done": {"what": self.done.what, "on": _iso(self.done.on), "by": self.done.by}
            if self.done
            else None,
            "because": [line.text for line in self.because],
            "questions": [line.text for line in self.questions],
        }


@dataclass(frozen=True)
class DutyPanel:
    rows: list[DutyRow]
    questions: list[Line]  # every open question, whether or not a listed duty turns on it


def child_on(person: Person, day: date) -> bool | None:
    """Whether the person was under 18 on that day: from their date of birth, else as recorded."""
    if person.date_of_birth:
        born = date.fromisoformat(person.date_of_birth)
        return (day.year - born.year - ((day.month, day.day) < (born.month, born.day))) < 18
    return person.under_18


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def duty_panel(
    case: Case,
    *,
    duties: Sequence[Duty],
    parties: Sequence[Party],
    records: tuple[Investigation | None, PoliceLiaison | None, Outcome | None],
    measures: Sequence[InterimMeasure],
    facts: dict[str, Any],
    referral_records: Sequence[dict[str, Any]] = (),
) -> DutyPanel:
    """The panel for duties the engine found on `facts` (`selectors.duties_facts` of this case);
    `referral_records` is the referrals app's panel data, read through the case's hooks."""
    recorded = _recorded(case, parties, records, measures, facts)
    questions = _questions(case, parties, records)
    done = _done(case, parties, records, referral_records)
    rows = [
        DutyRow(
            duty=d,
            name=DUTY_NAMES[d.code],
            because=[line for line in recorded if d.code in line.codes],
            questions=[q for q in questions if d.code in q.codes],
            done=done.get(d.code),
        )
        for d in duties
    ]
    return DutyPanel(rows=rows, questions=questions)


def _page(case: Case, anchor: str = "") -> str:
    return reverse("cases:detail", args=[case.reference]) + (f"#{anchor}" if anchor else "")


def _form(case: Case, action: str, party: Party | None = None) -> str:
    if party is not None:
        return reverse("cases:party_action", args=[case.reference, party.pk, action])
    return reverse("cases:action", args=[case.reference, action])


def _recorded(
    case: Case,
    parties: Sequence[Party],
    records: tuple[Investigation | None, PoliceLiaison | None, Outcome | None],
    measures: Sequence[InterimMeasure],
    facts: dict[str, Any],
) -> list[Line]:
    org = case.organisation
    org_page = reverse("organisations:detail", args=[org.ods_code])
    lines = [
        Line(f"{org.name} is a {org.get_kind_display().lower()}", org_page, frozenset(DutyCode)),
        Line(
            "CQC-registered" if org.cqc_registered else "Not CQC-registered",
            org_page,
            frozenset({D.CQC_NOTIFICATION}),
        ),
        Line(
            "Provides regulated activity"
            if org.regulated_activity_provider
            else "Provides no regulated activity",
            org_page,
            frozenset({D.DBS_BARRING_REFERRAL}),
        ),
    ]
    triage = _form(case, "triage")
    if case.sexual_dimension != "unknown":
        lines.append(
            Line(f"Sexual dimension: {case.get_sexual_dimension_display().lower()}", triage, ABOUT_CONCERN)
        )
    if case.categories:
        lines.append(
            Line(
                "Described as: " + ", ".join(c.replace("_", " ") for c in case.categories),
                _page(case),
                ABOUT_CONCERN,
            )
        )
    if case.criminal_allegation:
        lines.append(Line("The concern includes an allegation of a crime", triage, ABOUT_POLICE))
    lines += _people_lines(case, parties, facts)
    lines += _measure_lines(case, measures, facts)
    lines += _record_lines(case, parties, records)
    return lines


def _people_lines(case: Case, parties: Sequence[Party], facts: dict[str, Any]) -> list[Line]:
    lines: list[Line] = []
    reported_on = date.fromisoformat(facts["reported_on"])
    for p in parties:
        person, here, role = p.person, _page(case, f"party-{p.pk}"), p.get_role_display()
        if p.role == "affected":
            child = child_on(person, reported_on)
            source = "from their date of birth" if person.date_of_birth else "as recorded"
            if child is not None:
                lines.append(
                    Line(f"{role}: {'under' if child else 'not under'} 18 ({source})", here, ABOUT_AFFECTED)
                )
            if person.adult_at_risk is not None:
                lines.append(
                    Line(
                        f"{role}: {'an' if person.adult_at_risk else 'not an'} adult at risk",
                        here,
                        ABOUT_AFFECTED,
                    )
                )
            lines.append(Line(f"{role}: {person.get_kind_display().lower()}", here, ABOUT_AFFECTED))
        if p.role == "subject":
            work = person.get_kind_display().lower() + (
                f", {person.role.replace('_', ' ')}" if person.role else ""
            )
            if person.regulator:
                work += f", registered with the {person.regulator}"
            lines.append(Line(f"{role}: {work}", here, ABOUT_SUBJECT_WORK))
            for flag, yes, no, codes in (
                (
                    person.in_regulated_activity,
                    "works in regulated activity",
                    "does not work in regulated activity",
                    frozenset({D.DBS_BARRING_REFERRAL}),
                ),
                (
                    person.works_with_children,
                    "works with children",
                    "does not work with children",
                    frozenset({D.SAFEGUARDING_REFERRAL}),
                ),
                (
                    person.resident_doctor or None,
                    "a resident doctor",
                    "",
                    frozenset({D.POSTGRADUATE_DEAN_DISCUSSION}),
                ),
                (
                    person.on_performers_list or None,
                    "on a Performers List",
                    "",
                    frozenset({D.MDSIPS_NOTIFICATION, D.COMMISSIONER_NOTIFICATION}),
                ),
            ):
                if flag is not None:
                    lines.append(Line(f"{role}: {yes if flag else no}", here, codes))
            if person.left_on:
                lines.append(
                    Line(f"{role}: left the organisation on {_shown(person.left_on)}", here, ABOUT_LEAVING)
                )
    return lines


def _measure_lines(case: Case, measures: Sequence[InterimMeasure], facts: dict[str, Any]) -> list[Line]:
    today = timezone.localdate()
    lines = []
    removal = frozenset(
        {D.DBS_BARRING_REFERRAL, D.REGULATOR_REFERRAL, D.ESR_RECORD_UPDATE, D.INTERIM_MEASURES_REVIEW}
    )
    for m in measures:
        ended = m.ends_on is not None and m.ends_on <= today
        # An ended measure is no longer in force (an ended exclusion is no longer a suspension), but a
        # removal from regulated activity or clinical duties it made still counts.
        state = "not ended"
        if ended and m.ends_on:
            state = f"ended {_shown(m.ends_on)}, so it is no longer in force"
            if m.kind in REMOVES_FROM_REGULATED_ACTIVITY | REMOVES_FROM_CLINICAL_DUTIES:
                state += "; the removal it made still counts"
        lines.append(
            Line(
                f"Interim measure: {m.get_kind_display()} from {_shown(m.starts_on)} ({state})",
                _page(case, "measures"),
                removal,
            )
        )
    return lines


def _record_lines(
    case: Case,
    parties: Sequence[Party],
    records: tuple[Investigation | None, PoliceLiaison | None, Outcome | None],
) -> list[Line]:
    investigation, police, outcome = records
    lines = []
    if police is not None:
        said = "The police are involved" + (", investigating" if police.investigation_active else "")
        said += ", and have charged the subject" if police.charged else ""
        lines.append(Line(said, _form(case, "police"), ABOUT_POLICE | {D.DBS_BARRING_REFERRAL}))
    for p in parties:
        latest = next(iter(p.risk_assessments.all()), None)
        if latest is not None and latest.contact_police:
            lines.append(
                Line(
                    f"The risk assessment for the {p.get_role_display().lower()} says to contact the police",
                    _page(case, f"party-{p.pk}"),
                    frozenset({D.POLICE_REPORT, D.POLICE_LIAISON}),
                )
            )
    if investigation is not None and investigation.substantiated is not None:
        answer = (
            Finding(investigation.finding).label
            if investigation.finding
            else ("Substantiated" if investigation.substantiated else "Not substantiated")
        )
        lines.append(
            Line(f"Investigation finding: {answer.lower()}", _page(case, "investigation"), ABOUT_FINDING)
        )
    if outcome is not None:
        parts = [outcome.get_kind_display()]
        parts += ["removed from regulated activity"] if outcome.removed_from_regulated_activity else []
        parts += ["left before they would have been removed"] if outcome.left_before_removal else []
        parts += ["relevant conduct"] if outcome.relevant_conduct else []
        parts += ["harm test met"] if outcome.harm_test_met else []
        if outcome.caution_or_conviction is not None:
            parts += [
                "a caution or conviction for an offence that bars"
                if outcome.caution_or_conviction
                else "no caution or conviction"
            ]
        lines.append(Line("Outcome: " + ", ".join(parts), _page(case, "outcome"), ABOUT_FINDING))
    return lines


def _questions(
    case: Case,
    parties: Sequence[Party],
    records: tuple[Investigation | None, PoliceLiaison | None, Outcome | None],
) -> list[Line]:
    asked: list[Line] = []
    affected = [p for p in parties if p.role == "affected"]
    subject = next((p for p in parties if p.role == "subject"), None)
    add = _form(case, "parties/add")
    if not affected:
        asked.append(Line("Who was affected? Add the person affected", add, ABOUT_AFFECTED))
    for p in affected:
        person, where = p.person, _form(case, "facts", p)
        if not person.date_of_birth and person.under_18 is None:
            asked.append(Line(f"Is the {p.get_role_display().lower()} under 18?", where, ABOUT_AFFECTED))
        # An adult at risk is over 18 (Care Act 2014 s.42): not asked of a child.
        if person.adult_at_risk is None and not child_on(person, timezone.localtime(case.opened_at).date()):
            asked.append(
                Line(f"Is the {p.get_role_display().lower()} an adult at risk?", where, ABOUT_AFFECTED)
            )
    if subject is None:
        asked.append(
            Line(
                "Who is the concern about? Add the subject of concern",
                add,
                ABOUT_SUBJECT_WORK | ABOUT_LEAVING,
            )
        )
    else:
        where = _form(case, "facts", subject)
        if subject.person.in_regulated_activity is None:
            asked.append(
                Line(
                    "Does the subject's work include regulated activity?",
                    where,
                    frozenset({D.DBS_BARRING_REFERRAL}),
                )
            )
        if subject.person.works_with_children is None:
            asked.append(
                Line("Does the subject work with children?", where, frozenset({D.SAFEGUARDING_REFERRAL}))
            )
    outcome = records[2]
    if outcome is not None and outcome.caution_or_conviction is None:
        asked.append(
            Line(
                "Has the subject been cautioned or convicted for an offence that bars automatically?",
                _form(case, "outcome"),
                frozenset({D.DBS_BARRING_REFERRAL, D.REGULATOR_REFERRAL}),
            )
        )
    return asked


def _done(
    case: Case,
    parties: Sequence[Party],
    records: tuple[Investigation | None, PoliceLiaison | None, Outcome | None],
    referral_records: Sequence[dict[str, Any]],
) -> dict[DutyCode, Done]:
    """The duties the recorded facts satisfy: what, when and who."""
    investigation, police, _ = records
    assessed = [next(iter(p.risk_assessments.all()), None) for p in parties]
    supported = [
        max(p.support_offers.all(), key=lambda o: (o.offered_on, o.pk), default=None) for p in parties
    ]
    decision = case.review_decisions.first()
    users = get_user_model().objects.in_bulk(
        {a.assessed_by_id for a in assessed if a}
        | {s.recorded_by_id for s in supported if s}
        | ({decision.recorded_by_id} if decision else set())
    )

    def who(user_id: int) -> str:
        user = users.get(user_id)
        return (user.get_full_name() or user.email) if user else ""

    done: dict[DutyCode, Done] = {}
    if parties and all(assessed):
        last = max((a for a in assessed if a), key=lambda a: a.assessed_at)
        done[D.RISK_ASSESSMENT_ALL_PARTIES] = Done(
            f"Everyone involved ({len(parties)}) has a risk assessment",
            timezone.localtime(last.assessed_at).date(),
            who(last.assessed_by_id),
        )
    if parties and all(supported):
        last_offer = max((s for s in supported if s), key=lambda s: s.offered_on)
        done[D.SUPPORT_ALL_PARTIES] = Done(
            f"Support was offered to everyone involved ({len(parties)})",
            last_offer.offered_on,
            who(last_offer.recorded_by_id),
        )
    if decision is not None:
        done[D.REVIEW_GROUP] = Done(
            "The review group recorded its decision", decision.decided_on, who(decision.recorded_by_id)
        )
    if investigation is not None and (
        investigation.independent_investigator or investigation.investigators.exists()
    ):
        done[D.SPECIALIST_INVESTIGATOR] = Done(
            "A specially trained or independent investigator was assigned", investigation.started_on, ""
        )
    if police is not None and police.police_reference:
        done[D.POLICE_REPORT] = Done(
            f"Reported to the police (reference {police.police_reference})",
            timezone.localtime(police.updated_at).date(),
            "",
        )
    for record in referral_records:
        label = REFERRAL_DONE.get(str(record.get("status")))
        if label and record.get("indicated", True):
            sent = record.get("sent_on")
            done[DutyCode(record["duty"])] = Done(label, date.fromisoformat(sent) if sent else None, "")
    return done


def _shown(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
