from django.urls import path

from rampart.access_alerts import views

app_name = "access_alerts"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("import/", views.import_upload, name="import"),
    path("import/server/", views.import_server, name="import_server"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/dismiss/", views.dismiss, name="dismiss"),
    path("<uuid:public_id>/raise-concern/", views.raise_concern, name="raise_concern"),
    path("<uuid:public_id>/events.csv", views.evidence, name="evidence"),
]
