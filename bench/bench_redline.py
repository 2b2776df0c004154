"""Time the redline engine (generator/textdiff.py): the sample overlays' redline models, a
300-item list with every third item reworded, and the worst case, a 300-item list replaced
by 300 unrelated items (every old item a candidate for every new one).

    .venv/bin/python bench/bench_redline.py
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import segmenter  # noqa: E402
from generator.custom.redline import redline_for  # noqa: E402
from generator.pipeline import check  # noqa: E402
from generator.textdiff import REWORDED, Item, diff_items  # noqa: E402

# Characters of the sample's duties: random paragraphs of them share many characters, the
# hardest case for pairing reworded items.
CHARACTERS = "销售上海区域客户开发新市场的与和完成产品目标回款维护关系收集信息部门经理负责组织"


def timed(label: str, func) -> None:
    start = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - start:.2f} s ({result})")


def paragraph(rng: random.Random) -> str:
    return "".join(rng.choice(CHARACTERS) for _ in range(40)) + "。"


def main() -> None:
    segmenter.cut("预热")  # jieba's dictionary: loaded once per process, not timed
    rng = random.Random(1)
    old = [Item(paragraph(rng)) for _ in range(300)]
    unrelated = [Item(paragraph(rng)) for _ in range(300)]
    edited = [Item(i.text[:10] + "上海" + i.text[10:]) if n % 3 == 0 else i
              for n, i in enumerate(old)]
    timed("300 items, every third reworded",
          lambda: sum(op.kind == REWORDED for op in diff_items(old, edited)))
    timed("300 items replaced by 300 unrelated ones", lambda: len(diff_items(old, unrelated)))
    linked = check(ROOT / "sops").linked
    timed("the sample overlays' redline models, 20 times",
          lambda: [redline_for(linked, jd) for _ in range(20) for jd in
                   linked.custom_jds.values()] and len(linked.custom_jds) * 20)


if __name__ == "__main__":
    main()
