"""The wizard's models, one module per concept; import them from here."""

from .checks import RemoteCheck
from .hearings import Device, Hearing, Mailbox
from .issues import SheetIssue
from .links import CustomerLink, hash_link_token, new_link_token
from .presets import HostPreset
from .reports import DeviceReport

__all__ = [
    "CustomerLink",
    "Device",
    "DeviceReport",
    "Hearing",
    "HostPreset",
    "Mailbox",
    "RemoteCheck",
    "SheetIssue",
    "hash_link_token",
    "new_link_token",
]
