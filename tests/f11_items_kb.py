"""A knowledge base using every item-level construct of format 1.1, for tests."""
from __future__ import annotations

ROLES = {
    "roles/manager.yaml": """\
        title: 销售部经理
        department: sales
        reports_to: boss
        duties: [管理销售团队]
        skills:
          - {name: 领导力, level: "85%", description: 能带领团队完成季度目标}
        kpis:
          - {name: 回款率, target: "≥ 95%", period: monthly, weight: 30, definition: 当月实收 ÷ 当月应收}
          - {name: 销售额, weight: 12.5}
        routines:
          - every: weekly
            when: 每周二
            task: 主持销售例会
            attendees: [rep, sales]
            agenda: [上周目标完成情况, 本周重点客户]
        career:
          to: [boss]
          grades:
            - {name: 初级客户经理, requires: 入职满 6 个月且考核合格}
            - {name: 高级客户经理, requires: 连续两年完成销售目标}
        """,
    "roles/rep.yaml": """\
        title: 销售代表
        department: sales
        reports_to: manager
        duties: [拜访客户]
        """,
}

DISCOUNT = """\
    title: 销售折扣审批权限
    matter: 销售折扣
    unit: "%"
    tiers:
      - up_to: 5
        approve: manager
      - up_to: 10
        review: [manager]
        approve: boss
      - approve: boss
    """

CONTRACT = """\
    title: 合同变更审批权限
    matter: 合同变更
    tiers:
      - approve: manager
    """

WORKFLOW = """\
    title: 客户接待流程
    owner: boss
    phases:
      - {id: welcome, name: 迎接客户}
      - {id: close, name: 成交}
    steps:
      - id: greet
        name: 迎接
        phase: welcome
        by: rep
        checklist: [客户档案, 产品彩页, 名片]
        script:
          - say: 欢迎光临本店！
          - ask: 以前来看过吗？
            answers:
              - {if: 来过, say: 请您稍等，我帮您叫他过来。}
              - {if: 没来过, say: 我先为您介绍一下。}
      - id: discount
        name: 报价与折扣
        phase: close
        by: rep
        approval: discount
        forms: [quote]
      - id: sign
        name: 签约
        phase: close
        by: rep
        checker: manager
        approval: contract
    """

POLICY = """\
    title: 客户管理制度
    applies_to: [all]
    sections:
      - title: 客户分级
        table:
          columns: [等级, 标准, 维护方式]
          rows:
            - [A 重点客户, 关系好、潜力大, 每月拜访]
            - [D 一般客户, 关系一般、潜力不大, 善待走过身边的每一个人]
      - title: 拜访要求
        rules: [每周拜访重点客户]
        table:
          columns: [频率, 对象]
          rows:
            - [每周, A 类]
    """

TRAINING = """\
    title: 新员工培训
    for: [rep, manager]
    sessions:
      - {id: intro, title: 公司介绍, by: sales, day: 1, hours: 2}
      - {id: product, title: 产品知识, by: manager, hours: 3}
    """

FORM = """\
    title: 报价单
    owner: rep
    fields:
      - {id: total_amount, label: 总金额, type: money}
      - id: line_items
        label: 明细
        type: table
        columns:
          - {id: unit_price, label: 单价, type: money}
    """

FILES = {**ROLES, "approvals/discount.yaml": DISCOUNT, "approvals/contract.yaml": CONTRACT,
         "workflows/reception.yaml": WORKFLOW, "policies/customers.yaml": POLICY,
         "training/induction.yaml": TRAINING, "forms/quote.yaml": FORM}
