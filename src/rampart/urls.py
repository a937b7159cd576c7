from django.urls import include, path

from rampart.api import api
from rampart.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("rampart.core.urls")),
    path("", include("rampart.accounts.urls")),
    path("organisations/", include("rampart.organisations.urls")),
    path("report/", include("rampart.reporting.urls")),
    path("triage/", include("rampart.reporting.staff_urls")),
    path("training/", include("rampart.learning.urls")),
    path("cases/", include("rampart.cases.urls")),
    path("referrals/", include("rampart.referrals.urls")),
    path("patterns/", include("rampart.patterns.urls")),
    path("sharing/", include("rampart.sharing.urls")),
    path("access-alerts/", include("rampart.access_alerts.urls")),
    path("chaperoning/", include("rampart.chaperoning.urls")),
    path("assurance/", include("rampart.assurance.urls")),
    path("api/v1/", api.urls),
]

handler400 = "rampart.core.views.bad_request"
handler403 = "rampart.core.views.permission_denied"
handler404 = "rampart.core.views.page_not_found"
handler500 = "rampart.core.views.server_error"
