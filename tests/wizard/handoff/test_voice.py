"""One voice on every page a customer reads: the customer sheet and every
device guide, for a spread of hearing shapes, pass the writing guide's
mechanical checks (kb/writing.py), and no sheet gives a number of days that
no device deletes after."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from kb.writing import findings
from wizard.engine.catalogue import CLIENTS
from wizard.models import Device, Hearing, Mailbox
from wizard.services import hearing_complete

SKIPPED = {"script", "style", "svg", "title"}


class _Text(HTMLParser):
    """A page's visible text, a line per block; code stays marked as code."""

    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag == "code":
            self.parts.append("`")
        elif tag == "pre":  # a zone file or other code block
            self.parts.append("\n```\n")
        elif tag in {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "br", "dd", "dt", "div", "section"}:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping -= 1
        elif tag == "code":
            self.parts.append("`")
        elif tag == "pre":
            self.parts.append("\n```\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"[ \t]*\n[ \t\n]*", "\n", "".join(parser.parts))


KIND = {"pc": "pc", "smartphone": "smartphone", "tablet": "tablet"}


def _devices_for(keys):
    return tuple((sorted(CLIENTS[key].kinds)[0], key) for key in keys)


SHAPES = {
    "one-pc-pop": {"people": 1, "clients": ("thunderbird",)},
    "shared-pcs-and-phones": {"people": 3, "clients": ("outlook_classic", "ios_mail", "gmail_android")},
    "shared-fixed-choices": {"people": 2, "clients": ("apple_mail", "ios_mail"), "keep": True},
    "shared-nobody-deletes": {
        "people": 2,
        "clients": ("thunderbird_android", "outlook_new", "outlook_mobile"),
    },
    "imap-one-person": {"people": 1, "clients": ("outlook_classic", "ios_mail", "android_mail", "gmail_ios")},
    "ending-ways": {"people": 2, "clients": ("windows_mail", "gmail_web_fetch")},
    "ending-beside-active": {"people": 1, "clients": ("gmail_web_fetch", "ios_mail")},
    "becky-and-others": {"people": 2, "clients": ("becky", "other", "other_pop_only")},
    "quota-known": {"people": 2, "clients": ("outlook_classic", "thunderbird"), "quota": 1000, "daily": 40},
    "japanese-domain": {"people": 2, "clients": ("thunderbird", "ios_mail"), "domain": "名古屋精機.jp"},
}


@pytest.fixture
def shaped(make_hearing, director):
    def make(people, clients, keep=False, quota=None, daily=None, domain=""):
        hearing = make_hearing(devices=_devices_for(clients))
        Mailbox.objects.update(people=people, keep_history=keep, quota_mb=quota, daily_mb=daily)
        if domain:
            Mailbox.objects.update(address=f"info@{domain}", incoming_host=f"mail.{domain}")
        Device.objects.filter(client="ios_mail").update(label="社長のiPhone")
        return hearing_complete(
            hearing=Hearing.objects.get(pk=hearing.pk), version=hearing.version, user=director
        )

    return make


def _customer_pages(client, hearing, link_token):
    token = link_token(hearing)
    pages = {"sheet": client.get(reverse("customer:sheet", args=[token])).content.decode()}
    for device in Device.objects.filter(mailbox__hearing=hearing):
        url = reverse("customer:guide", kwargs={"token": token, "device_id": device.pk})
        pages[f"guide {device.client}"] = client.get(url).content.decode()
    return pages


@pytest.mark.parametrize("shape", SHAPES)
def test_every_customer_page_passes_the_writing_guides_checks(client, shaped, link_token, shape):
    hearing = shaped(**SHAPES[shape])
    broken = {
        name: [str(finding) for finding in findings(visible_text(html))]
        for name, html in _customer_pages(client, hearing, link_token).items()
    }
    assert {name: found for name, found in broken.items() if found} == {}


@pytest.mark.parametrize("shape", SHAPES)
def test_the_address_line_names_only_the_days_a_device_deletes_after(client, shaped, link_token, shape):
    hearing = shaped(**SHAPES[shape])
    record = hearing.latest_issue().read()
    sheet = _customer_pages(client, hearing, link_token)["sheet"]
    for address in record.addresses:
        line = re.search(r'class="sheet-mailbox__line">([^<]*)<', sheet).group(1)
        said = {int(n) for n in re.findall(r"(\d+)日後", line)}
        deleting = {s.delete_after_days for s in address.advice.device_settings if s.role == "deletes"}
        assert said == deleting, line
        if address.advice.effective_days is not None:
            assert f"{address.advice.effective_days}日後" in line


def test_the_text_reader_keeps_labels_and_code_for_the_checks():
    assert (
        visible_text("<p>Thunderbird で<code>mail.example.jp</code></p>")
        == "\nThunderbird で`mail.example.jp`"
    )
    assert findings(visible_text("<p>Thunderbird で受信</p>"))  # the space is found
