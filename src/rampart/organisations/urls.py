from django.urls import path

from rampart.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("switch/", views.switch, name="switch"),
    path("<str:ods_code>/", views.organisation_detail, name="detail"),
    path("<str:ods_code>/members/add/", views.add_member, name="add_member"),
    path("<str:ods_code>/members/<int:membership_id>/remove/", views.remove_member, name="remove_member"),
    path("<str:ods_code>/members/<int:membership_id>/end-sessions/", views.end_sessions, name="end_sessions"),
    path("<str:ods_code>/audit-log/", views.audit_log, name="audit_log"),
    path("<str:ods_code>/audit-log/verify/", views.verify_audit_log, name="verify_audit_log"),
]
