"""A small knowledge base for the incremental-build tests (tests/test_incremental_build.py).

Three roles, two workflows (each printed with its swimlane chart), one form, a training
plan and a policy: every kind of document, small enough that a whole build takes seconds.
The text is the fixture's own, not the sample's.
"""
from __future__ import annotations

from pathlib import Path

FILES = {
    "org.yaml": """\
organization:
  name: 增量测试有限公司
locale: zh-Hans
departments:
  - {id: sales, name: 销售部, head: manager}
  - {id: admin, name: 行政部}
document_defaults:
  version: "1.0"
  status: approved
  effective: 2026-06-01
  review_every_months: 12
""",
    "roles/manager.yaml": """\
title: 销售经理
department: sales
summary: 负责销售部的全面管理。
duties: [制定月度销售计划, 审批报价]
""",
    "roles/clerk.yaml": """\
title: 销售助理
department: sales
reports_to: manager
summary: 协助销售经理处理日常事务。
duties: [整理客户资料, 填写派车申请]
routines:
  - {every: daily, task: 核对订单, form: car-request}
""",
    "roles/driver.yaml": """\
title: 司机
department: admin
reports_to: manager
summary: 负责公司车辆的驾驶与保养。
duties: [按派车单出车, 保养车辆]
""",
    "workflows/car-dispatch.yaml": """\
title: 派车流程
owner: manager
department: admin
steps:
  - {id: apply, name: 填写派车申请, by: clerk, forms: [car-request]}
  - id: approve
    name: 审批派车申请
    by: manager
    decision:
      - {if: 同意, next: drive}
      - {if: 不同意, next: refuse}
  - {id: refuse, name: 通知申请人, by: clerk, end: true}
  - {id: drive, name: 出车, by: driver, informed: [manager]}
""",
    "workflows/monthly-plan.yaml": """\
title: 月度计划流程
owner: manager
department: sales
steps:
  - {id: draft, name: 起草月度计划, by: clerk}
  - {id: review, name: 审核月度计划, by: manager, consulted: [clerk]}
  - {id: publish, name: 发布月度计划, by: sales}
""",
    "forms/car-request.yaml": """\
title: 派车申请单
owner: clerk
purpose: 业务外出需要用车时申请派车。
sections:
  - title: 申请信息
    fields:
      - {id: name, label: 申请人, type: text, required: true}
      - {id: use-date, label: 用车日期, type: date, required: true}
      - {id: route, label: 起止地点, type: textarea}
""",
    "training/new-staff.yaml": """\
title: 新员工培训
for: [clerk, driver]
sessions:
  - {id: rules, title: 公司制度培训, topics: [考勤制度, 用车制度], by: admin}
  - {id: process, title: 业务流程培训, topics: [派车流程], by: sales,
     materials: [car-dispatch]}
""",
    "policies/vehicles.yaml": """\
title: 车辆管理制度
applies_to: [sales, admin]
sections:
  - title: 用车
    rules: [用车须提前一天申请, 车辆归还时须加满油]
""",
}


def write_kb(sops: Path) -> Path:
    """Write the knowledge base into ``sops`` (a new folder); ``sops``."""
    for relative, text in FILES.items():
        path = sops / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sops
