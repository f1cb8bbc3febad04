"""Scores a model on the collected questions (evaluation/sets/nlu_collected.yml): what
real people asked, with the page each came from, split once into a dev part
(for every choice) and a test part (never used for any choice).

Figures, per part:
- in scope: the right FAQ answer directly; reached directly or with one click
  on a "Did you mean ...?" button; a wrong FAQ answer given directly;
- off topic: not answered with an FAQ answer;
- emergencies: routed to the emergency reply (999 / NHS 111) first;
- booking, contact and callback requests: handed off.
"""

from __future__ import annotations

import difflib
import hashlib
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Dict, Iterable, List
from urllib.parse import urlparse

import numpy as np
import yaml

from msrehab import clarify
from rasa_addons.channels import two_questions

COLLECTED = Path(__file__).resolve().parent / "sets" / "nlu_collected.yml"
TEST_SHARE = 55  # percent of the collected questions in the test part
# near copy: a question that differs from another only by a word or some spelling
NEAR_COPY = 0.9
FAQ_PREFIX = "faq/"
HANDOFF = {"book_appointment", "ask_contact_details", "request_callback", "start_callback"}
EMERGENCY = "emergency"


def normalise(text: str) -> str:
    """Lower case, letters, digits and spaces: how questions are compared."""
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def near_copy(question: str, others: Iterable[str]) -> str | None:
    """The first of `others` (normalised texts) within a spelling or a word of
    `question` (similarity NEAR_COPY or more after normalising), or None."""
    # the question is b, which SequenceMatcher indexes once; set_seq1 swaps
    # only the other side (passing it as a would let set_seq1 replace it)
    matcher = difflib.SequenceMatcher(None, b=normalise(question))
    for other in others:
        matcher.set_seq1(other)
        if (matcher.real_quick_ratio() >= NEAR_COPY and matcher.quick_ratio() >= NEAR_COPY
                and matcher.ratio() >= NEAR_COPY):
            return other
    return None


class NearCopies:
    """near_copy against one fixed list of normalised texts, read many times. A
    text is compared in full only where SequenceMatcher's own quick bounds
    allow NEAR_COPY: its length (real_quick_ratio) and the letters the two share
    (quick_ratio), both worked out for every text at once; so the same near
    copies are found, several times faster."""

    ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 "

    def __init__(self, others: Iterable[str]) -> None:
        self.texts = sorted(set(others))
        if any(t != normalise(t) for t in self.texts):
            raise ValueError("NearCopies compares normalised texts (collected_eval.normalise)")
        self.lengths = np.array([len(t) for t in self.texts])
        self.letters = np.array([self._letters(t) for t in self.texts]).reshape(
            len(self.texts), len(self.ALPHABET))

    @classmethod
    def _letters(cls, text: str) -> List[int]:
        return [text.count(c) for c in cls.ALPHABET]

    def of(self, question: str) -> str | None:
        key = normalise(question)
        total = self.lengths + len(key)
        shared = np.minimum(self.letters, self._letters(key)).sum(axis=1)
        close = (2.0 * np.minimum(self.lengths, len(key)) / np.maximum(total, 1) >= NEAR_COPY) \
            & (2.0 * shared / np.maximum(total, 1) >= NEAR_COPY)
        return near_copy(question, [self.texts[i] for i in np.flatnonzero(close)])


def part_of(text: str) -> str:
    """A question's part, drawn once from a hash of its text: random with
    respect to topic and wording, and never redrawn."""
    digest = int(hashlib.sha256(normalise(text).encode()).hexdigest(), 16)
    return "test" if digest % 100 < TEST_SHARE else "dev"


def load_collected(part: str | None = None, path: Path = COLLECTED) -> List[Dict]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [r for r in rows if part is None or r["part"] == part]


@dataclass
class Share:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    def include(self, other: Share) -> None:
        """Adds another count's figures (one fold's, in cross-validation)."""
        self.right += other.right
        self.total += other.total

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.right}/{self.total} = {self.rate:.1%}"


