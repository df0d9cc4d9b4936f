from django.core.management.base import BaseCommand

from kb.services import starter_articles_load, vocabulary_load


class Command(BaseCommand):
    help = (
        "Load the starter articles and the customer vocabulary from kb/content "
        "(idempotent; never overwrites what an editor has changed)."
    )

    def handle(self, *args, **options):
        for name, report in (("Articles", starter_articles_load()), ("Synonym groups", vocabulary_load())):
            self.stdout.write(
                f"{name}: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.kept_edited} kept (edited by an editor)."
            )
