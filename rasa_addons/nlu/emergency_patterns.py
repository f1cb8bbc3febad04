"""What the emergency rules are made of: a rule (a pattern with the messages it
must catch and must leave alone), its kind, and the whole-word patterns that
both the rules (emergency_rule_list.py) and the cues of time
(emergency_cues.py) are written with. How a match is judged:
emergency_rules.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Tuple

# a rule's kind: how its match is judged (emergency_rules.py)
ACT, SYMPTOM, CONDITION = "act", "symptom", "condition"


def whole_words(pattern: str) -> re.Pattern:
    """A case-insensitive pattern that matches whole words only: "end my"
    never inside "attend my" or "send my"."""
    return re.compile(rf"(?<![\w'])(?:{pattern})(?![\w'])", re.IGNORECASE)



@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    pattern: re.Pattern
    catches: Tuple[str, ...] = field(default=())  # the pattern must match these
    leaves: Tuple[str, ...] = field(default=())  # and must not match these
    # "i'm not suicidal, but..." still gets the line with the numbers to call
    negation_cancels: bool = True
    # a symptom people also name in ordinary talk ("out of breath", "choking"):
    # present only when the message says someone has it ("i'm", "she is",
    # "my breathing is"); else the classifier decides (NAMED)
    needs_statement: bool = False
    # an attempt on one's life yesterday or last night still needs help now (an
    # overdose can harm hours later); only an older past makes it a mention
    recent_is_now: bool = False



PERSON = r"(?:he|she|they|someone|somebody|my (?:\w+ )?(?:husband|wife|partner|son|daughter|" \
         r"dad|mum|mom|mother|father|friend|child|baby|brother|sister|nan|grandad|grandma))"
# down and not up: a now cue (NOW) and, with how long, a rule (fallen_cant_get_up)
ON_THE_FLOOR = r"(?:been|lying|lain|laying) on the floor"
CANT = r"(?:can'?t|cant|cannot|can not|unable to|struggling to|struggle to|hard to|" \
       r"(?:having )?(?:trouble|difficulty)(?: to)?|finding it (?:really )?hard to)"
