"""One broken file gives one error: references to its item are not reported as dangling."""
from __future__ import annotations

ROLE = "title: 员工{n}\ndepartment: sales\nreports_to: lead\nduties: [做事]\n"


def test_a_syntax_error_referred_to_by_five_files_yields_exactly_its_own_error(kb):
    kb.write("roles/lead.yaml", "title: 组长\ndepartment: sales\nduties: [带队\n")
    for n in range(1, 5):
        kb.write(f"roles/r{n}.yaml", ROLE.format(n=n))
    kb.write("training/t.yaml", """\
        title: 培训
        for: [lead]
        sessions:
          - {id: s, title: 入职, topics: [制度], by: lead, day: 1, hours: 1}
        """)
    assert kb.errors() == [
        "sops/roles/lead.yaml:4:1: error: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence started at line 3); check indentation, colons and "
        "quotes near here [yaml-syntax]"]
    assert [w for w in kb.warnings() if "references-skipped" in w] == [
        "sops/roles/lead.yaml:1:1: warning: 6 references to `lead` in 5 other files not "
        "checked: this file has an error that stops it from loading; fix it and run "
        "`sopkit check` again [references-skipped]"]


def test_a_reference_to_an_id_no_file_defines_is_still_dangling(kb):
    kb.write("roles/lead.yaml", "title: 组长\ndepartment: sales\nduties: [带队\n")
    kb.write("roles/r1.yaml", ROLE.format(n=1).replace("lead", "leed"))
    assert kb.errors()[1] == (
        "sops/roles/r1.yaml:3:13: error: `reports_to` names `leed`, which is not a role id: "
        "did you mean `lead`? [dangling-ref]")

def test_errors_that_stop_a_file_loading_come_first(kb):
    kb.write("roles/a.yaml", ROLE.format(n=1).replace("lead", "nobody"))
    kb.write("roles/z.yaml", "title: 组长\ndepartment: sales\nduties: [带队\n")
    codes = [line.rsplit("[", 1)[1] for line in kb.errors()]
    assert codes == ["yaml-syntax]", "dangling-ref]"]
