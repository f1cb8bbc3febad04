"""Two questions in one message ("does it hurt and how long does a session
take?") are answered one after the other, in the order asked.

The split is by the shape of the sentence, not by the model: each part must
start with a question word and have at least three words, so "neck and
shoulder pain", a name or a callback reason is never cut up. A message that
describes an emergency happening now is never split: the emergency reply
must come first.
"""

from __future__ import annotations

import re
from typing import List

from rasa_addons.nlu.emergency_rules import assess

QUESTION_WORDS = ("how|what|what's|whats|wat|does|do|is|are|can|could|will|would|should|"
                  "when|where|who|whos|who's|why|which|am|has|have|any|was")
# a boundary: "?" (with or without a following "and"/"also"), or "and"/"also"/
# "plus"/"," followed by a question word
BOUNDARY = re.compile(
    rf"\?\s*(?:(?:and|also|plus|oh and)\s+)?(?=\S)"
    rf"|\s*(?:,\s*)?\b(?:and also|and|also|plus)\s+(?=(?:{QUESTION_WORDS})\b)"
    rf"|,\s*(?=(?:{QUESTION_WORDS})\b)",
    re.IGNORECASE)
STARTS_AS_QUESTION = re.compile(rf"^(?:so |and |also |plus |oh |ok |okay |hi |hello )*"
                                rf"(?:{QUESTION_WORDS})\b", re.IGNORECASE)
MAX_PARTS = 3
MIN_WORDS = 3


def split(text: str) -> List[str]:
    """The questions in `text`, in order; [text] when it is one question."""
    if assess(text).present:
        return [text]
    parts = [p.strip(" ,") for p in BOUNDARY.split(text)]
    parts = [p for p in parts if p]
    if not 2 <= len(parts) <= MAX_PARTS:
        return [text]
    if all(STARTS_AS_QUESTION.match(p) and len(p.split()) >= MIN_WORDS for p in parts):
        return [p if p.endswith("?") else p + "?" for p in parts]
    return [text]
