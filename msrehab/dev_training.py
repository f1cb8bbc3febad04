"""The collected dev part as training examples, and choices made by
cross-validation over it.

Once the dev part had made its choices, its questions were worth more as
training data than as a fixed yardstick: they are real patients' wording, the
kind the assistant understands worst. So the final model trains on them
(data/nlu/collected_dev.yml, written by `python -m msrehab.dev_training
--write`), and choices are made by k-fold cross-validation over the dev part
(`--cv`): each fold is scored by a model trained on the other folds' dev
questions and all of data/nlu. The test part is never read except to keep its
near copies out (tests/test_nlu_collected.py checks the same).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

import yaml

from msrehab import clarify, collected_eval

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_TRAINING = PROJECT_ROOT / "data" / "nlu" / "collected_dev.yml"
FOLDS = 5
# the evaluation file names a callback request by what it asks; the domain's
# intent for it is start_callback
INTENT_OF = {"request_callback": "start_callback"}
HEADER = (
    "# The dev part of tests/nlu_collected.yml as training examples (real people's\n"
    "# questions, source in each example's metadata). Generated: python -m\n"
    "# msrehab.dev_training --write. Not edited by hand; the test part and its near\n"
    "# copies are never here (tests/test_nlu_collected.py).\n"
)


def fold_of(text: str) -> int:
    """A dev question's fold, from a hash of its text (independent of its part's)."""
    digest = hashlib.sha256(("fold:" + collected_eval.normalise(text)).encode()).hexdigest()
    return int(digest, 16) % FOLDS


def training_rows(rows: List[Dict], leave_out_fold: int | None = None) -> List[Dict]:
    """Dev rows fit to train on: not in the left-out fold, and no near copy of
    a test-part or held-out question (both stay unseen)."""
    from msrehab import nlu_eval

    unseen = [collected_eval.normalise(r["text"]) for r in rows if r["part"] == "test"]
    unseen += [collected_eval.normalise(t) for questions in nlu_eval.load_heldout().values()
               for t in questions]
    return [r for r in rows if r["part"] == "dev"
            and (leave_out_fold is None or fold_of(r["text"]) != leave_out_fold)
            and collected_eval.near_copy(r["text"], unseen) is None]


def as_nlu_yaml(rows: Iterable[Dict]) -> str:
    by_intent: Dict[str, List[Dict]] = {}
    for row in rows:
        intent = INTENT_OF.get(row["expect"], row["expect"])
        by_intent.setdefault(intent, []).append(
            {"text": row["text"].strip(), "metadata": {"source": row["source"]}})
    nlu = [{"intent": intent, "examples": examples}
           for intent, examples in sorted(by_intent.items())]
    return HEADER + yaml.safe_dump({"version": "3.1", "nlu": nlu}, sort_keys=False,
                                   allow_unicode=True, width=100)


def write() -> None:
    rows = training_rows(collected_eval.load_collected())
    DEV_TRAINING.write_text(as_nlu_yaml(rows), encoding="utf-8")
    print(f"{len(rows)} dev questions written to {DEV_TRAINING.relative_to(PROJECT_ROOT)}")


def _train_fold(fold: int, rows: List[Dict], work: Path) -> Path:
    data = work / f"data{fold}"
    data.mkdir()
    for path in (PROJECT_ROOT / "data" / "nlu").glob("*.yml"):
        if path.name != DEV_TRAINING.name:
            shutil.copy(path, data / path.name)
    (data / DEV_TRAINING.name).write_text(as_nlu_yaml(training_rows(rows, fold)),
                                          encoding="utf-8")
    rasa = Path(sys.executable).with_name("rasa")
    subprocess.run(
        [str(rasa), "train", "nlu", "--config", str(PROJECT_ROOT / "config.yml"),
         "--nlu", str(data), "--domain", str(PROJECT_ROOT / "domain.yml"),
         "--out", str(work), "--fixed-model-name", f"fold{fold}", "--quiet"],
        check=True, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    return work / f"fold{fold}.tar.gz"


def configured_thresholds() -> Tuple[float, float]:
    """config.yml's (intent, answer) fallback thresholds."""
    steps = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    by_name = {step["name"].rsplit(".", 1)[-1]: step for step in steps}
    return (float(by_name["FallbackClassifier"]["threshold"]),
            float(by_name["FaqConfidenceGate"]["threshold"]))


# (intent, answer) fallback thresholds compared by --cv beside config.yml's
OTHER_THRESHOLDS = [(0.3, 0.3), (0.3, 0.4), (0.3, 0.5), (0.4, 0.4), (0.4, 0.5), (0.5, 0.5)]


def cross_validate(show_mistakes: bool = False) -> None:
    """Dev figures with each fold scored by a model that never saw it, at the
    configured thresholds and at the others in OTHER_THRESHOLDS (from the same
    parses: the classifier's ranking keeps every confidence)."""
    from msrehab import nlu_eval

    configured = configured_thresholds()
    thresholds = [configured] + [t for t in OTHER_THRESHOLDS if t != configured]
    rows = collected_eval.load_collected()
    dev = collected_eval.load_collected("dev")
    totals = {t: collected_eval.CollectedReport() for t in thresholds}
    pairs = {t: collected_eval.Share() for t in thresholds}
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(FOLDS):
            parse = nlu_eval.load_model_parser(_train_fold(fold, rows, Path(tmp)))
            held = [r for r in dev if fold_of(r["text"]) == fold]
            messages = collected_eval.two_question_messages(held, count=8)
            for (intent_t, answer_t) in thresholds:
                def predict(text, i=intent_t, a=answer_t, parse=parse):
                    # the configured pair: the pipeline's own answer (its
                    # ambiguity check and gates included)
                    if (i, a) == configured:
                        return nlu_eval.label_of(parse(text))
                    return nlu_eval.label_at_thresholds(parse(text), i, a)
                report = collected_eval.evaluate_collected(
                    held, predict, lambda text, parse=parse: clarify.options(parse(text)))
                collected_eval.merge_into(totals[(intent_t, answer_t)], report)
                pairs[(intent_t, answer_t)].include(
                    collected_eval.evaluate_two_questions(messages, predict))
            print(f"fold {fold}: {len(held)} questions scored", flush=True)
    print(collected_eval.format_collected(
        totals[configured], f"Collected dev part, {FOLDS}-fold cross-validation, "
        f"thresholds {configured}"))
    print(f"Two questions in one message, both right:   {pairs[configured]}")
    print("\nintent answer   right   reach   wrong  off-top  emerg  handoff  two-q")
    for t, r in totals.items():
        print(f"{t[0]:6.2f} {t[1]:6.2f} {r.in_scope.rate:7.1%} {r.in_scope_reached.rate:7.1%} "
              f"{r.in_scope_wrong.rate:7.1%} {r.off_topic.rate:8.1%} {r.emergency.rate:6.1%} "
              f"{r.handoff.rate:8.1%} {pairs[t].rate:6.1%}")
    if show_mistakes:
        for m in totals[configured].mistakes:
            print(f"  {m['text']!r}: expected {m['expected']}, got {m['predicted']}")


def main(argv: List[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {DEV_TRAINING.name}")
    parser.add_argument("--cv", action="store_true", help="cross-validate over the dev part")
    parser.add_argument("--mistakes", action="store_true", help="with --cv: list mistakes")
    args = parser.parse_args(argv)
    if args.write:
        write()
    if args.cv:
        cross_validate(args.mistakes)


if __name__ == "__main__":
    main()
