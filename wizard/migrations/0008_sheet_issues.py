"""Issued settings sheets: what the customer was told, kept apart from the answers
(0009 moves the advice stored on each address into them, 0010 drops those columns).
A device's client is a catalogue key without choices, so the catalogue can change."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('wizard', '0007_customerlink_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='device',
            name='client',
            field=models.CharField(max_length=20, verbose_name='メールソフト'),
        ),
        migrations.CreateModel(
            name='SheetIssue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('completed', 'ヒアリングの完了'), ('reissued', 'ルール変更による再発行')], default='completed', max_length=10, verbose_name='発行の理由')),
                ('issued_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='発行日時')),
                ('rules_version', models.CharField(max_length=20, verbose_name='ルールの版')),
                ('data', models.JSONField(default=dict, verbose_name='内容')),
                ('hearing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='issues', to='wizard.hearing', verbose_name='ヒアリング')),
                ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='発行した人')),
            ],
            options={
                'verbose_name': '発行した設定シート',
                'verbose_name_plural': '発行した設定シート',
                'ordering': ['-pk'],
            },
        ),
    ]
