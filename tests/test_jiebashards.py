"""jieba's dictionary in shards (generator/jiebashards.py): text is cut exactly as the whole
dictionary cuts it, and a rebuild whose portal shows one edited page does not load the
dictionary (about a second), yet writes the site a clean build writes, byte for byte.

What is cut, and the words jieba is given, are process-wide state: the checks run in a
fresh interpreter each.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT_DIR

COMPARE = """
import json, os, sys
from pathlib import Path
from generator import jiebashards, segmenter
texts = json.loads(sys.argv[1])
words = Path(sys.argv[2]) if len(sys.argv) > 2 else None
segmenter.add_words(words)
before = jiebashards.segmenter(segmenter.state(), segmenter._jieba)
whole = [segmenter.cut(text) for text in texts]  # loads jieba, keeps the shards
shards = jiebashards.segmenter(segmenter.state(), segmenter._jieba)
print(json.dumps({"before": before is not None, "whole": whole,
                  "shards": [shards.cut(text) for text in texts]}, ensure_ascii=False))
"""


def _compare(tmp_path: Path, texts: list[str], *words: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", COMPARE, json.dumps(texts), *map(str, words)],
                          capture_output=True, text=True, cwd=PROJECT_DIR, check=True,
                          env=_env(tmp_path / "cache"))
    return json.loads(done.stdout)


def _env(cache: Path) -> dict[str, str]:
    import os
    return {**os.environ, "SOPKIT_CACHE": str(cache)}


def _sample_texts() -> list[str]:
    lines = []
    for path in sorted((PROJECT_DIR / "sops" / "roles").glob("*.yaml"))[:4]:
        lines += [line.strip(" -|") for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip(" -|")]
    # a character first met at the end of a text, then starting words (its one-character
    # entry must be there all the same), and texts of one character
    return ["拜访重要客", "客户满意度", "经", "经理助理"] + lines + [
        "ERP系统V2.0上线，客户经理（KAM）拜访100家客户", "", "。。", "龘靐齉"]


def test_shards_cut_exactly_as_the_whole_dictionary(tmp_path):
    texts = _sample_texts()
    found = _compare(tmp_path, texts)
    assert found["before"] is False  # nothing kept yet: the first cut loads the dictionary
    assert found["shards"] == found["whole"]
    assert any(len(word) >= 2 for words in found["whole"] for word in words)


def test_an_added_word_is_a_new_dictionary(tmp_path):
    """The shards are kept by the words jieba was given: a new word is a new entry, so its
    cuts are never answered from a dictionary without it."""
    text = "我们按照客户拜访周报表处理"
    plain = _compare(tmp_path, [text])
    assert "客户拜访周报表" not in plain["whole"][0]
    words = tmp_path / "words.txt"
    words.write_text("客户拜访周报表\n", encoding="utf-8")
    added = _compare(tmp_path, [text], words)  # same cache folder
    assert added["before"] is False
    assert "客户拜访周报表" in added["whole"][0] and added["shards"] == added["whole"]


BUILD = """
import sys
from generator.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    assert not exc.code, exc.code
import jieba
print("dictionary loaded" if jieba.dt.initialized else "dictionary not loaded")
"""

ROLE = """\
title: 销售代表
department: sales
reports_to: boss
summary: {summary}
duties: [拜访客户并完成销售目标, 维护客户关系]
"""


def _site(kb, out: Path, *options: str) -> str:
    done = subprocess.run([sys.executable, "-c", BUILD, "build", "--sops", str(kb.root),
                           "--out", str(out), "--only", "site", "--today", "2026-11-23",
                           "--quiet", *options], capture_output=True, text=True,
                          env=_env(kb.base / "cache"), check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_summary_edit_rebuilds_the_portal_without_loading_the_dictionary(make_kb, tmp_path):
    kb = make_kb({"roles/rep.yaml": ROLE.format(summary="负责开发新客户，推广公司产品。")})
    cache = str(tmp_path / "cache")
    assert _site(kb, tmp_path / "dist", "--cache", cache) == "dictionary loaded"
    kb.write("roles/rep.yaml", ROLE.format(summary="负责开发新客户，推广公司产品和服务。"))
    assert _site(kb, tmp_path / "dist", "--cache", cache) == "dictionary not loaded"
    _site(kb, tmp_path / "clean", "--no-cache")
    assert _files(tmp_path / "dist" / "site") == _files(tmp_path / "clean" / "site")
    index = json.loads((tmp_path / "dist" / "site" / "search" / "search_index.json")
                       .read_text(encoding="utf-8"))
    assert "服务" in index["config"]["sopkit"]["words"]  # the edited text was cut



WHOLE = """
import marshal, sys
from generator import segmenter
jieba = segmenter._jieba()
jieba.dt.tmp_dir = sys.argv[1]  # where jieba keeps its cache file
segmenter._initialize(jieba)  # the cache file read in one piece (or made, if missing)
assert jieba.marshal is marshal, "jieba's marshal module is given back"
ours = (jieba.dt.FREQ, jieba.dt.total)
theirs = jieba.Tokenizer()
theirs.tmp_dir = sys.argv[1]
theirs.initialize()  # jieba's own reading of the same file
assert len(ours[0]) > 300_000, len(ours[0])
print(ours == (theirs.FREQ, theirs.total))
"""


def test_the_dictionary_read_in_one_piece_is_jiebas_own(tmp_path):
    """Twice: the first process finds no cache file and jieba makes it (written through the
    same stand-in), the second reads it."""
    jieba_tmp = tmp_path / "jieba"
    jieba_tmp.mkdir()
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", WHOLE, str(jieba_tmp)],
                              capture_output=True, text=True, cwd=PROJECT_DIR,
                              env=_env(tmp_path / "cache"), check=True)
        assert done.stdout.strip() == "True", done.stderr
        assert (jieba_tmp / "jieba.cache").is_file()


AGAIN = """
import json, sys
from pathlib import Path
from generator import segmenter
text = "我们按照客户拜访周报表处理"
first, again = segmenter.cut(text), segmenter.cut(text)  # the second from this process's memo
again.append("changed by the caller")  # a caller's list is its own
third = segmenter.cut(text)
segmenter.add_words(Path(sys.argv[1]))  # a new word: text cut anew
print(json.dumps([first, third, segmenter.cut(text), segmenter.cut(text)], ensure_ascii=False))
"""


def test_a_text_cut_again_is_cut_as_before_until_a_word_is_added(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("客户拜访周报表\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", AGAIN, str(words)], capture_output=True,
                          text=True, cwd=PROJECT_DIR, env=_env(tmp_path / "cache"), check=True)
    first, third, added, added_again = json.loads(done.stdout)
    assert third == first
    assert "".join(first) == "我们按照客户拜访周报表处理" and "客户拜访周报表" not in first
    assert "客户拜访周报表" in added and added_again == added
