"""The redline engine (generator/textdiff.py): items and words compared as a reader would.

Accepting every piece must give the new text and rejecting every piece the old one, for
any text; changes are marked by words (jieba's for Chinese); added and removed items stay
whole; a rewrite is one deletion and one insertion; a changed KPI is one reworded item."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import segmenter, textdiff
from generator.textdiff import (
    ADDED,
    DELETED,
    INSERTED,
    REMOVED,
    REWORDED,
    SAME,
    UNCHANGED,
    Item,
    diff_items,
    diff_words,
    words,
)


def accepted(pieces) -> str:
    return "".join(p.text for p in pieces if p.change != DELETED)


def rejected(pieces) -> str:
    return "".join(p.text for p in pieces if p.change != INSERTED)


def marked(pieces, change: str) -> list[str]:
    return [p.text for p in pieces if p.change == change]


# Chinese, Latin, digits, the dashes of a range, spaces and both kinds of brackets.
TEXT = st.text(alphabet="销售上海区域客户开发新市场的与和。，、（）()[] abcXY0123456789–-.",
               max_size=40)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_accepting_gives_the_new_text_and_rejecting_the_old(old, new):
    pieces = diff_words(old, new)
    assert accepted(pieces) == new
    assert rejected(pieces) == old
    assert all(p.text for p in pieces)
    # neighbours never share a kind, and a deletion comes before its insertion
    kinds = [p.change for p in pieces]
    assert all(a != b for a, b in zip(kinds, kinds[1:], strict=False))
    assert (INSERTED, DELETED) not in set(zip(kinds, kinds[1:], strict=False))


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, max_size=6), st.lists(TEXT, max_size=6))
def test_every_item_of_both_sides_is_in_exactly_one_op(old, new):
    ops = diff_items([Item(t) for t in old], [Item(t) for t in new])
    assert [op.before.text for op in ops if op.before is not None] == old
    assert [op.after.text for op in ops if op.after is not None] == new
    for op in ops:
        assert rejected(op.pieces) == (op.before.text if op.before else "")
        assert accepted(op.pieces) == (op.after.text if op.after else "")


def test_chinese_is_cut_into_the_segmenters_words():
    assert words("负责上海区域的客户开发") == segmenter.cut("负责上海区域的客户开发")
    assert words("负责上海区域") == ["负责", "上海", "区域"]
    # Latin words and numbers whole, a range like 10–15 as one word
    assert words("Sales Rep 10–15 次") == ["Sales", " ", "Rep", " ", "10–15", " ", "次"]


def test_without_jieba_chinese_is_compared_by_characters(monkeypatch):
    def missing():
        raise ImportError("No module named 'jieba'")
    monkeypatch.setattr(segmenter, "_jieba", missing)
    assert words("负责上海") == ["负", "责", "上", "海"]
    pieces = diff_words("开拓新市场", "开拓上海新市场")
    assert marked(pieces, INSERTED) == ["上海"] and marked(pieces, DELETED) == []


def test_only_the_changed_words_are_marked():
    pieces = diff_words("开拓新市场、发展新客户，完成产品销售。",
                        "开拓上海及周边城市新市场、发展新客户，完成产品销售。")
    assert pieces == (textdiff.Piece("开拓", SAME), textdiff.Piece("上海及周边城市", INSERTED),
                      textdiff.Piece("新市场、发展新客户，完成产品销售。", SAME))
    latin = diff_words("The quick brown fox jumps", "The quick red fox jumps")
    assert marked(latin, DELETED) == ["brown"] and marked(latin, INSERTED) == ["red"]


def test_a_word_the_segmenter_cuts_differently_is_not_marked():
    # 新市场 may be one word in one text and 新 + 市场 in the other: the shared characters
    # stay unchanged all the same.
    pieces = diff_words("开拓新市场", "开拓周边城市新市场")
    assert marked(pieces, INSERTED) == ["周边城市"] and not marked(pieces, DELETED)
    assert "".join(marked(pieces, SAME)) == "开拓新市场"


def test_latin_words_are_never_split():
    pieces = diff_words("Contact each Sales office daily", "Contact each Salesman office daily")
    assert marked(pieces, DELETED) == ["Sales"] and marked(pieces, INSERTED) == ["Salesman"]


def test_an_insertion_is_marked_where_its_brackets_balance():
    pieces = diff_words("职位名称：销售员（Sales Representative）",
                        "职位名称：销售员（上海区域）（Sales Representative）")
    assert marked(pieces, INSERTED) == ["（上海区域）"]
    assert marked(pieces, SAME) == ["职位名称：销售员", "（Sales Representative）"]


def test_a_rewrite_is_one_deletion_and_one_insertion():
    old, new = "按月提交客户拜访记录。", "每季度组织一次行业展会参展工作。"
    assert diff_words(old, new) == (textdiff.Piece(old[:-1], DELETED),
                                    textdiff.Piece(new[:-1], INSERTED), textdiff.Piece("。", SAME))
    # more than half of the old text struck through: a rewrite, still one reworded item
    old, new = "工作经验：1年以上客服或电话销售经验", "工作经验：有港澳客户服务经历者优先"
    [op] = diff_items([Item(old, key="experience")], [Item(new, key="experience")])
    assert op.kind == REWORDED and op.rewritten
    # the label both begin with stays unchanged text
    assert op.pieces == (textdiff.Piece("工作经验：", SAME),
                         textdiff.Piece(old.removeprefix("工作经验："), DELETED),
                         textdiff.Piece(new.removeprefix("工作经验："), INSERTED))
    assert not diff_items([Item("开拓新市场")], [Item("开拓上海新市场")])[0].rewritten


def test_added_and_removed_items_stay_whole():
    old = [Item("参与制定销售策略。"), Item("定期回访客户。"), Item("定期提交客户分析报告。")]
    new = [Item("参与制定销售策略。"), Item("定期回访客户。"), Item("负责大型主题乐园客户的开发。")]
    ops = diff_items(old, new)
    assert [op.kind for op in ops] == [UNCHANGED, UNCHANGED, REMOVED, ADDED]
    assert ops[2].pieces == (textdiff.Piece("定期提交客户分析报告。", DELETED),)
    assert ops[3].pieces == (textdiff.Piece("负责大型主题乐园客户的开发。", INSERTED),)


def test_reworded_items_are_paired_in_order_among_additions():
    old = [Item("开拓新市场、发展新客户。"), Item("关注竞争对手信息。")]
    new = [Item("开拓上海新市场、发展新客户。"), Item("负责商业综合体客户。"),
           Item("关注竞争对手价格信息。")]
    assert [op.kind for op in diff_items(old, new)] == [REWORDED, ADDED, REWORDED]


def test_a_key_makes_one_item_however_much_changed_and_styles_never_mix():
    old = [Item("每周上门拜访数：10–15 次", "item", "每周上门拜访数")]
    new = [Item("每周上门拜访数：12–18 次（上海市区客户不少于一半）", "item", "每周上门拜访数")]
    [op] = diff_items(old, new)
    assert op.kind == REWORDED and marked(op.pieces, SAME)[0] == "每周上门拜访数："
    different_keys = diff_items([Item("沟通表达：4 / 5", key="沟通表达")],
                                [Item("粤语沟通：4 / 5", key="粤语沟通")])
    assert [op.kind for op in different_keys] == [REMOVED, ADDED]
    renamed = diff_items([Item("投诉首次响应时间：24小时内", key="投诉首次响应时间")],
                         [Item("投诉首次回复时间：24小时内", key="投诉首次回复时间")])
    assert [op.kind for op in renamed] == [REWORDED]
    styles = diff_items([Item("销售工作", "group")], [Item("销售工作。", "item")])
    assert [op.kind for op in styles] == [REMOVED, ADDED]


@pytest.mark.parametrize("old, new", [("", "新增的一段。"), ("删去的一段。", "")])
def test_an_empty_side_is_a_whole_insertion_or_deletion(old, new):
    pieces = diff_words(old, new)
    assert len(pieces) == 1 and pieces[0].text == (new or old)


def test_a_long_list_still_finds_its_reworded_items():
    # 60 × 60 candidates: beyond FULL_PAIRING, only pairs near the diagonal are compared
    old = [Item(f"第{n}项：负责区域内客户的开发与维护，按月提交报告。") for n in range(60)]
    new = [Item(i.text.replace("区域内", "上海区域")) if n % 3 == 0 else i
           for n, i in enumerate(old)]
    ops = diff_items(old, new)
    assert len(old) * len(new) > textdiff.FULL_PAIRING
    assert [op.kind for op in ops].count(REWORDED) == 20 and len(ops) == 60
    assert all(marked(op.pieces, INSERTED) == ["上海"] for op in ops if op.kind == REWORDED)


def test_a_changed_number_leaves_its_measure_word_unmarked():
    assert words("12-18位") == ["12-18", "位"] and words("3.5 次") == ["3.5", " ", "次"]
    assert diff_words("拜访客户数：10-15位", "拜访客户数：12-18位") == (
        textdiff.Piece("拜访客户数：", SAME), textdiff.Piece("10-15", DELETED),
        textdiff.Piece("12-18", INSERTED), textdiff.Piece("位", SAME))


# ---------------------------------------------------------------- kept in the build cache

def test_a_word_diff_is_kept_and_served_again_only_for_the_same_texts_and_words(
        tmp_path, monkeypatch):
    """A rebuild whose redlines are unchanged takes their word diffs from the cache, so
    jieba's dictionary is not loaded; a changed text or a changed word list (what the
    segmenter cuts by) is a new key, and a clean build gives the same pieces."""
    from generator import segmenter, store, textdiff

    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path))
    monkeypatch.delenv("SOPKIT_NO_CACHE", raising=False)
    before, after = "开拓新市场、发展新客户。", "开拓上海及周边城市新市场、发展新客户。"
    made = diff_words(before, after)
    assert len(list((tmp_path / "word-diff").iterdir())) == 1

    def no_segmenter(_run: str) -> list[str]:
        raise AssertionError("cut again although the diff was kept")
    monkeypatch.setattr(textdiff, "_cut", no_segmenter)
    assert diff_words(before, after) == made  # from the cache
    with pytest.raises(AssertionError, match="cut again"):
        diff_words(before, after + "！")       # another text: cut anew
    monkeypatch.setattr(segmenter, "_added", {**segmenter._added, "周边城市": None})
    with pytest.raises(AssertionError, match="cut again"):
        diff_words(before, after)             # another word list: another key
    monkeypatch.undo()
    monkeypatch.setenv("SOPKIT_NO_CACHE", "1")
    assert store.enabled() is False
    assert diff_words(before, after) == made  # a clean (--no-cache) diff is the same
