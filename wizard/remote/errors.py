"""Why a remote check could not be completed: one exception with a code, and
the Japanese sentence for each code (the director reads nothing else: no
English from OpenSSL or the server inside a sentence)."""

from __future__ import annotations

from django.utils.translation import gettext as _


class RemoteError(Exception):
    """A check that could not be completed, with its reason as a code."""

    code = "failed"

    def __init__(self, code: str | None = None, **details):
        self.code = code or self.code
        self.details = details
        super().__init__(self.code)

    def describe(self, **values) -> str:
        """The reason in Japanese, for the director."""
        return describe(self.code, **{**self.details, **values})


class Blocked(RemoteError):
    code = "blocked"


class CheckTimeout(RemoteError):
    code = "timeout"


class RateLimited(RemoteError):
    code = "rate_limited"


class CertificateProblem(RemoteError):
    """The certificate is expired, not yet valid, untrusted or for another name."""


def describe(code: str, **values) -> str:
    words = {
        "blocked": _(
            "このサーバー名には接続しません。確認できるのは、インターネットに公開されたメールサーバーの"
            "名前 (例: mail.example.jp) だけです。"
        ),
        "not_found": _("サーバー名が見つかりません。"),
        "timeout": _("%(seconds)s 秒以内に応答がありません。"),
        "refused": _("このポートへの接続を拒否されました。"),
        "unreachable": _("サーバーまで届きません。"),
        "closed": _("接続が途中で切れました。"),
        "too_much": _("サーバーの応答が長すぎるため、確認を打ち切りました。"),
        "protocol": _("メールサーバーとして想定どおりの応答がありません。"),
        "no_starttls": _("STARTTLS に対応していません。"),
        "rate_limited": _(
            "短い時間に確認を繰り返したため、いまは確認できません。数分おいてからお試しください。"
        ),
        "tls_failed": _(
            "暗号化 (SSL/TLS) の接続を始められません。サーバーの設定が古いか、ポートが違います。"
        ),
        "cert_expired": _("証明書の有効期限が切れています。メールソフトで証明書の警告が出ます。"),
        "cert_not_yet_valid": _(
            "証明書の有効期間がまだ始まっていません。メールソフトで証明書の警告が出ます。"
        ),
        "cert_untrusted": _(
            "証明書を発行した認証局が信頼されていません (自己署名など)。メールソフトで証明書の警告が出ます。"
        ),
        "cert_name": _(
            "証明書が %(host)s 用ではありません (%(names)s 用)。メールソフトで証明書の警告が出ます。"
            "サーバー会社が案内するサーバー名を確かめてください。"
        ),
        "cert_invalid": _("証明書を確認できません。メールソフトで証明書の警告が出ます。"),
        # Logins (wizard/remote/mailbox.py)
        "ok": _("ログインできました。"),
        "ok_unread": _("ログインできましたが、メールボックスの数字は時間内に読み取れませんでした。"),
        "auth_failed": _("ユーザー名かパスワードが違うため、ログインできませんでした。"),
        "name_rejected": _("このユーザー名はサーバーに受け付けられませんでした。"),
        "name_not_ascii": _(
            "ユーザー名に日本語のドメイン名が含まれているため、ログインできませんでした。"
            "入力するときは %(ascii)s と入れてください。"
        ),
        "unusable_value": _("ユーザー名かパスワードに、送ることのできない文字 (改行など) が含まれています。"),
        "no_auth": _("このサーバーは、この接続でのログイン (認証) を受け付けていません。"),
        "unavailable": _("サーバーが一時的にログインを受け付けていません。時間をおいてお試しください。"),
        "in_use": _("ほかのメールソフトが受信している最中のため、いまはログインできません。"),
        "password_expired": _(
            "パスワードの有効期限が切れています。サーバー会社の管理画面で変更してください。"
        ),
    }
    text = words.get(code, _("確認できませんでした。"))
    if code == "auth_failed" and "@" in values.get("username", ""):
        return text + _(
            "サーバー会社によっては、メールアドレスではなくアカウント名 (例: kir123456.info) でログインします。"
        )
    if code == "name_not_ascii":
        return text % {"ascii": values.get("ascii", "")}
    if code == "cert_name":
        values = {"host": values.get("host", ""), "names": "、".join(values.get("names") or ()) or _("不明")}
    elif code == "timeout":
        # As the setting reads: 5 → 「5」, 2.5 → 「2.5」 (never 「2」 for a limit of 2.5 s).
        values = {"seconds": f"{float(values.get('seconds') or 0):g}"}
    else:
        return text
    return text % values


# OpenSSL verification codes (x509_vfy.h) → our codes.
CERT_CODES = {9: "cert_not_yet_valid", 10: "cert_expired", 18: "cert_untrusted", 19: "cert_untrusted",
               20: "cert_untrusted", 21: "cert_untrusted", 62: "cert_name"}  # fmt: skip
