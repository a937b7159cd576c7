"""Forms for changing a case's team, reviewing its interim measures and recording a decision with a
reason (cases.team_views). Each carries the case version it was loaded with."""

from __future__ import annotations

from typing import Any

from django import forms

from rampart.cases.forms import VersionedForm, _choice, _text
from rampart.cases.models import MeasureKind, TeamRole
from rampart.core.forms import DateField


def _people(users: Any) -> list[tuple[str, str]]:
    return [(str(u.pk), u.get_full_name() or u.email) for u in users]


class AddTeamMemberForm(VersionedForm):
    role = _choice("Their role on the case", TeamRole.choices, "Select their role on the case")
    handler = forms.ChoiceField(label="Case handler", required=False, widget=forms.Select)
    investigator = forms.ChoiceField(label="Investigator", required=False, widget=forms.Select)

    def __init__(self, *args: Any, handlers: Any = (), investigators: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {TeamRole.HANDLER: list(handlers), TeamRole.INVESTIGATOR: list(investigators)}
        none = [("", "Choose someone")]
        self.fields["handler"].choices = none + _people(handlers)
        self.fields["investigator"].choices = none + _people(investigators)
        self.fields["handler"].help_text = "Case handlers of the organisation not involved in the case"
        self.fields["investigator"].help_text = "Investigators of the organisation not involved in the case"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role in self.people:
            chosen = [u for u in self.people[TeamRole(role)] if str(u.pk) == data.get(role)]
            if not chosen:
                self.add_error(role, f"Choose the {TeamRole(role).label.lower()} to add")
            else:
                data["user"] = chosen[0]
        return data


class HandOverForm(VersionedForm):
    to = forms.ChoiceField(
        label="Hand the case to",
        widget=forms.Select,
        error_messages={"required": "Choose the case handler to hand the case to"},
        help_text="Case handlers of the organisation not involved in the case",
    )
    keep_previous = forms.TypedChoiceField(
        label="Do you stay on the case team?",
        choices=[("no", "No: I leave the case team"), ("yes", "Yes: I stay on the case team as a handler")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you stay on the case team"},
    )

    def __init__(self, *args: Any, handlers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.handlers = list(handlers)
        self.fields["to"].choices = [("", "Choose someone"), *_people(self.handlers)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [u for u in self.handlers if str(u.pk) == data.get("to")]
        if data.get("to") and not chosen:
            self.add_error("to", "Choose the case handler to hand the case to")
        elif chosen:
            data["to"] = chosen[0]
        return data


class MeasureReviewForm(VersionedForm):
    """A review of an interim measure: it goes on as it is, goes on changed, or ends."""

    decision = _choice(
        "What did the review decide?",
        [
            ("continue", "Keep the measure as it is"),
            ("change", "Change the measure"),
            ("end", "End the measure"),
        ],
        "Select what the review decided",
    )
    notes = _text("What was considered, and why", 5000, "Enter what was considered and why", rows=4)
    next_review_on = DateField(label="Next review date", required=False, help_text="Unless it ends")
    kind = forms.ChoiceField(
        label="The measure, if it changes",
        choices=[("", "Keep the same measure"), *MeasureKind.choices],
        required=False,
    )
    reason = _text("The reason for the measure, if it changes (optional)", 5000, rows=3)
    ends_on = DateField(label="End date", required=False, help_text="If it ends")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision in ("continue", "change") and not data.get("next_review_on"):
            self.add_error("next_review_on", "Enter the next review date")
        if decision == "change" and not data.get("kind") and not (data.get("reason") or "").strip():
            self.add_error("kind", "Choose the new measure, or give its new reason")
        if decision == "end" and not data.get("ends_on"):
            self.add_error("ends_on", "Enter the date the measure ends")
        return data


class DecisionForm(VersionedForm):
    reason = _text("Reason", 5000, "Enter the reason for the decision", rows=4)
