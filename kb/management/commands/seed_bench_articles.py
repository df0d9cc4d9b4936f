"""Fill a throw-away database with many articles, for ``make bench`` only."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from kb.markdown import render_markdown
from kb.models import Article, Category
from kb.search import normalize
from kb.services import search_index_rebuild


class Command(BaseCommand):
    help = "Create N synthetic published articles (slugs bench-…) for benchmarks. Never run on real data."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)

    def handle(self, *args, count: int, **options):
        sources = list(Article.objects.published().order_by("pk"))
        categories = list(Category.objects.all())
        if not sources or not categories:
            raise CommandError("Load the starter articles first (manage.py load_articles).")
        now = timezone.now()
        batch = []
        with transaction.atomic():
            for index in range(count):
                source = sources[index % len(sources)]
                title = f"{source.title} (事例 {index})"
                summary = source.summary
                body = (
                    f"{source.body}\n\n## 事例 {index} の補足\n\n管理番号 B{index:05d} のお客さまの例です。\n"
                )
                rendered = render_markdown(body)
                batch.append(
                    Article(
                        title=title,
                        slug=f"bench-{index}",
                        summary=summary,
                        body=body,
                        body_html=rendered.html,
                        body_text=rendered.text,
                        toc=rendered.toc,
                        search_title=normalize(title),
                        search_summary=normalize(summary),
                        search_text=normalize(f"{title}\n{summary}\n{rendered.text}"),
                        category=categories[index % len(categories)],
                        status=Article.Status.PUBLISHED,
                        published_at=now,
                        order=1000 + index,
                    )
                )
                if len(batch) == 500:
                    Article.objects.bulk_create(batch)
                    batch = []
            Article.objects.bulk_create(batch)
        search_index_rebuild()
        if connection.vendor == "postgresql":
            # What autovacuum would do over the next minutes, done now, so that the
            # measurements do not share the machine with it (and index-only scans
            # find the visibility map set, as on a database that has been running).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(f"{count} benchmark articles created.")
