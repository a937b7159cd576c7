from __future__ import annotations

from django.urls import path

from rampart.sharing import views

app_name = "sharing"

urlpatterns = [
    path("", views.home, name="home"),
    path("contact/", views.contact, name="contact"),
    path("checks/new/", views.new_check, name="new_check"),
    path("checks/<int:pk>/", views.check_result, name="check"),
    path("disclosures/new/", views.new_disclosure, name="new_disclosure"),
    path("disclosures/<str:reference>/", views.disclosure, name="disclosure"),
    path("disclosures/<str:reference>/prepare/", views.prepare, name="prepare"),
    path("disclosures/<str:reference>/letter.pdf", views.letter, name="letter"),
    path("disclosures/<str:reference>/<str:decision>/", views.review, name="review"),
    path("register/", views.register, name="register"),
    path("register.csv", views.register_csv, name="register_csv"),
]
