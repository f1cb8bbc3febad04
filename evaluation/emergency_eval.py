"""The emergency reply measured both ways, per collection of messages.

- Emergencies caught: every emergency the repository holds (collected,
  held-out, typed conversations) must get the 999 / NHS 111 reply first.
- False emergencies: every other message the repository holds (training data,
  collected dev and test parts, held-out file, typed conversations) and two
  collections kept for this measure, each split once into dev and test parts
  like evaluation/sets/nlu_collected.yml:
  - evaluation/sets/medical_history_questions.yml: real questions about a past or
    lasting condition and dry needling, acupuncture or physiotherapy, each
    with its page; they must be answered (contraindications, safety, side
    effects, conditions treated, the clinician or a hand-off), never with the
    emergency reply alone;
  - evaluation/sets/everyday_risky_messages.yml: ordinary messages to a clinic that hold
    the words a careless detector fires on (attend, send, dead, collapse...);
- and emergencies caught on evaluation/sets/emergencies_now.yml: emergencies
  happening now, written blind to the rules, split the same way.
Beside each, the messages that keep their answer and get the one line "If this
is happening to you or someone with you now, call 999 ..." after it
(rasa_addons/channels/message_guard.py): an emergency given it reads where to
turn, though not first; another message pays one line for the doubt.

    python -m evaluation.emergency_eval [--model models/current.tar.gz]
"""

from __future__ import annotations

import argparse
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Tuple

import yaml

from evaluation import collected_eval, nlu_eval
from evaluation.collected_eval import Share

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETS = PROJECT_ROOT / "evaluation" / "sets"
MEDICAL_HISTORY = SETS / "medical_history_questions.yml"
EVERYDAY = SETS / "everyday_risky_messages.yml"
EMERGENCIES_NOW = SETS / "emergencies_now.yml"
TYPED = PROJECT_ROOT / "tests" / "typed_conversations.yml"
EMERGENCY = "emergency"
# what answers a question about one's medical history: the clinician decides
# (contraindications, safety), what to expect (side effects, conditions), or a
# person (the no-diagnosis reply names the clinician; the hand-offs)
HISTORY_ANSWERS = {"faq/contraindications", "faq/safety", "faq/side_effects",
                   "faq/conditions_treated", "medical_advice"} | collected_eval.HANDOFF


def load_rows(path: Path, part: str | None = None) -> List[Dict]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [r for r in rows if part is None or r["part"] == part]


