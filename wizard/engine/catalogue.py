"""The mail clients the wizard knows about, as plain data.

Keys are stable: they are stored with saved hearings. Add or change a client
here and nowhere else. No Django imports: the recommendation engine and its
tests use this module on its own.

For POP, each client's settings are written in its own on-screen words, with
the kind of control (a checkbox is turned on or off, a number is typed, a
choice is picked) so the settings sheet can use the right verb:

- ``leave_copy``: the checkbox that keeps a copy on the server (None when
  the client has no separate switch).
- ``delete_after``: how server copies are deleted after some days. A
  ``checkbox`` whose label holds ``○`` for a typed number of days (any
  number: ``retention_any_days``), a ``checkbox`` with ``choices``, or a
  ``choice`` list that also holds the "never" option (``days=None``).
- ``delete_on_local_delete``: the option that deletes the server copy when
  mail is deleted on the device. Policy v2: always off (a checkbox) or never
  picked (an option of ``delete_after``'s list).

``labels`` says for which version the words were checked, when, where, and
whether a vendor or hosting firm's page confirmed them. Where they could not
be verified the staff sheet says 未確認 with the date; the customer's sheet
says neutrally that the names may differ by version.

Ways of reading mail that have stopped or are stopping (``ends``) are here
so a hearing can record what the customer uses today; the sheet names the
end date and the replacement and never recommends them.
"""

from __future__ import annotations

from core.i18n import gettext_noop

from .clients import (
    ALL_KINDS,
    CHECKBOX,
    CHOICE,
    DAYS_PLACEHOLDER,
    DEVICE_KINDS,
    ENDING_NOTICE_DAYS,
    GENERIC,
    MOBILE_KINDS,
    PC,
    SMARTPHONE,
    TABLET,
    Client,
    Control,
    Ending,
    Labels,
)

__all__ = [
    "ALL_KINDS",
    "CHECKBOX",
    "CHOICE",
    "CLIENTS",
    "Client",
    "Control",
    "DAYS_PLACEHOLDER",
    "DEVICE_KINDS",
    "ENDING_NOTICE_DAYS",
    "Ending",
    "GENERIC",
    "Labels",
    "MOBILE_KINDS",
    "PC",
    "SMARTPHONE",
    "TABLET",
    "UNKNOWN_CLIENT",
    "client_for",
    "clients_for_kind",
    "fits",
]

# Sources and status: docs/vendor-facts.md (read 2026-11-27, revised 2026-12-06).
OUTLOOK_LABELS = Labels(
    version="Outlook（クラシック版）Microsoft 365",
    checked_on="2026-12-06",
    source="https://www.delahost.jp/support/manual/outlook2003-server.html (Outlook 2003/2007 の同じ画面)",
)

