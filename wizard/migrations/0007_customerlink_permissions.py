"""The link permissions follow the model's new name (view/add/change_customerlink),
so the ディレクター group keeps making and revoking links."""

from django.db import migrations


def rename_permissions(apps, schema_editor, old="sheetlink", new="customerlink"):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="wizard", codename__endswith=f"_{old}"):
        action = permission.codename.removesuffix(f"_{old}")
        if Permission.objects.filter(content_type=permission.content_type, codename=f"{action}_{new}").exists():
            continue
        permission.codename = f"{action}_{new}"
        permission.save(update_fields=["codename"])


def rename_back(apps, schema_editor):
    rename_permissions(apps, schema_editor, old="customerlink", new="sheetlink")


class Migration(migrations.Migration):
    dependencies = [
        ("wizard", "0006_rename_sheetlink_customerlink"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(rename_permissions, rename_back)]
