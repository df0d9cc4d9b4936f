from django.urls import path

from .views import checks, hearings, labels, notices, rules, sheet, steps

app_name = "wizard"

urlpatterns = [
    path("", hearings.hearing_list, name="hearing_list"),
    path("new/", steps.hearing_new, name="hearing_new"),
    path("export.csv", hearings.hearing_export, name="hearing_export"),
    path("drafts/delete/", hearings.drafts_delete, name="drafts_delete"),
    path("duplicates/", hearings.hearing_duplicates, name="hearing_duplicates"),
    path("rules/", rules.rules_changelog, name="rules_changelog"),
    path("rules/impact/", rules.rules_impact, name="rules_impact"),
    path("notices/", notices.notice_settings, name="notice_settings"),
    path("field-screenshots/<int:pk>/", labels.field_screenshot, name="field_screenshot"),
    path("<uuid:pk>/", hearings.hearing_resume, name="resume"),
    path("<uuid:pk>/reissue/", rules.hearing_reissue, name="reissue"),
    path("<uuid:pk>/detect/<int:index>/", steps.detect_hosting, name="detect"),
    path("<uuid:pk>/checks/<uuid:check_id>/", checks.remote_check, name="remote_check"),
    path("<uuid:pk>/delete/", hearings.hearing_delete, name="delete"),
    path("<uuid:pk>/sheet/", sheet.hearing_sheet, name="sheet"),
    path("<uuid:pk>/mailboxes/<int:mailbox_id>/apple.mobileconfig", sheet.hearing_profile, name="profile"),
    path("<uuid:pk>/domains/<str:domain>/config-v1.1.xml", sheet.hearing_autoconfig, name="autoconfig"),
    path("<uuid:pk>/dns-srv-records.txt", sheet.hearing_dns, name="dns"),
    path("<uuid:pk>/guides/<int:device_id>/", sheet.hearing_guide, name="guide"),
    path("<uuid:pk>/guides/<int:device_id>/labels/", labels.label_record, name="label_record"),
    path("<uuid:pk>/links/", sheet.customer_link_create, name="customer_link_create"),
    path("<uuid:pk>/links/<int:link_id>/revoke/", sheet.customer_link_revoke, name="customer_link_revoke"),
    path("<uuid:pk>/<slug:step>/", steps.wizard_step, name="step"),
]
