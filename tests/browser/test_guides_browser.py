"""From the sheet to a working device, in a browser (issue 21): each device's
guide on a 375 px phone is that device's alone (its protocol, its values,
its steps 1…n, a report link at every step), a report on step 7 of one of
three PCs reaches the director by mail, and the guide of a POP Outlook PC
fits in three screens."""

import pytest
from playwright.sync_api import expect

from tests.wizard.seiki import OTHER_PROTOCOL, PROTOCOL, six_device_hearing
from tests.wizard.smtpfixture import LocalSmtpServer

from .conftest import CSP_LISTENER

PHONE = {"width": 375, "height": 812}  # an iPhone 12 mini / 13 mini screen, in CSS pixels

STEPS = """() => [...document.querySelectorAll('li.step')].map(li => {
  const link = li.querySelector('a.step__report');
  const box = li.getBoundingClientRect();
  return {
    id: li.id,
    number: li.parentElement.start + [...li.parentElement.children].indexOf(li),  // as the list shows it
    top: box.top + scrollY,
    bottom: box.bottom + scrollY,
    link: link ? link.getAttribute('href') : null,
    linkTop: link ? link.getBoundingClientRect().top + scrollY : null,
  };
})"""


@pytest.fixture
def seiki(transactional_db, director, articles):
    """The 6-device / 3-address hearing (tests/wizard/seiki.py) and a customer link: (hearing, token)."""
    from wizard.services import customer_link_create

    director.email = "tanaka@agency.example"
    director.save()
    hearing = six_device_hearing(director)
    _link, token = customer_link_create(hearing=hearing, user=director)
    return hearing, token


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.add_init_script(CSP_LISTENER)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()


def devices_of(hearing):
    from wizard.models import Device

    return list(Device.objects.filter(mailbox__hearing=hearing).select_related("mailbox"))


def test_each_guide_on_a_phone_is_its_devices_alone_with_steps_1_to_n_and_a_report_link_at_each(
    live_server, seiki, phone
):
    hearing, token = seiki
    for device in devices_of(hearing):
        phone.goto(f"{live_server.url}/sheet/{token}/guides/{device.pk}/")
        text = phone.locator("main").inner_text()
        protocol = PROTOCOL[device.mailbox.address]
        assert [word for word in OTHER_PROTOCOL[protocol] if word in text] == [], device.label
        assert device.mailbox.address in text and "@example." not in text
        steps = phone.evaluate(STEPS)
        numbers = [step["number"] for step in steps]
        assert numbers == list(range(1, len(steps) + 1)), device.label  # as the lists show them: no restart
        assert [step["id"] for step in steps] == [f"step-{n}" for n in numbers]
        for step in steps:
            assert step["link"] and step["link"].endswith(f"/report/?step={step['number']}"), (
                device.label,
                step,
            )
            assert step["linkTop"] - step["top"] < PHONE["height"], (device.label, step)  # within one screen
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], device.label
    assert phone.errors == []


def test_a_pop_outlook_pcs_guide_is_at_most_three_screens_from_the_top_to_its_last_step(
    live_server, seiki, phone
):
    hearing, token = seiki
    (outlook,) = [d for d in devices_of(hearing) if d.client == "outlook_classic"]
    phone.goto(f"{live_server.url}/sheet/{token}/guides/{outlook.pk}/")
    steps = phone.evaluate(STEPS)
    assert len(steps) == 26  # the whole POP guide: account, SMTP authentication, copies on the server
    assert steps[-1]["bottom"] <= 3 * PHONE["height"], steps[-1]["bottom"]


def test_trouble_at_step_7_of_one_of_three_pcs_reaches_the_director_by_mail_within_seconds(
    live_server, seiki, phone, settings
):
    hearing, token = seiki
    smtp = LocalSmtpServer()
    smtp.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp.host, smtp.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        (pcs,) = [d for d in devices_of(hearing) if d.client == "outlook_classic"]
        phone.goto(f"{live_server.url}/sheet/{token}/guides/{pcs.pk}/")
        phone.locator("#step-7").get_by_role("link", name="ここでうまくいかない").click()
        expect(phone.locator("h1")).to_have_text("手順7でうまくいかないことを伝える")
        phone.get_by_label("事務所のPCの2台目").check()
        phone.get_by_label("どうなりましたか（任意）").fill(
            "「接続」を押すと、サーバーが見つかりませんと出ます。"
        )
        phone.get_by_role("button", name="担当者に伝える").click()
        expect(phone).to_have_url(f"{live_server.url}/sheet/{token}/guides/{pcs.pk}/?reported=7#step-7")
        expect(phone.locator("#step-7")).to_contain_text(
            "この手順で「うまくいかない」と担当者に伝えています。"
        )
        expect(phone.locator("#step-7")).to_be_in_viewport()
        (mail,) = smtp.inbox.wait_for(1, seconds=5)
        assert (
            str(mail["Subject"]).strip() == "【うまくいかない】名古屋精機株式会社：事務所のPC（2台目） 手順7"
        )
        assert mail["X-Envelope-To"] == "tanaka@agency.example"
        body = mail.get_content()
        assert "サーバーが見つかりませんと出ます" in body and f"/wizard/{hearing.pk}/sheet/" in body
        assert token not in body
    finally:
        smtp.stop()
    assert phone.errors == []


def test_the_end_of_a_guide_says_done_for_one_pc_of_three_without_javascript(live_server, seiki, browser):
    from wizard.models import DeviceReport

    hearing, token = seiki
    (pcs,) = [d for d in devices_of(hearing) if d.client == "outlook_classic"]
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/sheet/{token}/guides/{pcs.pk}/")
    page.locator("#report").get_by_label("事務所のPCの3台目").check()
    page.get_by_role("button", name="設定できました").click()
    expect(page.locator("#report")).to_contain_text(
        "事務所のPCの3台目：「設定できました」と担当者に伝えています。"
    )
    (report,) = DeviceReport.objects.all()
    assert (report.unit, report.state) == (3, "done")
    context.close()


def test_on_a_phone_the_sheet_offers_a_tap_instead_of_a_qr_code(live_server, seiki, phone):
    hearing, token = seiki
    phone.goto(f"{live_server.url}/sheet/{token}/")
    expect(phone.locator(".device-sheet .device-qr").first).to_be_hidden()
    taps = phone.get_by_role("link", name="この端末の手順を開く")
    expect(taps).to_have_count(len(devices_of(hearing)))
    taps.nth(2).click()
    expect(phone.locator("h1")).to_have_text("iPhone・iPadの「メール」の設定手順")
    assert phone.errors == []
