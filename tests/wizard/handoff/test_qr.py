"""QR codes: drawn once per process for a link and a device, then read back."""

from wizard.handoff import qr
from wizard.handoff.qr import DRAWN, DrawnCodes, qr_svg

URL = "https://mail-navi.example/sheet/" + "T" * 43 + "/guides/7/"


masks: list[int | None] = []


def _counting_draws(monkeypatch) -> list[str]:
    drawn: list[str] = []
    masks.clear()
    draw = qr._draw

    def counted(url, title, mask=None):
        drawn.append(url)
        masks.append(mask)
        return draw(url, title, mask)

    monkeypatch.setattr(qr, "_draw", counted)
    return drawn


def test_a_code_is_drawn_the_first_time_and_read_back_after(monkeypatch):
    drawn = _counting_draws(monkeypatch)
    first = qr_svg(URL, title="PC1 の設定手順を開く QR コード")
    again = qr_svg(URL, title="PC1 の設定手順を開く QR コード")
    assert again == first and first.startswith('<svg viewBox="0 0 ')
    assert drawn == [URL]


def test_the_same_link_with_another_title_is_a_code_of_its_own(monkeypatch):
    drawn = _counting_draws(monkeypatch)
    assert "<title>PC1</title>" in qr_svg(URL, title="PC1")
    assert "<title>PC2</title>" in qr_svg(URL, title="PC2")
    assert len(drawn) == 2


def test_codes_are_kept_under_a_digest_never_under_the_links_token():
    key = DRAWN.key(URL, "PC1")
    assert len(key) == 16 and b"T" * 8 not in key


def test_a_process_keeps_a_bounded_number_of_codes_the_least_recently_shown_going_first():
    kept = DrawnCodes(2)
    kept.keep(b"a", "A")
    kept.keep(b"b", "B")
    assert kept.get(b"a") == "A"  # shown again: now the most recent
    kept.keep(b"c", "C")
    assert (kept.get(b"a"), kept.get(b"b"), kept.get(b"c"), len(kept)) == ("A", None, "C", 2)


def test_a_link_gets_the_best_mask_and_the_many_guide_codes_a_fixed_one(monkeypatch):
    """Segno's choice of the best of eight masks is most of a code's cost; a sheet of
    30 × 30 devices draws 900 guide codes. The printed sheet's codes are read back
    with zbarimg (tests/browser/test_print_browser.py)."""
    _counting_draws(monkeypatch)
    qr_svg(URL + "link/")
    qr_svg(URL + "guide/", title="PC1", quick=True)
    assert masks == [None, qr.QUICK_MASK]


def test_a_quick_code_is_not_the_best_masks_code_kept_for_the_same_link(monkeypatch):
    drawn = _counting_draws(monkeypatch)
    qr_svg(URL, title="PC1")
    qr_svg(URL, title="PC1", quick=True)
    assert len(drawn) == 2
