"""manage.py error_pages DIR: the site's error pages as files, for the reverse proxy.

nginx answers some requests itself, before any app server sees them: a
request line or header longer than its buffers (414, 400), a body over
``client_max_body_size`` (413), no app server answering (502, 504). This
writes the site's own pages for those answers, rendered from its templates
(Japanese, its stylesheet), and ``headers.conf``: one ``add_header … always``
line per security header every other answer of the site carries. nginx
serves them from an internal location (README, "Several app servers").
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.security import render_standalone, standalone_security_headers

PAGES = {"400.html": "400.html", "414.html": "414.html", "503.html": "503.html"}


def nginx_headers() -> str:
    lines = []
    for name, value in standalone_security_headers():
        if '"' in value or "\\" in value:
            raise CommandError(f"{name}: a value nginx cannot quote: {value}")
        lines.append(f'add_header {name} "{value}" always;')
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Write the error pages and security headers a reverse proxy answers with itself into DIR."

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", help="folder to write 400.html, 414.html, 503.html and headers.conf into"
        )

    def handle(self, *args, folder, **options):
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        for name, template in PAGES.items():
            (target / name).write_text(render_standalone(template), encoding="utf-8")
        (target / "headers.conf").write_text(nginx_headers(), encoding="utf-8")
        self.stdout.write(str(target))
