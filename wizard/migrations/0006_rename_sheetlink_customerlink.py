"""One name for one concept: a customer link (was SheetLink)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("wizard", "0005_remove_hearing_sheet_token")]

    operations = [
        migrations.RenameModel("SheetLink", "CustomerLink"),
        migrations.AlterField(
            model_name="customerlink",
            name="hearing",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="customer_links",
                to="wizard.hearing",
                verbose_name="ヒアリング",
            ),
        ),
    ]
