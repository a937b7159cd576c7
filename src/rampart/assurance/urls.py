from django.urls import path

from rampart.assurance import views, views_oversight

app_name = "assurance"
urlpatterns = [
    path("", views.home, name="home"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/items/<int:item_id>/", views.item, name="item"),
    path("assessments/<int:pk>/items/<int:item_id>/links/", views.add_link, name="add_link"),
    path("assessments/<int:pk>/items/<int:item_id>/files/", views.add_file, name="add_file"),
    path(
        "assessments/<int:pk>/items/<int:item_id>/evidence/<int:attachment_id>/",
        views.evidence_file,
        name="evidence_file",
    ),
    path(
        "assessments/<int:pk>/items/<int:item_id>/evidence/<int:attachment_id>/remove/",
        views.remove_evidence,
        name="remove_evidence",
    ),
    path("assessments/<int:pk>/actions/new/", views.action, name="action_new"),
    path("assessments/<int:pk>/actions/<int:action_id>/", views.action, name="action"),
    path("assessments/<int:pk>/submit/", views.submit, name="submit"),
    path("assessments/<int:pk>/approve/", views.approve, name="approve"),
    path("assessments/<int:pk>/report/", views.board_report, name="board_report"),
    path("assessments/<int:pk>/report.pdf", views.board_report_pdf, name="board_report_pdf"),
    path("assessments/<int:pk>/export.<str:kind>", views.export, name="export"),
    path("icb/<str:ods_code>/", views_oversight.oversight, name="oversight"),
    path(
        "icb/<str:ods_code>/providers/<str:provider_code>/contact/",
        views_oversight.record_contact,
        name="record_contact",
    ),
    path(
        "icb/<str:ods_code>/providers/<str:provider_code>/remind/",
        views_oversight.remind,
        name="remind",
    ),
    path("rollup/<str:ods_code>/", views_oversight.rollup_page, name="rollup"),
    path("<str:ods_code>/", views.organisation_page, name="organisation"),
    path("<str:ods_code>/start/", views.start, name="start"),
    path("<str:ods_code>/workforce/", views.workforce, name="workforce"),
    path("<str:ods_code>/charter/", views_oversight.charter_progress, name="charter_progress"),
]
