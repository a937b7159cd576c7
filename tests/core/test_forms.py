"""The one date field (NHS.UK date input) and the one way a refusal reaches the error summary."""

from datetime import date, timedelta

import pytest
from django import forms
from django.template import engines
from hypothesis import given
from hypothesis import strategies as st

from rampart.core.errors import Conflict, Refused
from rampart.core.forms import DateField, show_refusal

TODAY = date(2026, 12, 3)


class BirthForm(forms.Form):
    dob = DateField(
        label="Date of birth (optional)",
        required=False,
        past_only=True,
        include_today=False,
        today=lambda: TODAY,
    )


class MeetingForm(forms.Form):
    held_on = DateField(label="Meeting date", today=lambda: TODAY)
    note = forms.CharField(required=False)


def posted(prefix, day, month, year, **more):
    return {f"{prefix}_day": day, f"{prefix}_month": month, f"{prefix}_year": year, **more}


def errors_of(form, name):
    form.is_valid()
    return form.errors.get(name, [])


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", None),
        ("15", "", "1980", "Date of birth must include a month"),
        ("", "", "1980", "Date of birth must include a day and month"),
        ("15", "3", "", "Date of birth must include a year"),
        ("31", "2", "1980", "Date of birth must be a real date"),
        ("29", "2", "1981", "Date of birth must be a real date"),
        ("0", "3", "1980", "Date of birth must be a real date"),
        ("15", "13", "1980", "Date of birth must be a real date"),
        ("x", "3", "1980", "Date of birth must be a real date"),
        ("1\x00", "3", "1980", None),
        ("15", "3", "80", "Year must include 4 numbers"),
        ("15", "3", "9" * 20, "Year must include 4 numbers"),
        ("15", "3", "9" * 4000, "Date of birth must be a real date"),
        ("3", "12", "2026", "Date of birth must be in the past"),
        ("1", "1", "2030", "Date of birth must be in the past"),
        ("1", "1", "1899", "Date of birth must be the same as or after 1 January 1900"),
        ("15", "3", "1980", None),
        ("15", "Mar", "1980", None),
        ("15", "september", "1980", None),
    ],
)
def test_a_date_of_birth_is_explained_in_the_service_manuals_words(day, month, year, message):
    form = BirthForm(posted("dob", day, month, year))
    assert errors_of(form, "dob") == ([message] if message else [])


def test_a_real_date_cleans_to_a_date():
    form = BirthForm(posted("dob", " 02 ", "4", "1980"))
    assert form.is_valid()
    assert form.cleaned_data["dob"] == date(1980, 4, 2)


def test_a_required_date_left_blank_asks_for_it():
    assert errors_of(MeetingForm(posted("held_on", "", "", "")), "held_on") == ["Enter the meeting date"]


def test_today_is_allowed_unless_the_date_must_be_strictly_past():
    class SeenForm(forms.Form):
        seen = DateField(label="Seen", past_only=True, today=lambda: TODAY)

    assert SeenForm(posted("seen", "3", "12", "2026")).is_valid()
    tomorrow = TODAY + timedelta(days=1)
    later = SeenForm(posted("seen", str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)))
    assert errors_of(later, "seen") == ["Seen must be today or in the past"]


def test_a_future_only_date_refuses_yesterday():
    class ReviewForm(forms.Form):
        review_on = DateField(label="Review date", future_only=True, include_today=False, today=lambda: TODAY)

    assert errors_of(ReviewForm(posted("review_on", "2", "12", "2026")), "review_on") == [
        "Review date must be in the future"
    ]
    assert ReviewForm(posted("review_on", "4", "12", "2026")).is_valid()


@given(
    st.text(max_size=30) | st.integers().map(str),
    st.text(max_size=30) | st.integers().map(str),
    st.text(max_size=30) | st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
def test_no_typed_date_raises(day, month, year):
    for form in (
        BirthForm(posted("dob", day, month, year)),
        MeetingForm(posted("held_on", day, month, year)),
    ):
        valid = form.is_valid()
        name = next(iter(form.fields))
        assert valid or len(form.errors[name]) == 1
        if valid and form.cleaned_data[name] is not None:
            assert 1900 <= form.cleaned_data[name].year <= 2100


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


IMPORT = '{% from "components/forms.html" import error_summary, field %}'
FIELD = IMPORT + "{{ error_summary(form) }}{{ field(form.dob) }}"


def test_the_date_renders_as_the_nhsuk_date_input_with_the_typed_values():
    html = render(FIELD, form=BirthForm(posted("dob", "15", "", "1980")))
    assert 'class="nhsuk-date-input"' in html
    for part, value in (("day", "15"), ("year", "1980")):
        assert f'id="id_dob_{part}" name="dob_{part}"' in html
        assert f'value="{value}"' in html
    assert "<legend" in html
    assert "Date of birth (optional)" in html
    # Only the missing box is marked, and the summary links to it.
    assert html.count("nhsuk-input--error") == 1
    assert 'href="#id_dob_month"' in html
    assert "Date of birth must include a month" in html


def test_an_unbound_date_shows_its_initial_value():
    html = render(FIELD, form=BirthForm(initial={"dob": date(1980, 4, 2)}))
    assert 'value="2"' in html
    assert 'value="4"' in html
    assert 'value="1980"' in html
    assert "nhsuk-error-summary" not in html


def test_a_refusal_goes_on_its_field_or_the_whole_form():
    form = MeetingForm(posted("held_on", "1", "1", "2026"))
    assert form.is_valid()
    show_refusal(form, Refused.on_fields({"note": "Give a note", "elsewhere": "About the whole form"}))
    assert form.errors["note"] == ["Give a note"]
    assert form.non_field_errors() == ["About the whole form"]


def test_the_error_summary_shows_a_refusal():
    form = MeetingForm(posted("held_on", "1", "1", "2026"))
    form.is_valid()
    show_refusal(form, Refused("The review group has not decided yet", "Every party needs a risk assessment"))
    html = render(
        '{% from "components/forms.html" import error_summary %}{{ error_summary(form) }}', form=form
    )
    assert "There is a problem" in html
    assert "The review group has not decided yet" in html
    assert "Every party needs a risk assessment" in html


def test_a_refusal_keeps_its_reasons_and_fields():
    refused = Refused("A", "B", fields=["a", None])
    assert refused.reasons == ("A", "B")
    assert list(refused.items()) == [("A", "a"), ("B", None)]
    assert refused.problems == {"a": "A", "": "B"}
    assert str(refused) == "A; B"
    with pytest.raises(ValueError, match="one field"):
        Refused("A", fields=["a", "b"])


def test_a_conflict_is_a_refusal_with_its_own_message():
    conflict = Conflict()
    assert isinstance(conflict, Refused)
    assert conflict.reasons == ("Someone else changed this since you opened the page",)
