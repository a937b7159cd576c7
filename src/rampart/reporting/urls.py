from django.urls import path

from rampart.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.start, name="start"),
    path("get-help-now/", views.urgent, name="urgent"),
    path("attachments/", views.attachments_step, name="attachments"),
    path("check/", views.check, name="check"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/messages/", views.conversation, name="conversation"),
    path("inbox/leave/", views.leave_inbox, name="leave_inbox"),
    path("inbox/email/", views.sign_in_link, name="sign_in_link"),
    path("inbox/sign-in/<str:token>/", views.sign_in, name="sign_in"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<str:ods_code>/", views.organisation_page, name="organisation"),
    path("<slug:slug>/", views.step, name="step"),
]
