import pytest

from rampart.accounts import services


def test_organisation_search_is_public_and_finds_by_name(client, orgs):
    response = client.get("/api/v1/organisations?search=trust")
    assert response.status_code == 200
    codes = {o["code"] for o in response.json()["results"]}
    assert {"RA1", "RB1"} <= codes
    assert "Y01" not in codes


def test_organisation_search_finds_by_ods_code(client, orgs):
    results = client.get("/api/v1/organisations?search=ga0001").json()["results"]
    assert results == [{"code": "GA0001", "name": "GP A", "kind": "primary_care"}]


def test_organisation_search_leaves_out_those_not_accepting_reports(client, orgs):
    orgs["trust_a"].accepts_reports = False
    orgs["trust_a"].save()
    codes = {o["code"] for o in client.get("/api/v1/organisations").json()["results"]}
    assert "RA1" not in codes


def test_openapi_document_is_served(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/organisations" in document["paths"]


def test_a_personal_token_sees_what_its_user_sees(client, alice):
    _, token = services.create_api_token(alice, "script")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["memberships"] == [{"organisation": "RA1", "role": "case_handler"}]


@pytest.mark.parametrize("header", ["", "Bearer wrong", "Bearer rmp_wrong"])
def test_a_missing_or_wrong_token_is_refused(client, alice, header):
    headers = {"Authorization": header} if header else {}
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_revoked_token_is_refused(client, alice):
    api_token, token = services.create_api_token(alice, "script")
    services.revoke_api_token(alice, api_token)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_only_a_digest_of_the_token_is_stored(alice):
    api_token, token = services.create_api_token(alice, "script")
    api_token.refresh_from_db()
    assert token not in (api_token.digest, api_token.prefix)


def test_tokens_are_created_and_revoked_from_the_account_page(alice, as_user):
    client = as_user(alice)
    page = client.post("/account/api-tokens/new/", {"name": "laptop"}).content.decode()
    assert 'data-testid="api-token"' in page
    assert "laptop" in client.get("/account/").content.decode()
    from rampart.accounts.models import ApiToken

    token = ApiToken.objects.get(user=alice)
    client.post(f"/account/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_creating_a_token_without_a_name_says_what_to_enter(alice, as_user):
    body = as_user(alice).post("/account/api-tokens/new/", {"name": ""}).content.decode()
    assert "Enter what the token is for" in body
