from django.urls import path

from . import views

app_name = "wizard"

urlpatterns = [
    path("", views.hearing_list, name="hearing_list"),
    path("new/", views.hearing_new, name="hearing_new"),
    path("export.csv", views.hearing_export, name="hearing_export"),
    path("<uuid:pk>/", views.hearing_resume, name="resume"),
    path("<uuid:pk>/sheet/", views.hearing_sheet, name="sheet"),
    path("<uuid:pk>/delete/", views.hearing_delete, name="delete"),
    path("<uuid:pk>/mailboxes/<int:mailbox_id>/apple.mobileconfig", views.hearing_profile, name="profile"),
    path("<uuid:pk>/mailboxes/<int:mailbox_id>/config-v1.1.xml", views.hearing_autoconfig, name="autoconfig"),
    path("<uuid:pk>/dns-srv-records.txt", views.hearing_dns, name="dns"),
    path("<uuid:pk>/guides/<int:device_id>/", views.hearing_guide, name="guide"),
    path("<uuid:pk>/links/", views.sheet_link_create, name="link_create"),
    path("<uuid:pk>/links/<int:link_id>/revoke/", views.sheet_link_revoke, name="link_revoke"),
    path("<uuid:pk>/<slug:step>/", views.wizard_step, name="step"),
]
