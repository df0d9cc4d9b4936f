"""The sheet's picture of one address: what happens to a mail after it arrives.

Drawn from the engine's roles (``address.advice.device_settings``, one per
row of devices) as SVG, the same on screen and on paper:

- **POP**: a row for the server's copy and a row per device. Each device
  downloads the mail; a device that ``deletes`` removes the server's copy
  the given days after its download (a ✕ at that day), a device that
  ``keeps`` is drawn keeping it, an ``ending`` device is drawn dashed as no
  longer reading. The server's copy ends at ``advice.effective_days``, or
  runs on (the box fills) when no device deletes.
- **IMAP**: one shared mailbox on the server with every device under it:
  what one device reads, moves or deletes, every device sees.

Every device is a ``<g class="timeline__device" data-role="…">`` with its
name and what it does as text, so the picture can be read (and tested)
device by device. The svg names its title and a description in sentences
(``aria-labelledby``/``aria-describedby``); names are the customer's words,
escaped here. Colours are the values of static/css/tokens.css.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..engine.recommendations import DELETES, ENDING, IMAP_ROLE, POP, DeviceSetting
from .record import IssuedAddress, IssuedDevice

# static/css/tokens.css
TEXT, MUTED, SURFACE, BORDER = "#1f2328", "#57606a", "#f5f7fa", "#d0d7de"
PRIMARY, PRIMARY_DARK, ACCENT = "#0b5cad", "#084785", "#fff4d6"
DANGER, DANGER_BG, SUCCESS, SUCCESS_BG = "#b42318", "#fdecea", "#1a7f37", "#e7f5ec"

WIDTH = 560
LABEL_WIDTH = 168  # the devices' names
START, END = 180, 520  # the day of the download, and the farthest day drawn
ROW = 30
NAME_FIT = 12  # characters that fit the name column at the name's size


def _name(device: IssuedDevice) -> str:
    return device.name + (f" ×{device.quantity}" if device.quantity > 1 else "")


def role_words(setting: DeviceSetting) -> str:
    """What a device does with the server's copy, as the timeline writes it."""
    if setting.role == DELETES:
        return _("ダウンロードから%(days)d日後にサーバーのコピーを削除") % {"days": setting.delete_after_days}
    if setting.role == ENDING:
        return _("この方法では受信できなくなります")
    if setting.role == IMAP_ROLE:
        return _("サーバーのメールボックスを表示")
    return _("サーバーのコピーを削除しない")


def _sentence(device: IssuedDevice, setting: DeviceSetting) -> str:
    name = _name(device)
    if setting.role == DELETES:
        return _("%(name)sは、ダウンロードから%(days)d日後にサーバーのコピーを削除します。") % {
            "name": name,
            "days": setting.delete_after_days,
        }
    if setting.role == ENDING:
        return _("%(name)sの受信方法は終了するため、この方法では受信できなくなります。") % {"name": name}
    if setting.role == IMAP_ROLE:
        return _("%(name)sは、サーバーのメールボックスを表示します。") % {"name": name}
    return _("%(name)sは、サーバーのコピーを削除しません。") % {"name": name}


def _pairs(address: IssuedAddress) -> list[tuple[IssuedDevice, DeviceSetting]]:
    return [
        (device, address.setting(i) or DeviceSetting("keeps")) for i, device in enumerate(address.devices)
    ]


def _text(x, y, words, *, size=13, fill=TEXT, anchor="start", weight="", cls="", fit=0) -> SafeString:
    extra = [format_html(' font-weight="{}"', weight)] if weight else []
    extra += [format_html(' class="{}"', cls)] if cls else []
    if fit and len(words) > NAME_FIT:
        extra.append(format_html(' textLength="{}" lengthAdjust="spacingAndGlyphs"', fit))
    return format_html(
        '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{}"{}>{}</text>',
        x, y, size, fill, anchor, mark_safe("".join(extra)), words,  # noqa: S308  each part escaped above
    )  # fmt: skip


def _bar(x, y, width, *, fill, stroke, dashed=False) -> SafeString:
    dash = mark_safe(' stroke-dasharray="5 4"') if dashed else ""
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="20" rx="4" fill="{}" stroke="{}"{}/>',
        x,
        y,
        width,
        fill,
        stroke,
        dash,
    )


def _cross(x, y) -> SafeString:
    return format_html(
        '<path d="M{} {} l12 14 m0 -14 l-12 14" stroke="{}" stroke-width="3" fill="none"/>',
        x - 6,
        y + 3,
        DANGER,
    )


