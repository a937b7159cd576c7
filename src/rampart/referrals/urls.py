from django.urls import path

from rampart.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.outstanding, name="overdue"),
    path("notifications/<str:ods_code>/", views.notifications, name="notifications"),
    path("notifications/<str:ods_code>/<int:pk>/", views.notification, name="notification"),
    path("<str:reference>/<slug:duty>/", views.detail, name="detail"),
    path("<str:reference>/<slug:duty>/status/", views.update_status, name="status"),
    path("<str:reference>/<slug:duty>/packet.pdf", views.packet, name="packet"),
]
