"""The chaperone record on one page, quick on a phone: required answers and the rules between them
come from `rules.problems`, the same check the API uses."""

from __future__ import annotations

from typing import Any

from django import forms

from rampart.chaperoning import rules

YES_NO = (("yes", "Yes"), ("no", "No"))
BOOLEANS = ("purpose_explained", "observed_throughout", "informal_companion", "deferred")
_TEXT_LIMITS = {
    "examiner_name": 200,
    "patient_ref": 40,
    "department": 100,
    "procedure": 200,
    "chaperone_name": 200,
    "chaperone_staff_number": 30,
    "chaperone_role": 100,
    "concern_about_name": 200,
    "concern_about_role": 100,
    "concern_about_staff_number": 30,
}
CONCERN_FIELDS = (
    "concern",
    "concern_about",
    "concern_about_name",
    "concern_about_role",
    "concern_about_staff_number",
)


def _concern_subject_fields() -> dict[str, forms.Field]:
    """Whom the concern is about: asked, never assumed (the examiner is not always the one)."""
    return {
        "concern_about": _radios(
            rules.CONCERN_ABOUT,
            "Who is your concern about?",
            "concern_about",
            "Only if you wrote a concern. A worry about a named person is kept as a confidential "
            "below-threshold signal about them; nothing is kept about anyone else.",
        ),
        "concern_about_name": _text("Their name", "concern_about_name", "Only if it is about someone else."),
        "concern_about_role": _text(
            "Their role", "concern_about_role", "Only if it is about someone else. For example, locum GP."
        ),
        "concern_about_staff_number": _text(
            "Their staff number (optional)", "concern_about_staff_number", "Only if you know it."
        ),
    }


def concern_subject(data: dict[str, Any]) -> rules.ConcernSubject:
    return rules.ConcernSubject(
        about=data.get("concern_about") or "",
        name=data.get("concern_about_name") or "",
        role=data.get("concern_about_role") or "",
        staff_number=data.get("concern_about_staff_number") or "",
    )


def _radios(choices: Any, label: str, name: str, help_text: str = "") -> forms.ChoiceField:
    message = rules.REQUIRED_MESSAGES.get(name, "Select an answer")
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"invalid_choice": message},
    )


def _text(label: str, name: str, help_text: str = "", *, area: bool = False) -> forms.CharField:
    limit = _TEXT_LIMITS.get(name, rules.MAX_TEXT)
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}) if area else forms.TextInput,
        error_messages={"max_length": f"{label} must be {limit:,} characters or fewer"},
    )