def _pop(address: IssuedAddress, pairs) -> tuple[list[SafeString], int]:
    deleting = [s.delete_after_days for _d, s in pairs if s.role == DELETES and s.delete_after_days]
    longest = max(deleting, default=0)

    def at(days: int) -> int:
        return START + round((END - START) * days / longest)

    parts = [_text(START, 14, _("ダウンロード"), size=12, fill=MUTED, anchor="middle")]
    effective = address.advice.effective_days
    if longest:
        parts.append(
            _text(END, 14, _("%(days)d日後") % {"days": longest}, size=12, fill=MUTED, anchor="middle")
        )
        for x in {START, END}:
            parts.append(format_html(
                '<line x1="{}" y1="20" x2="{}" y2="{}" stroke="{}" stroke-dasharray="3 4"/>',
                x, x, 44 + ROW * len(pairs), BORDER,
            ))  # fmt: skip
    parts.append(_text(0, 39, _("サーバーのコピー"), weight="700", fill=PRIMARY_DARK, cls="timeline__server"))
    if effective:
        parts += [
            _bar(START, 24, at(effective) - START, fill=ACCENT, stroke=MUTED),
            _cross(at(effective), 24),
        ]
        server = _("%(days)d日で削除されます") % {"days": effective}
    else:
        parts.append(_bar(START, 24, WIDTH - START - 4, fill=ACCENT, stroke=MUTED, dashed=True))
        server = _("どの端末も削除しないため、たまり続けます")
    parts.append(_text(START + 8, 39, server, size=12, cls="timeline__server-role"))
    for index, (device, setting) in enumerate(pairs):
        y = 24 + ROW * (index + 1)
        if setting.role == DELETES and setting.delete_after_days:
            end = at(setting.delete_after_days)
            shape = [_bar(START, y, end - START, fill=DANGER_BG, stroke=DANGER), _cross(end, y)]
            colour = DANGER
        elif setting.role == ENDING:
            shape, colour = [_bar(START, y, END - START, fill="#ffffff", stroke=MUTED, dashed=True)], MUTED
        else:
            shape, colour = [_bar(START, y, WIDTH - START - 4, fill=SUCCESS_BG, stroke=SUCCESS)], SUCCESS
        parts.append(
            format_html(
                '<g class="timeline__device" data-role="{}">{}{}{}</g>',
                setting.role,
                _text(0, y + 15, _name(device), cls="timeline__name", fit=LABEL_WIDTH),
                mark_safe("".join(shape)),  # noqa: S308  built above from numbers and our colours
                _text(START + 8, y + 15, role_words(setting), size=12, fill=colour, cls="timeline__role"),
            )
        )
    return parts, 24 + ROW * (len(pairs) + 1) + 4


def _imap(address: IssuedAddress, pairs) -> tuple[list[SafeString], int]:
    parts = [
        format_html(
            '<rect x="2" y="2" width="{}" height="40" rx="8" fill="{}" stroke="{}" stroke-width="2"/>',
            WIDTH - 4,
            SURFACE,
            PRIMARY,
        ),  # fmt: skip
        _text(
            WIDTH // 2,
            27,
            _("サーバーのメールボックス（すべての端末で共有）"),
            anchor="middle",
            weight="700",
            fill=PRIMARY_DARK,
            cls="timeline__server",
        ),  # fmt: skip
    ]
    per_row, box = 4, (WIDTH - 4) // 4
    left = 2 + (per_row - min(len(pairs), per_row)) * box // 2  # a short row is centred
    for index, (device, setting) in enumerate(pairs):
        column, line = index % per_row, index // per_row
        x, y = left + column * box, 70 + line * 64
        centre = x + box // 2
        ending = setting.role == ENDING
        parts.append(
            format_html(
                '<g class="timeline__device" data-role="{}"><line x1="{}" y1="42" x2="{}" y2="{}" stroke="{}" '
                'stroke-width="2"{}/><rect x="{}" y="{}" width="{}" height="46" rx="6" fill="#ffffff" stroke="{}"{}/>'
                "{}{}</g>",
                setting.role, centre, centre, y, MUTED if ending else PRIMARY,
                mark_safe(' stroke-dasharray="5 4"') if ending else "",
                x + 4, y, box - 8, MUTED if ending else TEXT, mark_safe(' stroke-dasharray="5 4"') if ending else "",
                _text(centre, y + 19, _name(device), anchor="middle", cls="timeline__name", fit=box - 16),
                _text(centre, y + 37, _("受信できなくなります") if ending else _("同じ中身を表示"), size=11,
                      fill=MUTED, anchor="middle", cls="timeline__role"),
            )
        )  # fmt: skip
    rows = (len(pairs) + per_row - 1) // per_row
    return parts, 70 + rows * 64


def timeline_svg(address: IssuedAddress) -> SafeString:
    """The address's timeline (POP) or shared mailbox (IMAP) as SVG markup."""
    pairs = _pairs(address)
    pop = address.advice.protocol == POP
    parts, height = _pop(address, pairs) if pop else _imap(address, pairs)
    if pop:
        title = _("%(address)sに届いたメールのコピーの流れ") % {"address": address.address}
        lead = _("届いたメールは、各端末がサーバーからダウンロードします。")
        if address.advice.effective_days:
            tail = _("サーバーのコピーは%(days)d日で削除されます。") % {"days": address.advice.effective_days}
        else:
            tail = _("どの端末もサーバーのコピーを削除しないため、コピーはたまり続けます。")
    else:
        title = _("%(address)sのメールボックスと端末") % {"address": address.address}
        lead = _("メールはサーバーのメールボックスにあり、すべての端末が同じ中身を表示します。")
        tail = _("1台で読んだり削除したりすると、ほかの端末にも反映されます。")
    description = lead + "".join(_sentence(d, s) for d, s in pairs) + tail
    ident = f"tl-{address.id}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'class="timeline__svg timeline__svg--{protocol}" aria-labelledby="{id}-title" aria-describedby="{id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{parts}</svg>',
        w=WIDTH, h=height, protocol=address.advice.protocol, id=ident, title=title, desc=description,
        parts=mark_safe("".join(parts)),  # noqa: S308  each part escaped where it was built
    )  # fmt: skip
