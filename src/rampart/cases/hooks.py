"""The case's plug-in points: other apps hear of a change to a case and add panels to its page
through their `AppConfig`, so `cases` imports none of them (referrals, sharing, patterns,
access_alerts sit above cases in the layers).

An app implements any of these as methods on its `AppConfig`:

- `case_changed(*, case, actor)`: called inside the transaction of every write to a case (after
  the write, before the timeline and audit entries commit), so what the app keeps in step with
  the case (referral records, say) commits or rolls back with it. It may raise to refuse the
  write. It must not call back into a case write.
- `case_panels(*, case, user)`: the panels the app adds to the case's overview for this user,
  each a `CasePanel`: the case page shows them and the case API gives their `data`. Called by
  `cases.selectors.case_overview` only after `policy.require(user, VIEW_CASE, case)`; the app
  still decides with the policy what this user may see (nothing for someone who may not see the
  case), and reads (and audits) through its own selectors. It must not write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from rampart.core.plugins import DetailRow, implementations

if TYPE_CHECKING:
    from rampart.cases.models import Case


@dataclass(frozen=True)
class CasePanel:
    """What an app adds to a case's overview: a Jinja template (in that app) and its context for
    the page, shown in `section`, and `data` (plain JSON) for the case API, under `key`.

    Sections: "summary" (only `rows`, added to the case's summary list), "duties" (after the list
    of duties), "duty:<code>" (under that duty, with `title` after the duty's name in its summary
    line: a referral record's status, say), "people" (after the people involved), "end"."""

    key: str
    title: str = ""
    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    section: str = "end"
    rows: tuple[DetailRow, ...] = ()
    data: Any = None  # None: nothing for the API


class CaseChanged(Protocol):
    def __call__(self, *, case: Case, actor: Any) -> None: ...


class CasePanels(Protocol):
    def __call__(self, *, case: Case, user: Any) -> list[CasePanel]: ...


class ClosureBlockers(Protocol):
    def __call__(self, *, case: Case) -> list[str]: ...


def case_changed(*, case: Case, actor: Any) -> None:
    """Tell every app that plugs into the case that this case changed (inside the write)."""
    hook: CaseChanged
    for hook in implementations("case_changed"):
        hook(case=case, actor=actor)


def case_panels(*, case: Case, user: Any) -> list[CasePanel]:
    """Every app's panels for the case page, in their `order`."""
    found: list[CasePanel] = []
    hook: CasePanels
    for hook in implementations("case_panels"):
        found.extend(hook(case=case, user=user))
    return sorted(found, key=lambda p: (p.order, p.key))


def closure_blockers(*, case: Case) -> list[str]:
    """Every app's reasons the case may not close yet (empty: nothing they keep stops it)."""
    found: list[str] = []
    hook: ClosureBlockers
    for hook in implementations("closure_blockers"):
        found.extend(hook(case=case))
    return found
