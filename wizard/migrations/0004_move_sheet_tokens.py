"""Links already given to customers keep working after the plain token column goes.

Each old plain token is hashed into a SheetLink that expires 30 days after
this migration (0005 then drops the column). Directors also get the
permissions to make and revoke links. Data only: PostgreSQL refuses to alter
a table in the transaction that wrote rows referring to it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

GROUP = "ディレクター"
LINK_PERMISSIONS = ["view_sheetlink", "add_sheetlink", "change_sheetlink"]


def move_tokens(apps, schema_editor):
    import datetime
    import hashlib

    Hearing = apps.get_model("wizard", "Hearing")
    SheetLink = apps.get_model("wizard", "SheetLink")
    expires = timezone.now() + datetime.timedelta(days=30)
    for hearing in Hearing.objects.exclude(sheet_token__isnull=True).exclude(sheet_token="").iterator():
        SheetLink.objects.create(
            hearing=hearing,
            token_hash=hashlib.sha256(hearing.sheet_token.encode()).hexdigest(),
            created_by=hearing.director,
            expires_at=expires,
        )

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="wizard", codename__in=LINK_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("wizard", "0003_sheet_links")]

    operations = [migrations.RunPython(move_tokens, migrations.RunPython.noop)]
