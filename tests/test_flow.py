"""Workflow graphs: the rules every flow keeps, and the graph renderers draw from."""
from __future__ import annotations

from generator.flow import Edge, flow_graph


def steps(body: str) -> str:
    return "title: 流程\nowner: boss\nsteps:\n" + body


STEP = "  - id: {id}\n    name: {id}\n    by: boss\n"


def test_unknown_next_with_did_you_mean(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="start") + "    next: chek\n"
        + STEP.format(id="check") + "    end: true\n"))
    assert kb.errors() == [
        "sops/workflows/w.yaml:7:11: error: `next` names step `chek`, which is not a step of "
        "workflow `w`: did you mean `check`? [unknown-next]",
        # `check` is only reachable through the misspelt `next`
        "sops/workflows/w.yaml:8:9: error: step `check` cannot be reached from the first step "
        "`start`: point a `next` or a decision branch at it, or remove it [unreachable-step]",
    ]


def test_unknown_next_in_a_decision_branch(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="judge")
        + "    decision:\n      - {if: 是, next: finish}\n      - {if: 否, next: explian}\n"
        + STEP.format(id="explain") + "    end: true\n"
        + STEP.format(id="finish")))
    assert kb.errors() == [
        "sops/workflows/w.yaml:9:23: error: `next` names step `explian`, which is not a step "
        "of workflow `w`: did you mean `explain`? [unknown-next]",
        "sops/workflows/w.yaml:10:9: error: step `explain` cannot be reached from the first "
        "step `judge`: point a `next` or a decision branch at it, or remove it "
        "[unreachable-step]",
    ]


def test_unknown_next_is_not_also_reported_as_a_path_that_never_ends(kb):
    kb.write("workflows/w.yaml", steps(STEP.format(id="only") + "    next: nowhere\n"))
    assert kb.errors() == [
        "sops/workflows/w.yaml:7:11: error: `next` names step `nowhere`, which is not a step "
        "of workflow `w` [unknown-next]",
    ]


def test_unreachable_step(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="a") + "    end: true\n" + STEP.format(id="orphan")))
    assert kb.errors() == [
        "sops/workflows/w.yaml:8:9: error: step `orphan` cannot be reached from the first step "
        "`a`: point a `next` or a decision branch at it, or remove it [unreachable-step]",
    ]


def test_loop_with_no_way_out(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="a") + STEP.format(id="b") + "    next: a\n" + STEP.format(id="c")))
    assert kb.errors() == [
        "sops/workflows/w.yaml:4:9: error: a path never ends: from steps `a`, `b` no path "
        "reaches an end step; add a branch out of the loop or mark a step `end: true` "
        "[no-end]",
        "sops/workflows/w.yaml:11:9: error: step `c` cannot be reached from the first step "
        "`a`: point a `next` or a decision branch at it, or remove it [unreachable-step]",
    ]


def test_step_that_loops_onto_itself(kb):
    kb.write("workflows/w.yaml", steps(STEP.format(id="wait") + "    next: wait\n"))
    assert kb.errors() == [
        "sops/workflows/w.yaml:4:9: error: a path never ends: from step `wait` no path reaches "
        "an end step; add a branch out of the loop or mark a step `end: true` [no-end]",
    ]


def test_loop_with_a_way_out_passes(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="draft")
        + STEP.format(id="approve")
        + "    decision:\n      - {if: 退回, next: draft}\n      - {if: 同意, next: file}\n"
        + STEP.format(id="file")))
    assert kb.lines() == []


def test_last_step_ends_by_default(kb):
    kb.write("workflows/w.yaml", steps(STEP.format(id="a") + STEP.format(id="b")))
    assert kb.lines() == []
    graph = kb.check().linked.flows["w"]
    assert graph.ends == frozenset({"b"})


def test_decision_with_one_branch(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="judge") + "    decision:\n      - {if: 是, next: done}\n"
        + STEP.format(id="done")))
    assert kb.errors() == [
        "sops/workflows/w.yaml:8:7: error: decision in step `judge` has 1 branch: a decision "
        "needs at least two (e.g. 是 / 否) [decision-branches]",
    ]


