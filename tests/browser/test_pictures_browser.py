"""Pictures as an editor places them and a customer sees them, in Chromium.

The photo is made here with Pillow, with a GPS position and a camera name in
its EXIF; every file the public pages serve is read back for them.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.kb.pictures import has_metadata, photo_with_gps

PASSWORD = "correct-horse-battery-staple"
ALT = "Thunderbirdの「サーバー設定」の画面。「ダウンロード後もサーバーにメッセージを残す」にチェックが入っています。"
# Every layout shift of the page, from its first paint (Layout Instability API).
CLS_OBSERVER = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});
"""


def log_in(live_server, page, django_user_model):
    django_user_model.objects.create_superuser(username="boss", password=PASSWORD, email="boss@example.com")
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("ユーザー名").fill("boss")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def upload(live_server, page, path) -> str:
    """Upload a picture in the admin; returns the reference the admin shows."""
    page.goto(f"{live_server.url}/admin/kb/articleimage/add/")
    page.get_by_label("画像ファイル").set_input_files(str(path))
    page.get_by_label("代替テキスト").fill(ALT)
    page.get_by_label("写っているメールソフトの版").fill("Thunderbird 140.5")
    page.get_by_label("撮影日").fill("2026-12-06")
    page.get_by_role("button", name="保存して編集を続ける").click()
    return page.locator("#kb-reference").input_value()


def edit_body(live_server, page, slug: str, change) -> None:
    from kb.models import Article

    article = Article.objects.get(slug=slug)
    page.goto(f"{live_server.url}/admin/kb/article/{article.pk}/change/")
    body = page.locator("#id_body")
    body.fill(change(body.input_value()))
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("変更しました")


def served_files(page) -> set[str]:
    return set(
        page.evaluate(
            "[...document.querySelectorAll('.prose img[srcset]')].flatMap("
            "img => img.srcset.split(',').map(s => new URL(s.trim().split(' ')[0], location.href).href))"
        )
    )


