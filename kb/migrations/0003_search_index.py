"""The first, SQLite-only bigram index of article search.

0006 replaced it with the n-gram index on both databases: it drops this
table and indexes every article itself. Building the old table here would
only be thrown away, and its code no longer exists, so a database that
comes from 0002 goes straight on to 0006.
"""

from django.db import migrations


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS kb_article_fts")


class Migration(migrations.Migration):
    dependencies = [("kb", "0002_article_updated_at_index")]

    operations = [migrations.RunPython(migrations.RunPython.noop, drop_index)]
