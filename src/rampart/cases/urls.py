from django.urls import path

from rampart.cases import linking_views, review_views, section_views, team_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.open_case, name="new"),
    path("review-group/", review_views.review_group, name="review_group"),
    path("from-report/<str:reference>/", views.open_from_report, name="from_report"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/reporter/reveal/", views.reveal_reporter, name="reveal_reporter"),
    path(
        "<str:reference>/evidence/<int:evidence_id>/file/", section_views.evidence_file, name="evidence_file"
    ),
    path(
        "<str:reference>/parties/<int:party_id>/account/",
        linking_views.party_account,
        name="party_account",
    ),
    path("<str:reference>/team/", team_views.case_team, name="team"),
    path("<str:reference>/team/add/", team_views.add_member, name="team_add"),
    path("<str:reference>/team/<int:member_id>/remove/", team_views.remove_member, name="team_remove"),
    path("<str:reference>/hand-over/", team_views.hand_over, name="hand_over"),
    path(
        "<str:reference>/measures/<int:measure_id>/review/", team_views.review_measure, name="measure_review"
    ),
    path("<str:reference>/decisions/<str:kind>/", team_views.record_decision, name="decision"),
    path("<str:reference>/parties/<int:party_id>/<str:action>/", views.case_action, name="party_action"),
    path("<str:reference>/<path:action>/", views.case_action, name="action"),
]
