"""The server step's domain block: a domain's servers asked once for all its
addresses, filled from a hosting firm's preset. A firm whose hosts carry the
contract's server name (Xserver's ``sv####.xserver.jp``, さくら's 初期ドメイン…)
asks for that name once, beside the firm, and fills those hosts from it."""

from __future__ import annotations

from collections import Counter

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..fields import HostnameField, NormalizingMixin
from ..models import Mailbox


class DomainServerForm(NormalizingMixin, forms.Form):
    """One server block, shared by every address of a domain. With a firm whose
    hosts carry the contract's server name (Xserver's ``sv####.xserver.jp``…),
    that name is asked once and those hosts are filled from it (read-only)."""

    # The preset's host for each host field (imap: only when it differs from POP's).
    HOST_PARTS = {"incoming_host": "pop", "imap_host": "imap", "outgoing_host": "smtp"}
    HOST_WORDS = {
        "incoming_host": gettext_lazy("受信サーバー"),
        "imap_host": gettext_lazy("IMAPの受信サーバー"),
        "outgoing_host": gettext_lazy("送信サーバー"),
    }

    # Radios, not a list: a few firms, all in sight, one click (GOV.UK: radios for short lists).
    preset = forms.ChoiceField(label=_("サーバー会社"), required=False, choices=[], widget=forms.RadioSelect)
    server = HostnameField(label=_("契約のサーバー名"), required=False)
    incoming_host = HostnameField(label=_("受信サーバー (POP/IMAP)"))
    imap_host = HostnameField(
        label=_("IMAP の受信サーバー"), required=False, help_text=_("POP と違う場合だけ。例: imap.lolipop.jp")
    )
    outgoing_host = HostnameField(label=_("送信サーバー (SMTP)"))
    smtp_port = forms.ChoiceField(
        label=_("送信ポート・暗号化"),
        choices=Mailbox.SmtpSecurity.choices,
        initial=Mailbox.SmtpSecurity.SSL,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, presets=(), domain: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [(p.key, p.name) for p in presets]
        for name in ("incoming_host", "outgoing_host"):
            self.fields[name].widget.attrs["placeholder"] = "mail.example.co.jp"
        self.domain = domain
        self.chosen = {p.key: p for p in presets}.get(self["preset"].value() or "")
        self.from_server = self._server_patterns()
        if self.from_server:
            self._ask_server()

    def _server_patterns(self) -> dict[str, str]:
        """The host fields the chosen preset fills from the server name, with their patterns."""
        if self.chosen is None:
            return {}
        patterns = self.chosen.patterns(domain=self.domain)
        return {
            name: patterns[part]
            for name, part in self.HOST_PARTS.items()
            if "{server}" in patterns[part] and (part != "imap" or patterns["imap"] != patterns["pop"])
        }

    def _ask_server(self) -> None:
        """Ask for the server name, make the hosts it fills read-only, and fill
        them from the name as submitted."""
        preset, server = self.chosen, self.fields["server"]
        server.required = True
        server.help_text = _("%(hint)s。例：%(example)s。入力すると%(hosts)sに入ります。") % {
            "hint": preset.server_hint or _("サーバー会社の案内にあるサーバー名"),
            "example": preset.server_example or "mail.example.co.jp",
            "hosts": "・".join(str(self.HOST_WORDS[name]) for name in self.from_server),
        }
        server.widget.attrs.update({"placeholder": preset.server_example, "data-server-name": ""})
        for name, pattern in self.from_server.items():
            field = self.fields[name]
            field.required = False  # the server name is what is asked for
            field.widget.attrs.update({"readonly": True, "data-from-server": pattern, "placeholder": ""})
        if self.is_bound:
            key = self.add_prefix("server")
            if (
                key not in self.data
            ):  # not asked on the page sent (no JavaScript, an older draft): the hosts say it
                self.data[key] = self._server_from(
                    {name: self.data.get(self.add_prefix(name)) for name in self.HOST_PARTS}
                )
            typed = self.data[key]
            for name, pattern in self.from_server.items():
                self.data[self.add_prefix(name)] = pattern.replace("{server}", typed) if typed else ""
        elif "server" not in self.initial:  # as stored: the name the hosts were filled from
            self.initial = {**self.initial, "server": self._server_from(self.initial)}

    def _server_from(self, values: dict) -> str:
        """The contract's server name that the host fields' ``values`` were filled from."""
        hosts = {part: values.get(name) or "" for name, part in self.HOST_PARTS.items()}
        hosts["imap"] = hosts["imap"] or hosts["pop"]
        return self.chosen.server_from(domain=self.domain, hosts=hosts)

    def clean(self):
        cleaned = super().clean()
        for name in self.from_server:  # a filled host's error is the server name's
            for error in self.errors.pop(name, []):
                if "server" not in self.errors:
                    self.add_error("server", error)
        return cleaned


def domain_initial(mailboxes: list[Mailbox]) -> dict:
    """The server block as the domain's addresses mostly have it."""
    settings = Counter(
        (m.incoming_host, m.imap_host, m.outgoing_host, m.smtp_port, m.host_preset)
        for m in mailboxes
        if m.incoming_host
    )
    if not settings:
        return {"smtp_port": Mailbox.SmtpSecurity.SSL}
    incoming, imap, outgoing, port, preset = settings.most_common(1)[0][0]
    return {"incoming_host": incoming, "imap_host": imap, "outgoing_host": outgoing, "smtp_port": port,
            "preset": preset}  # fmt: skip