def scroll_through(page) -> None:
    """Scroll to the end and back, so every lazy picture loads, and wait for them."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("() => [...document.images].every(img => img.complete && img.naturalWidth > 0)")
    page.evaluate("window.scrollTo(0, 0)")


def open_with_held_pictures(page, url):
    """Open the page while its pictures' files are held back; returns the first
    picture and a function that lets the files through."""
    held = []
    page.route(re.compile(r"/images/"), lambda route: held.append(route))
    page.goto(url, wait_until="domcontentloaded")  # "load" would wait for the held files
    image = page.locator(".prose figure.kb-figure img").first
    image.scroll_into_view_if_needed()
    for _ in range(100):  # a lazy picture is asked for once it is near the view
        if held:
            break
        page.wait_for_timeout(50)

    def release():
        for route in held:
            route.continue_()
        page.unroute(re.compile(r"/images/"))

    assert held, "the picture's file was asked for"
    return image, release


def assert_no_layout_shift(page, image, release) -> None:
    """The picture's box is the same before its file arrives and after, in view all the time:
    the page reserves its place (its width and height attributes)."""
    assert not image.evaluate("img => img.complete")
    before = image.bounding_box()
    release()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    after = image.bounding_box()
    assert (round(before["width"]), round(before["height"])) == (
        round(after["width"]),
        round(after["height"]),
    )
    assert before["height"] > 100
    assert page.evaluate("window.__shifts") == []


def test_an_editor_places_a_screenshot_in_an_article_and_a_guide_step_and_it_is_served_responsively(
    live_server, page, articles, django_user_model, console_errors, tmp_path
):
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(photo_with_gps())
    log_in(live_server, page, django_user_model)
    reference = upload(live_server, page, photo)
    assert re.fullmatch(r"!\[\[image:\d+\]\]", reference)
    edit_body(
        live_server,
        page,
        "pop-imap-difference",
        lambda body: body.replace("## 比較表", f"{reference}\n\n## 比較表", 1),
    )
    edit_body(
        live_server, page, "guide-thunderbird",
        lambda body: body.replace("3. 左下の「アカウント操作」→「メールアカウントを追加...」をクリックします。",
                                  f"3. 左下の「アカウント操作」→「メールアカウントを追加...」をクリックします。{reference}", 1),
    )  # fmt: skip

    visitor = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    public = visitor.new_page()
    public.add_init_script(CLS_OBSERVER)
    errors = []
    public.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    files = set()
    for slug in ("pop-imap-difference", "guide-thunderbird"):
        image, release = open_with_held_pictures(public, f"{live_server.url}/articles/{slug}/")
        expect(public.locator(".prose figure.kb-figure img")).to_have_count(1)
        assert image.get_attribute("alt") == ALT
        assert image.get_attribute("width") == "1440" and image.get_attribute("height") == "900"
        assert len(image.get_attribute("srcset").split(",")) == 4
        assert_no_layout_shift(public, image, release)
        files |= served_files(public)

    # The guide step: the screenshot beside the step's text on a wide screen...
    step = public.locator(".prose li.has-figure")
    text_box, figure_box = step.locator("> p").bounding_box(), step.locator("> figure").bounding_box()
    assert figure_box["x"] >= text_box["x"] + text_box["width"]
    assert abs(figure_box["y"] - text_box["y"]) < 10
    expect(step.locator("figcaption")).to_have_text("Thunderbird 140.5の画面（2026年12月6日撮影）")
    # ...and below it on a phone, in both cases as wide as it is shown.
    public.set_viewport_size({"width": 375, "height": 800})
    text_box, figure_box = step.locator("> p").bounding_box(), step.locator("> figure").bounding_box()
    assert figure_box["y"] >= text_box["y"] + text_box["height"]
    assert public.evaluate("document.documentElement.scrollWidth") <= 375

    # Every width of the picture is a WebP without the photo's GPS position or camera.
    assert len(files) == 4
    for url in sorted(files):
        response = public.request.get(url)
        assert response.headers["content-type"] == "image/webp"
        assert "immutable" in response.headers["cache-control"]
        assert has_metadata(response.body()) == [], url
    assert errors == [] and console_errors == []
    visitor.close()


def test_a_text_file_renamed_png_is_refused_in_the_admin(live_server, page, django_user_model, tmp_path):
    fake = tmp_path / "screenshot.png"
    fake.write_text("これは画像ではなく、文章のファイルです。\n", encoding="utf-8")
    log_in(live_server, page, django_user_model)
    page.goto(f"{live_server.url}/admin/kb/articleimage/add/")
    page.get_by_label("画像ファイル").set_input_files(str(fake))
    page.get_by_label("代替テキスト").fill(ALT)
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".errorlist")).to_contain_text(
        "このファイルは画像として読み込めません。ファイル名が「.png」などでも、中身がPNG・JPEG・WebPの画像でないものは使えません。"
    )


@pytest.mark.skipif(not shutil.which("pdfimages"), reason="pdfimages (poppler-utils) is not installed")
def test_a_printed_guide_keeps_its_screenshot_sharp_and_within_the_page(
    live_server, page, articles, tmp_path
):
    from kb.image_processing import process
    from kb.image_services import article_image_save
    from kb.images import ArticleImage
    from kb.models import Article

    image = ArticleImage(alt=ALT, client_version="Thunderbird 140.5")
    article_image_save(image=image, processed=process(photo_with_gps(1600, 1000)), original_name="shot.jpg")
    guide = Article.objects.get(slug="guide-thunderbird")
    guide.body = guide.body.replace("6. 「パスワード」の欄にパスワードを入力します。",
                                    f"6. 「パスワード」の欄にパスワードを入力します。{image.reference}", 1)  # fmt: skip
    guide.save()
    page.goto(f"{live_server.url}/articles/guide-thunderbird/")
    scroll_through(page)
    page.emulate_media(media="print")
    pdf = tmp_path / "guide.pdf"
    page.pdf(path=str(pdf), format="A4")
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    pictures = [row for row in rows if row[2] == "image" and int(row[3]) >= 480]
    assert len(pictures) == 1, listing
    x_ppi, y_ppi = int(pictures[0][12]), int(pictures[0][13])
    assert x_ppi >= 150 and y_ppi >= 150, listing
    assert int(pictures[0][3]) / x_ppi * 25.4 <= 120  # printed width in mm
