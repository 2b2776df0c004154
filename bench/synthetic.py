"""Generate a synthetic knowledge base of N roles, workflows and forms (valid content).

    python bench/synthetic.py OUT_DIR --roles 1000 --workflows 300 --forms 200 [--custom 4]
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

ORG = """organization:
  name: 基准测试有限公司
locale: zh-Hans
departments:
{departments}
document_defaults:
  version: "1.0"
  status: approved
  effective: 2026-06-01
  review_every_months: 12
"""

ROLE = """# yaml-language-server: $schema=../.schema/role.schema.json
title: 岗位{n}
department: {department}
{reports}headcount: {headcount}
summary: |
  负责第{n}号岗位的日常工作，确保各项任务按时完成。
duties:
  - group: 主要工作
    items:
      - 制定并执行本岗位的月度工作计划{n}
      - 收集客户反馈并及时上报
      - 配合部门完成销售目标
  - 完成上级交办的其他工作
responsibilities: [对本岗位工作质量负责, 对客户资料的保密负责]
authorities: [建议权, 审核权]
qualifications:
  education: 大专及以上
  experience: 两年以上相关工作经验
  other: [沟通能力强, 责任心强]
knowledge: [市场营销, 产品知识]
skills:
  - {{name: 沟通能力, level: 4}}
  - {{name: 谈判能力, level: "80%"}}
kpis:
  - {{name: 每周客户拜访数, target: 10–15 次, period: weekly}}
routines:
  - {{every: daily, task: 填写工作日志, form: form-{form}}}
"""

WORKFLOW = """# yaml-language-server: $schema=../.schema/workflow.schema.json
title: 流程{n}
owner: role-{owner}
department: dept-{department}
purpose: 规范第{n}号流程
scope: 适用于全公司
trigger: 客户提出需求
time_limit: 两个工作日内
steps:
  - {{id: receive, name: 接收需求, by: role-{a}, checker: role-{b}, forms: [form-{form}]}}
  - id: judge
    name: 判断是否受理
    by: role-{b}
    decision:
      - {{if: 是, next: handle}}
      - {{if: 否, next: explain}}
  - {{id: handle, name: 处理需求, by: dept-{department}, consulted: [role-{a}], informed: [role-{owner}]}}
  - {{id: check, name: 检查结果, by: role-{owner}, next: archive}}
  - {{id: explain, name: 向客户解释, by: role-{a}, end: true}}
  - {{id: archive, name: 归档, by: role-{a}}}
"""

FORM = """# yaml-language-server: $schema=../.schema/form.schema.json
title: 表单{n}
owner: role-{owner}
purpose: 记录第{n}号事项
sections:
  - title: 基本信息
    fields:
      - {{id: name, label: 姓名, type: text, required: true}}
      - {{id: date, label: 日期, type: date}}
      - {{id: amount, label: 金额, type: money}}
      - {{id: kind, label: 类型, type: choice, options: [甲, 乙, 丙]}}
  - title: 明细
    fields:
      - id: lines
        label: 明细
        type: table
        rows: 5
        columns:
          - {{id: item, label: 项目, type: text}}
          - {{id: qty, label: 数量, type: number}}
      - {{id: sign, label: 签字, type: signature}}
"""


# A custom job description (sops/custom/): one of each kind of change the redlines show
# (a duty added and one removed, a qualification reworded, the title, a variable).
CUSTOM = """# yaml-language-server: $schema=../.schema/overlay.schema.json
extends: role-{role}
title: 岗位{role}（{{territory}}）
author: 基准测试
date: 2026-11-20
variables:
  territory: 华东{n}区
summary: |
  负责{{territory}}第{role}号岗位的日常工作，确保各项任务按时完成并按月汇报。
duties:
  add:
    - group: 主要工作
      text: 负责{{territory}}重点客户的开发与维护，每季度提交客户分析报告。
  remove:
    - 完成上级交办的其他工作
qualifications:
  other:
    replace:
      - text: 沟通能力强
        with: 沟通能力强，能以粤语及英语与客户交流
"""


def generate(out: Path, roles: int, workflows: int, forms: int, seed: int = 1,
             custom: int = 0) -> None:
    """``custom``: that many custom job descriptions, of roles spread over the base."""
    rng = random.Random(seed)
    departments = max(1, roles // 50)
    for folder in ("roles", "workflows", "forms"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    dept_lines = "\n".join(f"  - {{id: dept-{d}, name: 部门{d}}}" for d in range(departments))
    (out / "org.yaml").write_text(ORG.format(departments=dept_lines), encoding="utf-8")
    for n in range(roles):
        reports = f"reports_to: role-{rng.randrange(n)}\n" if n else ""
        (out / "roles" / f"role-{n}.yaml").write_text(ROLE.format(
            n=n, department=f"dept-{n % departments}", reports=reports,
            headcount=rng.randint(1, 5), form=n % forms), encoding="utf-8")
    for n in range(workflows):
        (out / "workflows" / f"workflow-{n}.yaml").write_text(WORKFLOW.format(
            n=n, owner=rng.randrange(roles), department=n % departments,
            a=rng.randrange(roles), b=rng.randrange(roles), form=rng.randrange(forms)),
            encoding="utf-8")
    for n in range(forms):
        (out / "forms" / f"form-{n}.yaml").write_text(
            FORM.format(n=n, owner=rng.randrange(roles)), encoding="utf-8")
    if custom:
        (out / "custom").mkdir(exist_ok=True)
    for n in range(custom):
        (out / "custom" / f"custom-{n}.yaml").write_text(
            CUSTOM.format(n=n, role=n * roles // custom), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--workflows", type=int, default=300)
    parser.add_argument("--forms", type=int, default=200)
    parser.add_argument("--custom", type=int, default=0, help="custom job descriptions")
    args = parser.parse_args()
    generate(args.out, args.roles, args.workflows, args.forms, custom=args.custom)


if __name__ == "__main__":
    main()
