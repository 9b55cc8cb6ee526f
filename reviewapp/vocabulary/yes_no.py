"""Yes/no cells (是/否), from what offices write: 是 否 有 无 已签订 √ × yes no 1 0 …"""

from __future__ import annotations

from reviewapp.vocabulary.base import Vocabulary, table

YES, NO = "是", "否"

YES_NO_WORDS = Vocabulary(
    key="yes_no", label_zh="是/否", label_en="yes/no",
    canonical=(YES, NO),
    spellings=table({
        YES: ("是的", "有", "已", "已签订", "已签", "已签署", "已提供", "已上传", "已附", "齐全",
              "具备", "具有", "清晰", "明确", "可用", "对", "√", "✓", "✔", "☑", "yes", "y",
              "true", "t", "1", "1.0"),
        NO: ("不是", "无", "没有", "未", "未签订", "未签", "未签署", "未提供", "未上传", "缺",
             "不齐全", "不具备", "不具有", "不清晰", "不明确", "不可用", "错", "×", "✗", "✘",
             "☐", "no", "n", "false", "f", "0", "0.0"),
    }),
)


def yes_no(text: object) -> bool | None:
    """True for a yes spelling, False for a no spelling, None when neither is known."""
    value = YES_NO_WORDS.lookup(text)
    return None if value is None else value == YES
