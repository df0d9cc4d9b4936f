"""The rules' history: every ``RULES_VERSION`` with its date, what changed,
why, and which clients and policies it touched. Staff read it on the
「ルールの変更履歴」 page; the 「ルール変更の影響」 page lists the issued sheets
that an older version produced and that today's rules would change.

Pure data, no Django. Add an entry (newest first) whenever RULES_VERSION is
bumped; a test checks that the newest entry is the current version.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import gettext_noop


@dataclass(frozen=True)
class RulesChange:
    version: str
    date: str  # ISO date
    title: str
    changes: tuple[str, ...]
    why: str
    clients: tuple[str, ...] = ()  # catalogue keys the change concerns
    codes: tuple[str, ...] = ()  # reason / warning codes it adds or changes


CHANGELOG: tuple[RulesChange, ...] = (
    RulesChange(
        version="2026-12-06.2",
        date="2026-12-06",
        title=gettext_noop("メールボックスの実測値を使い、古いコピーと容量の注意を出す"),
        changes=(
            gettext_noop(
                "ヒアリングでメールボックスを読み取ったときは、容量と1日に届くメールの量を実測値で計算します。"
                "ディレクターが入力した値があるときは、入力した値を使います。"
            ),
            gettext_noop(
                "POPで残す日数より前に届いたコピーがサーバーにあるときは、日数を決めて削除する端末が"
                "設定後の最初の受信でそれらを削除すると注意します（通数とMB）。"
            ),
            gettext_noop(
                "使用量が容量の8割以上のとき、また削除する端末がなく、今の使用量から1年以内に"
                "容量がいっぱいになるときに注意します。"
            ),
        ),
        why=gettext_noop(
            "容量と受信量が空欄のまま推奨を決めることが多く、すでにたまっている古いコピーが、"
            "最初に削除する端末でまとめて消えることを誰も確かめられなかったため。"
        ),
        codes=("old_copies_removed", "box_nearly_full", "box_fills_before_days", "quota_unknown"),
    ),
    RulesChange(
        version="2026-12-06.1",
        date="2026-12-06",
        title=gettext_noop(
            "ポリシー v2.1: 日数を選ぶ端末は最も長いものだけが削除し、終了した受け取り方は方式を決めない"
        ),
        changes=(
            gettext_noop(
                "日数を自由に入力できる端末がないとき、選べる日数で削除する端末のうち、"
                "最も長い日数を選べる端末だけが削除し、ほかの端末は削除しません"
                "(例: Mac が「1か月後」に削除し、iPhone は削除しない)。"
            ),
            gettext_noop(
                "終了した、または90日以内に終了する受け取り方 (Windows の「メール」アプリ、"
                "Gmail の「他のアカウントでメールを確認」) は、受信方式の判断に使いません。"
                "その端末は削除も保存もせず、移行先を記録して再発行するよう案内します。"
            ),
            gettext_noop(
                "設定シートの見出しは、実際に削除する端末とその日数 (サーバーに残る日数) を書きます。"
                "削除する端末がないときは、そう書きます。"
            ),
        ),
        why=gettext_noop(
            "Mac と iPhone で読む共有アドレスで、Mac だけなら30日残せるのに iPhone の7日で消えていたため。"
            "また、終了した Gmail の取り込みが記録されているだけで、アドレス全体が POP になっていたため。"
        ),
        clients=("apple_mail", "ios_mail", "windows_mail", "gmail_web_fetch"),
        codes=("retention_shortened", "nobody_deletes", "client_ending"),
    ),
    RulesChange(
        version="2026-11-27.2",
        date="2026-11-27",
        title=gettext_noop("ポリシー v2: どの端末もアドレスの保存日数を縮めない"),
        changes=(
            gettext_noop(
                "POP のアドレスでは端末ごとに役割を決めます。日数を自由に入力できるメールソフトの端末が"
                "N 日後に削除し、それ以外の端末 (iPhone / iPad、Android のアプリなど) はサーバーから削除しません。"
            ),
            gettext_noop(
                "日数を自由に決められる端末がないときは、選べる日数のうち N 日以下で最も長いものにし、"
                "N 日より短くなる場合は「保存日数が短くなる」と注意します。削除する端末がなければ、"
                "容量がいっぱいになると注意してクラウドのメールをご提案します。"
            ),
            gettext_noop(
                "すべての POP の端末で「端末で削除したらサーバーからも削除」にあたる設定をオフにします。"
            ),
            gettext_noop(
                "新しい Outlook は日数の設定がないものとして扱い、POP のアドレスには Outlook (クラシック版) か"
                " Thunderbird をすすめます。Gmail アプリで POP を使う場合は注意を出し、Thunderbird (Android) を案内します。"
            ),
            gettext_noop(
                "Thunderbird (Android) を追加し、Windows の「メール」アプリと Gmail の「他のアカウントのメールを確認」を"
                "終了日と移行先つきで記録できるようにしました。"
            ),
            gettext_noop("設定シートで、Web メールで古いメールを削除するよう案内するのをやめました。"),
        ),
        why=gettext_noop(
            "POP では、どれか1台が「○日後にサーバーから削除」するとサーバーのコピーは全員の分が消えます。"
            "v1 では共有アドレスの iPhone に「7日後」(唯一の日数の選択肢) を選ぶよう案内していたため、"
            "30 日残すはずのアドレスが 7 日で消え、休暇中の人がメールを受け取れないおそれがありました。"
        ),
        clients=(
            "ios_mail",
            "apple_mail",
            "gmail_android",
            "outlook_new",
            "thunderbird_android",
            "windows_mail",
            "gmail_web_fetch",
        ),
        codes=("retention_shortened", "nobody_deletes", "client_ending", "client_caveat", "shared_mobile"),
    ),
    RulesChange(
        version="2026-11-27.1",
        date="2026-11-27",
        title=gettext_noop("最初のルール (v1)"),
        changes=(
            gettext_noop(
                "複数の人で読むアドレスは POP、スマートフォンや複数の端末で読むアドレスは IMAP、1人1台は POP。"
            ),
            gettext_noop(
                "POP ではサーバーにコピーを残し、90 日 (過去のメールを残したい場合)、30 日、7 日のうち"
                "容量の 8 割に収まる日数で削除します。"
            ),
        ),
        why=gettext_noop("当社がお客さまにご案内してきた設定の考え方を、ルールとしてまとめたものです。"),
    ),
)

BY_VERSION: dict[str, RulesChange] = {change.version: change for change in CHANGELOG}
