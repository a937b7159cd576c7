from __future__ import annotations

from django.urls import path

from rampart.patterns import views

app_name = "patterns"

urlpatterns = [
    path("", views.home, name="home"),
    path("signals/new/", views.new_signal, name="new_signal"),
    path("signals/recorded/", views.signal_recorded, name="signal_recorded"),
    path("signals/<int:pk>/", views.signal, name="signal"),
    path("alerts/<int:pk>/", views.alert, name="alert"),
    path("matches/<int:pk>/", views.candidate, name="candidate"),
]
