"""The keyboard focus ring stands out ≥ 3:1 (WCAG 1.4.11) on every background
the stylesheets use, computed from the CSS tokens (static/css/tokens.css).

The ring is two-tone: a dark outline (--focus-ring) with a light halo outside
it (--focus-halo). On any background one of the two stands out, and the two
stand out from each other."""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[1] / "static" / "css"
HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def tokens() -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+);", (CSS / "tokens.css").read_text(encoding="utf-8")))


def resolve(value: str) -> list[str]:
    """The hex colours a CSS value names, through var(--token)."""
    values = tokens()
    value = re.sub(r"var\((--[\w-]+)[^)]*\)", lambda m: values.get(m.group(1), ""), value)
    return HEX.findall(value)


def backgrounds() -> set[str]:
    found = set()
    for name in ("site.css", "prose.css", "tokens.css"):
        text = (CSS / name).read_text(encoding="utf-8")
        for value in re.findall(r"background(?:-color)?:\s*([^;}]+)", text):
            found.update(colour.lower() for colour in resolve(value))
    found.update(colour.lower() for colour in resolve("var(--color-bg) var(--color-surface)"))
    return found


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


RING, HALO = resolve("var(--focus-ring)")[0], resolve("var(--focus-halo)")[0]


def test_the_focus_rule_draws_the_ring_and_halo_from_the_tokens():
    rule = re.search(r"^:focus-visible\s*\{([^}]*)\}", (CSS / "site.css").read_text(encoding="utf-8"), re.M)
    assert rule is not None
    assert "var(--focus-ring)" in rule.group(1) and "var(--focus-halo)" in rule.group(1)


def test_the_ring_and_its_halo_stand_out_from_each_other():
    assert contrast(RING, HALO) >= 3


def test_the_stylesheets_use_the_backgrounds_this_test_knows():
    # The brand blue (header, primary buttons) and the white page are among them.
    assert {"#ffffff", "#0b5cad"} <= backgrounds()


@pytest.mark.parametrize("background", sorted(backgrounds()))
def test_the_focus_ring_stands_out_3_to_1_on_every_background(background):
    assert max(contrast(RING, background), contrast(HALO, background)) >= 3, background


def test_the_old_amber_ring_would_have_failed_on_white():
    """The check can fail: the amber ring of the first version is 2.15:1 on white."""
    assert contrast("#f59e0b", "#ffffff") < 3
