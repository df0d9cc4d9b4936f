from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from kb import views as kb_views
from kb.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", kb_views.robots_txt, name="robots_txt"),
    path("favicon.ico", kb_views.favicon, name="favicon"),
    path("healthz", kb_views.healthz, name="healthz"),
    path("", include("kb.urls")),
]
