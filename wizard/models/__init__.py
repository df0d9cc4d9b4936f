"""The wizard's models, one module per concept; import them from here."""

from .hearings import Device, Hearing, Mailbox
from .issues import SheetIssue
from .links import CustomerLink, hash_link_token, new_link_token

__all__ = ["CustomerLink", "Device", "Hearing", "Mailbox", "SheetIssue", "hash_link_token", "new_link_token"]
