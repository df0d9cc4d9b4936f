"""Internal links to missing or unpublished articles (kb/links.py).

Prints one line per broken link and exits with status 1 when there is any, so
cron or CI can report it. Run it after publishing or unpublishing articles, or
daily, for example:
    30 3 * * *  cd /srv/mail-navi && .venv/bin/python manage.py check_links
"""

from django.core.management.base import BaseCommand, CommandError

from kb.links import broken_links
from kb.models import Article


class Command(BaseCommand):
    help = "List links between articles that point to a missing or unpublished article."

    def add_arguments(self, parser):
        parser.add_argument(
            "--drafts", action="store_true", help="also check the links written in draft articles"
        )

    def handle(self, *args, drafts: bool, **options):
        articles = Article.objects.all() if drafts else Article.objects.published()
        report = broken_links(articles.only("slug", "title", "body_html").order_by("slug"))
        for article, links in report.items():
            for link in links:
                self.stdout.write(f"{article.slug}: /articles/{link.slug}/ ({link.problem})")
        count = sum(len(links) for links in report.values())
        if count:
            raise CommandError(f"{count} broken link(s) in {len(report)} article(s).")
        self.stdout.write("No broken links between articles.")
