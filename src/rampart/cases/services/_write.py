"""The one shape of a write to a case: `case_write`.

    with case_write(actor, case, CaseAction.INVESTIGATE, version=version) as write:
        made = Interview.objects.create(...)
        write.record(f"Interview recorded: {role_of(party).lower()}", made)

Made, it authorises (`policy.require`, before anything else is read or checked); entered, it opens one
transaction and claims the next `Case.version` (optimistic locking: a stale form gets `Conflict`);
the body changes the rows and says on the timeline what it did (`record`, or `timeline=` for a fixed
line, or `step` for a workflow step); on leaving, the apps that plug into the case hear of it
(`cases.hooks.case_changed`) inside the same transaction, so all of it commits or none does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from types import TracebackType
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from rampart.cases import hooks, workflow
from rampart.cases.models import Case, CaseTransition, Party, PartyRole, TimelineEntry
from rampart.cases.permissions import CaseAction
from rampart.cases.selectors import facts_for
from rampart.core import audit, policy, reminders
from rampart.core.errors import Conflict, Refused
from rampart.core.locking import claim_version
from rampart.core.models import AuditAction

if TYPE_CHECKING:
    from rampart.accounts.models import User

__all__ = ["CaseWrite", "Conflict", "StepRefused", "case_write", "note", "remind", "role_of"]


class StepRefused(Refused):
    """The workflow (or a rule of the case) does not allow this now; `reasons` say why."""

    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__(*reasons)


class CaseWrite:
    """One change to a case (see the module's docstring). Use it through `case_write`."""

    def __init__(
        self, actor: User, case: Case, action: CaseAction, *, version: int | None, timeline: str = ""
    ) -> None:
        policy.require(actor, action, case)
        self.actor, self.case = actor, case
        self._version, self._timeline = version, timeline
        self._recorded = False
        self._open: AbstractContextManager[CaseWrite] | None = None

    def __enter__(self) -> CaseWrite:
        self._open = self._transaction()
        return self._open.__enter__()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> bool | None:
        assert self._open is not None
        return self._open.__exit__(kind, error, trace)

    @contextmanager
    def _transaction(self) -> Iterator[CaseWrite]:
        fields = self.case._meta.concrete_fields
        as_read = {f.attname: getattr(self.case, f.attname) for f in fields}
        try:
            with transaction.atomic():
                claim_version(self.case, self._version)
                yield self
                if self._timeline:
                    self.record(self._timeline)
                if not self._recorded:
                    raise RuntimeError("a case write must say on the case timeline what it did")
                hooks.case_changed(case=self.case, actor=self.actor)
        except BaseException:
            # Rolled back: every field of the case in memory is put back as it was read (the version,
            # the state, and anything the body set before a step was refused), so a form shown again
            # stays current and a later write on the same object starts from what the database holds.
            for name, value in as_read.items():
                setattr(self.case, name, value)
            raise

    def record(
        self,
        what: str,
        about: models.Model | None = None,
        *,
        action: AuditAction | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Say on the timeline what this write did, and audit it (a record made: `about`)."""
        note(self.case, self.actor, what, about, action=action, detail=detail)
        self._recorded = True

    def step(self, step: workflow.Step, *, reason: str = "") -> None:
        """Move the case on, if the workflow allows it now (facts read fresh, inside this write)."""
        verdict = workflow.check(step, facts_for(self.case, reason_given=bool(reason.strip())))
        if not verdict.allowed:
            raise StepRefused(verdict.reasons)
        assert verdict.to is not None
        before = workflow.State(self.case.state)
        CaseTransition.objects.create(
            case=self.case,
            step=step,
            from_state=before,
            to_state=verdict.to,
            at=timezone.now(),
            actor=self.actor,
            reason=reason,
        )
        Case.objects.filter(pk=self.case.pk).update(state=verdict.to)
        self.case.state = verdict.to
        labels = workflow.STATE_LABELS
        self.record(f"{labels[before]} → {labels[verdict.to]}", detail={"step": step, "reason": reason})


def case_write(
    actor: User,
    case: Case,
    action: CaseAction = CaseAction.EDIT_CASE,
    *,
    version: int | None,
    timeline: str = "",
) -> CaseWrite:
    """A write to `case` by `actor`, allowed by `action`, from the form's `version` (None: the case
    as read). Authorises now; `with` it to make the change."""
    return CaseWrite(actor, case, action, version=version, timeline=timeline)


def note(
    case: Case,
    actor: User,
    what: str,
    about: models.Model | None = None,
    *,
    action: AuditAction | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """A timeline entry and its audit entry, in the caller's transaction. Alone (not through
    `case_write`) only for what another app did that the case team must see (a reporter revealed)."""
    TimelineEntry.objects.create(case=case, at=timezone.now(), actor=actor, what=what[:200])
    audit.record(
        actor=actor,
        action=action or (AuditAction.UPDATE if about is None else AuditAction.CREATE),
        obj=about or case,
        organisation=case.organisation,
        detail={"what": what, **(detail or {})},
    )


def remind(case: Case, user: User, on: date, subject: str) -> None:
    """A reminder for the sweeper to e-mail once, at 9am on the day (no case details in e-mail)."""
    reminders.schedule(
        topic=f"case:{case.pk}",
        recipients=[user],
        on=on,
        subject=subject,
        body=f"{subject}. Sign in to Rampart to see the case.",
    )


def role_of(party: Party) -> str:
    """The party's role as the case page names it ("Person affected")."""
    return str(PartyRole(party.role).label)
