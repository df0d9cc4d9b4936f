"""The n-gram search index on SQLite and PostgreSQL (see kb/search_index.py).

Replaces the SQLite-only bigram table of 0003. The search columns are
normalised again (katakana folded to hiragana, spaces and joiners dropped),
then every article is indexed. On PostgreSQL this creates an ordinary table
of tsvector columns with GIN indexes: no extension is needed.
"""

from django.db import migrations


def build(apps, schema_editor):
    from kb import search_index
    from kb.search import normalize

    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS kb_article_fts")
    search_index.create(schema_editor)
    Article = apps.get_model("kb", "Article")
    batch = []
    for article in Article.objects.only("title", "summary", "body_text").iterator():
        article.search_title = normalize(article.title)
        article.search_summary = normalize(article.summary)
        article.search_text = normalize(f"{article.title} | {article.summary} | {article.body_text}")
        batch.append(article)
        if len(batch) == 500:
            _save(Article, batch, schema_editor)
            batch = []
    _save(Article, batch, schema_editor)
    search_index.vendor.cache_clear()


def _save(Article, batch, schema_editor):
    from kb import search_index

    Article.objects.bulk_update(batch, ["search_title", "search_summary", "search_text"])
    search_index.write(batch, connection=schema_editor.connection)


def unbuild(apps, schema_editor):
    from kb import search_index

    search_index.drop(schema_editor)
    search_index.vendor.cache_clear()


class Migration(migrations.Migration):
    dependencies = [("kb", "0005_feedback_review_vocabulary")]

    operations = [migrations.RunPython(build, unbuild)]
