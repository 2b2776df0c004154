"""A second, synthetic knowledge base for the search relevance test: a small hotel.

Written by the test itself (never sample content). It has what the sample lacks: a retired
policy whose successor is current, a draft form, words that only occur in table cells.
"""
from __future__ import annotations

from pathlib import Path

FILES = {
    "org.yaml": """\
organization:
  name: 海湾假日酒店有限公司
locale: zh-Hans
departments:
  - {id: front, name: 前厅部, head: front-manager}
  - {id: housekeeping, name: 客房部}
  - {id: kitchen, name: 餐饮部}
document_defaults:
  version: "1.0"
  status: approved
  effective: 2026-06-01
  review_every_months: 12
""",
    "roles/front-manager.yaml": """\
title: 前厅经理
department: front
duties: [管理前台与礼宾服务, 审核每日房价与协议价执行情况]
document: {number: HT-JD-001}
""",
    "roles/receptionist.yaml": """\
title: 前台接待员
department: front
reports_to: front-manager
duties: [办理宾客入住登记与退房结账, 收取押金并开具押金收据, 解答宾客问询]
document: {number: HT-JD-002}
""",
    "roles/room-attendant.yaml": """\
title: 客房服务员
department: housekeeping
reports_to: front-manager
duties: [按标准清洁客房并补充布草, 检查迷你吧消耗并报前台]
document: {number: HT-JD-003}
""",
    "workflows/check-in.yaml": """\
title: 入住登记流程
owner: front-manager
department: front
purpose: 规范宾客入住手续，确保身份核验与押金收取准确。
steps:
  - {id: verify, name: 核验身份证件, by: receptionist}
  - {id: deposit, name: 收取押金, by: receptionist, checker: front-manager, forms: [deposit-receipt]}
  - {id: key, name: 制作房卡, by: receptionist}
document: {number: HT-LC-001}
""",
    "workflows/check-out.yaml": """\
title: 退房结账流程
owner: front-manager
department: front
purpose: 规范退房查房与结账，避免漏收迷你吧费用。
steps:
  - {id: inspect, name: 通知客房查房, by: room-attendant}
  - {id: bill, name: 打印账单并结账, by: receptionist, checker: front-manager}
document: {number: HT-LC-002}
""",
    "workflows/cleaning.yaml": """\
title: 客房清洁流程
owner: front-manager
department: housekeeping
purpose: 规范走客房与住客房的清洁标准。
steps:
  - {id: strip, name: 撤换布草, by: room-attendant}
  - {id: clean, name: 清洁卫生间, by: room-attendant, forms: [cleaning-check]}
document: {number: HT-LC-003}
""",
    "forms/deposit-receipt.yaml": """\
title: 押金收据
owner: receptionist
purpose: 记录宾客交付的押金金额与方式。
sections:
  - title: 押金信息
    fields:
      - {id: room, label: 房号, type: text, required: true}
      - {id: amount, label: 押金金额, type: money}
      - {id: method, label: 支付方式, type: choice, options: [现金, 银行卡, 预授权]}
document: {number: HT-BD-001}
""",
    "forms/cleaning-check.yaml": """\
title: 客房清洁检查表
owner: room-attendant
purpose: 主管抽查客房清洁质量。
sections:
  - title: 检查项目
    fields:
      - id: items
        label: 检查明细
        type: table
        rows: 4
        columns:
          - {id: area, label: 区域, type: text}
          - {id: towels, label: 毛巾更换, type: text}
document: {number: HT-BD-002, status: draft}
""",
    "policies/corporate-rates-2024.yaml": """\
title: 协议价管理规定（旧版）
applies_to: [front]
sections:
  - title: 协议价
    rules: [协议价由前厅经理每年核定一次。]
document: {number: HT-ZD-001, status: retired}
""",
    "policies/corporate-rates.yaml": """\
title: 协议价管理制度
applies_to: [front]
sections:
  - title: 协议价的核定
    rules: [协议价由前厅经理按季度核定，报总经理批准后执行。]
  - title: 执行
    rules: [前台按协议单位名单执行协议价，不得私自给予折扣。]
document: {number: HT-ZD-002}
""",
    "policies/lost-and-found.yaml": """\
title: 遗留物品管理规定
applies_to: [housekeeping]
sections:
  - title: 登记与保管
    rules: [客房服务员拾获宾客遗留物品须当班登记并交前厅保管。]
document: {number: HT-ZD-003}
""",
}


def write_hotel_kb(folder: Path) -> Path:
    for relative, text in FILES.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
