"""Write the generated part of docs/vendor-facts.md: the vendor labels directors
confirmed in the field (wizard/models/confirmations.py), one row per client,
label and major version (the newest record of each).

Only the text between the two marker comments is replaced; the markers and
the section are added at the end of the file the first time. The output
depends on the records alone, so running it twice changes nothing.

    python manage.py field_confirmations            # write the section
    python manage.py field_confirmations --check    # exit 1 when it is out of date
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wizard.engine.catalogue import CLIENTS, client_for
from wizard.handoff.labels import label_for
from wizard.models import LabelConfirmation

START = "<!-- field-confirmations:start (written by `python manage.py field_confirmations`; do not edit by hand) -->"
END = "<!-- field-confirmations:end -->"
INTRO = """## Confirmed in the field (generated)

Directors record on the staff guide of a device (「表示を確認しました」) whether the customer's screen shows a
label as the catalogue quotes it. One row per client, label and major version: the newest record. **confirmed
in the field** means the catalogue's words were on that screen; **different** means other words were (an
editor's task, admin → 表示名の修正依頼, until the guides and the catalogue are fixed). "confirmed by" is the
staff user name. This part is written by `python manage.py field_confirmations`."""


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _status(row: LabelConfirmation) -> str:
    if row.different:
        state = "task open" if row.task_open else "task closed"
        status = f"**different**: the screen shows 「{row.shown}」 ({state})"
    else:
        status = "**confirmed in the field**"
    label = label_for(client_for(row.client), row.label_key) if row.client in CLIENTS else None
    if label is None or label.words != row.quoted:
        status += " — the catalogue no longer quotes these words"
    return status


def section(rows: list[LabelConfirmation]) -> str:
    lines = [START, INTRO, ""]
    if not rows:
        lines.append("No confirmation has been recorded yet.")
    else:
        lines += [
            "| client | label | status | confirmed by | date | version |",
            "|---|---|---|---|---|---|",
        ]
        for row in sorted(rows, key=lambda r: (r.client, r.label_key, -(r.major or 0), r.quoted)):
            cells = [
                f"`{row.client}`",
                f"「{row.quoted}」 (`{row.label_key}`)",
                _status(row),
                row.confirmed_by_name,
                row.seen_on.isoformat(),
                row.client_version + (f" ({row.os_version})" if row.os_version else ""),
            ]
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    lines.append(END)
    return "\n".join(lines)


def replaced(text: str, new_section: str) -> str:
    """``text`` with its generated section replaced (or appended when it has none)."""
    start, end = text.find(START), text.find(END)
    if start == -1 and end == -1:
        return text.rstrip("\n") + "\n\n" + new_section + "\n"
    if start == -1 or end < start:
        raise CommandError("The markers of the generated section are broken: fix them by hand first.")
    return text[:start] + new_section + text[end + len(END) :]


class Command(BaseCommand):
    help = "Write the labels confirmed in the field into the generated section of docs/vendor-facts.md."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=Path(settings.BASE_DIR) / "docs" / "vendor-facts.md")
        parser.add_argument("--check", action="store_true", help="Exit 1 when the section is out of date.")

    def handle(self, *args, path: Path, check: bool, **options):
        text = path.read_text(encoding="utf-8")
        rows = LabelConfirmation.objects.newest_per_version()
        new_text = replaced(text, section(rows))
        if check:
            if new_text != text:
                raise CommandError(f"{path} is out of date: run `python manage.py field_confirmations`.")
            self.stdout.write(f"{path} is up to date ({len(rows)} row(s)).")
            return
        if new_text != text:
            path.write_text(new_text, encoding="utf-8")
        self.stdout.write(f"Wrote {len(rows)} row(s) to {path}.")
