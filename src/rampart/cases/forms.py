"""Forms for the case pages. Each carries the case version it was loaded with (optimistic locking)."""

from __future__ import annotations

from typing import Any

from django import forms

from rampart.cases.models import (
    Finding,
    MeasureKind,
    OutcomeKind,
    PartyRole,
    PersonKind,
    Priority,
    Regulator,
    SexualDimension,
    SupportKind,
    SupportStatus,
)
from rampart.cases.services.people import PersonFacts
from rampart.cases.workflow import CHECKED_FROM_DATA, REVIEW_CHECKLIST
from rampart.core.forms import DateField
from rampart.reporting.forms import CATEGORIES


def _text(
    label: str, max_length: int, required: str | None = None, *, rows: int | None = None, help_text: str = ""
) -> forms.CharField:
    """A text area: required, with `required` the message for leaving it empty, or else optional."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required is not None,
        error_messages={"required": required} if required is not None else None,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.Textarea,
    )


def _choice(label: str, choices: Any, message: str, *, radio: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect if radio else forms.Select,
        error_messages={"required": message, "invalid_choice": message},
    )


YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known")]


def _answer(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def answer_of(value: bool | None) -> str:
    """A stored yes, no or not known as the radio's value (for a form's initial answers)."""
    return {True: "yes", False: "no"}.get(value, "unknown")  # type: ignore[arg-type]


def _yes_no_unknown(label: str, help_text: str = "") -> forms.TypedChoiceField:
    """Yes, no or not known: "not known" (or no answer) is kept as None, which the duties panel asks
    about, never as no."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN,
        coerce=_answer,
        empty_value=None,
        required=False,
        help_text=help_text,
        widget=forms.RadioSelect,
    )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PersonFactsForm(VersionedForm):
    """What the duties need to know about someone involved (`services.PersonFacts`), asked where the
    person is added and on their own page when it changes or becomes known."""

    under_18 = _yes_no_unknown(
        "If they are the person affected: are they under 18?",
        "Only if you do not know their date of birth. A child is anyone under 18 on the day of the report.",
    )
    adult_at_risk = _yes_no_unknown(
        "If they are the person affected: are they an adult at risk?",
        "Care Act 2014, section 42: an adult who has needs for care and support, is experiencing or at "
        "risk of abuse or neglect, and because of those needs cannot protect themself from it.",
    )
    in_regulated_activity = _yes_no_unknown(
        "If they are the subject of concern: does their work include regulated activity?",
        "For example, healthcare by a health care professional, personal care, or teaching, training or "
        "supervising children (Safeguarding Vulnerable Groups Act 2006, Schedule 4).",
    )
    works_with_children = _yes_no_unknown(
        "If they are the subject of concern: do they work with children?",
        "Paid or voluntary, here or elsewhere. An allegation that they harmed a child goes to the Local "
        "Authority Designated Officer.",
    )
    left_on = DateField(
        label="If they are the subject of concern: the day they left the organisation (optional)",
        required=False,
        help_text="Leave it empty while they still work here. For example, 15 3 2026",
        what="The date they left",
        past_only=True,
    )

    FACT_FIELDS = ("under_18", "adult_at_risk", "in_regulated_activity", "works_with_children", "left_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["facts"] = PersonFacts(**{name: data.pop(name, None) for name in self.FACT_FIELDS})
        return data


class OpenCaseForm(forms.Form):
    summary = _text("Summary of the concern", 10_000, "Enter a summary of the concern")
    categories = forms.MultipleChoiceField(
        label="Which of these describe it? (optional)",
        choices=CATEGORIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class TriageForm(VersionedForm):
    sexual_dimension = _choice(
        "Could this concern have a sexual dimension?",
        [(v, label) for v, label in SexualDimension.choices if v != "unknown"],
        "Select whether the concern could have a sexual dimension",
    )
    screening_notes = _text(
        "Why? (screening notes)",
        5000,
        "Enter why you reached this view",
        rows=4,
        help_text="Consider: touching, comments, boundary blurring, intimate examinations, unusual record "
        "access, grooming, or a patient unsure whether what happened was appropriate.",
    )
    immediate_actions = _text("Immediate safety actions taken (optional)", 5000, rows=3)
    priority = _choice("Priority", Priority.choices, "Select a priority")
    criminal_allegation = forms.BooleanField(
        label="The concern includes an allegation of a crime", required=False
    )


class PartyForm(PersonFactsForm):
    role = _choice("Their part in the case", PartyRole.choices, "Select their part in the case")
    kind = _choice("Who are they?", PersonKind.choices, "Select who they are")
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter their name"})
    profession = forms.ChoiceField(
        label="Profession (optional)",
        required=False,
        choices=[("", "Not known")]
        + [
            (v, v.replace("_", " ").capitalize())
            for v in (
                "doctor",
                "dentist",
                "nurse",
                "midwife",
                "nursing_associate",
                "ahp",
                "paramedic",
                "pharmacist",
                "optometrist",
                "social_worker",
                "healthcare_support_worker",
                "admin",
                "student",
                "other",
            )
        ],
    )
    staff_number = forms.CharField(label="Staff number (optional)", max_length=30, required=False)
    regulator = forms.ChoiceField(
        label="Professional regulator (optional)",
        required=False,
        choices=[("", "None or not known"), *Regulator.choices],
    )
    registration_number = forms.CharField(
        label="Registration number (optional)",
        max_length=20,
        required=False,
        help_text="For example, a GMC number is 7 digits, like 1234567",
    )
    esr_number = forms.CharField(
        label="ESR person number (optional)",
        max_length=20,
        required=False,
        help_text="From the Electronic Staff Record: it follows them between NHS employers",
    )
    dob = DateField(
        label="Date of birth (optional)",
        required=False,
        help_text="For example, 15 3 1980. It helps find earlier concerns about the same person.",
        past_only=True,
        include_today=False,
    )
    resident_doctor = forms.BooleanField(label="Resident doctor (in postgraduate training)", required=False)
    on_performers_list = forms.BooleanField(
        label="On a Performers List (GP, dentist or optometrist)", required=False
    )

    field_order = [
        "role",
        "kind",
        "name",
        "profession",
        "staff_number",
        "regulator",
        "registration_number",
        "esr_number",
        "dob",
        "resident_doctor",
        "on_performers_list",
        *PersonFactsForm.FACT_FIELDS,
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Pure helpers; imported here so the cases app never imports patterns when it loads.
        from rampart.cases.registration import esr_problem, normalise, registration_problem

        if data.get("registration_number") and not data.get("regulator"):
            self.add_error("regulator", "Select the regulator the registration number belongs to")
        elif data.get("registration_number"):
            problem = registration_problem(data["regulator"], data["registration_number"])
            if problem:
                self.add_error("registration_number", problem)
            else:
                data["registration_number"] = normalise(data["registration_number"])
        if data.get("esr_number"):
            problem = esr_problem(data["esr_number"])
            if problem:
                self.add_error("esr_number", problem)
            else:
                data["esr_number"] = normalise(data["esr_number"])
        born = data.pop("dob", None)
        data["date_of_birth"] = born.isoformat() if born else ""
        if born and "facts" in data:  # a date of birth answers "under 18?" itself
            data["facts"] = PersonFacts(**{**data["facts"].as_fields(), "under_18": None})
        return data


RISKS = [
    ("patients", "Risk to patients"),
    ("staff", "Risk to staff"),
    ("self", "Risk to the person themself"),
    ("further_harm", "Risk of further harm"),
    ("evidence", "Risk to evidence or witnesses"),
]


class RiskAssessmentForm(VersionedForm):
    risks = forms.MultipleChoiceField(
        label="Risks identified",
        choices=RISKS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    details = _text("Details", 5000, "Enter the details of the risk assessment", rows=4)
    mitigations = _text("How the risks are reduced", 5000, rows=3)
    contact_police = forms.BooleanField(
        label="The police should be contacted",
        required=False,
        help_text="For example, a crime may have been committed, or someone is at risk of serious harm now",
    )
    review_on = DateField(label="Review date")


class SupportForm(VersionedForm):
    kind = _choice("Support offered", SupportKind.choices, "Select the support offered")
    status = _choice("Response", SupportStatus.choices, "Select whether it was accepted")
    offered_on = DateField(label="Date offered")
    follow_up_on = DateField(label="Follow-up date (optional)", required=False)
    notes = _text("Notes (optional)", 2000, rows=3)


class InterimMeasureForm(VersionedForm):
    kind = _choice("Measure", MeasureKind.choices, "Select the measure")
    reason = _text("Reason", 5000, "Enter the reason for the measure", rows=3)
    starts_on = DateField(label="Start date")
    review_on = DateField(label="Review date")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("review_on") and data["review_on"] < data["starts_on"]:
            self.add_error("review_on", "The review date must be on or after the start date")
        return data


class PoliceForm(VersionedForm):
    police_reference = forms.CharField(label="Police reference (optional)", max_length=60, required=False)
    contact = forms.CharField(label="Police contact (optional)", max_length=500, required=False)
    investigation_active = forms.BooleanField(label="The police are investigating", required=False)
    charged = forms.BooleanField(label="The police have charged the subject", required=False)
    agreed_to_continue = _text(
        "What the police agreed the internal investigation may do (optional)", 5000, rows=3
    )


class _HandTicked(forms.MultipleChoiceField):
    """The checklist items ticked by hand: an item Rampart checks from the case's data is dropped if
    sent (a form or script from before they were checked from the data), never ticked."""

    def to_python(self, value: Any) -> list[str]:
        return [v for v in super().to_python(value) if v not in CHECKED_FROM_DATA]


class ReviewDecisionForm(VersionedForm):
    checklist = _HandTicked(
        label="Review group checklist",
        choices=[(k, v) for k, v in REVIEW_CHECKLIST.items() if k not in CHECKED_FROM_DATA],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every item must be complete before a decision is recorded. Rampart checks the "
        "others from the case: see above",
    )
    decision = _text("Decision and reasons", 10_000, "Enter the decision and its reasons")
    decided_on = DateField(label="Date of the decision")

    def __init__(self, *args: Any, checked: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The checklist items Rampart checks from the case's data (workflow.checked_from_data), shown.
        self.checked_from_data = list(checked)


class InvestigationForm(VersionedForm):
    terms_of_reference = _text("Terms of reference", 10_000, "Enter the terms of reference")
    investigator = forms.ChoiceField(
        label="Specially trained investigator",
        required=False,
        widget=forms.RadioSelect,
        help_text="Only people with current specialist sexual misconduct investigation training are listed",
    )
    independent_investigator = forms.CharField(
        label="Or a named independent investigator", max_length=200, required=False
    )

    def __init__(self, *args: Any, investigators: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["investigator"].choices = [
            (str(u.pk), u.get_full_name() or u.email) for u in investigators
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("investigator") and not data.get("independent_investigator"):
            self.add_error(
                "investigator", "Choose a trained investigator or name an independent investigator"
            )
        return data


class FindingsForm(VersionedForm):
    findings = _text("Findings", 20_000, "Enter the findings")
    substantiated = _choice(
        "Was the concern substantiated?",
        [("yes", "Yes"), ("partly", "Partly: some of it was found, some not"), ("no", "No")],
        "Select whether the concern was substantiated",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answer = data.pop("substantiated", None)
        if answer:  # kept as given: partly is its own answer (models.Finding)
            data["finding"] = {
                "yes": Finding.SUBSTANTIATED,
                "partly": Finding.PARTLY,
                "no": Finding.NOT_SUBSTANTIATED,
            }[answer]
        return data


class OutcomeForm(VersionedForm):
    kind = _choice("Outcome", OutcomeKind.choices, "Select the outcome")
    removed_from_regulated_activity = forms.BooleanField(
        label="The subject was removed from regulated activity", required=False
    )
    left_before_removal = forms.BooleanField(
        label="The subject left before they would have been removed", required=False
    )
    relevant_conduct = forms.BooleanField(
        label="The findings describe relevant conduct (conduct that harmed, or could harm, a child or an "
        "adult at risk, including sexual conduct)",
        required=False,
    )
    harm_test_met = forms.BooleanField(
        label="The harm test is met (the person may harm a child or an adult at risk)", required=False
    )
    caution_or_conviction = _yes_no_unknown(
        "Has the subject been cautioned or convicted for an offence that bars automatically?",
        "The offences listed by the Safeguarding Vulnerable Groups Act 2006 (Prescribed Criteria and "
        "Miscellaneous Provisions) Regulations 2009, such as rape or sexual assault: a DBS barring "
        "referral is then required.",
    )
    lessons_learned = _text("Lessons learned (optional)", 10_000, rows=4)


class ReasonForm(VersionedForm):
    reason = _text("Reason", 2000, "Enter the reason", rows=3)


class InterviewForm(VersionedForm):
    held_on = DateField(label="Date of the interview")
    notes = _text("Notes", 20_000, "Enter the interview notes")


class EvidenceForm(VersionedForm):
    description = forms.CharField(
        label="What this is", max_length=500, error_messages={"required": "Enter what the evidence is"}
    )
    file = forms.FileField(
        label="File", help_text="JPEG, PNG or PDF, up to 10MB", error_messages={"required": "Select a file"}
    )


class ReviewGroupMemberForm(forms.Form):
    email = forms.EmailField(
        label="Work e-mail address of a member of staff in this organisation",
        error_messages={
            "required": "Enter their work e-mail address",
            "invalid": "Enter an e-mail address in the correct format",
        },
    )
    role_in_group = forms.CharField(
        label="Their role in the group",
        max_length=100,
        help_text="For example, HR lead, DASV lead, safeguarding lead, medical director",
        error_messages={"required": "Enter their role in the group"},
    )


class MeetingForm(forms.Form):
    held_on = DateField(label="Meeting date")


class RevealReporterForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to know who made this report?",
        max_length=500,
        help_text="Your name, the time and this reason go in the audit log and on the case timeline.",
        error_messages={"required": "Enter why you need to know who made the report"},
    )


# --- linking a person on a case to a staff account (cases.linking_views) ---


class FindAccountForm(VersionedForm):
    email = forms.EmailField(label="Their work e-mail address", max_length=254, required=False)
    staff_number = forms.CharField(
        label="Or their staff number",
        max_length=30,
        required=False,
        help_text="As it appears in this organisation's training records",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("email") or (data.get("staff_number") or "").strip()):
            self.add_error("email", "Enter their work e-mail address or their staff number")
        return data


class ConfirmAccountForm(FindAccountForm):
    account = forms.TypedChoiceField(
        label="Which account is theirs?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select their account", "invalid_choice": "Select their account"},
    )

    def __init__(self, *args: Any, accounts: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget = self.fields["staff_number"].widget = forms.HiddenInput()
        self.fields["account"].choices = [
            (u.pk, f"{u.get_full_name() or u.email} ({u.email})") for u in accounts
        ]
