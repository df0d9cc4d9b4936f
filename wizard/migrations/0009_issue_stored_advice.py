"""Every hearing that was completed before issued sheets existed gets one issue:
its answers and the advice stored on each address, with the per-device
settings the v1 sheet gave (so the rules-impact page can compare them with
policy v2). The v1 catalogue is written out here as it was, not imported: a
migration must not change when the catalogue does.
"""

from django.db import migrations
from django.db.models import Q

# v1 (rules 2026-11-27.1): which clients took any number of days, and the fixed choices of the others.
V1_ANY_DAYS = {"outlook_classic", "outlook_new", "thunderbird", "becky", "other", "other_pop_only"}
V1_CHOICES = {"apple_mail": (1, 7, 30), "ios_mail": (7,)}


def v1_device_setting(client: str, protocol: str, days):
    if protocol != "pop":
        return {"role": "imap", "delete_after_days": None}
    if client in V1_ANY_DAYS:
        return {"role": "deletes", "delete_after_days": days}
    choices = V1_CHOICES.get(client)
    if not choices:
        return {"role": "keeps", "delete_after_days": None}
    not_longer = [choice for choice in choices if choice <= days]
    return {"role": "deletes", "delete_after_days": not_longer[-1] if not_longer else choices[0]}


def issue_stored_advice(apps, schema_editor):
    Hearing = apps.get_model("wizard", "Hearing")
    SheetIssue = apps.get_model("wizard", "SheetIssue")
    advised = Q(status="completed") | Q(mailboxes__rec_protocol__in=["pop", "imap"])
    for hearing in Hearing.objects.filter(advised).distinct().iterator():
        mailboxes, versions = [], []
        for mailbox in hearing.mailboxes.order_by("position", "pk"):
            if mailbox.rec_protocol not in ("pop", "imap"):
                continue
            devices = list(mailbox.devices.order_by("position", "pk"))
            versions.append(mailbox.rules_version)
            mailboxes.append(
                {
                    "id": mailbox.pk,
                    "address": mailbox.address,
                    "people": mailbox.people,
                    "quota_mb": mailbox.quota_mb,
                    "daily_mb": None if mailbox.daily_mb is None else str(mailbox.daily_mb),
                    "keep_history": mailbox.keep_history,
                    "incoming_host": mailbox.incoming_host,
                    "outgoing_host": mailbox.outgoing_host,
                    "smtp_port": mailbox.smtp_port,
                    "devices": [{"id": d.pk, "kind": d.kind, "client": d.client, "label": d.label} for d in devices],
                    "advice": {
                        "protocol": mailbox.rec_protocol,
                        "leave_on_server": mailbox.rec_leave_on_server,
                        "delete_after_days": mailbox.rec_delete_after_days,
                        "suggest_cloud": mailbox.rec_suggest_cloud,
                        "reasons": list(mailbox.rec_reasons or []),
                        "warnings": list(mailbox.rec_warnings or []),
                        "devices": [
                            v1_device_setting(d.client, mailbox.rec_protocol, mailbox.rec_delete_after_days)
                            for d in devices
                        ],
                    },
                }
            )
        SheetIssue.objects.create(
            hearing=hearing,
            kind="completed",
            issued_at=hearing.completed_at or hearing.updated_at,
            issued_by=hearing.last_saved_by,
            rules_version=min(versions) if versions else "2026-11-27.1",
            data={
                "company": hearing.company,
                "consulted_on": hearing.consulted_on.isoformat() if hearing.consulted_on else None,
                "mailboxes": mailboxes,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("wizard", "0008_sheet_issues")]

    operations = [migrations.RunPython(issue_stored_advice, migrations.RunPython.noop)]
