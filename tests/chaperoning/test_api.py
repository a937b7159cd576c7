"""`POST /api/v1/chaperone-records`: the form's checks, a personal token of a clinician at the
organisation, and no JSON body that makes it fail."""

from __future__ import annotations

import html

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rampart.accounts.services import create_api_token
from rampart.chaperoning import rules
from rampart.chaperoning.models import ChaperoneRecord
from rampart.core.models import AuditEntry
from rampart.reporting.models import Report
from tests.api import post_json
from tests.chaperoning.factories import answers

pytestmark = pytest.mark.django_db
URL = "/api/v1/chaperone-records"


def body(**changes):
    return {"organisation": "RA1", **answers(**changes)}


@pytest.fixture
def token(cara):
    return create_api_token(cara, "EPR")[1]


def post(payload, token=None):
    return post_json(URL, payload, token)


def test_a_record_is_made_and_its_gaps_returned(token, cara):
    response = post(body(), token)
    assert response.status_code == 201
    made = ChaperoneRecord.objects.get()
    assert response.json() == {
        "reference": made.reference,
        "gaps": ["untrained_chaperone"],
        "chaperone_trained": False,
        "concern_reference": None,
    }
    assert made.recorded_by == cara
    assert AuditEntry.objects.filter(action="create", detail__via="api").exists()


def test_a_concern_sent_by_the_api_reaches_the_case_handlers(token):
    response = post({**body(), "concern": "The examination went on after she asked him to stop."}, token)
    report = Report.objects.get()
    assert response.json()["concern_reference"] == report.reference
    assert report.anonymity == "confidential"


def test_the_examination_time_may_be_given(token):
    response = post({**body(), "examined_at": "2026-01-05T10:30:00"}, token)
    if response.status_code == 201:
        assert ChaperoneRecord.objects.get().examined_at.isoformat().startswith("2026-01-05T10:30")
    else:  # the test ran more than a year after that date
        assert "examined_at" in response.json()["errors"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"offer": None}, "offer", "Select what happened with the offer of a chaperone"),
        ({"patient_ref": "Jane Smith"}, "patient_ref", "not a name"),
        ({"patient_ref": "9434765919"}, "patient_ref", "not the NHS number"),
        ({"deferred": True}, "deferral_reason", "Say why the examination was deferred"),
        ({"chaperone_name": ""}, "chaperone_name", "Enter the chaperone's name"),
        ({"capacity": "lacks"}, "capacity_notes", "Say how capacity was assessed"),
        ({"department": "Ward\u00007"}, "department", "Null characters are not allowed"),
        ({"examined_at": "2999-01-01T00:00:00Z"}, "examined_at", "must not be in the future"),
        ({"examined_at": "2001-01-01T00:00:00Z"}, "examined_at", "last year only"),
        ({"organisation": "NOPE"}, "organisation", "No organisation has this ODS code"),
        ({"setting": "car park"}, "setting", "Input should be"),
        ({"deferred": "perhaps"}, "deferred", "valid boolean"),
        ({"concern": "x" * 5001}, "concern", "at most 5000"),
    ],
)
def test_bad_input_gets_a_message_per_field_and_stores_nothing(token, changes, field, message):
    response = post({**body(), **changes}, token)
    assert response.status_code == 422
    assert message in response.json()["errors"][field]
    assert not ChaperoneRecord.objects.exists()


def test_the_api_gives_the_same_messages_as_the_form(token, as_user, cara):
    api = post({"organisation": "RA1"}, token).json()["errors"]
    page = html.unescape(as_user(cara).post("/chaperoning/records/new/", {}).content.decode())
    assert len(api) == len(rules.REQUIRED_MESSAGES)
    assert all(message in page for message in api.values())


def test_no_token_is_401(cara):
    assert post(body()).status_code == 401


@pytest.mark.parametrize("persona", ["alice", "dan"])
def test_only_a_clinician_at_the_organisation_may_record(request, persona):
    user = request.getfixturevalue(persona)
    response = post(body(), create_api_token(user, "EPR")[1])
    assert response.status_code == 403
    assert not ChaperoneRecord.objects.exists()
    assert AuditEntry.objects.filter(action="permission_denied", actor=user).exists()


def test_malformed_json_is_400(token):
    assert post("{not json", token).status_code == 400


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
choices = {
    "recorder_role": ["examiner", "chaperone"],
    "setting": ["gp", "outpatient"],
    "intimacy": ["intimate", "perceived"],
    "consent": ["verbal", "best_interests", "not_given"],
    "capacity": ["has_capacity", "child", "lacks"],
    "offer": ["accepted", "declined", "not_offered", "patient_requested"],
}
bodies = st.fixed_dictionaries(
    {},
    optional={
        "organisation": st.sampled_from(["RA1", "RB1", "NOPE", ""]) | json_values,
        "examined_at": st.sampled_from(["2026-01-01T10:00:00", "yesterday", "0001-01-01T00:00:00"])
        | json_values,
        **{name: st.sampled_from(values) | json_values for name, values in choices.items()},
        **{
            name: st.text(max_size=50) | json_values
            for name in (
                "examiner_name",
                "patient_ref",
                "department",
                "procedure",
                "purpose",
                "capacity_notes",
                "chaperone_name",
                "chaperone_staff_number",
                "chaperone_role",
                "deferral_reason",
                "concern",
            )
        },
        **{
            name: st.booleans() | json_values
            for name in ("purpose_explained", "observed_throughout", "informal_companion", "deferred")
        },
    },
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=bodies | json_values)
def test_no_json_body_makes_the_api_fail(token, payload):
    assert post(payload, token).status_code in (201, 400, 403, 422)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.fixed_dictionaries(
        {},
        optional={
            k: st.text(max_size=30)
            for k in ("department", "chaperone_name", "patient_ref", "purpose", "concern")
        },
    )
)
def test_no_text_in_a_complete_record_makes_the_api_fail(token, changes):
    assert post({**body(), **changes}, token).status_code in (201, 422)


def test_a_concern_sent_by_the_api_without_saying_whom_flags_nobody(token):
    from rampart.patterns.models import WeakSignal

    response = post({**body(), "concern": "The examination went on after she asked him to stop."}, token)
    assert response.status_code == 201
    assert not WeakSignal.objects.exists()


def test_a_concern_sent_by_the_api_about_the_chaperone_flags_the_chaperone(token):
    from rampart.patterns.models import WeakSignal

    response = post({**body(), "concern": "Comments.", "concern_about": "chaperone"}, token)
    assert response.status_code == 201
    assert WeakSignal.objects.get().person.name == body()["chaperone_name"]


def test_a_concern_sent_by_the_api_about_someone_else_needs_their_name(token):
    response = post({**body(), "concern": "Comments.", "concern_about": "someone_else"}, token)
    assert response.status_code == 422
    assert set(response.json()["errors"]) >= {"concern_about_name", "concern_about_role"}
