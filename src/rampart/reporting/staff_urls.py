from django.urls import path

from rampart.reporting import staff_views

app_name = "triage"
urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("signposting/", staff_views.signposting, name="signposting"),
    path("<str:reference>/", staff_views.detail, name="detail"),
    path("<str:reference>/reveal/", staff_views.reveal, name="reveal"),
    path("<str:reference>/messages/", staff_views.send_message, name="message"),
    path("<str:reference>/status/", staff_views.change_status, name="status"),
    path("<str:reference>/outcome-statement/", staff_views.outcome_statement, name="outcome_statement"),
]
