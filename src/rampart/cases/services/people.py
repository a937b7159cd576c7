"""The people involved in a case: recording a person and their part in the case, a risk assessment and
a support offer for each party, and linking a person to their Rampart account (`cases.linking`
proposes the accounts and keeps a linked account off the case)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rampart.cases.linking import proposed_accounts
from rampart.cases.models import CaseTeamMember, Investigation, Party, Person, RiskAssessment, SupportOffer
from rampart.cases.registration import esr_problem, normalise, registration_problem
from rampart.cases.services._write import StepRefused, case_write, remind, role_of
from rampart.core.crypto import keyed_hash
from rampart.core.models import AuditAction
from rampart.core.plugins import implementations

if TYPE_CHECKING:
    from rampart.accounts.models import User
    from rampart.cases.models import Case
    from rampart.organisations.models import Organisation


def birth_key(date_of_birth: str) -> str:
    """The keyed hash of an ISO date of birth, the only form in which matching compares it."""
    if not date_of_birth:
        return ""
    return keyed_hash(date_of_birth, key=settings.RAMPART_INDEX_KEY, purpose="birth_date")


@dataclass(frozen=True)
class PersonDetails:
    """Who someone is, as a form or another app tells it: what `record_person` keeps on a `Person`.
    `profession` is the person's role at work (doctor, nurse), not their part in a case."""

    kind: str
    name: str
    profession: str = ""
    staff_number: str = ""
    regulator: str = ""
    registration_number: str = ""
    esr_number: str = ""
    date_of_birth: str = ""
    resident_doctor: bool = False
    on_performers_list: bool = False
    user: User | None = None
    # The facts the duties turn on (`PersonFacts`), when known as the person is recorded.
    facts: PersonFacts | None = None


@dataclass(frozen=True)
class PersonFacts:
    """What the duties need to know about someone involved, each None until someone knows it: for a
    person affected, whether they are under 18 (when no date of birth is known) and an adult at risk
    (Care Act 2014, s42); for a subject, whether their work is regulated activity, whether it is with
    children, and the day they left the organisation."""

    under_18: bool | None = None
    adult_at_risk: bool | None = None
    in_regulated_activity: bool | None = None
    works_with_children: bool | None = None
    left_on: date | None = None

    def as_fields(self) -> dict[str, bool | date | None]:
        return {
            "under_18": self.under_18,
            "adult_at_risk": self.adult_at_risk,
            "in_regulated_activity": self.in_regulated_activity,
            "works_with_children": self.works_with_children,
            "left_on": self.left_on,
        }


def record_person(*, organisation: Organisation, details: PersonDetails) -> Person:
    """A person as Rampart keeps them: identifiers checked (ValueError with the problem) and normalised,
    the date of birth as an ISO date with its keyed hash. The one place a `Person` is made: a party on
    a case (`add_party`), the reporter of a case opened from a report, the subject of a weak signal
    (`patterns`). It checks no policy and tells no one: its caller's write does both."""
    problem = (
        registration_problem(details.regulator, details.registration_number)
        if details.registration_number
        else None
    ) or (esr_problem(details.esr_number) if details.esr_number else None)
    if problem:
        raise ValueError(problem)
    if details.date_of_birth:
        date.fromisoformat(details.date_of_birth)  # refuses anything but an ISO date
    person: Person = Person.objects.create(
        organisation=organisation,
        kind=details.kind,
        name=details.name,
        role=details.profession,
        staff_number=details.staff_number,
        regulator=details.regulator,
        registration_number=normalise(details.registration_number),
        esr_number=normalise(details.esr_number),
        date_of_birth=details.date_of_birth,
        birth_key=birth_key(details.date_of_birth),
        resident_doctor=details.resident_doctor,
        on_performers_list=details.on_performers_list,
        user=details.user,
        **(details.facts or PersonFacts()).as_fields(),
    )
    return person


def add_party(*, actor: User, case: Case, version: int | None, role: str, person: PersonDetails) -> Party:
    """Someone involved in the case, in the part `role` names. After it commits, other apps (cumulative
    patterns) hear of the new person through their AppConfig's `person_recorded` hook, so cases never
    imports them."""
    with case_write(actor, case, version=version) as write:
        recorded = record_person(organisation=case.organisation, details=person)
        party = Party.objects.create(case=case, person=recorded, role=role)
        write.record(f"{role_of(party)} added", party)
        _person_recorded(recorded, party)
    return party


