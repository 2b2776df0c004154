"""Swimlane charts measured from their SVG, and knowledge bases with wide workflows."""
from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Shape:
    id: str
    text: str
    fill: str | None
    box: tuple[float, float, float, float]   # x0, y0, x1, y1

    @property
    def centre(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2

    def overlaps(self, other: Shape) -> bool:
        a, b = self.box, other.box
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    def contains(self, point: tuple[float, float]) -> bool:
        return self.box[0] <= point[0] <= self.box[2] and self.box[1] <= point[1] <= self.box[3]


def shapes(svg: bytes) -> list[Shape]:
    """Every node of a Graphviz SVG with its outline's bounding box."""
    found = []
    for group in ElementTree.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        outline = group.find(f".//{SVG}polygon")
        if outline is None:
            outline = group.find(f".//{SVG}path")
        if outline is None:
            continue
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", outline.get("points")
                                                 or outline.get("d") or "")]
        xs, ys = numbers[0::2], numbers[1::2]
        text = "".join(t.text or "" for t in group.iter(f"{SVG}text"))
        found.append(Shape(group.get("id") or "", unescape(text), outline.get("fill"),
                           (min(xs), min(ys), max(xs), max(ys))))
    return found


def font_sizes(svg: bytes) -> list[float]:
    return [float(s) for s in re.findall(rb'font-size="([\d.]+)"', svg)]


def svg_size(svg: bytes) -> tuple[float, float]:
    width, height = re.search(rb'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    return float(width), float(height)


PHASES = {"intake": "申请受理", "handle": "审核与办理结果归档"}


def wide_workflow(lanes: int, listed: bool = False, phased: bool = False) -> str:
    """A workflow through `lanes` roles, back and forth, with a decision and a loop;
    `phased`: in phases (format 1.1), the first one coming back for the last step."""
    stride = next(k for k in range(3, lanes) if math.gcd(k, lanes) == 1)
    order = [f"role-{1 + (i * stride) % lanes}" for i in range(lanes)]  # every role, mixed
    steps = [f"  - {{id: s{i}, name: 第{i}步处理事项, by: {order[i % lanes]}, "
             f"checker: role-{1 + (i + 1) % lanes}, time_limit: 一个工作日内}}"
             for i in range(lanes + 2)]
    steps.insert(3, "  - id: d\n    name: 是否通过审核\n    by: role-1\n    decision:\n"
                    "      - {if: 通过, next: s3}\n      - {if: 退回修改, next: s1}")
    head = f"title: {lanes}岗位流程\ntrigger: 收到申请\n"
    if listed:
        head += f"lanes: [{', '.join(reversed(order))}]\n"
    if phased:
        head += "phases:\n" + "".join(f"  - {{id: {k}, name: {v}}}\n" for k, v in PHASES.items())
        last = len(steps) - 1
        steps = [step.replace("  - {id: ", "  - {phase: "
                              + ("handle" if 3 <= i < last else "intake") + ", id: ", 1)
                 if step.startswith("  - {") else step.replace("    by:", "    phase: handle\n"
                                                               "    by:", 1)
                 for i, step in enumerate(steps)]
    return head + "steps:\n" + "\n".join(steps) + "\n"


def wide_kb(folder: Path, lane_counts=(6, 8, 10), listed: bool = False,
            phased: bool = False) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate
    sops = folder / "sops"
    generate(sops, roles=12, workflows=1, forms=1)
    for lanes in lane_counts:
        (sops / "workflows" / f"lanes-{lanes}.yaml").write_text(
            wide_workflow(lanes, listed, phased), encoding="utf-8")
    return sops
