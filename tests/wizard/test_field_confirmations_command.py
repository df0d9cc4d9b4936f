"""manage.py field_confirmations: the generated part of docs/vendor-facts.md,
written from the directors' records between two markers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from wizard.engine.catalogue import CLIENTS
from wizard.handoff.labels import label_for
from wizard.label_services import Answer, label_confirmations_record
from wizard.management.commands.field_confirmations import END, START

OUTLOOK = CLIENTS["outlook_classic"]
BEFORE = "# Vendor facts\n\nWritten by hand.\n\n"
AFTER = "\n\n## Hosting firms\n\nAlso by hand.\n"


@pytest.fixture
def facts(tmp_path):
    path = tmp_path / "vendor-facts.md"
    path.write_text(f"{BEFORE}{START}\nold text\n{END}{AFTER}", encoding="utf-8")
    return path


@pytest.fixture
def confirm(complete, director):
    hearing = complete(devices=(("pc", "outlook_classic"),), company="秘密の会社")

    def make(key, version, *, outcome="same", shown="", days_ago=0):
        label_confirmations_record(
            hearing=hearing, client=OUTLOOK, answers=[Answer(label_for(OUTLOOK, key), outcome, shown)],
            client_version=version, os_version="Windows 11", seen_on=timezone.localdate() - timedelta(days=days_ago),
            user=director,
        )  # fmt: skip

    return make


def generated(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index(START) : text.index(END)]


def test_the_command_writes_the_newest_record_per_client_label_and_major_version(facts, confirm):
    confirm("leave_copy", "Outlook バージョン 2508", days_ago=30)
    confirm("leave_copy", "Outlook バージョン 2511", days_ago=9)
    confirm("leave_copy", "Outlook バージョン 2511.19426", days_ago=2)  # the same major, newer
    call_command("field_confirmations", path=facts)
    rows = [line for line in generated(facts).splitlines() if line.startswith("| `outlook_classic`")]
    day = (timezone.localdate() - timedelta(days=2)).isoformat()
    assert rows[0] == (
        "| `outlook_classic` | 「サーバーにメッセージのコピーを置く」 (`leave_copy`) | **confirmed in the field** "
        f"| tanaka | {day} | Outlook バージョン 2511.19426 (Windows 11) |"
    )
    assert len(rows) == 2 and "Outlook バージョン 2508" in rows[1]


def test_a_label_shown_differently_is_written_with_the_words_and_the_tasks_state(facts, confirm):
    confirm("delete_after", "Outlook バージョン 2511", outcome="different", shown="サーバーから削除 | 日後")
    call_command("field_confirmations", path=facts)
    assert "**different**: the screen shows 「サーバーから削除 \\| 日後」 (task open)" in generated(facts)


def test_only_the_generated_part_is_replaced_and_no_customer_data_is_written(facts, confirm):
    confirm("leave_copy", "Outlook バージョン 2511")
    call_command("field_confirmations", path=facts)
    text = facts.read_text(encoding="utf-8")
    assert text.startswith(BEFORE + START) and text.endswith(END + AFTER)
    assert "old text" not in text
    assert "秘密の会社" not in text and "example.com" not in text


def test_running_it_twice_changes_nothing_and_check_says_when_it_is_out_of_date(facts, confirm):
    confirm("leave_copy", "Outlook バージョン 2511")
    with pytest.raises(CommandError, match="out of date"):
        call_command("field_confirmations", path=facts, check=True)
    call_command("field_confirmations", path=facts)
    written = facts.read_text(encoding="utf-8")
    call_command("field_confirmations", path=facts)
    assert facts.read_text(encoding="utf-8") == written
    call_command("field_confirmations", path=facts, check=True)


def test_a_file_without_the_markers_gets_the_section_at_its_end(tmp_path, db):
    path = tmp_path / "vendor-facts.md"
    path.write_text(BEFORE, encoding="utf-8")
    call_command("field_confirmations", path=path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(BEFORE) and text.endswith(f"No confirmation has been recorded yet.\n{END}\n")


def test_the_committed_vendor_facts_have_one_generated_part_after_the_hand_written_facts():
    text = (Path(settings.BASE_DIR) / "docs" / "vendor-facts.md").read_text(encoding="utf-8")
    assert text.count(START) == 1 and text.count(END) == 1
    assert text.index("## Hosting firms") < text.index(START) < text.index(END)
