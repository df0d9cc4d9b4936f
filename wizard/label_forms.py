"""The form a director fills in front of a customer's screen: which of the
client's vendor labels (wizard/handoff/labels.py) the screen shows as the
catalogue quotes them, which it shows differently and how, the versions
seen, the date, and optionally a screenshot (re-encoded like article
pictures: kb/image_processing.py).

One answer per label (``seen-<key>``: not checked, as quoted, different)
and the words shown for a different one (``shown-<key>``). The words shown
are kept as typed (no NFKC: a vendor's 全角 brackets are part of its label).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kb.image_processing import MAX_BYTES, ImageRefused, Processed, process

from .engine.catalogue import Client
from .fields import name_the_field_in_errors, nfkc
from .handoff.labels import VendorLabel, vendor_labels
from .label_services import Answer
from .models import LabelConfirmation

NOT_CHECKED = ""
ACCEPT = "image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp"
PAIRS = {"「": "」", "『": "』", '"': '"', "“": "”"}


def unquoted(words: str) -> str:
    """The words shown, without the brackets a director may have typed around them
    (「[削除済みアイテム] から…」 → [削除済みアイテム] から…); brackets that are
    part of the label stay."""
    words = " ".join(words.split())
    opening, inner = words[:1], words[1:-1]
    if len(words) > 2 and PAIRS.get(opening) == words[-1] and opening not in inner and words[-1] not in inner:
        return inner.strip()
    return words


@dataclass(frozen=True)
class LabelRow:
    """One label of the form: its answer and the words shown (bound fields)."""

    label: VendorLabel
    seen: forms.BoundField
    shown: forms.BoundField


class LabelCheckForm(forms.Form):
    client_version = forms.CharField(
        label=_("メールソフトの版"),
        max_length=80,
        help_text=_(
            "メールソフトの名前と、「バージョン情報」などに表示される版を書きます。"
            "例：Outlookの「バージョン 2511」、Thunderbird 140.5、iOS 26.1"
        ),
    )
    os_version = forms.CharField(
        label=_("OSの版"),
        max_length=80,
        required=False,
        help_text=_("例：Windows 11 24H2、macOS 26.1。iPhone・iPadでは上と同じなら空欄で構いません。"),
    )
    seen_on = forms.DateField(
        label=_("確認した日"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    screenshot = forms.FileField(
        label=_("画面写真（任意）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_(
            "PNG・JPEG・WebP、2.5MB以下。位置情報などの撮影データは取り除いて保存し、スタッフだけが見られます。"
            "お客さまのメールアドレスなどが写らないように撮ってください。ヒアリングを削除すると、画面写真も削除されます。"
        ),
    )

    def __init__(self, *args, client: Client, **kwargs):
        kwargs.setdefault("initial", {"seen_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.client = client
        self.labels = vendor_labels(client)
        self.processed: Processed | None = None
        for label in self.labels:
            choices = [(NOT_CHECKED, _("確認していない"))]
            if not label.described:
                choices.append((LabelConfirmation.Outcome.SAME, _("このとおり表示されていた")))
            choices.append((LabelConfirmation.Outcome.DIFFERENT, _("違う表示だった")))
            self.fields[f"seen-{label.key}"] = forms.ChoiceField(
                label=f"{label.quoted}（{label.role}）",
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=NOT_CHECKED,
            )
            self.fields[f"shown-{label.key}"] = forms.CharField(
                label=_("%(label)sの実際の表示名（違う表示だった場合）") % {"label": label.quoted},
                max_length=200,
                required=False,
            )
        name_the_field_in_errors(self)

    @property
    def rows(self) -> list[LabelRow]:
        return [
            LabelRow(label, self[f"seen-{label.key}"], self[f"shown-{label.key}"]) for label in self.labels
        ]

    def clean_client_version(self) -> str:
        return nfkc(self.cleaned_data["client_version"])

    def clean_os_version(self) -> str:
        return nfkc(self.cleaned_data["os_version"])

    def clean_seen_on(self):
        seen_on = self.cleaned_data["seen_on"]
        if seen_on > timezone.localdate():
            raise forms.ValidationError(_("「確認した日」に先の日付は入力できません。"))
        return seen_on

    def clean_screenshot(self):
        upload = self.cleaned_data.get("screenshot")
        if not upload:
            return None
        try:
            self.processed = process(upload.read(MAX_BYTES + 1))
        except ImageRefused as refused:
            raise forms.ValidationError(str(refused), code="refused") from None
        return upload

    def clean(self):
        cleaned = super().clean()
        answered = 0
        for label in self.labels:
            outcome = cleaned.get(f"seen-{label.key}") or NOT_CHECKED
            shown = unquoted(cleaned.get(f"shown-{label.key}") or "")
            cleaned[f"shown-{label.key}"] = shown
            answered += outcome != NOT_CHECKED
            if outcome == LabelConfirmation.Outcome.DIFFERENT and not shown:
                self.add_error(
                    f"shown-{label.key}",
                    _("%(label)sの代わりに画面に表示されていた項目名を入力してください。")
                    % {"label": label.quoted},
                )
            elif outcome == LabelConfirmation.Outcome.DIFFERENT and shown == label.words:
                self.add_error(
                    f"seen-{label.key}",
                    _(
                        "%(label)sは、画面の表示名がカタログと同じです。「このとおり表示されていた」を選んでください。"
                    )
                    % {"label": label.quoted},
                )
            elif outcome != LabelConfirmation.Outcome.DIFFERENT and shown:
                self.add_error(
                    f"seen-{label.key}",
                    _("%(label)sの表示名を入力したときは、「違う表示だった」を選んでください。")
                    % {"label": label.quoted},
                )
        if self.labels and not answered:
            raise forms.ValidationError(_("確かめた項目を1つ以上選んでください。"), code="nothing")
        return cleaned

    def answers(self) -> list[Answer]:
        """The labels answered, after ``is_valid()``."""
        data = self.cleaned_data
        return [
            Answer(label, data[f"seen-{label.key}"], data[f"shown-{label.key}"])
            for label in self.labels
            if data.get(f"seen-{label.key}")
        ]