_CLIENT_LIST: tuple[Client, ...] = (
    Client(
        key="outlook_classic",
        label=gettext_noop("Outlook（クラシック版）"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-outlook-classic",
        leave_copy=Control("サーバーにメッセージのコピーを置く"),
        delete_after=Control("サーバーから削除する ○ 日後"),
        delete_on_local_delete=Control("[削除済みアイテム] から削除されたら、サーバーから削除"),
        labels=OUTLOOK_LABELS,
    ),
    Client(
        key="outlook_new",
        label=gettext_noop("新しいOutlook for Windows"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-outlook-new",
        caveat=gettext_noop(
            "新しいOutlook for Windowsは、POP・IMAPのメールの受信も送信もMicrosoftのクラウドを経由します。"
            "海外からのログインを止めているレンタルサーバーでは、接続できないことがあります。"
            "POPで日数を決めてサーバーのメールを削除する設定は確認できていないため、"
            "POPのアドレスにはOutlook（クラシック版）かThunderbirdをおすすめします。"
        ),
        labels=Labels(version="新しいOutlook for Windows", checked_on="2026-12-06"),
    ),
    Client(
        key="thunderbird",
        label=gettext_noop("Thunderbird"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-thunderbird",
        leave_copy=Control("ダウンロード後もサーバーにメッセージを残す"),
        delete_after=Control("ダウンロードしてから ○ 日以上経過したメッセージは削除する"),
        delete_on_local_delete=Control("ダウンロードしたメッセージを削除したらサーバーからも削除する"),
        labels=Labels(
            version="Thunderbird 140 ESR",
            checked_on="2026-11-27",
            source="https://github.com/thunderbird/thunderbird-l10n/blob/main/ja/mail/chrome/messenger/am-server-top.dtd",
            status="verified",
        ),
    ),
    Client(
        key="apple_mail",
        label=gettext_noop("Macの「メール」"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-apple-mail",
        apple_profile=True,
        # Apple writes 「サーバ」; the Japanese words are not confirmed (English screen only).
        delete_after=Control(
            "メッセージ受信後にサーバからコピーを削除",
            CHECKBOX,
            ((1, "1日後"), (7, "1週間後"), (30, "1か月後")),
        ),
        delete_on_local_delete=Control("受信ボックスから移動したとき", CHOICE),
        labels=Labels(
            version="macOS 26の「メール」",
            checked_on="2026-12-06",
            source="英語の画面の “Remove copy from server after retrieving a message” のみ確認",
        ),
    ),
    Client(
        key="ios_mail",
        label=gettext_noop("iPhone・iPadの「メール」"),
        kinds=frozenset({SMARTPHONE, TABLET}),
        imap=True,
        pop=True,
        guide_slug="guide-ios-mail",
        apple_profile=True,
        delete_after=Control("サーバから削除", CHOICE, ((None, "しない"), (7, "7日後"))),
        delete_on_local_delete=Control("受信ボックスから削除したとき", CHOICE),
        labels=Labels(version="iOS 26・iPadOS 26", checked_on="2026-12-06"),
        pop_retention_steps=(
            gettext_noop(
                "「設定」→「アプリ」→「メール」→「メールアカウント」の順にタップし、{address}のアカウントをタップします。"
            ),
            gettext_noop("画面下の「詳細」をタップします。"),
            gettext_noop("「サーバから削除」をタップし、「{choice}」を選びます。"),
            gettext_noop("前の画面に戻ります。右上に「完了」が表示されている場合は、タップして保存します。"),
        ),
    ),
    Client(
        key="gmail_android",
        label=gettext_noop("Gmailアプリ（Android）"),
        kinds=frozenset({SMARTPHONE, TABLET}),
        imap=True,
        pop=True,
        guide_slug="guide-gmail-android",
        pop_caveat=gettext_noop(
            "Googleは、Gmailアプリではほかの会社のメールアドレスをIMAPで受信すると案内しています。"
            "GmailアプリでPOPの設定ができるかは確認できていません。"
            "POPで設定できない場合は、Thunderbird（Android）でPOPを設定してください。"
        ),
        delete_after=Control("サーバーからメールを削除", CHOICE, ((None, "しない"),)),
        delete_on_local_delete=Control("受信トレイから削除したとき", CHOICE),
        labels=Labels(version="Gmailアプリ（Android）", checked_on="2026-12-06"),
    ),
    Client(
        key="thunderbird_android",
        label=gettext_noop("Thunderbird（Android）"),
        kinds=frozenset({SMARTPHONE, TABLET}),
        imap=True,
        pop=True,
        guide_slug="guide-thunderbird-android",
        # Since 22.0 this screen is not translated: a Japanese phone shows it in English.
        delete_on_local_delete=Control(
            "When I delete a message", CHOICE, ((None, "Do not delete on server"),)
        ),
        labels=Labels(
            version="Thunderbird for Android 22",
            checked_on="2026-11-27",
            source="https://github.com/thunderbird/thunderbird-android (22 からこの画面は英語表示: "
            "“When I delete a message” → “Do not delete on server”)",
        ),
    ),
    Client(
        key="android_mail",
        label=gettext_noop("Androidの標準メールアプリ（機種のメーカー製）"),
        kinds=frozenset({SMARTPHONE, TABLET}),
        imap=True,
        pop=True,
        guide_slug="guide-android-mail",
        delete_after=Control("サーバーからメールを削除", CHOICE, ((None, "削除しない"),)),
        delete_on_local_delete=Control("受信トレイから削除したとき", CHOICE),
        labels=Labels(
            version="Android標準の「メール」アプリ（メーカーのアプリは機種によって異なります）",
            checked_on="2026-12-06",
            source="https://github.com/aosp-mirror/platform_packages_apps_email/blob/master/res/values-ja/strings.xml",
        ),
    ),
    Client(
        key="outlook_mobile",
        label=gettext_noop("Outlookアプリ（スマートフォン）"),
        kinds=frozenset({SMARTPHONE, TABLET}),
        imap=True,
        pop=True,
        guide_slug="guide-outlook-mobile",
        caveat=gettext_noop(
            "Outlookアプリは、メールの受信をMicrosoftのサーバーを経由して行うと報告されています。"
            "海外からのログインを止めているレンタルサーバーでは、接続できないことがあります。"
        ),
        pop_caveat=gettext_noop(
            "OutlookアプリでPOPのメールをサーバーに残す設定は確認できていません。"
            "POPのアドレスは、iPhone・iPadの「メール」かThunderbird（Android）で受信してください。"
        ),
        labels=Labels(version="Outlookアプリ（iOS・Android）", checked_on="2026-12-06"),
    ),
    Client(
        key="gmail_ios",
        label=gettext_noop("Gmailアプリ（iPhone・iPad）"),
        kinds=frozenset({SMARTPHONE, TABLET}),
        imap=True,
        pop=False,
        guide_slug="guide-gmail-ios",
        labels=Labels(version="Gmailアプリ（iOS）", checked_on="2026-12-06"),
    ),
    Client(
        key="becky",
        label=gettext_noop("Becky! Internet Mail"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-becky",
        # No source shows the 2.8x words: the controls are named by what they do.
        leave_copy=Control("受信したメールをサーバーに残す項目", described=True),
        delete_after=Control("何日たったらサーバーから削除するかを指定する欄（○日）", described=True),
        delete_on_local_delete=Control(
            "削除したメールをサーバーからも削除する項目（ある場合）", described=True
        ),
        labels=Labels(version="Becky! Internet Mail 2.8x", checked_on="2026-12-06"),
    ),
    Client(
        key="other",
        label=gettext_noop("その他のメールソフト"),
        kinds=ALL_KINDS,
        imap=True,
        pop=True,
        guide_slug="guide-other",
        leave_copy=Control("サーバーにメールのコピーを残す項目", described=True),
        delete_after=Control("何日後にサーバーから削除するかを指定する欄（○日）", described=True),
        delete_on_local_delete=Control("削除したときにサーバーからも削除する項目", described=True),
    ),
    Client(
        key="other_pop_only",
        label=gettext_noop("POPのみ対応のメールソフト"),
        kinds=ALL_KINDS,
        imap=False,
        pop=True,
        guide_slug="guide-pop-only",
        leave_copy=Control("サーバーにメールのコピーを残す項目", described=True),
        delete_after=Control("何日後にサーバーから削除するかを指定する欄（○日）", described=True),
        delete_on_local_delete=Control("削除したときにサーバーからも削除する項目", described=True),
    ),
    Client(
        key="windows_mail",
        label=gettext_noop("Windowsの「メール」アプリ（終了）"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="backup-and-new-pc",
        labels=Labels(version="Windows 10・11の「メール」アプリ", checked_on="2026-11-27"),
        ends=Ending(
            on="2024-12-31",
            text=gettext_noop("Windowsの「メール」アプリは、2024年12月31日で送受信ができなくなりました。"),
            replacement=gettext_noop("Outlook（クラシック版）、Thunderbird、または新しいOutlook for Windows"),
        ),
    ),
    Client(
        key="gmail_web_fetch",
        label=gettext_noop("Gmailの「他のアカウントでメールを確認」（終了）"),
        kinds=ALL_KINDS,
        imap=False,
        pop=True,
        guide_slug="gmail-2026-change",
        leave_copy=Control("取得したメッセージのコピーをサーバーに残す"),
        labels=Labels(version="Gmail（ウェブ版）", checked_on="2026-12-06"),
        ends=Ending(
            on="2026-01",
            text=gettext_noop(
                "Gmail（ウェブ版）でほかの会社のメールをPOPで取り込む「他のアカウントでメールを確認」は、"
                "2026年1月から順に終了しています。"
            ),
            replacement=gettext_noop("メールサーバーでのGmailへの転送、またはGmailアプリでのIMAP受信"),
        ),
    ),
)

CLIENTS: dict[str, Client] = {client.key: client for client in _CLIENT_LIST}

UNKNOWN_CLIENT = Client(
    key="unknown",
    label=gettext_noop("不明なメールソフト"),
    kinds=ALL_KINDS,
    imap=True,
    pop=True,
    guide_slug="guide-other",
)


def fits(kind: str, key: str) -> bool:
    """Whether ``kind`` is a device kind and the catalogue's client ``key`` runs on it."""
    return kind in DEVICE_KINDS and key in CLIENTS and CLIENTS[key].fits(kind)


def client_for(key: str) -> Client:
    """The catalogue's client, or a stand-in when an old hearing stores a key
    the catalogue no longer has (shown as 「不明なメールソフト」)."""
    return CLIENTS.get(key, UNKNOWN_CLIENT)


def clients_for_kind(kind: str, *, include_ending: bool = True) -> tuple[Client, ...]:
    """The clients usable on a device kind, in catalogue order."""
    if kind not in DEVICE_KINDS:
        raise ValueError(f"kind: unknown device kind {kind!r}")
    return tuple(c for c in CLIENTS.values() if c.fits(kind) and (include_ending or not c.ends))