def test_decision_with_no_branches(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="judge") + "    decision: []\n" + STEP.format(id="done")))
    assert kb.errors() == [
        "sops/workflows/w.yaml:7:15: error: decision in step `judge` has 0 branches: a "
        "decision needs at least two (e.g. 是 / 否) [decision-branches]",
    ]


def test_duplicate_step_ids(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="check") + STEP.format(id="check") + STEP.format(id="done")))
    assert kb.errors() == [
        "sops/workflows/w.yaml:7:9: error: step id `check` is used twice in this workflow "
        "(first at line 4): step ids must be unique [duplicate-step]",
    ]


def test_decision_and_next_together(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="judge") + "    next: yes-path\n"
        + "    decision:\n      - {if: 是, next: yes-path}\n      - {if: 否, next: no-path}\n"
        + STEP.format(id="yes-path") + "    end: true\n" + STEP.format(id="no-path")))
    assert kb.errors() == [
        "sops/workflows/w.yaml:7:11: error: step `judge` has both `next` and `decision`: a "
        "decision's branches say where to go; remove `next` [conflicting-next]",
    ]


def test_end_and_next_together(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="a") + "    end: true\n    next: b\n" + STEP.format(id="b")))
    assert kb.errors() == [
        "sops/workflows/w.yaml:7:10: error: step `a` ends the flow but also has `next` or "
        "`decision`: remove one [conflicting-next]",
    ]


def test_end_step_in_the_middle_ends_its_path(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="judge")
        + "    decision:\n      - {if: 否, next: explain}\n      - {if: 是, next: fix}\n"
        + STEP.format(id="explain") + "    end: true\n"
        + STEP.format(id="fix")))
    assert kb.lines() == []
    graph = kb.check().linked.flows["w"]
    assert graph.successors("explain") == []
    assert graph.ends == frozenset({"explain", "fix"})


def test_flow_graph_edges_and_ends(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="receive")
        + STEP.format(id="judge")
        + "    decision:\n      - {if: 成立, next: fix}\n      - {if: 不成立, next: explain}\n"
        + STEP.format(id="explain") + "    end: true\n"
        + STEP.format(id="fix")
        + STEP.format(id="review") + "    next: judge\n"))
    result = kb.check()
    # `review` loops back to the decision, which has a way out: valid.
    assert [d.format() for d in result.diagnostics.items] == []
    graph = flow_graph(result.linked.kb.workflows["w"])
    assert graph.start == "receive"
    assert graph.edges == (
        Edge("receive", "judge"),
        Edge("judge", "fix", "成立"),
        Edge("judge", "explain", "不成立"),
        Edge("fix", "review"),
        Edge("review", "judge"),
    )
    assert graph.ends == frozenset({"explain"})
    assert graph.successors("judge") == ["fix", "explain"]
    assert result.linked.flows["w"] == graph


def test_flow_graph_leaves_out_edges_to_unknown_steps(kb):
    kb.write("workflows/w.yaml", steps(
        STEP.format(id="a") + "    next: nowhere\n" + STEP.format(id="b")))
    graph = kb.check().linked.flows["w"]
    assert graph.edges == ()
    assert graph.ends == frozenset({"b"})


def test_sample_flows_start_at_their_first_step_and_all_end(sample_result):
    for workflow_id, graph in sample_result.linked.flows.items():
        workflow = sample_result.linked.kb.workflows[workflow_id]
        assert graph.start == workflow.steps[0].id
        assert graph.ends, workflow_id


def test_sample_complaint_handling_decision_edges(sample_result):
    graph = sample_result.linked.flows["complaint-handling"]
    assert [e for e in graph.edges if e.source == "judge"] == [
        Edge("judge", "assign-department", "成立"), Edge("judge", "archive", "不成立")]
    assert graph.ends == frozenset({"training-case"})
