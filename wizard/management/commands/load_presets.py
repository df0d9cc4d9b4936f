from django.core.management.base import BaseCommand

from wizard.presets import presets_load


class Command(BaseCommand):
    help = "Load the host presets from wizard/presets.toml (idempotent; never overwrites an edited preset)."

    def handle(self, *args, **options):
        report = presets_load()
        self.stdout.write(
            "Presets: {created} created, {updated} updated, {unchanged} unchanged, {kept} kept "
            "(edited by an admin).".format(**report)
        )
