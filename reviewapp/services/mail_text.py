"""The words of invitation and reminder mail, in Chinese (default) and English."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    """One application an expert is asked to review: its code and title."""

    app_id: str
    title: str


@dataclass(frozen=True)
class Letter:
    """A composed message: subject and plain-text body."""

    subject: str
    body: str


SUBJECTS = {
    ("invitation", "zh"): "【评审邀请】{call}",
    ("invitation", "en"): "Invitation to review: {call}",
    ("reminder", "zh"): "【评审提醒】{call}",
    ("reminder", "en"): "Reminder: your reviews for {call}",
}
OPENINGS = {
    ("invitation", "zh"): ("{name} 专家：\n\n您好！诚邀您担任“{call}”的评审专家，"
                           "请评审以下 {count} 个项目："),
    ("invitation", "en"): ("Dear {name},\n\nYou are invited to review for “{call}”. "
                           "Please review these {count} applications:"),
    ("reminder", "zh"): ("{name} 专家：\n\n您好！“{call}”中以下 {count} 个项目的评审尚未完成，"
                         "请尽快完成："),
    ("reminder", "en"): ("Dear {name},\n\nThese {count} reviews for “{call}” are not finished "
                         "yet. Please complete them soon:"),
}
CLOSINGS = {
    "zh": ("请登录评审系统，先逐项作出回避声明（无利益冲突 / 声明回避 / 谢绝评审），"
           "确认无利益冲突后方可阅读项目材料并评分：\n{url}\n\n"
           "项目材料仅供评审使用，请勿外传。如有疑问，请联系科技厅项目管理工作人员。\n\n"
           "{call} 工作组"),
    "en": ("Please log in, declare for each application whether you have a conflict of "
           "interest (no conflict / conflict / decline), and read and score it once you "
           "have declared none:\n{url}\n\nThe applications are confidential. For any "
           "question, contact the call office.\n\n{call} office"),
}


def compose(kind: str, language: str, expert_name: str, call_name: str,
            tasks: Sequence[Task], login_url: str) -> Letter:
    """The subject and body of one message to one expert, listing their applications."""
    lang = "en" if language == "en" else "zh"
    values = {"name": expert_name, "call": call_name, "count": len(tasks), "url": login_url}
    lines = [f"  {n}. {task.app_id}  {task.title}" for n, task in enumerate(tasks, 1)]
    body = "\n".join([OPENINGS[(kind, lang)].format(**values), "", *lines, "",
                      CLOSINGS[lang].format(**values)])
    return Letter(SUBJECTS[(kind, lang)].format(**values), body + "\n")
