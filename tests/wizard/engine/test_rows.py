"""The engine for a hearing's rows of identical devices (wizard/engine/rows.py)."""

from wizard.engine.recommendations import recommend
from wizard.engine.rows import answers_for_rows, per_row


def test_a_row_of_three_counts_as_three_devices_and_gets_one_setting():
    rows = [("pc", "thunderbird", 3), ("smartphone", "ios_mail", 1)]
    answers = answers_for_rows(people=4, rows=rows, quota_mb=2000, daily_mb=20)

    assert [device.client for device in answers.devices] == ["thunderbird"] * 3 + ["ios_mail"]
    rec = recommend(answers)
    assert rec.protocol == "pop"  # four people share the address
    by_row = per_row(rec, [quantity for *_row, quantity in rows])
    assert by_row.device_settings == (rec.device_settings[0], rec.device_settings[3])
    assert [s.role for s in by_row.device_settings] == ["deletes", "keeps"]


def test_a_row_without_a_quantity_counts_as_one_device():
    answers = answers_for_rows(people=1, rows=[("pc", "thunderbird", 0)])

    assert len(answers.devices) == 1
    assert len(per_row(recommend(answers), [0]).device_settings) == 1