def update_person_facts(
    *, actor: User, case: Case, version: int | None, party: Party, facts: PersonFacts
) -> Person:
    """Change what the duties need to know about someone on the case (they left, they turn out to
    work with children...): the timeline says which facts changed, the audit entry holds the answers."""
    write = case_write(actor, case, version=version)
    if party.case_id != case.pk:
        raise ValueError("that person is not on this case")
    fields = facts.as_fields()
    with write:
        person = Person.objects.select_for_update().get(pk=party.person_id)
        changed = [name for name, value in fields.items() if getattr(person, name) != value]
        for name in changed:
            setattr(person, name, fields[name])
        person.save(update_fields=changed)
        write.record(
            f"Details of the {role_of(party).lower()} updated",
            person,
            action=AuditAction.UPDATE,
            detail={
                "case": case.reference,
                "party": party.pk,
                "changed": {name: _plain(fields[name]) for name in changed},
            },
        )
    party.person = person
    return person


def _plain(value: bool | date | None) -> bool | str | None:
    return value.isoformat() if isinstance(value, date) else value


def _person_recorded(person: Person, party: Party) -> None:
    """After the write commits, tell every app with a `person_recorded` hook."""

    def tell() -> None:
        for hook in implementations("person_recorded"):
            hook(person=person, party=party)

    transaction.on_commit(tell)


def record_risk_assessment(
    *,
    actor: User,
    case: Case,
    version: int | None,
    party: Party,
    risks: list[str],
    details: str,
    mitigations: str,
    contact_police: bool,
    review_on: date,
) -> RiskAssessment:
    with case_write(actor, case, version=version) as write:
        made = RiskAssessment.objects.create(
            party=party,
            risks=risks,
            details=details,
            mitigations=mitigations,
            contact_police=contact_police,
            review_on=review_on,
            assessed_by=actor,
            assessed_at=timezone.now(),
        )
        remind(case, actor, review_on, f"Risk assessment review due on {case.reference}")
        write.record(f"Risk assessed: {role_of(party).lower()}", made)
    return made


def record_support_offer(
    *,
    actor: User,
    case: Case,
    version: int | None,
    party: Party,
    kind: str,
    status: str,
    offered_on: date,
    follow_up_on: date | None,
    notes: str,
) -> SupportOffer:
    with case_write(actor, case, version=version) as write:
        made = SupportOffer.objects.create(
            party=party,
            kind=kind,
            status=status,
            offered_on=offered_on,
            follow_up_on=follow_up_on,
            notes=notes,
            recorded_by=actor,
        )
        if follow_up_on is not None:
            remind(case, actor, follow_up_on, f"Support follow-up due on {case.reference}")
        write.record(f"Support {status}: {role_of(party).lower()}", made)
    return made


def link_account(
    *,
    actor: User,
    case: Case,
    version: int | None,
    party: Party,
    account: User,
    email: str = "",
    staff_number: str = "",
) -> Person:
    """Link the party's person to one of the accounts `cases.linking.proposed_accounts` offers for what
    the handler typed, and take that account off the case team. The timeline says a link was made
    without naming the account; the audit entry names it."""
    write = case_write(actor, case, version=version)
    if party.case_id != case.pk:
        raise ValueError("that person is not on this case")
    offered = proposed_accounts(case.organisation, email=email, staff_number=staff_number)
    if account.pk not in {u.pk for u in offered}:
        raise StepRefused(("Choose one of the accounts found at this organisation",))
    found_by = "e-mail address" if email.strip() else "staff number"
    with write:
        person = Person.objects.select_for_update().get(pk=party.person_id)
        previous = person.user_id
        person.user, person.linked_by, person.linked_at = account, actor, timezone.now()
        person.save(update_fields=["user", "linked_by", "linked_at"])
        off_team = CaseTeamMember.objects.filter(case=case, user=account).delete()[0]
        investigation = Investigation.objects.filter(case=case).first()
        if investigation is not None:
            investigation.investigators.remove(account)
        what = f"{role_of(party)} linked to a staff account"
        if off_team:
            what += "; that account was taken off the case team"
        write.record(
            what,
            person,
            action=AuditAction.UPDATE,
            detail={
                "case": case.reference,
                "party": party.pk,
                "account": account.pk,
                "previous": previous,
                "found_by": found_by,
            },
        )
    party.person = person
    return person


def unlink_account(*, actor: User, case: Case, version: int | None, party: Party) -> Person:
    write = case_write(actor, case, version=version)
    if party.case_id != case.pk:
        raise ValueError("that person is not on this case")
    if not Person.objects.filter(pk=party.person_id, user__isnull=False).exists():
        return party.person
    with write:
        person = Person.objects.select_for_update().get(pk=party.person_id)
        previous = person.user_id
        person.user, person.linked_by, person.linked_at = None, None, None
        person.save(update_fields=["user", "linked_by", "linked_at"])
        write.record(
            f"{role_of(party)} no longer linked to a staff account",
            person,
            action=AuditAction.UPDATE,
            detail={"case": case.reference, "party": party.pk, "account": None, "previous": previous},
        )
    party.person = person
    return person
