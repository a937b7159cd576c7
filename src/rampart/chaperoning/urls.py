from django.urls import path

from rampart.chaperoning import views

app_name = "chaperoning"
urlpatterns = [
    path("", views.home, name="home"),
    path("records/new/", views.new_record, name="new"),
    path("records/<str:reference>/", views.record, name="record"),
    path("records/<str:reference>/edit/", views.edit_record, name="edit"),
    path("records/<str:reference>/addendum/", views.addendum, name="addendum"),
    path("records/<str:reference>/concern/", views.concern, name="concern"),
    path("audit/", views.audit_report, name="audit"),
    path("audit.csv", views.audit_csv, name="audit_csv"),
    path("policy/", views.policy_check, name="policy"),
]
