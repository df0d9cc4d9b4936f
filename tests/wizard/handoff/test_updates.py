"""What changed for one device between two issues, as the sentence the
customer reads (wizard/handoff/updates.py): one sentence in the house style
for each kind of change."""

import pytest

from kb.writing import findings
from wizard.engine.recommendations import DeviceSetting
from wizard.handoff.changes import DeviceChange
from wizard.handoff.record import IssuedDevice
from wizard.handoff.updates import change_sentence


def change(client, before, after, protocols=("pop", "pop")):
    device = IssuedDevice(id=1, kind="pc", client=client, label="事務所のPC")
    return DeviceChange("info@koushin.example", device, before, after, *protocols)


SENTENCES = [
    (change("ios_mail", DeviceSetting("keeps"), DeviceSetting("deletes", 7)),
     "サーバーのコピーを7日後に削除する設定に変わりました（前回：削除しない）", True),
    (change("outlook_classic", DeviceSetting("deletes", 7), DeviceSetting("deletes", 30)),
     "サーバーのコピーを30日後に削除する設定に変わりました（前回：7日後に削除）", True),
    (change("apple_mail", DeviceSetting("keeps"), DeviceSetting("deletes", 30)),
     "サーバーのコピーを1か月後に削除する設定に変わりました（前回：削除しない）", True),
    (change("thunderbird", DeviceSetting("deletes", 30), DeviceSetting("keeps")),
     "サーバーのコピーを削除しない設定に変わりました（前回：30日後に削除）", True),
    (change("thunderbird", DeviceSetting("deletes", 30), DeviceSetting("imap"), ("pop", "imap")),
     "受信方式がPOPからIMAPに変わりました。設定手順のとおりに設定し直してください。", False),
    (change("thunderbird", None, DeviceSetting("deletes", 30), (None, "pop")),
     "新しく加わった端末です。設定手順のとおりに設定してください。", False),
]  # fmt: skip


@pytest.mark.parametrize(("device_change", "sentence", "retention_only"), SENTENCES)
def test_each_kind_of_change_reads_as_one_sentence_in_the_house_style(
    device_change, sentence, retention_only
):
    assert change_sentence(device_change) == (sentence, retention_only)
    assert findings(sentence) == []
