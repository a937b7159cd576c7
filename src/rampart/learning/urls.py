from django.urls import path

from rampart.learning import views

app_name = "learning"
urlpatterns = [
    path("", views.records, name="records"),
    path("add/", views.add_record, name="add"),
    path("import/", views.import_records, name="import"),
]
