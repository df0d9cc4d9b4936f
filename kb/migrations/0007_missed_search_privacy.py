"""The missed-search report keeps no personal data (kb/missed.py): rows that look
like an address, a phone number or a private link are deleted; every row gets
its keyed digest; a row whose query was seen on one day only loses its words
(the days before this migration were not counted, so only a first and last
search on different days count as two)."""

from django.db import migrations, models
from django.utils import timezone


def protect(apps, schema_editor):
    from kb import missed

    MissedSearch = apps.get_model("kb", "MissedSearch")
    for row in MissedSearch.objects.using(schema_editor.connection.alias).iterator():
        if missed.looks_private(row.query):
            row.delete()
            continue
        first, last = timezone.localdate(row.first_seen), timezone.localdate(row.last_seen)
        row.days = 1 if first == last else 2
        row.digest = missed.digest(row.query)
        row.last_day = last
        if row.days < missed.KEEP_AFTER_DAYS:
            row.query = ""
        row.save(update_fields=["days", "digest", "last_day", "query"])


def forget_unnamed(apps, schema_editor):
    """Back to one row per query text: rows without their words cannot go back."""
    MissedSearch = apps.get_model("kb", "MissedSearch")
    MissedSearch.objects.using(schema_editor.connection.alias).filter(query="").delete()


class Migration(migrations.Migration):
    dependencies = [("kb", "0006_gram_search_index")]

    operations = [
        migrations.AddField(
            model_name="missedsearch",
            name="days",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="検索された日数"),
        ),
        migrations.AddField(
            model_name="missedsearch",
            name="digest",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="missedsearch",
            name="last_day",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="missedsearch",
            name="query",
            field=models.CharField(blank=True, max_length=200, verbose_name="検索語"),
        ),
        migrations.RunPython(protect, forget_unnamed),
        migrations.AlterField(
            model_name="missedsearch",
            name="digest",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name="missedsearch",
            name="last_day",
            field=models.DateField(editable=False),
        ),
    ]
