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

# Sources and status: docs/vendor-facts.md (read 2026-11-27).
OUTLOOK_LABELS = Labels(
    version="Outlook (クラシック版) Microsoft 365",
    checked_on="2026-11-27",
    source="https://www.delahost.jp/support/manual/outlook2003-server.html (Outlook 2003/2007 の同じ画面)",
)

_CLIENT_LIST: tuple[Client, ...] = (
    Client(
        key="outlook_classic",
        label=gettext_noop("Outlook (クラシック版)"),
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
        label=gettext_noop("新しい Outlook for Windows"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-outlook-new",
        caveat=gettext_noop(
            "新しい Outlook for Windows は、POP・IMAP のメールの受信も送信も Microsoft のクラウドを経由します。"
            "海外からのログインを止めているレンタルサーバーでは接続できないことがあり、"
            "POP の「○日後にサーバーから削除」にあたる設定も確認できていません。"
            "POP で使うアドレスには、Outlook (クラシック版) か Thunderbird をおすすめします。"
        ),
        labels=Labels(version="新しい Outlook for Windows", checked_on="2026-11-27"),
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
        label=gettext_noop("Apple メール (Mac)"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-apple-mail",
        apple_profile=True,
        delete_after=Control(
            "メッセージ受信後にサーバーからコピーを削除",
            CHECKBOX,
            ((1, "1日後"), (7, "1週間後"), (30, "1か月後")),
        ),
        delete_on_local_delete=Control("受信ボックスから移動したとき", CHOICE),
        labels=Labels(
            version="macOS 26 のメール",
            checked_on="2026-11-27",
            source="英語の画面の “Remove copy from server after retrieving a message” のみ確認",
        ),
    ),
    Client(
        key="ios_mail",
        label=gettext_noop("iPhone / iPad メール"),
        kinds=frozenset({SMARTPHONE, TABLET}),
        imap=True,
        pop=True,
        guide_slug="guide-ios-mail",
        apple_profile=True,
        delete_after=Control("サーバから削除", CHOICE, ((None, "しない"), (7, "7日後"))),
        delete_on_local_delete=Control("受信ボックスから削除したとき", CHOICE),
        labels=Labels(version="iOS 26 / iPadOS 26", checked_on="2026-11-27"),
        pop_retention_steps=(
            gettext_noop(
                "「設定」→「アプリ」→「メール」→「メールアカウント」の順にタップし、{address} のアカウントをタップします。"
            ),
            gettext_noop("画面下の「詳細」をタップします。"),
            gettext_noop("「サーバから削除」をタップし、「{choice}」を選びます。"),
            gettext_noop("前の画面に戻ります。右上に「完了」が表示されている場合は、タップして保存します。"),
        ),
    ),
    Client(
        key="gmail_android",
        label=gettext_noop("Gmail アプリ (Android)"),
        kinds=frozenset({SMARTPHONE, TABLET}),
        imap=True,
        pop=True,
        guide_slug="guide-gmail-android",
        pop_caveat=gettext_noop(
            "Google は 2026 年 1 月から、Gmail で他社のメールを POP で受け取る機能を順に終えています。"
            "Gmail アプリでこのアドレスを POP で設定できない場合は、"
            "Thunderbird (Android) で POP を設定してください。"
        ),
        delete_after=Control("サーバーからメールを削除", CHOICE, ((None, "しない"),)),
        delete_on_local_delete=Control("受信トレイから削除したとき", CHOICE),
        labels=Labels(version="Gmail アプリ (Android)", checked_on="2026-11-27"),
    ),
    Client(
        key="thunderbird_android",
        label=gettext_noop("Thunderbird (Android)"),
        kinds=frozenset({SMARTPHONE, TABLET}),
        imap=True,
        pop=True,
        guide_slug="guide-thunderbird-android",
        delete_on_local_delete=Control(
            "メッセージを削除したときの動作", CHOICE, ((None, "サーバーでは削除しない"),)
        ),
        labels=Labels(
            version="Thunderbird for Android 22",
            checked_on="2026-11-27",
            source="https://github.com/thunderbird/thunderbird-android (22 からこの画面は英語表示: "
            "“When I delete a message” → “Do not delete on server”)",
        ),
    ),
    Client(
        key="becky",
        label=gettext_noop("Becky! Internet Mail"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-becky",
        leave_copy=Control("受信メールをサーバに残す"),
        delete_after=Control("○ 日以上経過したメールは削除"),
        labels=Labels(version="Becky! Internet Mail 2.8x", checked_on="2026-11-27"),
    ),
    Client(
        key="other",
        label=gettext_noop("その他のメールソフト"),
        kinds=ALL_KINDS,
        imap=True,
        pop=True,
        guide_slug="guide-other",
        leave_copy=Control("サーバーにメールのコピーを残す"),
        delete_after=Control("○ 日後にサーバーから削除"),
        delete_on_local_delete=Control("削除したときにサーバーからも削除"),
    ),
    Client(
        key="other_pop_only",
        label=gettext_noop("POPのみ対応のメールソフト"),
        kinds=ALL_KINDS,
        imap=False,
        pop=True,
        guide_slug="guide-pop-only",
        leave_copy=Control("サーバーにメールのコピーを残す"),
        delete_after=Control("○ 日後にサーバーから削除"),
        delete_on_local_delete=Control("削除したときにサーバーからも削除"),
    ),
    Client(
        key="windows_mail",
        label=gettext_noop("Windows の「メール」アプリ (終了)"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-outlook-new",
        labels=Labels(version="Windows 10 / 11 の「メール」アプリ", checked_on="2026-11-27"),
        ends=Ending(
            on="2024-12-31",
            text=gettext_noop("Windows の「メール」アプリは 2024年12月31日で送受信ができなくなりました。"),
            replacement=gettext_noop("新しい Outlook for Windows、Outlook (クラシック版) または Thunderbird"),
        ),
    ),
    Client(
        key="gmail_web_fetch",
        label=gettext_noop("Gmail の「他のアカウントのメールを確認」(終了)"),
        kinds=ALL_KINDS,
        imap=False,
        pop=True,
        guide_slug="gmail-2026-change",
        leave_copy=Control("取得したメッセージのコピーをサーバーに残す"),
        labels=Labels(version="Gmail (ウェブ版)", checked_on="2026-11-27"),
        ends=Ending(
            on="2026-01",
            text=gettext_noop(
                "Gmail (ウェブ版) で他社のメールを POP で取り込む「他のアカウントのメールを確認」は、"
                "2026年1月から順に終了しています。"
            ),
            replacement=gettext_noop("メールサーバーでの Gmail への転送、または Gmail アプリでの IMAP 受信"),
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
