"""The guide builder (wizard/handoff/guide.py): an article's HTML cut into
one device's numbered steps, its introduction and its parts."""

from wizard.handoff.guide import personal_guide


def test_the_guide_builder_continues_numbers_across_lists_and_keeps_nested_lists_in_their_step():
    html = (
        "<p>はじめに</p>\n<ol>\n<li>一つ目</li>\n<li>二つ目<ol><li>中の手順</li></ol></li>\n</ol>\n"
        "<h2>次</h2>\n<ol>\n<li>三つ目 &amp; <strong>値</strong></li>\n</ol>\n"
    )
    guide = personal_guide(html, profile="mobile")
    assert [step.number for step in guide.steps] == [1, 2, 3, 4, 5, 6, 7]
    assert [part.start for part in guide.parts if part.steps] == [5, 7]
    assert guide.step(6).html == "二つ目<ol><li>中の手順</li></ol>"
    assert guide.step(7).html == "三つ目 &amp; <strong>値</strong>" and guide.step(7).text == "三つ目 & 値"
    assert [part.html for part in guide.intro] == [
        "<p>はじめに</p>"
    ]  # apart: on a phone the steps come first
    assert [part.html for part in guide.parts if not part.steps] == ["<h2>次</h2>"]


def test_the_guide_keeps_the_first_steps_heading_and_joins_a_table_split_by_protocol():
    head = "<thead>\n<tr>\n<th>項目</th>\n<th>入力する内容</th>\n</tr>\n</thead>"
    html = (
        "<p>このページでは</p>\n<h2>設定を始める前に</h2>\n<p>用意します</p>\n<h2>追加する</h2>\n<ol>\n<li>開きます。</li>\n</ol>\n"
        f"<table>\n{head}\n<tbody>\n<tr>\n<td>受信</td>\n<td>a</td>\n</tr>\n</tbody>\n</table>\n"
        f"<table>\n{head}\n<tbody>\n<tr>\n<td>送信</td>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n"
        "<table>\n<thead>\n<tr>\n<th>別の表</th>\n</tr>\n</thead>\n<tbody>\n</tbody>\n</table>\n"
    )
    guide = personal_guide(html)
    assert [part.html for part in guide.intro] == [
        "<p>このページでは</p>",
        "<h2>設定を始める前に</h2>",
        "<p>用意します</p>",
    ]
    assert guide.parts[0].html == "<h2>追加する</h2>" and guide.parts[1].start == 1
    tables = [part.html for part in guide.parts if "<table>" in part.html]
    assert len(tables) == 2 and tables[0].count("<thead>") == 1
    assert tables[0].index("受信") < tables[0].index("送信")
