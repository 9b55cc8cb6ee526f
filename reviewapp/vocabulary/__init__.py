"""Vocabularies of the typed workbook fields: the spellings offices write → one value each.

One module per field. A field whose values are the call's own (tracks, directions) is
built from the call's settings; the others are fixed. Where to add a spelling:
docs/eligibility-spellings.md.
"""

from reviewapp.vocabulary.base import Vocabulary, normalize
from reviewapp.vocabulary.degrees import DEGREE_WORDS
from reviewapp.vocabulary.provinces import PROVINCE_WORDS, province_of
from reviewapp.vocabulary.sexes import SEX_WORDS
from reviewapp.vocabulary.stages import STAGE_WORDS
from reviewapp.vocabulary.titles import RANK, TITLE_WORDS
from reviewapp.vocabulary.tracks import direction_vocabulary, track_vocabulary
from reviewapp.vocabulary.unit_types import UNIT_TYPE_WORDS
from reviewapp.vocabulary.yes_no import YES_NO_WORDS, yes_no

__all__ = [
    "DEGREE_WORDS",
    "PROVINCE_WORDS",
    "RANK",
    "SEX_WORDS",
    "STAGE_WORDS",
    "TITLE_WORDS",
    "UNIT_TYPE_WORDS",
    "YES_NO_WORDS",
    "Vocabulary",
    "direction_vocabulary",
    "normalize",
    "province_of",
    "track_vocabulary",
    "yes_no",
]
