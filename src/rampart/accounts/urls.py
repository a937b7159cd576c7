from django.urls import path

from rampart.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-in/recovery/", views.sign_in_recovery, name="sign_in_recovery"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("account/", views.account, name="account"),
    path("account/two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "account/two-factor/new/password/",
        views.two_factor_reenrol_password,
        name="two_factor_reenrol_password",
    ),
    path("account/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/recovery-codes/new/", views.new_recovery_codes, name="new_recovery_codes"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("account/password/", views.change_password, name="change_password"),
    path(
        "account/set-password/<str:uidb64>/<str:token>/", views.set_password_from_invite, name="set_password"
    ),
    path("account/api-tokens/new/", views.api_token_new, name="api_token_new"),
    path("account/api-tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
