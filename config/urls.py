from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from core.sessions import StaffLoginView, session_renew
from kb.sitemaps import SITEMAPS
from wizard.page_forms import LoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        # extra_context: LoginView would otherwise call the site by its host name.
        StaffLoginView.as_view(
            authentication_form=LoginForm,
            extra_context={"site_name": settings.SITE_NAME},
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/session/renew/", session_renew, name="session_renew"),
    path("wizard/", include("wizard.urls")),
    path(settings.CUSTOMER_LINK_PREFIX, include("wizard.customer_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("core.urls")),
    path("", include("kb.urls")),
]

# A database outage raised by a middleware (the session of a logged-in
# visitor) gets the styled 503 too; other crashes the 500 page (core/views.py).
handler500 = "core.views.server_error"
