"""A workflow's chart shrinks onto its header block's page, or follows the step table
(generator/documents/chartroom.py, issue 16); name columns leave no lone character
(generator/documents/columns.py). The printed pages themselves are measured in
test_page_quality.py; these pin the decisions on small documents."""
from __future__ import annotations

import math
import re

import pytest

from generator.documents.chartroom import (
    TEXT_HEIGHT_MM,
    TEXT_WIDTH_MM,
    fit_charts_to_their_pages,
)
from generator.documents.columns import CHAR_MM, name_column_percent

INTRO = "目的说明文字。" * 12


def workflow(height: float, shrink: float, intro: str = INTRO, landscape: bool = False) -> str:
    kind = "diagram landscape" if landscape else "diagram"
    return f"""<!DOCTYPE html><html><body><section class="chapter">
<h2 id="wf-x" class="item-title">出差申请流程</h2>
<dl class="fields"><dt>流程负责人</dt><dd>销售部经理</dd><dt>文件编号</dt><dd>XS-LC-009</dd></dl>
<h3 id="wf-x-purpose">目的</h3>
<p>{intro}</p>
<h3 id="wf-x-chart">作业流程图</h3>
<figure class="{kind}" data-height-mm="{height}" data-shrink="{shrink}">
<img src="diagrams/workflows/x.svg" alt="出差申请流程">
<figcaption>出差申请流程作业流程图</figcaption>
</figure>
<h3 id="wf-x-steps">作业步骤</h3>
<table class="grid steps"><tbody><tr><td>1</td><td>提交出差申请</td></tr></tbody></table>
<h3 id="wf-x-raci">RACI 责任矩阵</h3>
<table class="grid raci"><tbody><tr><td>1. 提交出差申请</td><td>R</td></tr></tbody></table>
</section></body></html>"""


def order(html: str) -> list[str]:
    return re.findall(r'id="wf-x-(\w+)"', html)


def test_a_chart_that_fits_shrunk_gets_the_room_left_and_nothing_else_changes():
    html = workflow(215.5, 0.778)
    fitted = fit_charts_to_their_pages(html)
    height = float(re.search(r'<img style="max-height:(\d+)mm" ', fitted).group(1))
    assert 215.5 * 0.778 <= height < 215.5
    assert fitted.replace(f'style="max-height:{height:.0f}mm" ', "") == html


def test_a_chart_that_fits_as_it_is_is_left_alone():
    html = workflow(120.0, 0.778)
    assert fit_charts_to_their_pages(html) == html


def test_a_chart_whose_text_would_print_below_7_pt_closes_the_workflow():
    moved = fit_charts_to_their_pages(workflow(240.0, 0.99))
    assert order(moved) == ["purpose", "steps", "raci", "chart"]
    # as tall as a page and it cannot shrink: it fits under its heading only without its
    # caption, which repeats the heading
    assert "<figcaption>" not in moved and 'max-height:240mm' in moved
    # the figure goes with its heading, whole, after the matrix's table
    assert moved.index('id="wf-x-raci"') < moved.index("</table>", moved.index('id="wf-x-raci"')) \
        < moved.index('id="wf-x-chart"') < moved.index("<figure") < moved.index("</figure>")


def test_a_landscape_chart_closes_the_workflow():
    assert order(fit_charts_to_their_pages(workflow(150.0, 0.9, landscape=True))) == \
        ["purpose", "steps", "raci", "chart"]


def test_after_a_long_intro_the_chart_keeps_its_place_and_fits_under_its_heading():
    long_intro = "目的说明文字，" * int(TEXT_HEIGHT_MM * 6)
    html = workflow(200.0, 0.9, intro=long_intro)
    assert fit_charts_to_their_pages(html) == html
    # as tall as a page: it shrinks so that its heading starts the page with it
    tall = fit_charts_to_their_pages(workflow(240.0, 0.9, intro=long_intro))
    height = float(re.search(r'<img style="max-height:(\d+)mm" ', tall).group(1))
    assert 240.0 * 0.9 <= height <= TEXT_HEIGHT_MM - 10.5 - 10.0
    assert order(tall) == ["purpose", "chart", "steps", "raci"] and "<figcaption>" in tall


def test_a_chart_that_fits_under_its_heading_only_without_its_caption_drops_it():
    """标准销售流程: at 0.976 of its height its text is at 7 pt; with the caption its
    heading was left alone on the page before it."""
    long_intro = "目的说明文字，" * int(TEXT_HEIGHT_MM * 6)
    html = fit_charts_to_their_pages(workflow(239.9, 0.976, intro=long_intro))
    height = float(re.search(r'<img style="max-height:(\d+)mm" ', html).group(1))
    assert 239.9 * 0.976 <= height <= TEXT_HEIGHT_MM - 10.5
    assert "<figcaption>" not in html and order(html) == ["purpose", "chart", "steps", "raci"]


def test_documents_without_measured_charts_are_returned_as_they_are():
    html = workflow(215.5, 0.778).replace(' data-height-mm="215.5" data-shrink="0.778"', "")
    assert fit_charts_to_their_pages(html) is html


@pytest.mark.parametrize("names", [["展厅集客", "售前准备", "需求分析至跟踪回访"],
                                   ["业务代表", "笔试"], ["一二三四五六"], []])
