"""Fill a throw-away database with many articles, for ``make bench`` only."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from core.cache import invalidate
from kb import searchable
from kb.models import Article, Category


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
                article = Article(
                    title=f"{source.title} (事例 {index})",
                    slug=f"bench-{index}",
                    summary=source.summary,
                    body=f"{source.body}\n\n## 事例 {index} の補足\n\n管理番号 B{index:05d} のお客さまの例です。\n",
                    category=categories[index % len(categories)],
                    status=Article.Status.PUBLISHED,
                    published_at=now,
                    order=1000 + index,
                )
                searchable.derive(article)  # what save() would do, without a query per row
                batch.append(article)
                if len(batch) == 500:
                    searchable.index(Article.objects.bulk_create(batch))
                    batch = []
            searchable.index(Article.objects.bulk_create(batch))
            invalidate(Article)  # bulk_create sends no signals
        if connection.vendor == "postgresql":
            # What autovacuum would do over the next minutes, done now, so that the
            # measurements do not share the machine with it (and index-only scans
            # find the visibility map set, as on a database that has been running).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(f"{count} benchmark articles created.")
