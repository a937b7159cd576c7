"""Forms for the patterns pages: a weak signal, a decision on a pattern alert, a match decision."""

from __future__ import annotations

from typing import Any

from django import forms

from rampart.cases.models import Regulator
from rampart.cases.registration import normalise, registration_problem
from rampart.core.errors import Refused
from rampart.core.forms import DateField, show_refusal
from rampart.patterns.models import PatternDecisionKind, SignalKind


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
    dob = DateField(
        label="Their date of birth (optional)",
        required=False,
        help_text="If you know it, for example, 15 3 1980",
        past_only=True,
        include_today=False,
    )
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
    seen = DateField(
        label="When did it happen?",
        what="The date it happened",
        help_text="For example, 15 3 2026. If more than once, the most recent.",
        past_only=True,
    )

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
        born = data.pop("dob", None)
        data["date_of_birth"] = born.isoformat() if born else ""
        data["observed_on"] = data.pop("seen", None)
        return data

    def show_refusal(self, refused: Refused) -> None:
        """The service's refusal on this form (its answer names become the form's field names)."""
        rename = {"observed_on": "seen", "date_of_birth": "dob"}
        fields = [rename.get(name, name) if name else None for _, name in refused.items()]
        show_refusal(self, Refused(*refused.reasons, fields=fields))


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
