"""What changed between two issued sheets of a hearing, and what today's rules
would change in an issued sheet (the 「ルール変更の影響」 page)."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.recommendations import DeviceSetting, Recommendation
from .record import IssuedAddress, IssuedDevice, SheetRecord


@dataclass(frozen=True)
class DeviceChange:
    """One device whose settings differ between two pieces of advice."""

    address: str
    device: IssuedDevice
    before: DeviceSetting | None  # None: the device is new
    after: DeviceSetting
    protocol_before: str | None
    protocol_after: str


def _setting(advice: Recommendation, index: int) -> DeviceSetting | None:
    return advice.device_settings[index] if index < len(advice.device_settings) else None


def advice_changes(address: IssuedAddress, after: Recommendation) -> list[DeviceChange]:
    """Per device, what ``after`` asks differently from the address's issued advice."""
    before, changes = address.advice, []
    for index, device in enumerate(address.devices):
        old, new = _setting(before, index), _setting(after, index)
        if new is not None and (old != new or before.protocol != after.protocol):
            changes.append(DeviceChange(address.address, device, old, new, before.protocol, after.protocol))
    return changes


def issue_changes(previous: SheetRecord, latest: SheetRecord) -> list[DeviceChange]:
    """What to change on which device between two issues of one hearing:
    devices are matched by their ids; new devices count as changed."""
    old = {}
    for address in previous.addresses:
        for index, device in enumerate(address.devices):
            old[device.id] = (address.advice.protocol, _setting(address.advice, index))
    changes = []
    for address in latest.addresses:
        for index, device in enumerate(address.devices):
            new = _setting(address.advice, index)
            protocol_before, before = old.get(device.id, (None, None))
            if new is not None and (before != new or protocol_before != address.advice.protocol):
                changes.append(
                    DeviceChange(
                        address.address, device, before, new, protocol_before, address.advice.protocol
                    )
                )
    return changes


@dataclass(frozen=True)
class AddressDiff:
    """How today's rules would change one address's issued advice."""

    address: str
    devices: list[DeviceChange]
    warnings_added: tuple[str, ...]
    warnings_removed: tuple[str, ...]


def impact(record: SheetRecord) -> list[AddressDiff] | None:
    """The addresses whose issued advice today's rules would change (empty
    when none would), or None when some address cannot be judged any more."""
    diffs = []
    for address in record.addresses:
        current = address.current()
        if current is None:
            return None
        devices = advice_changes(address, current)
        added = tuple(code for code in current.warnings if code not in address.advice.warnings)
        removed = tuple(code for code in address.advice.warnings if code not in current.warnings)
        if devices or added or removed or current.suggest_cloud != address.advice.suggest_cloud:
            diffs.append(AddressDiff(address.address, devices, added, removed))
    return diffs
