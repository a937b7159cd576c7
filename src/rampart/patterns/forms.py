"""Forms for the patterns pages: a weak signal, a decision on a pattern alert, a match decision."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from rampart.cases.models import Regulator
from rampart.patterns.identifiers import normalise, registration_problem
from rampart.patterns.models import PatternDecisionKind, SignalKind


def _date(form: forms.Form, data: dict[str, Any], prefix: str, what: str, *, required: bool) -> date | None:
    names = (f"{prefix}_day", f"{prefix}_month", f"{prefix}_year")
    typed = [str(form.data.get(form.add_prefix(n), "")).strip() for n in names]
    parts = [data.pop(n, None) for n in names]
    for n in names:
        form.errors.pop(n, None)
    if not any(typed):
        if required:
            form.add_error(names[0], f"Enter {what}")
        return None
    if None in parts:
        form.add_error(names[0], f"Enter {what} as day, month and year, like 15 3 2026")
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))  # type: ignore[arg-type]
    except (ValueError, OverflowError):  # 31 February, or a year of twenty digits
        form.add_error(names[0], f"Enter a real date for {what}, like 15 3 2026")
        return None


class SignalForm(forms.Form):
    name = forms.CharField(
        label="Their name",
        max_length=200,
        error_messages={"required": "Enter the name of the person you are worried about"},
    )
    role = forms.CharField(
        label="Their role (optional)", max_length=40, required=False, help_text="For example, nurse, porter"
    )
    staff_number = forms.CharField(label="Their staff number (optional)", max_length=30, required=False)
    regulator = forms.ChoiceField(
        label="Professional regulator (optional)",
        required=False,
        choices=[("", "None or not known"), *Regulator.choices],
    )
    registration_number = forms.CharField(
        label="Registration number (optional)", max_length=20, required=False
    )
    dob_day = forms.IntegerField(label="Day", required=False)
    dob_month = forms.IntegerField(label="Month", required=False)
    dob_year = forms.IntegerField(label="Year", required=False)
    kinds = forms.MultipleChoiceField(
        label="What kind of worry is it?",
        choices=SignalKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select what kind of worry it is"},
    )
    description = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="Say what you saw or heard, in your own words. Only the case handlers will read it.",
        error_messages={"required": "Say what happened"},
    )
    seen_day = forms.IntegerField(label="Day", required=False)
    seen_month = forms.IntegerField(label="Month", required=False)
    seen_year = forms.IntegerField(label="Year", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("registration_number"):
            if not data.get("regulator"):
                self.add_error("regulator", "Select the regulator the registration number belongs to")
            else:
                problem = registration_problem(data["regulator"], data["registration_number"])
                if problem:
                    self.add_error("registration_number", problem)
                else:
                    data["registration_number"] = normalise(data["registration_number"])
        born = _date(self, data, "dob", "their date of birth", required=False)
        if born is not None and born >= date.today():
            self.add_error("dob_day", "Their date of birth must be in the past")
        data["date_of_birth"] = born.isoformat() if born else ""
        seen = _date(self, data, "seen", "the date it happened", required=True)
        if seen is not None and seen > date.today():
            self.add_error("seen_day", "The date it happened must be today or in the past")
        data["observed_on"] = seen
        return data

    def apply_problems(self, problems: dict[str, str]) -> None:
        for name, problem in problems.items():
            target = {"observed_on": "seen_day", "date_of_birth": "dob_day"}.get(name, name)
            self.add_error(target if target in self.fields else None, problem)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=PatternDecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select your decision"},
    )
    reasons = forms.CharField(
        label="Your reasons",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Give the reasons for your decision"},
    )


class MatchForm(forms.Form):
    same = forms.ChoiceField(
        label="Are these the same person?",
        choices=[("yes", "Yes, the same person: link the records"), ("no", "No, different people")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these are the same person"},
    )
