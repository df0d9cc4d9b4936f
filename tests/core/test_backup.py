"""make backup / make restore (core/management/commands, core/backup.py)."""

import stat
from io import StringIO

from django.core.management import call_command

from kb.models import Article, Category
from wizard.models import Device, Hearing, Mailbox


def test_backup_then_restore_into_an_empty_database(transactional_db, tmp_path, django_user_model):
    category = Category.objects.create(name="テスト", slug="test")
    Article.objects.create(
        title="バックアップ記事", slug="backup", summary="s", body="## 見出し\n\n本文", category=category
    )
    user = django_user_model.objects.create_user(username="tanaka", password="x" * 16)
    hearing = Hearing.objects.create(company="復元テスト株式会社", director=user)
    mailbox = Mailbox.objects.create(hearing=hearing, address="info@example.com", people=3)
    Device.objects.create(mailbox=mailbox, kind="pc", client="thunderbird", label="受付PC")
    counts = {model: model.objects.count() for model in (Article, Category, Hearing, Mailbox, Device)}

    target = tmp_path / "snapshot.bin"
    call_command("backup", output=str(target), stdout=StringIO())
    assert target.stat().st_size > 0
    Hearing.objects.all().delete()
    Article.objects.all().delete()
    Category.objects.all().delete()
    django_user_model.objects.all().delete()
    assert Hearing.objects.count() == 0 and Article.objects.count() == 0

    call_command("restore", str(target), yes=True, stdout=StringIO())
    assert {model: model.objects.count() for model in counts} == counts
    restored = Hearing.objects.get()
    assert restored.company == "復元テスト株式会社" and restored.pk == hearing.pk
    assert restored.mailboxes.get().devices.get().label == "受付PC"
    assert '<h2 id="sec-1">見出し</h2>' in Article.objects.get().body_html


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backups_are_readable_by_their_owner_only(transactional_db, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    out = StringIO()
    call_command("backup", stdout=out)
    written = tmp_path / "backups"
    target = next(written.iterdir())
    assert str(target) == out.getvalue().strip()
    assert mode(written) == 0o700 and mode(target) == 0o600
    chosen = tmp_path / "chosen"
    chosen.mkdir(mode=0o755)
    call_command("backup", output=str(chosen / "snapshot.bin"), stdout=StringIO())
    assert (
        mode(chosen / "snapshot.bin") == 0o600 and mode(chosen) == 0o755
    )  # a chosen folder is left as it is