def test_a_name_column_leaves_no_name_a_last_line_of_one_character(names):
    percent = name_column_percent(names)
    assert 10 <= percent <= 16
    # characters a line of the column holds (9.5 pt text, 3.2 mm of padding)
    per_line = math.floor((TEXT_WIDTH_MM * percent / 100 - 3.2) / CHAR_MM)
    assert all(len(name) <= per_line or len(name) % per_line != 1 for name in names), \
        (percent, per_line)


@pytest.mark.parametrize("heading", ["h2", "h3"])
def test_a_moved_chart_as_tall_as_a_page_shrinks_to_start_it_under_its_heading(heading):
    """Else its heading is left alone on the page before it (a standalone workflow's h2)."""
    html = workflow(240.0, 0.9).replace('<h3 id="wf-x-chart">作业流程图</h3>',
                                        f'<{heading} id="wf-x-chart">作业流程图</{heading}>')
    moved = fit_charts_to_their_pages(html)
    assert order(moved) == ["purpose", "steps", "raci", "chart"]
    height = float(re.search(r'<img style="max-height:(\d+)mm" ', moved).group(1))
    heading_mm = {"h2": 15.0, "h3": 10.5}[heading]
    assert 240.0 * 0.9 <= height <= TEXT_HEIGHT_MM - heading_mm - 10.0


def book_workflow(anchor: str, height: float, shrink: float = 0.95, raci_rows: int = 3,
                  landscape: bool = False) -> str:
    """A handbook workflow that runs on after the item before it (keep-head)."""
    kind = "diagram landscape" if landscape else "diagram"
    steps = "".join(f"<tr><td>{n}</td><td>提交出差申请</td></tr>" for n in range(8))
    raci = "".join(f"<tr><td>{n}. 提交出差申请</td><td>R</td></tr>" for n in range(raci_rows))
    return f"""<h2 id="{anchor}" class="item-title run-on keep-head">流程</h2>
<dl class="fields"><dt>流程负责人</dt><dd>销售部经理</dd><dt>文件编号</dt><dd>XS-LC-009</dd></dl>
<h3 id="{anchor}-chart">作业流程图</h3>
<figure class="{kind}" data-height-mm="{height}" data-shrink="{shrink}">
<img src="diagrams/workflows/{anchor}.svg" alt="流程">
<figcaption>流程作业流程图</figcaption>
</figure>
<h3 id="{anchor}-steps">作业步骤</h3>
<table class="grid steps"><tbody>{steps}</tbody></table>
<h3 id="{anchor}-raci">RACI 责任矩阵</h3>
<table class="grid raci"><tbody>{raci}</tbody></table>
"""


def book(*workflows: str) -> str:
    return ('<!DOCTYPE html><html><body><section class="chapter"><h1 id="ch">作业流程</h1>'
            '<h2 id="first" class="item-title">流程</h2><p>说明。</p>'
            + "".join(workflows) + "</section></body></html>")


def sections(html: str, anchor: str) -> list[str]:
    return re.findall(rf'id="{anchor}-(\w+)"', html)


def title_class(html: str, anchor: str) -> str:
    return re.search(rf'<h2 id="{anchor}" class="([^"]+)"', html).group(1)


def test_a_chart_filling_its_page_closes_a_running_workflow_whose_tail_is_short():
    """拜访新客户: where the text before the chart ends depends on the item before, so only
    the text after it is weighed; a short matrix alone after the chart would leave its
    page two-thirds empty, so the chart goes last and the workflow still runs on."""
    printed = fit_charts_to_their_pages(book(book_workflow("wf-a", 240.0)))
    assert sections(printed, "wf-a") == ["steps", "raci", "chart"]
    assert title_class(printed, "wf-a") == "item-title run-on keep-head"


def test_a_chart_filling_its_page_follows_the_steps_when_the_text_after_fills_its_page():
    printed = fit_charts_to_their_pages(book(book_workflow("wf-a", 240.0, raci_rows=24)))
    assert sections(printed, "wf-a") == ["steps", "chart", "raci"]
    assert title_class(printed, "wf-a") == "item-title run-on keep-head"


def test_a_chart_filling_its_page_follows_the_steps_when_the_next_workflow_runs_on():
    """订单处理流程: its short matrix after its chart shares a page with the head of the
    next workflow, whose own chart moved after its steps."""
    html = book(book_workflow("wf-a", 240.0), book_workflow("wf-b", 240.0))
    printed = fit_charts_to_their_pages(html)
    assert sections(printed, "wf-a") == ["steps", "chart", "raci"]
    # the next one's chart stays under its head, too tall for the room: it starts a page
    html = book(book_workflow("wf-a", 240.0), book_workflow("wf-b", 200.0, shrink=0.9))
    printed = fit_charts_to_their_pages(html)
    assert sections(printed, "wf-a") == ["steps", "raci", "chart"]
    # after a chart that fills its page it starts a page by rule: a place to cut the book
    assert title_class(printed, "wf-a") == "item-title run-on keep-head"
    assert title_class(printed, "wf-b") == "item-title"


def test_a_landscape_chart_takes_its_heading_to_its_page_when_both_fit():
    printed = fit_charts_to_their_pages(book(book_workflow("wf-a", 146.7, landscape=True)))
    assert 'id="wf-a-chart" data-page="landscape"' in printed
    # at its size (shrunk within its measured limit it printed at 6.98 pt), no caption
    assert "max-height" not in printed and "<figcaption>" not in printed
    # one too tall for both keeps its heading where it is
    tall = fit_charts_to_their_pages(book(book_workflow("wf-a", 155.0, 0.9, landscape=True)))
    assert 'data-page' not in tall and "max-height" not in tall
