"""Which messages describe an emergency happening now.

Patients ask most anxiously about their medical history ("can I have dry
needling after a stroke?"), so naming a condition is not an emergency; a
symptom or an act happening now is. `assess(text)` gives one of:

- PRESENT: something happening now ("i can't breathe", "he's collapsed",
  "i've taken all my tablets"). The 999 / NHS 111 reply replaces any answer.
- MENTION: an emergency condition or symptom is named, but as the past,
  someone's history, a habit or a question about a risk ("i fainted once at
  the dentist", "can needling cause a collapsed lung?"). The question gets its
  answer, followed by one short line: "If you have these symptoms now, call 999".
- NAMED: a condition is named with nothing to say when ("heart attack", or
  "i fainted at the clinic", or "fainted last week, still dizzy", with cues both ways): the
  classifier's choice stands, and if it is not the emergency reply the line
  is added.
- NEGATED: a symptom is named only to say it is absent ("no chest pain, just
  a stiff neck"): nothing is added.
- NONE: nothing of the kind.

How a match is judged, inside its clause (the text between . ! ? ; or "but"):
1. a negation within three words before it ("no", "not", "never", "without",
   "haven't"...) -> NEGATED;
2. a cue that it is happening now ("now", "still", "today", "an hour ago",
   "since the needling", "won't stop"...) -> PRESENT, unless a past cue is
   also there for a CONDITION (then MENTION: we cannot be sure);
3. by the rule's kind:
   - ACT: worded as happening now by its grammar ("is having a seizure",
     "can't breathe", "want to kill myself"). PRESENT unless the clause
     makes it a supposition ("what if someone", "if i can't breathe"...) or
     dates it in the past ("years ago", "as a teenager").
   - SYMPTOM: a symptom's name ("chest pain", "slurred speech", "choking").
     PRESENT unless a past, habit or risk-question cue says otherwise. A
     symptom people also name in ordinary talk ("out of breath", "choking",
     "feel faint") needs the message to say someone has it ("i'm", "she is",
     "my breathing is"); without that it is NAMED.
   - CONDITION: an event's or a condition's name ("a stroke", "fainted",
     "collapsed lung", "overdose"). A now cue alone -> PRESENT; a past cue
     ("had", "years ago", "after my stroke") or a risk question alone ->
     MENTION; both or neither -> NAMED.
Every pattern matches whole words only. The rules are in emergency_rule_list.py,
each with the messages it must catch and ordinary ones it must leave alone
(tests/test_emergency_rules.py runs them one by one); the cues of time are in
emergency_cues.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum
from typing import List, Tuple

from rasa_addons.nlu.emergency_cues import (
    ACT_SUPPOSITION,
    BUT,
    CANT_BEFORE,
    FREE,
    HAD,
    HEDGE,
    HYPOTHETICAL_COURSE,
    JOKE,
    LONG_PAST,
    NEGATION,
    NOT_NOW,
    NOW,
    PAST,
    RECENT,
    SENTENCES,
    SETTLED,
    STATEMENT,
    WORRY,
)
from rasa_addons.nlu.emergency_patterns import ACT, CONDITION, SYMPTOM, Rule
from rasa_addons.nlu.emergency_rule_list import RULES


class Level(str, Enum):
    PRESENT = "present"
    NAMED = "named"
    MENTION = "mention"
    NEGATED = "negated"
    NONE = "none"




@dataclass(frozen=True)
class Assessment:
    level: Level
    rule: str | None = None

    @property
    def present(self) -> bool:
        return self.level is Level.PRESENT


@dataclass(frozen=True)
class Cues:
    """What a clause says about time, read once for every match in it."""
    now: bool
    past: bool
    not_now: bool
    worry: bool
    supposition: bool
    statement: bool

    @classmethod
    def of(cls, clause: str) -> Cues:
        now = bool(NOW.search(HYPOTHETICAL_COURSE.sub(r"\1", clause)))
        return cls(now, *(bool(p.search(clause)) for p in (
            PAST, NOT_NOW, WORRY, ACT_SUPPOSITION, STATEMENT)))


def _words_before(clause: str, match: re.Match, count: int) -> str:
    return " ".join(clause[:match.start()].split()[-count:])


def _negated(clause: str, match: re.Match) -> bool:
    """A negation in the three words before the match ("no chest pain"), or
    "free" right after it ("8 months seizure free")."""
    before = _words_before(clause, match, 3)
    negation = NEGATION.search(before)
    if negation and negation.group(0).lower() == "without" and CANT_BEFORE.search(
            clause[:match.start()]):
        negation = None  # "can't walk to the shop without gasping" says it happens
    return bool(negation or FREE.match(clause, match.end()))


def _had_before(clause: str, match: re.Match) -> bool:
    """The condition's own past tense: "had" in the four words before it ("my
    dad had a heart attack"), not anywhere ("i had needling today and passed
    out" is about now)."""
    return bool(HAD.search(_words_before(clause, match, 4)))


