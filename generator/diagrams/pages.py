"""Which page a chart is printed on, decided by measuring the text it would print.

A chart is placed at its natural size, shrunk only when wider or taller than the
page's text area. Of the arrangements tried, the one whose smallest text prints largest
wins; near-ties (within 10 %) go to the first tried (portrait before landscape, lanes as
columns before rows).
"""
from __future__ import annotations

from dataclasses import dataclass

# Text area of an A4 page with the house margins (print.css, the Word reference), in points,
# less the room a caption and its spacing take under the chart.
PORTRAIT = (482.0, 680.0)    # 170 × 255 mm, less the caption
LANDSCAPE = (734.0, 440.0)   # 259 × 168 mm, less the caption
SMALLEST_TEXT_PT = 7.0
# Graphviz's margin round a swimlane chart (pinned.py), in inches, room for the frame's
# stroke and no more (a wider one took print room from the chart). The printed SVG is the
# layout plus this on every side, so its text shrinks by more than the layout's scale says
PAD_IN = 0.02
PAD_PT = 2 * 72 * PAD_IN


@dataclass(frozen=True, slots=True)
class Fit:
    landscape: bool
    scale: float        # ≤ 1: how much the page shrinks the chart
    height: float = 0.0  # printed height at that scale, in points

    def shrink_limit(self, size: float) -> float:
        """How much more the chart may shrink (≤ 1) with text of `size` staying legible:
        print scales the whole SVG, the layout and its margin, into the height it is given."""
        if not (self.scale and self.height):
            return 1.0
        svg_height = self.height / self.scale + PAD_PT
        return min(1.0, SMALLEST_TEXT_PT * svg_height / (size * self.height))

    def smallest_text(self, size: float) -> float:
        return size * self.scale


def scale_on(page: tuple[float, float], width: float, height: float) -> float:
    return min(1.0, page[0] / width, page[1] / height) if width and height else 1.0


def best_fit(drawings, smallest: float):
    """(Fit, drawing) of the drawing × page whose smallest text prints largest; each drawing
    is (layout with .width and .height, whatever the caller needs back)."""
    options = []
    for landscape, page in ((False, PORTRAIT), (True, LANDSCAPE)):
        for drawing in drawings:
            layout = drawing[0]
            scale = scale_on(page, layout.width, layout.height)
            options.append((Fit(landscape, scale, layout.height * scale), drawing))
    best = max(option[0].scale for option in options)
    # the first tried that prints nearly as large: portrait reads on, landscape turns
    return next(option for option in options if option[0].scale >= 0.9 * best)
