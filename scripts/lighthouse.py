#!/usr/bin/env python
"""make lighthouse: Lighthouse scores of the home, article and search pages.

Starts gunicorn with production settings on 127.0.0.1 (throw-away SQLite
database with the starter articles), runs npm's lighthouse with Debian's
Chromium on each page and prints the four category scores, plus every
request that left 127.0.0.1 (there must be none). "article with images" is
the POP/IMAP comparison with its drawing and two uploaded pictures (drawn
here with Pillow: one before the first heading, one further down), and the
Thunderbird guide with a screenshot in a step.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.parse
from datetime import datetime
from pathlib import Path

from benchlib import ROOT, gunicorn, manage, prepare, production_env, table, workdir

PAGES = {
    "home": "/",
    "article": "/articles/shared-address-pop/",
    "article with images": "/articles/pop-imap-difference/",
    "guide with a screenshot": "/articles/guide-thunderbird/",
    "search": "/search/?q=" + urllib.parse.quote("共有アドレス"),
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Run by manage.py shell in the throw-away database: pictures uploaded as an editor would.
PLACE_PICTURES = """
import io
from PIL import Image, ImageDraw
from kb.image_processing import process
from kb.image_services import article_image_save
from kb.images import ArticleImage
from kb.models import Article

def window(width, height, title_colour):
    image = Image.new("RGB", (width, height), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 48), fill=title_colour)
    for row in range(6):
        top = 90 + row * 70
        draw.rectangle((40, top, width // 3, top + 30), fill=(208, 215, 222))
        draw.rectangle((width // 3 + 20, top, width - 40, top + 30), outline=(31, 35, 40), width=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()

def picture(alt, data, **fields):
    image = ArticleImage(alt=alt, **fields)
    article_image_save(image=image, processed=process(data), original_name="screen.png")
    return image.reference

first = picture("メールソフトのアカウント設定の画面。受信サーバーと送信サーバーの欄があります。", window(1600, 1000, (11, 92, 173)))
second = picture("受信の設定画面。サーバーにコピーを残す項目があります。", window(1200, 800, (8, 71, 133)))
step = picture("Thunderbirdのアカウント設定の画面。", window(1440, 900, (11, 92, 173)), client_version="Thunderbird 140.5")
for slug, change in (
    ("pop-imap-difference", lambda body: body.replace("## 比較表", first + "\\n\\n## 比較表", 1).replace("## 同じアドレスで", second + "\\n\\n## 同じアドレスで", 1)),
    ("guide-thunderbird", lambda body: body.replace("をクリックします。\\n", "をクリックします。" + step + "\\n", 1)),
):
    article = Article.objects.get(slug=slug)
    article.body = change(article.body)
    article.save()
"""


def lighthouse_bin() -> list[str]:
    local = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not local.exists():
        subprocess.run(
            ["npm", "install", "--no-save", "--no-audit", "--no-fund", "lighthouse@12"], cwd=ROOT, check=True
        )
    return [str(local)]


def main() -> int:
    chromium = shutil.which("chromium")
    if not chromium:
        print("Chromium is missing: apt-get install chromium", file=sys.stderr)
        return 1
    command = lighthouse_bin()
    rows, foreign, failures = [], [], []
    with workdir() as tmp:
        env = production_env(tmp)
        prepare(env)
        manage(env, "shell", "-c", PLACE_PICTURES)
        with gunicorn(env) as base:
            for name, path in PAGES.items():
                out = Path(tmp) / f"{name}.json"
                for attempt in range(3):  # Lighthouse now and then fails to record a trace (NO_NAVSTART)
                    result = subprocess.run(
                        [
                            *command, f"{base}{path}", "--quiet", "--output=json", f"--output-path={out}",
                            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
                            "--disable-background-networking --disable-component-update --no-first-run",
                        ],
                        env={**env, "CHROME_PATH": chromium},
                    )  # fmt: skip
                    if result.returncode == 0:
                        break
                    print(f"  {name}: lighthouse failed (attempt {attempt + 1}), trying again", flush=True)
                else:
                    raise RuntimeError(f"lighthouse failed three times on {path}")
                report = json.loads(out.read_text())
                scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
                rows.append([name, *map(str, scores)])
                if scores[0] < 95 or min(scores[1:]) < 100:
                    failures.append(name)
                    for category in CATEGORIES:
                        for ref in report["categories"][category]["auditRefs"]:
                            audit = report["audits"][ref["id"]]
                            if (
                                audit.get("score") is not None
                                and audit["score"] < 1
                                and ref.get("weight", 0) > 0
                            ):
                                print(f"  {name}/{category}: {audit['id']}: {audit['title']}")
                for item in report["audits"]["network-requests"]["details"]["items"]:
                    host = urllib.parse.urlsplit(item["url"]).hostname
                    if host not in {"127.0.0.1", None}:
                        foreign.append(item["url"])
    print(f"\nLighthouse {datetime.now():%Y-%m-%d %H:%M}, production settings, gunicorn on 127.0.0.1")
    print(table(rows, ["page", *CATEGORIES]))
    print(f"Requests leaving 127.0.0.1: {len(foreign)}" + (f" {foreign}" if foreign else ""))
    return 1 if failures or foreign else 0


if __name__ == "__main__":
    sys.exit(main())
