"""The engine's interface where DOMAIN.md names it::

    from wizard.recommendations import Device, MailboxAnswers, recommend

The engine itself lives in ``wizard/engine/`` (pure Python, no Django); this
module only gives its public names their documented address. Code inside
the project imports ``wizard.engine.recommendations``.
"""

from wizard.engine.recommendations import (
    RULES_VERSION,
    DaysBasis,
    Device,
    DeviceSetting,
    MailboxAnswers,
    Recommendation,
    days_basis,
    recommend,
)

__all__ = [
    "RULES_VERSION",
    "DaysBasis",
    "Device",
    "DeviceSetting",
    "MailboxAnswers",
    "Recommendation",
    "days_basis",
    "recommend",
]
