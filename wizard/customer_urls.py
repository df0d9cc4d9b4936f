"""Customer links: mounted at settings.CUSTOMER_LINK_PREFIX (``sheet/``) by config/urls.py."""

from django.urls import path

from .views import customer

app_name = "customer"

urlpatterns = [
    path("<str:token>/", customer.sheet, name="sheet"),
    path("<str:token>/<int:mailbox_id>/apple.mobileconfig", customer.profile, name="profile"),
    path("<str:token>/domains/<str:domain>/config-v1.1.xml", customer.autoconfig, name="autoconfig"),
    path("<str:token>/dns-srv-records.txt", customer.dns, name="dns"),
    path("<str:token>/guides/<int:device_id>/", customer.guide, name="guide"),
    path("<str:token>/guides/<int:device_id>/report/", customer.report, name="report"),
]