def _only_recent(clause: str) -> bool:
    """The clause's only past is yesterday or last night: "needling yesterday, i
    can't move my arms or legs" is about now."""
    return bool(RECENT.search(clause)) and not PAST.search(RECENT.sub(" ", clause))


def _lasting(clause: str, match: re.Match) -> bool:
    """A symptom dated years past, no now cue before it, and years past before it or
    the first time said after it: "left paralysed down one side after a stroke 4
    years ago and now has a tight shoulder" (a lasting effect); not "a heart attack
    2 years ago and now i have chest pain again", nor "pain in my chest spreading
    up into my neck, ..., i had a stent put in last year"."""
    long_past = [m.start() for m in LONG_PAST.finditer(clause)]
    now = [m.start() for m in NOW.finditer(clause)]
    if not long_past or any(at < match.start() for at in now):
        return False
    later = [at for at in now if at >= match.start()]
    return (any(at < match.start() for at in long_past)
            or min(long_past) < min(later, default=len(clause)))


def _judge(rule: Rule, clause: str, match: re.Match, cues: Cues) -> Level:
    if HEDGE.search(_words_before(clause, match, 4)):
        return Level.NAMED
    if _negated(clause, match):
        return Level.NEGATED if rule.negation_cancels else Level.MENTION
    if rule.kind == CONDITION:
        not_now = cues.past or _had_before(clause, match) or cues.not_now or cues.worry
        if cues.now != not_now:
            return Level.PRESENT if cues.now else Level.MENTION
        return Level.NAMED
    if rule.kind == SYMPTOM and JOKE.search(clause):
        # said for effect: nothing is happening, so no "call 999 if..." line either
        return Level.NEGATED
    if cues.now:
        return Level.NAMED if rule.kind == SYMPTOM and _lasting(clause, match) else Level.PRESENT
    if rule.kind == ACT:
        past = cues.past and not (rule.recent_is_now and _only_recent(clause))
        return Level.MENTION if past or cues.supposition else Level.PRESENT
    if (cues.past and not (cues.statement and _only_recent(clause))) or cues.not_now:
        return Level.MENTION
    if rule.needs_statement and not cues.statement:
        return Level.NAMED
    return Level.PRESENT


def not_now_throughout(text: str) -> bool:
    """The message says nothing is happening now: some clause dates something in
    the past, a habit, a joke or a supposition, and no clause has a now cue. Used
    where no rule matched and only the classifier heard an emergency ("chest day
    destroyed me lol", "i get dizzy sometimes when i stand up")."""
    cues = [Cues.of(clause) for clause, _ in _clauses(text) if clause.strip()]
    return (any(c.past or c.not_now or c.supposition for c in cues)
            and not any(c.now for c in cues))


ORDER = [Level.PRESENT, Level.NAMED, Level.MENTION, Level.NEGATED, Level.NONE]


def _clauses(text: str) -> List[Tuple[str, bool]]:
    """Each clause, and whether a "but" after it leads to a now cue: "a fit,
    usually 1 min but this one's been 4 and still going" contrasts the habit
    with now."""
    result = []
    for sentence in SENTENCES.split(text or ""):
        parts = BUT.split(sentence)[::2]  # the clauses, without the "but"s
        for i, clause in enumerate(parts):
            contrasted = (i + 1 < len(parts) and Cues.of(parts[i + 1]).now
                          and not SETTLED.search(parts[i + 1]))
            result.append((clause, contrasted))
    return result


def assess(text: str) -> Assessment:
    """The strongest judgement over every rule's matches in every clause."""
    best = Assessment(Level.NONE)
    for clause, contrasted in _clauses(text):
        if not clause or not clause.strip():
            continue
        matches = [(rule, m) for rule in RULES for m in rule.pattern.finditer(clause)]
        if not matches:
            continue
        cues = Cues.of(clause)
        for rule, match in matches:
            # an act contrasted with now is now; symptoms and conditions keep
            # their own clause's cues ("breathless on hills but today worse")
            level = _judge(rule, clause, match, replace(cues, now=True)
                           if contrasted and rule.kind == ACT else cues)
            if ORDER.index(level) < ORDER.index(best.level):
                best = Assessment(level, rule.name)
            if best.present:
                return best
    return best
