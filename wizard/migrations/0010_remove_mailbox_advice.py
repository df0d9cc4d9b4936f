"""The advice lives in issued sheets now (0009)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("wizard", "0009_issue_stored_advice")]

    operations = [
        migrations.RemoveField(model_name="mailbox", name="rec_delete_after_days"),
        migrations.RemoveField(model_name="mailbox", name="rec_leave_on_server"),
        migrations.RemoveField(model_name="mailbox", name="rec_protocol"),
        migrations.RemoveField(model_name="mailbox", name="rec_reasons"),
        migrations.RemoveField(model_name="mailbox", name="rec_suggest_cloud"),
        migrations.RemoveField(model_name="mailbox", name="rec_warnings"),
        migrations.RemoveField(model_name="mailbox", name="rules_version"),
    ]
