from django.core.management.base import BaseCommand

from kb.services import starter_articles_load


class Command(BaseCommand):
    help = "Load the starter articles from kb/content (idempotent; never overwrites an edited article)."

    def handle(self, *args, **options):
        report = starter_articles_load()
        self.stdout.write(
            f"Articles: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.kept_edited} kept (edited by an editor)."
        )
