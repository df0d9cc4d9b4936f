"""What each reason and warning code means, in plain Japanese, and which KB
article says more: one table, shown on the settings sheet and the review.

Pure Python, no Django imports (the engine imports it). Strings are marked
with ``gettext_noop`` so ``makemessages`` finds them; templates translate
them with ``{% translate explanation.title %}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.i18n import gettext_noop
from wizard.engine.catalogue import CLIENTS

SUGGEST_CLOUD = "suggest_cloud"


@dataclass(frozen=True)
class Explanation:
    """Why a code was raised, in plain Japanese, and the KB article to read."""

    code: str
    kind: Literal["reason", "warning", "cloud"]
    title: str
    text: str
    article_slug: str
    also: tuple[str, ...] = ()  # more articles worth reading, by slug
    detail: str = ""  # this address's numbers behind it (a mailbox reading), in Japanese


_EXPLANATIONS: tuple[Explanation, ...] = (
    Explanation(
        code="shared_address",
        kind="reason",
        title=gettext_noop("複数の人で使うアドレスです"),
        text=gettext_noop(
            "このアドレスは、複数の人がそれぞれの端末で読みます。"
            "IMAPでは、1人が既読にしたり削除したりすると全員の画面に反映され、うっかり消したメールは全員から消えてしまいます。"
            "POPでサーバーにコピーを残す設定にすれば、全員がすべてのメールを受け取れます。"
        ),
        article_slug="shared-address-pop",
        also=("shared-address-who-replied",),
    ),
    Explanation(
        code="client_pop_only",
        kind="reason",
        title=gettext_noop("POPにしか対応していないメールソフトがあります"),
        text=gettext_noop(
            "お使いのメールソフトの中に、IMAPに対応していないものがあります。"
            "1つのアドレスではPOPとIMAPを混ぜずに同じ方式にそろえるため、すべての端末をPOPで設定します。"
        ),
        article_slug="guide-pop-only",
    ),
    Explanation(
        code="mobile_access",
        kind="reason",
        title=gettext_noop("スマートフォンやタブレットでも読みます"),
        text=gettext_noop(
            "スマートフォンやタブレットでもメールを読むため、IMAPをおすすめします。"
            "IMAPではメールがサーバーに置かれたままなので、どの端末でも同じ受信トレイを見られます。"
        ),
        article_slug="choose-pop-or-imap",
    ),
    Explanation(
        code="multiple_devices",
        kind="reason",
        title=gettext_noop("複数の端末で読みます"),
        text=gettext_noop(
            "このアドレスを複数の端末で読むため、IMAPをおすすめします。"
            "どの端末で読んでも、既読・未読や削除、フォルダー分けがほかの端末にもそのまま反映されます。"
        ),
        article_slug="choose-pop-or-imap",
    ),
    Explanation(
        code="single_device",
        kind="reason",
        title=gettext_noop("1人が1台で読みます"),
        text=gettext_noop(
            "このアドレスを読むのは、1人・1台の端末だけです。"
            "POPならメールを端末に保存するので、サーバーの容量をあまり気にせずに使えます。"
        ),
        article_slug="choose-pop-or-imap",
    ),
    Explanation(
        code="shared_mobile",
        kind="warning",
        title=gettext_noop("共有アドレスをスマートフォンでも読みます"),
        text=gettext_noop(
            "複数の人で使うアドレスをスマートフォンやタブレットでも読みます。"
            "サーバーのコピーを削除するのは端末ごとの欄で「削除します」と書いた端末だけで、ほかの端末は削除しない設定にします。"
            "1台でも早く削除する設定にすると、ほかの人がまだ受け取っていないメールまでサーバーから消えてしまいます。"
        ),
        article_slug="shared-address-pop",
    ),
    Explanation(
        code="client_cannot_pop",
        kind="warning",
        title=gettext_noop("POPに対応していないメールソフトがあります"),
        text=gettext_noop(
            "このアドレスはPOPで設定しますが、POPに対応していないメールソフトが含まれています。"
            "その端末では別のメールソフトを使うか、クラウドのメール（Google WorkspaceやMicrosoft 365）をご検討ください。"
        ),
        article_slug="guide-pop-only",
    ),
    Explanation(
        code="quota_too_small",
        kind="warning",
        title=gettext_noop("サーバーの容量が足りません"),
        text=gettext_noop(
            "届くメールの量に比べてサーバーの容量が小さく、7日分のコピーを残すだけでも容量の8割を超えてしまいます。"
            "容量の大きいプランへの変更か、クラウドのメールへの移行をご検討ください。"
        ),
        article_slug="leave-on-server-days",
    ),
    Explanation(
        code="imap_quota_fills",
        kind="warning",
        title=gettext_noop("1年以内に容量がいっぱいになります"),
        text=gettext_noop(
            "IMAPではメールがサーバーに残り続けるため、今の受信量では1年以内に容量がいっぱいになります。"
            "いっぱいになると新しいメールを受け取れなくなるので、古いメールの削除や保存（アーカイブ）を定期的に行うか、"
            "容量の大きいプランをご検討ください。"
        ),
        article_slug="mailbox-quota",
        also=("mail-trouble-checklist",),
    ),
    Explanation(
        code="old_copies_removed",
        kind="warning",
        title=gettext_noop("サーバーにたまっている古いコピーが削除されます"),
        text=gettext_noop(
            "サーバーには、残す日数より前に届いたメールのコピーがたまっています。"
            "日数を決めて削除する設定にした端末は、ダウンロードしてからその日数がたったコピーを、設定後の最初の受信でまとめて削除するため、"
            "すでに受信しているPCで設定すると、これらのコピーはすぐにサーバーから消えます。"
            "その前に、このアドレスを読むすべての方が必要なメールを受け取っているか確かめてください。"
        ),
        article_slug="leave-on-server-days",
        also=("backup-and-new-pc",),
    ),
    Explanation(
        code="box_nearly_full",
        kind="warning",
        title=gettext_noop("サーバーの容量の8割以上を使っています"),
        text=gettext_noop(
            "メールボックスを読み取ったところ、サーバーの容量の8割以上がすでに使われていました。"
            "いっぱいになると新しいメールを受け取れなくなるので、古いメールを整理するか、容量の大きいプランをご検討ください。"
        ),
        article_slug="mailbox-quota",
    ),
    Explanation(
        code="box_fills_before_days",
        kind="warning",
        title=gettext_noop("今の使用量では1年以内に容量がいっぱいになります"),
        text=gettext_noop(
            "このアドレスでは、サーバーのメールを日数で削除する端末がありません。"
            "読み取った使用量と1日に届くメールの量から計算すると、1年たたないうちに容量がいっぱいになり、新しいメールを受け取れなくなります。"
            "古いメールの削除や保存（アーカイブ）を定期的に行うか、容量の大きいプランをご検討ください。"
        ),
        article_slug="mailbox-quota",
        also=("mail-trouble-checklist",),
    ),
    Explanation(
        code="quota_unknown",
        kind="warning",
        title=gettext_noop("容量が足りるか確かめられていません"),
        text=gettext_noop(
            "サーバーの容量か1日に届くメールの量がわからないため、容量が足りるかを確かめられませんでした。"
            "サーバーの管理画面で容量と使用量を確かめ、いっぱいにならないようときどきご確認ください。"
        ),
        article_slug="mailbox-quota",
    ),
    Explanation(
        code="retention_shortened",
        kind="warning",
        title=gettext_noop("サーバーにメールを残す日数が短くなります"),
        text=gettext_noop(
            "日数を自由に入力できるメールソフトがないため、選べる日数の中で決めた日数より短い日数で削除します。"
            "そのぶん早くサーバーからメールが消えるので、しばらく受信しない端末があると、その間のメールを受け取れないことがあります。"
            "Outlook（クラシック版）やThunderbirdの入ったPCで削除を受け持つと、決めた日数を守れます。"
        ),
        article_slug="leave-on-server-days",
    ),
    Explanation(
        code="nobody_deletes",
        kind="warning",
        title=gettext_noop("サーバーのメールを削除する端末がありません"),
        text=gettext_noop(
            "このアドレスを読む端末のメールソフトには、日数を決めてサーバーのコピーを削除する設定がありません。"
            "サーバーのメールは増え続け、容量がいっぱいになると新しいメールを受け取れなくなります。"
            "Outlook（クラシック版）やThunderbirdの入ったPCで削除を受け持つか、クラウドのメールをご検討ください。"
        ),
        article_slug="cloud-mail",
    ),
    Explanation(
        code="client_caveat",
        kind="warning",
        title=gettext_noop("注意が必要なメールソフトがあります"),
        text=gettext_noop(
            "使い方に注意が必要なメールソフトが含まれています。"
            "端末ごとの注意書きと、そのメールソフトの設定手順の記事をご確認ください。"
        ),
        article_slug="guide-outlook-new",
        also=("guide-thunderbird-android",),
    ),
    Explanation(
        code="client_ending",
        kind="warning",
        title=gettext_noop("終了した、または終了するメールの受け取り方があります"),
        text=gettext_noop(
            "今お使いの受け取り方の中に、提供が終わった、または終わる予定のものがあります。"
            "その端末はこのアドレスの設定には含めず、端末ごとの欄に終了の時期と移行先を書いています。"
            "移行先が決まったら担当ディレクターにお知らせいただければ、設定シートを作り直します。"
        ),
        article_slug="gmail-2026-change",
        also=("backup-and-new-pc",),
    ),
    Explanation(
        code=SUGGEST_CLOUD,
        kind="cloud",
        title=gettext_noop("クラウドのメールもご検討ください"),
        text=gettext_noop(
            "このアドレスの使い方には、Google WorkspaceやMicrosoft 365などのクラウドのメールのほうが向いています。"
            "容量が大きく、複数の人や端末で同じメールを安全に扱えます。"
        ),
        article_slug="cloud-mail",
    ),
)

CODES: dict[str, Explanation] = {explanation.code: explanation for explanation in _EXPLANATIONS}

ALL_ARTICLE_SLUGS: frozenset[str] = frozenset(
    {explanation.article_slug for explanation in _EXPLANATIONS}
    | {slug for explanation in _EXPLANATIONS for slug in explanation.also}
    | {client.guide_slug for client in CLIENTS.values()}
)
