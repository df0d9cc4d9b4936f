"""The bigram FTS5 index behind article search (SQLite only; see kb/search_index.py)."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from kb import search_index
    from kb.search import normalize

    search_index.create(schema_editor)
    Article = apps.get_model("kb", "Article")
    with schema_editor.connection.cursor() as cursor:
        for article in Article.objects.only("search_title", "search_summary", "body_text").iterator():
            cursor.execute(
                f"INSERT INTO {search_index.TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [
                    article.pk,
                    search_index.index_tokens(article.search_title),
                    search_index.index_tokens(article.search_summary),
                    search_index.index_tokens(normalize(article.body_text)),
                ],
            )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS kb_article_fts")


class Migration(migrations.Migration):
    dependencies = [("kb", "0002_article_updated_at_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
