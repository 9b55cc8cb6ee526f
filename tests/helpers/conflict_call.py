"""A small call with one case of each detected conflict rule, and storing it."""

from __future__ import annotations

from datetime import date

from reviewapp.call_settings_model import template_2025
from reviewapp.extensions import db
from reviewapp.services.call_import import create_call, store_call_book
from reviewapp.workbook.records import (
    ApplicationRecord,
    AvoidanceRecord,
    CallBook,
    ExpertRecord,
    RelationRecord,
    UnitRecord,
)

DEADLINE = date(2025, 3, 31)


def small_book() -> CallBook:
    """Two applications, four experts and one case of each detected rule."""
    return CallBook(
        units=(UnitRecord("U1", "新疆某某有限责任公司", "企业", "新疆"),
               UnitRecord("U2", "北京某大学", "高校", "北京"),
               UnitRecord("U3", "北京某大学化学学院", "高校", "北京", parent_unit_id="U2"),
               UnitRecord("U4", "新疆某某有限公司", "企业", "新疆"),
               UnitRecord("U5", "上海某研究院", "科研院所", "上海")),
        applications=(
            ApplicationRecord("A1", "页岩油催化裂化示范", "T1", "油气生产加工", "U1", ("U2",),
                              pi_id="P1", pi_name="李强", keywords=("催化裂化",),
                              abstract="引进催化裂化新工艺"),
            ApplicationRecord("A2", "机采棉清理", "T1", "棉花和纺织服装", "U4", ("U5",),
                              pi_id="E4", pi_name="赵六", keywords=("棉花采摘",)),
        ),
        experts=(
            ExpertRecord("E1", "王伟", "U3", "北京某大学化学学院", "北京",
                         directions=("油气生产加工",), keywords=("催化裂化",),
                         profile="从事催化裂化研究"),
            ExpertRecord("E2", "张三", "U5", "上海某研究院", "上海",
                         directions=("棉花和纺织服装",)),
            ExpertRecord("E3", "钱七", None, "上海某研究院 ", "上海"),
            ExpertRecord("E4", "赵六", "U4", "新疆某某有限公司", "新疆"),
        ),
        relations=(RelationRecord("E2", "曾任职", "U1", date(2023, 9, 30)),
                   RelationRecord("P1", "合作", "E4", date(2024, 1, 1))),
        avoidance=(AvoidanceRecord("A1", expert_id="E3", reason="竞争关系"),),
    )


def store(book: CallBook) -> int:
    """Store the book as a new call and return its id."""
    call = create_call("回避测试", DEADLINE, template_2025())
    store_call_book(call, book)
    db.session.commit()
    return call.id
