from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from kb import views as kb_views
from kb.sitemaps import SITEMAPS
from wizard import views as wizard_views
from wizard.forms import LoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("wizard/", include("wizard.urls")),
    # A customer's private link (wizard.views.customer_link): the token is the key.
    path("sheet/<str:token>/", wizard_views.public_sheet, name="sheet_public"),
    path(
        "sheet/<str:token>/<int:mailbox_id>/apple.mobileconfig",
        wizard_views.public_profile,
        name="sheet_profile",
    ),
    path(
        "sheet/<str:token>/<int:mailbox_id>/config-v1.1.xml",
        wizard_views.public_autoconfig,
        name="sheet_autoconfig",
    ),
    path("sheet/<str:token>/dns-srv-records.txt", wizard_views.public_dns, name="sheet_dns"),
    path("sheet/<str:token>/guides/<int:device_id>/", wizard_views.public_guide, name="sheet_guide"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", kb_views.robots_txt, name="robots_txt"),
    path("favicon.ico", kb_views.favicon, name="favicon"),
    path("healthz", kb_views.healthz, name="healthz"),
    path("", include("kb.urls")),
]
