#!/usr/bin/env python
"""make lighthouse: Lighthouse scores of the home, article and search pages.

Starts gunicorn with production settings on 127.0.0.1 (throw-away SQLite
database with the starter articles), runs npm's lighthouse with Debian's
Chromium on each page and prints the four category scores, plus every
request that left 127.0.0.1 (there must be none).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.parse
from datetime import datetime
from pathlib import Path

from benchlib import ROOT, gunicorn, prepare, production_env, table, workdir

PAGES = {
    "home": "/",
    "article": "/articles/shared-address-pop/",
    "search": "/search/?q=" + urllib.parse.quote("共有アドレス"),
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


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
