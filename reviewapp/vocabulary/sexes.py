"""Sex (性别) of a PI: 男 / 女, from what offices write."""

from __future__ import annotations

from reviewapp.vocabulary.base import Vocabulary, table

SEX_WORDS = Vocabulary(
    key="sex", label_zh="性别", label_en="sex",
    canonical=("男", "女"),
    spellings=table({
        "男": ("男性", "男士", "男同志", "m", "male", "man", "先生"),
        "女": ("女性", "女士", "女同志", "f", "female", "woman"),
    }),
)
