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


def restore_brings_back_no_page_cached_after_the_backup(client, tmp_path):
    """Finding 7: edit → restore → edit → the page of the first edit must not come back."""
    category = Category.objects.create(name="テスト", slug="test")
    article = Article.objects.create(
        title="バックアップ時の題名", slug="restored", summary="s", body="本文", category=category,
        status=Article.Status.PUBLISHED,
    )  # fmt: skip
    other = Article.objects.create(
        title="別の記事", slug="other", summary="s", body="本文", category=category
    )
    target = tmp_path / "snapshot.bin"
    call_command("backup", output=str(target), stdout=StringIO())
    article.title = "復元で消える題名"
    article.save()
    assert "復元で消える題名" in client.get(article.get_absolute_url()).content.decode()  # cached
    call_command("restore", str(target), yes=True, stdout=StringIO())
    other.refresh_from_db()
    other.title = "復元のあとの編集"
    other.save()  # counts the restored numbers up again
    content = client.get(article.get_absolute_url()).content.decode()
    assert "バックアップ時の題名" in content and "復元で消える題名" not in content


def test_after_a_restore_no_page_cached_before_it_is_served_from_memory(transactional_db, client, tmp_path):
    restore_brings_back_no_page_cached_after_the_backup(client, tmp_path)


def test_after_a_restore_no_page_cached_before_it_is_served_from_redis(
    transactional_db, client, tmp_path, shared_redis
):
    restore_brings_back_no_page_cached_after_the_backup(client, tmp_path)


def test_a_restore_moves_every_generation_past_the_clock(transactional_db, tmp_path):
    import time

    from core.generation import RESTORED
    from core.models import Generation

    Generation.objects.bump("model:kb.article")
    target = tmp_path / "snapshot.bin"
    call_command("backup", output=str(target), stdout=StringIO())
    before = time.time_ns() // 1000
    call_command("restore", str(target), yes=True, stdout=StringIO())
    values = dict(Generation.objects.values_list("name", "value"))
    assert set(values) == {"model:kb.article", RESTORED}
    assert all(value > before for value in values.values())