def training_messages() -> Tuple[List[str], List[str]]:
    """(emergency, other) example texts of the training data in data/."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(PROJECT_ROOT / "data" / "nlu"))
    emergency, other = [], []
    for example in data.intent_examples:
        (emergency if example.get("intent") == EMERGENCY else other).append(example.get("text"))
    return emergency, other


def typed_messages() -> Tuple[List[str], List[str]]:
    """(emergency, other) texts typed in tests/typed_conversations.yml; a turn
    whose replies must contain the emergency reply is an emergency."""
    emergency, other = [], []
    for conversation in yaml.safe_load(TYPED.read_text(encoding="utf-8")):
        for turn in conversation["turns"]:
            expects = [str(item) for item in turn[1:]]
            (emergency if EMERGENCY in expects else other).append(str(turn[0]))
    return emergency, other


COLLECTION_NAMES = [
    "training data (data/)", "held-out file", "typed conversations",
    "collected, dev part", "collected, test part",
    "emergencies now, dev part", "emergencies now, test part",
    "medical history, dev part", "everyday risky words, dev part",
    "medical history, test part", "everyday risky words, test part"]


def collections() -> Dict[str, Tuple[List[str], List[str]]]:
    """Name -> (emergencies, other messages), every collection the measure reads."""
    heldout = nlu_eval.load_heldout()
    result = {
        "training data (data/)": training_messages(),
        "held-out file": (heldout.get(EMERGENCY, []),
                          [t for key, texts in heldout.items() if key != EMERGENCY
                           for t in texts]),
        "typed conversations": typed_messages(),
    }
    for part in ("dev", "test"):
        rows = collected_eval.load_collected(part)
        result[f"collected, {part} part"] = (
            [r["text"] for r in rows if r["kind"] == EMERGENCY],
            [r["text"] for r in rows if r["kind"] != EMERGENCY])
    for part in ("dev", "test"):
        result[f"emergencies now, {part} part"] = (
            [r["text"] for r in load_rows(EMERGENCIES_NOW, part)], [])
    for part in ("dev", "test"):
        result[f"medical history, {part} part"] = (
            [], [r["text"] for r in load_rows(MEDICAL_HISTORY, part)])
        result[f"everyday risky words, {part} part"] = (
            [], [r["text"] for r in load_rows(EVERYDAY, part)])
    assert list(result) == COLLECTION_NAMES
    return result


def gets_the_line(parse: Dict, text: str) -> bool:
    """Whether the chat channels add the one line after the answer: the rules
    name an emergency without saying it is now, or the emergency model was
    unsure (message_guard.py; the emergency reply itself never gets it)."""
    from rasa_addons.nlu.emergency_override import LINE, earns_the_line

    return nlu_eval.label_of(parse) != EMERGENCY and earns_the_line(text, bool(parse.get(LINE)))


@dataclass
class EmergencyFigures:
    caught: Share
    false: Share
    missed: List[str]
    false_texts: List[str]
    # emergencies given the reply or the line; other messages given the line
    caught_or_line: Share
    lines: Share


def measure(emergencies: Iterable[str], others: Iterable[str],
            predict: Callable[[str], str],
            line: Callable[[str], bool] = lambda text: False) -> EmergencyFigures:
    caught, false, caught_or_line, lines = Share(), Share(), Share(), Share()
    missed, wrong = [], []
    for text in emergencies:
        ok = predict(text) == EMERGENCY
        caught.add(ok)
        caught_or_line.add(ok or line(text))
        if not ok:
            missed.append(text)
    for text in others:
        is_false = predict(text) == EMERGENCY
        false.add(is_false)
        lines.add(line(text))
        if is_false:
            wrong.append(text)
    return EmergencyFigures(caught, false, missed, wrong, caught_or_line, lines)


def history_answered(rows: Iterable[Dict], predict: Callable[[str], str]
                     ) -> Tuple[Share, List[Tuple[str, str]]]:
    """Medical-history questions given an answer that suits them."""
    share, misses = Share(), []
    for row in rows:
        label = predict(row["text"])
        share.add(label in HISTORY_ANSWERS)
        if label not in HISTORY_ANSWERS:
            misses.append((row["text"], label))
    return share, misses


def _row(name: str, f: EmergencyFigures) -> str:
    caught = str(f.caught) if f.caught.total else "-"
    with_line = str(f.caught_or_line) if f.caught.total else str(f.lines)
    return f"{name:38} {caught:>16} {str(f.false):>20} {with_line:>18}"


def later_batches(predict: Callable[[str], str], parts: Tuple[str, ...],
                  line: Callable[[str], bool]) -> List[str]:
    """A later batch's rows (`batch: 2`...) measured apart as well: their test
    part had never been measured when the rules were last chosen."""
    lines = []
    for label, path in (("emergencies now", EMERGENCIES_NOW), ("medical history", MEDICAL_HISTORY),
                        ("everyday risky words", EVERYDAY)):
        for part in parts:
            rows = load_rows(path, part)
            for batch in sorted({r["batch"] for r in rows if r.get("batch")}):
                texts = [r["text"] for r in rows if r.get("batch") == batch]
                f = (measure(texts, [], predict, line) if path == EMERGENCIES_NOW
                     else measure([], texts, predict, line))
                lines.append(f"{_row(f'  of which batch {batch}', f)}   ({label}, {part} part)")
                if path == MEDICAL_HISTORY:
                    share, _ = history_answered(
                        [r for r in rows if r.get("batch") == batch], predict)
                    lines.append(f"  medical history batch {batch}, {part} part, answered: {share}")
    return lines


def report(predict: Callable[[str], str], show_texts: bool = False,
           parts: Tuple[str, ...] = ("dev", "test"),
           line: Callable[[str], bool] = lambda text: False) -> Tuple[str, Dict]:
    # a later batch's rows and the history questions are judged in two tables each
    predict = functools.lru_cache(maxsize=None)(predict)
    line = functools.lru_cache(maxsize=None)(line)
    lines = ["Emergency reply, both ways (caught: emergencies given 999 first; "
             "false: other messages given it; line: emergencies given the reply or the "
             "answer and the line, other messages given the line)",
             f"{'collection':38} {'caught':>16} {'false emergencies':>20} {'line':>18}"]
    figures: Dict = {}
    left_out = tuple(f"{part} part" for part in ("dev", "test") if part not in parts)
    for name, (emergencies, others) in collections().items():
        if left_out and name.endswith(left_out):
            continue
        f = measure(emergencies, others, predict, line)
        lines.append(_row(name, f))
        figures[name] = {"emergencies_caught": f.caught.right, "emergencies": f.caught.total,
                         "false_emergencies": f.false.right, "others": f.false.total,
                         "emergencies_given_reply_or_line": f.caught_or_line.right,
                         "others_given_line": f.lines.right}
        if show_texts:
            lines += [f"    missed{' (line)' if line(t) else ''}: {t!r}" for t in f.missed]
            lines += [f"    false:  {t!r}" for t in f.false_texts]
    lines += later_batches(predict, parts, line)
    for part in parts:
        share, misses = history_answered(load_rows(MEDICAL_HISTORY, part), predict)
        lines.append(f"Medical history, {part} part, answered (contraindications, safety, "
                     f"side effects, conditions, clinician, hand-off): {share}")
        figures[f"medical history, {part} part"]["answered"] = share.right
        if show_texts:
            lines += [f"    {label}: {text!r}" for text, label in misses]
    return "\n".join(lines), figures


def main(argv: List[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=nlu_eval.DEFAULT_MODEL)
    parser.add_argument("--texts", action="store_true",
                        help="list the dev parts' misses (never the test parts')")
    parser.add_argument("--dev-only", action="store_true", help="leave the test parts out")
    args = parser.parse_args(argv)
    parse = nlu_eval.load_model_parser(args.model)
    parts = ("dev",) if args.dev_only or args.texts else ("dev", "test")
    text, _ = report(lambda t: nlu_eval.label_of(parse(t)), args.texts, parts,
                     lambda t: gets_the_line(parse(t), t))
    print(text)


if __name__ == "__main__":
    main()
