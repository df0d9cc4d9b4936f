"""Customer links: their own rows, holding only a hash of the token (0004 moves old tokens)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wizard", "0002_director_group"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SheetLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token_hash",
                    models.CharField(
                        editable=False, max_length=64, unique=True, verbose_name="キーのハッシュ"
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=50, verbose_name="送付先メモ")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="作成日時")),
                ("expires_at", models.DateTimeField(verbose_name="有効期限")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="無効化日時")),
                ("last_opened_at", models.DateTimeField(blank=True, null=True, verbose_name="最終閲覧日時")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="作成者",
                    ),
                ),
                (
                    "hearing",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sheet_links",
                        to="wizard.hearing",
                        verbose_name="ヒアリング",
                    ),
                ),
                (
                    "revoked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="無効化した人",
                    ),
                ),
            ],
            options={
                "verbose_name": "お客さま用リンク",
                "verbose_name_plural": "お客さま用リンク",
                "ordering": ["-created_at"],
            },
        ),
    ]