class RecordForm(forms.Form):
    recorder_role = _radios(rules.RECORDER_ROLES, "Who are you in this examination?", "recorder_role")
    examiner_name = _text(
        "Name of the clinician who examined", "examiner_name", "Only if you were the chaperone."
    )
    patient_ref = _text(
        "Patient's pseudonymous identifier",
        "patient_ref",
        "From the patient record system, like PX-40213. Never the patient's name or NHS number.",
    )
    setting = forms.ChoiceField(
        label="Where did it take place?",
        choices=(("", "Select where"), *rules.SETTINGS),
        required=False,
        error_messages={"invalid_choice": rules.REQUIRED_MESSAGES["setting"]},
    )
    department = _text("Department or service", "department", "For example, Gynaecology outpatients.")
    procedure = _text("Examination or procedure", "procedure", "For example, breast examination.")
    intimacy = _radios(rules.INTIMACY, "Was it intimate?", "intimacy")
    purpose_explained = _radios(YES_NO, "Was the purpose explained to the patient?", "purpose_explained")
    purpose = _text(
        "Purpose of the examination",
        "purpose",
        "Why it was needed. Records without a purpose are flagged in the audit.",
        area=True,
    )
    consent = _radios(rules.CONSENT, "How did the patient consent?", "consent")
    capacity = _radios(rules.CAPACITY, "Capacity to consent", "capacity")
    capacity_notes = _text(
        "How capacity was assessed and who consented",
        "capacity_notes",
        "Only for a child or a patient who lacks capacity.",
        area=True,
    )
    offer = _radios(rules.OFFERS, "Chaperone", "offer")
    chaperone_name = _text("Chaperone's name", "chaperone_name", "Only if you were the clinician.")
    chaperone_staff_number = _text(
        "Chaperone's staff number (optional)",
        "chaperone_staff_number",
        "Helps find their chaperone training, for example for bank staff.",
    )
    chaperone_role = _text(
        "Chaperone's role", "chaperone_role", "For example, healthcare assistant or practice nurse."
    )
    observed_throughout = _radios(
        YES_NO, "Was the chaperone present and able to see the examination throughout?", "observed_throughout"
    )
    informal_companion = _radios(
        YES_NO,
        "Was a relative or friend also present?",
        "informal_companion",
        "A relative or friend is not a chaperone.",
    )
    deferred = _radios(YES_NO, "Was the examination deferred?", "deferred")
    deferral_reason = _text("Why was it deferred?", "deferral_reason", area=True)

    def __init__(self, *args: Any, with_concern: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_concern:
            self.fields["concern"] = _text(
                "Concern (optional)",
                "concern",
                "If anything about the examination worried you, write it here. It goes straight to "
                "the case handlers, confidentially, with this record.",
                area=True,
            )
            self.fields.update(_concern_subject_fields())

    def answers(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in CONCERN_FIELDS:
            data.pop(name, None)
        for name in BOOLEANS:
            data[name] = {"yes": True, "no": False}.get(data.get(name) or "")
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        found = rules.problems(self.answers())
        if "concern" in self.fields and str(cleaned.get("concern") or "").strip():
            present = rules.chaperone_present(cleaned.get("offer"), self.answers().get("deferred"))
            found.update(rules.subject_problems(self.concern_subject(), chaperone_present=present))
        for name, message in found.items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def concern_subject(self) -> rules.ConcernSubject:
        return concern_subject(self.cleaned_data)

    @staticmethod
    def initial_from(answers: dict[str, Any]) -> dict[str, Any]:
        return {
            k: ("yes" if v else "no") if k in BOOLEANS and v is not None else v
            for k, v in answers.items()
            if v is not None
        }


class AddendumForm(forms.Form):
    reason = forms.CharField(
        label="Why are you adding to the record?",
        max_length=500,
        required=False,
        help_text="For example, a correction to the chaperone's name.",
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )
    text = forms.CharField(
        label="Addendum",
        max_length=rules.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"The addendum must be {rules.MAX_TEXT:,} characters or fewer"},
    )


class ConcernForm(forms.Form):
    concern = forms.CharField(
        label="Your concern",
        max_length=rules.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="It goes straight to the case handlers, confidentially, with this record.",
        error_messages={"max_length": f"Your concern must be {rules.MAX_TEXT:,} characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_concern_subject_fields())
        self.fields["concern_about"].help_text = (
            "A worry about a named person is kept as a confidential below-threshold signal about them; "
            "nothing is kept about anyone else."
        )

    def concern_subject(self) -> rules.ConcernSubject:
        return concern_subject(self.cleaned_data)


class PeriodForm(forms.Form):
    """The audit report's filters (GET)."""

    start = forms.CharField(
        label="From",
        required=False,
        widget=forms.TextInput(attrs={"type": "date"}),
        help_text="For example, 2026-04-01",
    )
    end = forms.CharField(
        label="To",
        required=False,
        widget=forms.TextInput(attrs={"type": "date"}),
        help_text="For example, 2027-03-31",
    )
    department = forms.ChoiceField(label="Department", required=False, choices=())
    clinician = forms.ChoiceField(label="Clinician", required=False, choices=())

    def __init__(self, *args: Any, departments: list[str], clinicians: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "All departments"), *((d, d) for d in departments)]  # type: ignore[attr-defined]
        self.fields["clinician"].choices = [("", "All clinicians"), *((c, c) for c in clinicians)]  # type: ignore[attr-defined]
