"""The mail clients the wizard knows about, as plain data.

Keys are stable: they are stored with saved hearings. Add or change a client
here and nowhere else. No Django imports: the recommendation engine and its
tests use this module on its own.

POP retention data (how a client keeps copies on the server and deletes them
after some days) is written in the client's own Japanese words, so the
settings sheet can tell the customer exactly what to pick. ``○`` in a label
stands for the number of days. ``retention_verified`` is False where the
labels have not been checked against the vendor's help pages yet; the sheet
must say so rather than present a guess as fact.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import gettext_noop

PC = "pc"
SMARTPHONE = "smartphone"
TABLET = "tablet"

DEVICE_KINDS: dict[str, str] = {
    PC: gettext_noop("パソコン"),
    SMARTPHONE: gettext_noop("スマートフォン"),
    TABLET: gettext_noop("タブレット"),
}

MOBILE_KINDS = frozenset({SMARTPHONE, TABLET})
ALL_KINDS = frozenset(DEVICE_KINDS)

DAYS_PLACEHOLDER = "○"


@dataclass(frozen=True)
class Client:
    """One mail client (app) as the catalogue describes it.

    Retention fields, for POP with copies kept on the server:

    - ``retention_any_days``: the client accepts any number of days.
    - ``retention_choices``: otherwise, the fixed day choices it offers,
      shortest first, with ``retention_choice_labels`` as their on-screen
      labels (same length). Empty for a client with no day setting at all.
    - ``leave_copy_label``: the switch that keeps a copy on the server, or
      None when the client has no separate switch (choosing a day value is
      what keeps the copy).
    - ``delete_after_label``: the setting that deletes server copies after
      some days. For any-days clients it contains ``○`` for the number.
    - ``retention_verified``: the labels above were checked against the
      vendor's help pages for the version the KB guide shows.
    """

    key: str
    label: str
    kinds: frozenset[str]
    imap: bool
    pop: bool
    guide_slug: str
    caveat: str | None = None
    retention_any_days: bool = False
    retention_choices: tuple[int, ...] = ()
    retention_choice_labels: tuple[str, ...] = ()
    leave_copy_label: str | None = None
    delete_after_label: str | None = None
    retention_verified: bool = False
    # Steps to set POP retention by hand where a configuration profile cannot
    # ({address}: the mail address, {choice}: the option to pick).
    pop_retention_steps: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.kinds or not self.kinds <= ALL_KINDS:
            raise ValueError(f"kinds: {sorted(self.kinds)!r} for client {self.key!r}")
        if len(self.retention_choices) != len(self.retention_choice_labels):
            raise ValueError(f"retention_choice_labels: need one label per choice for client {self.key!r}")
        if list(self.retention_choices) != sorted(set(self.retention_choices)):
            raise ValueError(f"retention_choices: must be ascending for client {self.key!r}")
        if self.retention_any_days and self.retention_choices:
            raise ValueError(f"retention_choices: any-days client {self.key!r} has no fixed choices")
        if self.retention_any_days and DAYS_PLACEHOLDER not in (self.delete_after_label or ""):
            raise ValueError(f"delete_after_label: any-days client {self.key!r} needs {DAYS_PLACEHOLDER!r}")


_CLIENT_LIST: tuple[Client, ...] = (
    Client(
        key="outlook_classic",
        label=gettext_noop("Outlook (クラシック版)"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-outlook-classic",
        retention_any_days=True,
        leave_copy_label=gettext_noop("サーバーにメッセージのコピーを置く"),
        delete_after_label=gettext_noop("サーバーから削除する ○ 日後"),
        retention_verified=True,
    ),
    Client(
        key="outlook_new",
        label=gettext_noop("新しい Outlook for Windows"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-outlook-new",
        caveat=gettext_noop(
            "新しい Outlook for Windows は POP のメールを Microsoft のクラウド経由で"
            "受信するため、対応していない、または推奨していないレンタルサーバーがあります。"
            "ご利用のサーバーが対応しているかを確認するか、Outlook (クラシック版) など"
            "ほかのメールソフトをお使いください。"
        ),
        # Not verified: the POP retention options of the new Outlook have not
        # been checked yet. Best guess, marked unverified on the sheet.
        retention_any_days=True,
        leave_copy_label=gettext_noop("サーバーにメッセージのコピーを置く"),
        delete_after_label=gettext_noop("サーバーから削除する ○ 日後"),
        retention_verified=False,
    ),
    Client(
        key="thunderbird",
        label=gettext_noop("Thunderbird"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-thunderbird",
        retention_any_days=True,
        leave_copy_label=gettext_noop("ダウンロード後もサーバーにメッセージを残す"),
        delete_after_label=gettext_noop("最長 ○ 日間"),
        retention_verified=True,
    ),
    Client(
        key="apple_mail",
        label=gettext_noop("Apple メール (Mac)"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-apple-mail",
        retention_choices=(1, 7, 30),
        retention_choice_labels=(gettext_noop("1日後"), gettext_noop("1週間後"), gettext_noop("1か月後")),
        leave_copy_label=None,
        # Japanese labels not checked on a current macOS (the English menu is
        # "Remove copy from server after retrieving a message").
        delete_after_label=gettext_noop("メッセージ受信後にサーバーからコピーを削除"),
        retention_verified=False,
    ),
    Client(
        key="ios_mail",
        label=gettext_noop("iPhone / iPad メール"),
        kinds=frozenset({SMARTPHONE, TABLET}),
        imap=True,
        pop=True,
        guide_slug="guide-ios-mail",
        # Under 「サーバから削除」 the other choices are 「しない」 (never) and
        # 「受信ボックスから削除したとき」; 「7日後」 is the only day choice.
        retention_choices=(7,),
        retention_choice_labels=(gettext_noop("7日後"),),
        leave_copy_label=None,
        delete_after_label=gettext_noop("サーバから削除"),
        retention_verified=False,
        # iOS 18 / iPadOS 18: mail settings moved under 設定 → アプリ → メール.
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
        # No day setting: server copies are either kept for ever or deleted.
        retention_choices=(),
        leave_copy_label=gettext_noop("サーバーからメールを削除しない"),
        delete_after_label=None,
        retention_verified=False,
    ),
    Client(
        key="becky",
        label=gettext_noop("Becky! Internet Mail"),
        kinds=frozenset({PC}),
        imap=True,
        pop=True,
        guide_slug="guide-becky",
        # Labels not verified against the vendor's help yet.
        retention_any_days=True,
        leave_copy_label=gettext_noop("受信メールをサーバに残す"),
        delete_after_label=gettext_noop("○ 日後"),
        retention_verified=False,
    ),
    Client(
        key="other",
        label=gettext_noop("その他のメールソフト"),
        kinds=ALL_KINDS,
        imap=True,
        pop=True,
        guide_slug="guide-other",
        # Generic wording: we cannot know an unnamed client's labels.
        retention_any_days=True,
        leave_copy_label=gettext_noop("サーバーにメールのコピーを残す"),
        delete_after_label=gettext_noop("○ 日後にサーバーから削除"),
        retention_verified=False,
    ),
    Client(
        key="other_pop_only",
        label=gettext_noop("POPのみ対応のメールソフト"),
        kinds=ALL_KINDS,
        imap=False,
        pop=True,
        guide_slug="guide-pop-only",
        retention_any_days=True,
        leave_copy_label=gettext_noop("サーバーにメールのコピーを残す"),
        delete_after_label=gettext_noop("○ 日後にサーバーから削除"),
        retention_verified=False,
    ),
)

CLIENTS: dict[str, Client] = {client.key: client for client in _CLIENT_LIST}


def clients_for_kind(kind: str) -> tuple[Client, ...]:
    """The clients usable on a device kind, in catalogue order."""
    if kind not in DEVICE_KINDS:
        raise ValueError(f"kind: unknown device kind {kind!r}")
    return tuple(client for client in CLIENTS.values() if kind in client.kinds)


@dataclass(frozen=True)
class RetentionChoice:
    """What to set in a client for "delete server copies after N days".

    ``days`` is the number of days the customer actually sets (None when the
    client has no day setting), ``label`` the option in the client's own words
    (for fixed choices, the choice to pick under ``delete_after_label``; for
    no day setting, an explanation), and ``differs`` is True when that is not
    the recommended N.
    """

    days: int | None
    label: str
    differs: bool


NO_DAY_SETTING_LABEL = gettext_noop(
    "このメールソフトには、日数を決めてサーバーのコピーを削除する設定がありません。"
    "サーバーのコピーは自動では削除されないため、ときどき Web メールなどで古いメールを削除してください。"
)


def retention_choice(client_key: str, days: int) -> RetentionChoice:
    """The retention setting to use in a client for the recommended N days.

    Any-days clients get exactly N. Fixed-choice clients get the longest
    choice not longer than N, or the shortest choice when every choice is
    longer. Clients with no day setting get ``days=None``.
    """
    client = CLIENTS.get(client_key)
    if client is None:
        raise ValueError(f"client_key: unknown client {client_key!r}")
    if not client.pop:
        raise ValueError(f"client_key: client {client_key!r} cannot use POP")
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(f"days: must be a whole number of days ≥ 1, got {days!r}")

    if client.retention_any_days:
        label = (client.delete_after_label or "").replace(DAYS_PLACEHOLDER, str(days))
        return RetentionChoice(days=days, label=label, differs=False)

    if not client.retention_choices:
        return RetentionChoice(days=None, label=NO_DAY_SETTING_LABEL, differs=True)

    options = list(zip(client.retention_choices, client.retention_choice_labels, strict=True))
    not_longer = [option for option in options if option[0] <= days]
    chosen_days, chosen_label = not_longer[-1] if not_longer else options[0]
    return RetentionChoice(days=chosen_days, label=chosen_label, differs=chosen_days != days)
