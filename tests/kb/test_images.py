"""Pictures in articles: the files, the markup in an article, the URLs that serve them."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from PIL import Image

from kb.image_processing import ImageRefused, process
from kb.image_services import article_image_save, articles_using
from kb.images import ArticleImage, ImageVariant
from kb.markdown import render_markdown
from kb.writing import findings

from .pictures import has_metadata, photo_with_gps, processed_screenshot, screenshot_png


def make_image(data: bytes | None = None, **fields) -> ArticleImage:
    values = {"alt": "受信の設定画面。サーバーにコピーを残す項目にチェックが入っています。"}
    values.update(fields)
    image = ArticleImage(**values)
    article_image_save(
        image=image, processed=process(data) if data else processed_screenshot(), original_name="shot.png"
    )
    return image


# The files --------------------------------------------------------------------------------


def test_a_photo_loses_its_gps_position_and_camera_data_in_every_width():
    processed = process(photo_with_gps())
    assert [v.width for v in processed.variants] == [480, 720, 960, 1440]
    assert {v.width: has_metadata(v.data) for v in processed.variants} == {
        480: [],
        720: [],
        960: [],
        1440: [],
    }


def test_a_photo_taken_sideways_is_turned_upright():
    processed = process(photo_with_gps(1200, 800, orientation=6))  # 6: turn 90° clockwise to view
    largest = Image.open(io.BytesIO(processed.variants[-1].data))
    assert (processed.width, processed.height) == (800, 1200)
    assert largest.size == (800, 1200)
    # The light marker drawn at the stored top-left is at the top-right once turned.
    assert largest.getpixel((790, 10))[0] > 200 and largest.getpixel((10, 10))[0] < 60


def test_a_small_picture_is_kept_at_its_own_width_only():
    processed = process(screenshot_png(400, 300))
    assert [(v.width, v.height) for v in processed.variants] == [(400, 300)]


def test_every_file_is_webp_and_a_screenshot_is_encoded_losslessly():
    processed = process(screenshot_png())
    for variant in processed.variants:
        assert variant.data[8:16] == b"WEBPVP8L"  # the lossless bitstream
    assert process(photo_with_gps()).variants[0].data[8:16] == b"WEBPVP8 "


def test_a_text_file_named_png_is_refused_in_japanese():
    with pytest.raises(ImageRefused) as refused:
        process(b"%PDF-1.7 this is not a picture at all\n" * 20)
    assert str(refused.value) == (
        "このファイルは画像として読み込めません。ファイル名が「.png」などでも、"
        "中身がPNG・JPEG・WebPの画像でないものは使えません。"
    )


def test_a_gif_is_refused_by_its_content_whatever_its_name():
    out = io.BytesIO()
    Image.new("RGB", (100, 100)).save(out, "GIF")
    with pytest.raises(ImageRefused, match="GIF形式の画像は使えません"):
        process(out.getvalue())


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(ImageRefused, match="2.5MB以下の画像を選んでください"):
        process(b"\x89PNG" + b"0" * 2_600_000)


def test_a_picture_with_too_many_pixels_is_refused():
    out = io.BytesIO()
    Image.new("L", (9000, 100)).save(out, "PNG")
    with pytest.raises(ImageRefused, match="長い辺を8000ピクセル以下にしてください"):
        process(out.getvalue())


def test_a_truncated_png_is_refused_as_broken():
    with pytest.raises(ImageRefused, match="壊れている"):
        process(screenshot_png()[:3000])


def test_the_refusals_follow_the_house_style():
    messages = []
    for data in (b"not a picture", b"", screenshot_png()[:3000]):
        with pytest.raises(ImageRefused) as refused:
            process(data)
        messages.append(str(refused.value))
    assert [str(f) for message in messages for f in findings(message)] == []


# In an article -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_placed_picture_is_a_figure_with_srcset_size_and_alt():
    image = make_image(caption="Thunderbirdの「サーバー設定」")
    html = render_markdown(f"はじめに。\n\n## 設定\n\n次の画面を開きます。\n\n{image.reference}\n").html
    figure = re.search(r'<figure class="kb-figure kb-figure--wide">(.*?)</figure>', html).group(1)
    digest = image.short_digest
    assert f'src="/images/{image.pk}/{digest}-720.webp"' in figure
    assert (
        f'srcset="/images/{image.pk}/{digest}-480.webp 480w, /images/{image.pk}/{digest}-720.webp 720w, '
        f'/images/{image.pk}/{digest}-960.webp 960w, /images/{image.pk}/{digest}-1200.webp 1200w"'
    ) in figure
    assert 'width="1200" height="800"' in figure
    assert f'alt="{image.alt}"' in figure
    assert 'loading="lazy"' in figure
    assert "<figcaption>Thunderbirdの「サーバー設定」</figcaption>" in figure
    assert "<p></p>" not in html


@pytest.mark.django_db
def test_only_a_picture_before_the_first_heading_loads_at_once():
    first, second = make_image(), make_image()
    html = render_markdown(
        f"{first.reference}\n\n{second.reference}\n\n## 見出し\n\n{first.reference}\n"
    ).html
    assert re.findall(r'loading="(\w+)"', html) == ["eager", "lazy", "lazy"]


@pytest.mark.django_db
def test_a_picture_in_a_step_stays_in_its_list_item_beside_the_steps_text():
    image = make_image(client_version="Thunderbird 140.5")
    html = render_markdown(
        f"1. 「アカウント設定」を開きます。\n2. 「サーバー設定」をクリックします。{image.reference}\n3. 閉じます。\n"
    ).html
    steps = re.findall(r"<li[^>]*>.*?</li>", html, re.DOTALL)
    assert len(steps) == 3
    assert steps[0] == "<li>「アカウント設定」を開きます。</li>"
    assert steps[1].startswith(
        '<li class="has-figure">\n<p>「サーバー設定」をクリックします。</p>\n<figure class="kb-figure kb-figure--step">'
    )
    assert 'sizes="(min-width: 48rem) 20rem, calc(100vw - 4rem)"' in steps[1]
    assert '<span class="kb-figure__version">Thunderbird 140.5の画面</span>' in steps[1]


@pytest.mark.django_db
def test_the_date_a_screenshot_was_taken_is_shown_with_its_version():
    import datetime

    image = make_image(client_version="iOS 26.1", taken_on=datetime.date(2026, 12, 6))
    html = render_markdown(image.reference).html
    assert "iOS 26.1の画面（2026年12月6日撮影）" in html


@pytest.mark.django_db
def test_an_editor_cannot_add_attributes_or_carriers_to_a_picture():
    image = make_image()
    source = (
        f"![[image:{image.pk}]]{{onerror=alert(1)}} <img src=x onerror=alert(1)> "
        f"&#xE002;image:{image.pk}:e&#xE003; \ue002diagram:pop-imap:\ue003"
    )
    html = render_markdown(source).html
    assert re.findall(r"<[^>]*onerror[^>]*>", html) == []
    assert html.count("<figure") == 1
    assert "\ue002" not in html and "\ue003" not in html


@pytest.mark.django_db
def test_a_reference_to_a_missing_picture_shows_nothing():
    html = render_markdown("本文です。\n\n![[image:999]]\n").html
    assert html == "<p>本文です。</p>\n\n"


@pytest.mark.django_db
def test_the_searchable_text_leaves_pictures_out():
    image = make_image(caption="キャプション")
    assert render_markdown(f"本文です。{image.reference}").text == "本文です。"


@pytest.mark.django_db
def test_a_new_alt_text_reaches_the_article_that_shows_the_picture(make_article):
    image = make_image()
    article = make_article(body=f"本文です。\n\n{image.reference}\n")
    image.alt = "新しい説明の画面です。"
    article_image_save(image=image)
    article.refresh_from_db()
    assert 'alt="新しい説明の画面です。"' in article.body_html
    assert list(articles_using(image.pk)) == [article]


# Served ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_file_is_served_as_webp_for_a_year(client):
    image = make_image(photo_with_gps())
    variant = image.variants.get(width=960)
    response = client.get(variant.url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert has_metadata(response.content) == []
    assert Image.open(io.BytesIO(response.content)).size == (960, 600)


@pytest.mark.django_db
def test_a_replaced_picture_keeps_its_number_and_its_old_urls_redirect(client, make_article):
    image = make_image()
    old_url = image.variants.get(width=720).url()
    article = make_article(body=image.reference)
    article_image_save(image=image, processed=process(photo_with_gps()), original_name="new.jpg")
    new_url = ImageVariant.objects.get(image=image, width=720).url()
    assert new_url != old_url
    response = client.get(old_url)
    assert (response.status_code, response["Location"]) == (302, new_url)
    article.refresh_from_db()
    assert new_url in article.body_html and old_url not in article.body_html


@pytest.mark.django_db
def test_an_unknown_picture_is_not_found(client):
    assert (
        client.get(reverse("kb:image", kwargs={"pk": 404, "digest": "0" * 16, "width": 480})).status_code
        == 404
    )


@pytest.mark.django_db
def test_pictures_can_live_in_an_external_storage(settings, tmp_path, client):
    settings.STORAGES = {
        **settings.STORAGES,
        "kb-images": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    image = make_image()
    variant = image.variants.get(width=480)
    assert bytes(variant.data) == b""
    assert (tmp_path / variant.stored_in).read_bytes()[:4] == b"RIFF"
    response = client.get(variant.url())
    assert response.status_code == 200 and response.content[8:12] == b"WEBP"


@pytest.mark.django_db
def test_a_screenshot_in_a_pop_block_stays_in_the_personal_guide_of_a_pop_device():
    from kb.protocol_blocks import only_protocol

    image = make_image()
    html = render_markdown(
        f"::: pop\n1. 「サーバー設定」を開きます。{image.reference}\n2. 閉じます。\n:::\n"
    ).html
    assert only_protocol(html, "pop").count('<figure class="kb-figure') == 1
    assert "<figure" not in only_protocol(html, "imap")
