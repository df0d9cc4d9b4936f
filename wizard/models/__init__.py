"""The wizard's models, one module per concept; import them from here."""

from .checks import RemoteCheck
from .confirmations import FieldScreenshot, LabelConfirmation, LabelTask
from .hearings import Device, Hearing, Mailbox
from .issues import SheetIssue
from .links import CustomerLink, hash_link_token, new_link_token, seal_link_token, unseal_link_token
from .presets import HostPreset
from .reports import DeviceReport, NoticeSetting, ReportNotice

__all__ = [
    "CustomerLink",
    "Device",
    "DeviceReport",
    "FieldScreenshot",
    "Hearing",
    "HostPreset",
    "LabelConfirmation",
    "LabelTask",
    "Mailbox",
    "RemoteCheck",
    "SheetIssue",
    "hash_link_token",
    "new_link_token",
    "seal_link_token",
    "unseal_link_token",
    "NoticeSetting",
    "ReportNotice",
]
