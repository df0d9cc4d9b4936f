from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("wizard", "0004_move_sheet_tokens")]

    operations = [migrations.RemoveField(model_name="hearing", name="sheet_token")]
