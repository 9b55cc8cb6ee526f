"""Every conflict row explains itself twice: in Chinese and in English, naming the same facts."""

from __future__ import annotations

from datetime import date

from assignment.conflicts import (
    Application,
    Avoidance,
    ConflictInputs,
    ConflictPolicy,
    Declared,
    Expert,
    Relation,
    StaffOverride,
    Unit,
    detect_conflicts,
)

DEADLINE = date(2025, 3, 31)
UNITS = (Unit("U1", "新疆大学"), Unit("U2", "新疆大学化学学院", parent_unit_id="U1"),
         Unit("U3", "北京某某研究院", credit_code="91X"),
         Unit("U4", "北京某某分院", credit_code="91X"), Unit("U5", "上海某某公司"))
EXPERTS = (Expert("E1", "王伟", "U2"), Expert("E2", "李强", None, "北京某某研究院"),
           Expert("E3", "赵六", "U5"), Expert("E4", "钱七", "U4"), Expert("P9", "孙八", "U5"))
APPS = (Application("A1", "U1", ("U4",), ("U5",), pi_id="P9", pi_name="孙八"),
        Application("A2", "U5", pi_id="P1", pi_name="周九"))
RELATIONS = (Relation("E3", "曾任职", "U1", date(2023, 9, 30)), Relation("U4", "曾任职", "E1"),
             Relation("E2", "亲属", "P1"), Relation("P1", "合作", "E4", date(2024, 1, 2)),
             Relation("E1", "合作", "P9"), Relation("E4", "师生", "P9"))
AVOIDANCE = (Avoidance("A1", expert_id="E3", reason="竞争关系"), Avoidance("A2", expert_id="E2"),
             Avoidance("A2", unit_id="U1", reason="同行竞争"))
DECLARED = (Declared("A2", "E4", "曾指导申报团队"), Declared("A2", "E1"))
OVERRIDES = (StaffOverride("A2", "E3", "add", "电话核实"),
             StaffOverride("A1", "E4", "add", rule="C6"),
             StaffOverride("A1", "E2", "remove", "已核实不同单位", rule="C1"))
INPUTS = ConflictInputs(UNITS, EXPERTS, APPS, RELATIONS, AVOIDANCE, DECLARED, OVERRIDES)
# What a text may name: people, units, ids, dates, reasons, windows.
FACTS = ([u.name for u in UNITS] + [e.name for e in EXPERTS] + ["周九", "P9", "2023-09-30",
         "2024-01-02", "竞争关系", "同行竞争", "曾指导申报团队", "电话核实", "已核实不同单位", "3"])


def named(text: str) -> set[str]:
    """The facts a text names."""
    return {fact for fact in FACTS if fact in text}


def test_every_rule_has_both_texts_naming_the_same_facts():
    """Each rule's rows carry Chinese and English evidence that name the same facts."""
    found = detect_conflicts(INPUTS, ConflictPolicy(DEADLINE))
    frame = found.to_frame()
    assert set(frame["rule"]) == {"C1", "C2", "C3", "C4", "C5", "C6", "C7", "STAFF"}
    for row in frame.itertuples():
        assert named(row.evidence) == named(row.evidence_en), (row.rule, row.evidence,
                                                                row.evidence_en)
        assert named(row.evidence) or row.evidence == "工作人员添加回避", row.evidence
    removed = found.removed[0]
    assert (removed.rule, removed.reason) == ("C1", "已核实不同单位")
    assert named(removed.evidence) == named(removed.evidence_en) == {
        "李强", "北京某某研究院", "北京某某分院"}


def test_english_texts_are_english_around_the_names():
    """Apart from the names, ids, dates and reasons they quote, English texts hold no Chinese."""
    found = detect_conflicts(INPUTS, ConflictPolicy(DEADLINE))
    for text in found.evidence_en:
        rest = text
        for fact in sorted(named(text), key=len, reverse=True):
            rest = rest.replace(fact, "")
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in rest), text


def test_examples_of_each_language():
    """The two texts of a C2 row and of a college under its university, word for word."""
    found = detect_conflicts(INPUTS, ConflictPolicy(DEADLINE))
    a1, e3, e1 = found.app_ids.index("A1"), found.expert_ids.index("E3"), \
        found.expert_ids.index("E1")
    assert ("C2", "专家 赵六 2023-09-30 前曾任职于 新疆大学，为项目申报单位 新疆大学") \
        in found.reasons(a1, e3)
    assert ("C2", "Expert 赵六 worked at 新疆大学, the application's lead unit 新疆大学 "
                  "until 2023-09-30") in found.reasons(a1, e3, english=True)
    assert ("C1", "Expert 王伟 works at 新疆大学化学学院 (a unit under 新疆大学), the "
                  "application's lead unit 新疆大学") in found.reasons(a1, e1, english=True)


def test_possible_same_person_in_both_languages():
    """A namesake flag says the same in Chinese and English."""
    inputs = ConflictInputs(experts=(Expert("E1", "王 伟"),),
                            applications=(Application("A1", "U1", pi_id="P1", pi_name="王伟"),))
    flag = detect_conflicts(inputs, ConflictPolicy(DEADLINE)).possible[0]
    assert "E1" in flag.evidence_en and "P1" in flag.evidence_en and "王 伟" in flag.evidence_en
    assert "E1" in flag.evidence and "P1" in flag.evidence