@dataclass
class CollectedReport:
    in_scope: Share = field(default_factory=Share)
    in_scope_reached: Share = field(default_factory=Share)
    in_scope_wrong: Share = field(default_factory=Share)
    off_topic: Share = field(default_factory=Share)
    emergency: Share = field(default_factory=Share)
    handoff: Share = field(default_factory=Share)
    per_key: Dict[str, Share] = field(default_factory=lambda: defaultdict(Share))
    mistakes: List[Dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> Dict:
        shares = {name: {"right": s.right, "total": s.total, "rate": s.rate}
                  for name, s in [("in_scope", self.in_scope),
                                  ("in_scope_reached", self.in_scope_reached),
                                  ("in_scope_wrong", self.in_scope_wrong),
                                  ("off_topic_not_faq", self.off_topic),
                                  ("emergency_first", self.emergency),
                                  ("handed_off", self.handoff)]}
        shares["per_key"] = {k: {"right": s.right, "total": s.total}
                             for k, s in sorted(self.per_key.items())}
        return shares


def evaluate_collected(rows: List[Dict], predict: Callable[[str], str],
                       offered: Callable[[str], List[str]] = lambda text: []
                       ) -> CollectedReport:
    """`predict`: text -> the label answered directly (an FAQ key, an intent,
    or nlu_fallback); `offered`: text -> the FAQ keys a "Did you mean" offers."""
    report = CollectedReport()
    for row in rows:
        text, expected, kind = row["text"], row["expect"], row["kind"]
        label = predict(text)
        if kind == "in_scope":
            right = label == expected
            report.in_scope.add(right)
            clicked = (label == "nlu_fallback"
                       and expected.split("/", 1)[1] in offered(text))
            report.in_scope_reached.add(right or clicked)
            report.in_scope_wrong.add(label.startswith(FAQ_PREFIX) and not right)
        elif kind == "off_topic":
            right = not label.startswith(FAQ_PREFIX)
            report.off_topic.add(right)
        elif kind == EMERGENCY:
            right = label == EMERGENCY
            report.emergency.add(right)
        else:
            right = label in HANDOFF
            report.handoff.add(right)
        report.per_key[expected].add(right)
        if not right:
            report.mistakes.append({"text": text, "expected": expected, "predicted": label})
    return report


def page_of(url: str) -> str:
    """A source's page: host and path, without scheme, "www.", query or slash."""
    parsed = urlparse(url.strip())
    return parsed.netloc.lower().removeprefix("www.") + parsed.path.rstrip("/")


def split_by_page_trained_on(test_rows: List[Dict], dev_rows: List[Dict]):
    """Test rows whose page also gave a dev question (the final model trains
    on the dev part, so it has seen that page's wording), and the others."""
    dev_pages = {page_of(r["source"]) for r in dev_rows}
    seen = [r for r in test_rows if page_of(r["source"]) in dev_pages]
    unseen = [r for r in test_rows if page_of(r["source"]) not in dev_pages]
    return seen, unseen


def merge_into(total: CollectedReport, part: CollectedReport) -> None:
    """Adds one fold's counts to a running report (cross-validation)."""
    for f in fields(total):
        if isinstance(getattr(total, f.name), Share):
            getattr(total, f.name).include(getattr(part, f.name))
    for key, share in part.per_key.items():
        total.per_key[key].include(share)
    total.mistakes.extend(part.mistakes)


def two_question_messages(rows: List[Dict], count: int = 40, seed: int = 12) -> List[Dict]:
    """Messages asking two collected in-scope questions at once, on different
    topics, joined the ways patients join them ("... and ...", "...? ...?")."""
    questions = [r for r in rows if r["kind"] == "in_scope"
                 and two_questions.STARTS_AS_QUESTION.match(r["text"])
                 and r["text"].count("?") <= 1 and r["text"].rstrip().endswith("?")
                 and len(two_questions.split(r["text"])) == 1]
    chooser = random.Random(seed)
    joins = [lambda a, b: f"{a.rstrip('?')} and {b[0].lower()}{b[1:]}",
             lambda a, b: f"{a} {b}" if a.endswith("?") else f"{a}? {b}",
             lambda a, b: f"{a.rstrip('?').lower()} and also {b.lower()}"]
    messages = []
    while len(messages) < count and len(questions) >= 2:
        first, second = chooser.sample(questions, 2)
        if first["expect"] == second["expect"]:
            continue
        join = joins[len(messages) % len(joins)]
        messages.append({"text": join(first["text"].strip(), second["text"].strip()),
                         "expect": [first["expect"], second["expect"]]})
    return messages


def evaluate_two_questions(messages: List[Dict], predict: Callable[[str], str]) -> Share:
    """Both answers right, in order, after the split the chat channels make."""
    share = Share()
    for message in messages:
        parts = two_questions.split(message["text"])
        share.add([predict(p) for p in parts] == message["expect"])
    return share


def model_predictors(parse: Callable[[str], Dict], label_of: Callable[[Dict], str]):
    """The direct label and the offered topics, from one parse per text."""
    return (lambda text: label_of(parse(text)),
            lambda text: clarify.options(parse(text)))


def format_collected(report: CollectedReport, title: str) -> str:
    lines = [title, f"{'expected':32} {'right':>5} {'total':>5} {'rate':>7}"]
    for key, share in sorted(report.per_key.items()):
        lines.append(f"{key:32} {share.right:5d} {share.total:5d} {share.rate:7.1%}")
    lines += [
        f"In scope, right answer directly:             {report.in_scope}",
        f"In scope, right directly or with one click:  {report.in_scope_reached}",
        f"In scope, a wrong answer given directly:     {report.in_scope_wrong}",
        f"Off topic, not answered with an FAQ:         {report.off_topic}",
        f"Emergencies routed to 999 / NHS 111 first:   {report.emergency}",
        f"Booking, contact, callback handed off:       {report.handoff}",
    ]
    return "\n".join(lines)
