"""The collected dev part as training examples, and choices made by
cross-validation over it.

Once the dev part had made its choices, its questions were worth more as
training data than as a fixed yardstick: they are real patients' wording, the
kind the assistant understands worst. So the final model trains on them
(data/nlu/collected_dev.yml, written by `python -m evaluation.dev_training
--write`), and choices are made by k-fold cross-validation over the dev part
(`--cv`). The test part is never read except to keep its near copies out
(tests/test_nlu_collected.py checks the same).

The cross-validation scores every real question the model trains on: the dev
part and the questions with a source in data/nlu (about 900, where the dev part
alone has about 280 and has been read for many choices, so it flatters). Folds
go by source page, so that no question is scored by a model that trained on its
page's other questions; each fold is scored by a model trained on all of
data/nlu but the fold's real questions.

The same holds for the emergency collections (evaluation/sets/): the emergencies'
dev part trains as `emergency` examples (data/nlu/emergencies_dev.yml), and the
dev parts of the everyday and medical-history messages, each row labelled with
the reply it should get (`intent`), train under those replies
(data/nlu/everyday_dev.yml, history_dev.yml), so that the classifier learns
what is not an emergency from messages that sound like one. The latest batch of
each set is not labelled or trained on: its dev part stays a yardstick. The
cross-validation trains every fold on the labelled files and scores none of them.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Tuple

import yaml

from evaluation import collected_eval
from msrehab import clarify
from rasa_addons.nlu.emergency_model import MODEL_ONLY

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NLU = PROJECT_ROOT / "data" / "nlu"
DEV_TRAINING = NLU / "collected_dev.yml"
EMERGENCIES_DEV_TRAINING = NLU / "emergencies_dev.yml"
EVERYDAY_DEV_TRAINING = NLU / "everyday_dev.yml"
HISTORY_DEV_TRAINING = NLU / "history_dev.yml"
FOLDS = 5
# the evaluation file names a callback request by what it asks; the domain's
# intent for it is start_callback
INTENT_OF = {"request_callback": "start_callback"}
HEADER = (
    "# The dev part of evaluation/sets/nlu_collected.yml as training examples (real people's\n"
    "# questions, source in each example's metadata). Generated: python -m\n"
    "# evaluation.dev_training --write. Not edited by hand; the test part and its near\n"
    "# copies are never here (tests/test_nlu_collected.py). Committed, though generated,\n"
    "# so that a plain `rasa train` trains on it.\n"
)


def fold_of(source: str) -> int:
    """A real question's fold, from a hash of its source page: a page's
    questions share wording, so they are left out together."""
    digest = hashlib.sha256(("fold:" + collected_eval.page_of(source)).encode()).hexdigest()
    return int(digest, 16) % FOLDS


def kind_of(intent: str) -> str:
    """How a training question's intent is scored (as in the collected file)."""
    if intent.startswith(collected_eval.FAQ_PREFIX):
        return "in_scope"
    if intent in collected_eval.HANDOFF:
        return "handoff"
    if intent == collected_eval.EMERGENCY:
        return collected_eval.EMERGENCY
    return "off_topic"  # out_of_scope, medical_advice: anything but an FAQ answer


EMERGENCIES_HEADER = (
    "# The dev part of evaluation/sets/emergencies_now.yml (batches 2-7) as `emergency` examples:\n"
    "# emergencies happening now in the words frightened people type, written blind to\n"
    "# the rules (the page each was built on in its metadata). Batches 4-7 are marked\n"
    "# `emergency_model_only`: the emergency model learns them, the main classifier does not\n"
    "# (rasa_addons/nlu/emergency_model.py says why). Generated: python -m\n"
    "# evaluation.dev_training --write. Not edited by hand; the test part and its near\n"
    "# copies are never here (tests/test_emergency_both_ways.py).\n"
)


# Batches 4-7's dev parts are not the main classifier's training data: trained on
# too, batch 4 raised the everyday dev part's false emergencies from 24 to 43 of 631
# (its understated emergencies read like ordinary messages), where batches 2-3 alone
# already catch 58 of its 61 (docs/emergencies.md). The emergency model, which
# answers only "emergency or not", learns them (`emergency_model_only`). The latest
# batch is learnt by neither: it is the yardstick for choices.
TRAINED_BATCHES = (None, 3)
EMERGENCY_MODEL_BATCHES = (4, 5, 6, 7)


def _written_set_rows(rows: List[Dict], chosen: Callable[[Dict], bool],
                      **fields: Callable[[Dict], Any]) -> List[Dict]:
    """The chosen dev rows of a set written blind, as training rows: each
    `expect` and other field from its function, its source the page it was built
    on; kept apart from the test part and the held-out file (training_rows)."""
    return training_rows([
        {**r, "source": r.get("based_on") or r["source"],
         **{name: value(r) for name, value in fields.items()}}
        for r in rows if r["part"] == "test" or chosen(r)])


def emergency_training_rows(rows: List[Dict]) -> List[Dict]:
    """The emergencies-now dev rows to train on (batches 2-7, 4-7 for the
    emergency model only)."""
    return _written_set_rows(
        rows, lambda r: r.get("batch") in TRAINED_BATCHES + EMERGENCY_MODEL_BATCHES,
        expect=lambda r: collected_eval.EMERGENCY,
        **{MODEL_ONLY: lambda r: r.get("batch") in EMERGENCY_MODEL_BATCHES})


LABELLED_HEADER = (
    "# The labelled dev part of {set} (each row's `intent`)\n"
    "# as training examples: messages that are not emergencies, though many name one or\n"
    "# hold the words an emergency detector fires on, under the reply each should get.\n"
    "# Generated: python -m evaluation.dev_training --write. Not edited by hand; the test\n"
    "# part and its near copies are never here (tests/test_emergency_both_ways.py).\n"
)


def labelled_training_rows(rows: List[Dict]) -> List[Dict]:
    """The dev rows of an everyday or medical-history set that carry an
    `intent` (batches labelled before the latest, which stays a yardstick)."""
    return _written_set_rows(rows, lambda r: bool(r.get("intent")),
                             expect=lambda r: r.get("intent", ""))


def labelled_files() -> List[Tuple[Path, Path]]:
    """(evaluation set, the training file generated from its labelled dev part)."""
    from evaluation import emergency_eval

    return [(emergency_eval.EVERYDAY, EVERYDAY_DEV_TRAINING),
            (emergency_eval.MEDICAL_HISTORY, HISTORY_DEV_TRAINING)]


def labelled_yaml(source: Path) -> str:
    from evaluation import emergency_eval

    rows = labelled_training_rows(emergency_eval.load_rows(source))
    return as_nlu_yaml(rows, LABELLED_HEADER.format(set=source.relative_to(PROJECT_ROOT)))


def _source(example) -> str | None:
    """A real question's page (an example written as text with metadata)."""
    return isinstance(example, dict) and (example.get("metadata") or {}).get("source") or None


def _nlu_files() -> List[Path]:
    """data/nlu's files (by topic), the generated dev parts aside."""
    generated = {DEV_TRAINING} | {target for _, target in labelled_files()}
    return sorted(p for p in NLU.rglob("*.yml") if p not in generated)


def collected_training_rows() -> List[Dict]:
    """The real questions in data/nlu (examples with a source; the dev part
    aside) as rows like the collected file's, by intent."""
    rows = [{"text": example["text"], "expect": block["intent"], "kind": kind_of(block["intent"]),
             "source": _source(example), "part": "train",
             # the emergency model's own examples stay its own in every fold
             MODEL_ONLY: bool(example["metadata"].get(MODEL_ONLY))}
            for path in _nlu_files()
            for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
            if isinstance(block["examples"], list)
            for example in block["examples"] if _source(example)]
    return sorted(rows, key=lambda r: r["expect"])


def training_rows(rows: List[Dict], leave_out_fold: int | None = None) -> List[Dict]:
    """Dev rows fit to train on: not in the left-out fold, and no near copy of
    a test-part or held-out question (both stay unseen)."""
    from evaluation import nlu_eval

    unseen = [collected_eval.normalise(r["text"]) for r in rows if r["part"] == "test"]
    unseen += [collected_eval.normalise(t) for questions in nlu_eval.load_heldout().values()
               for t in questions]
    index = collected_eval.NearCopies(unseen)
    return [r for r in rows if r["part"] == "dev"
            and (leave_out_fold is None or fold_of(r["source"]) != leave_out_fold)
            and index.of(r["text"]) is None]


def as_nlu_yaml(rows: Iterable[Dict], header: str = HEADER) -> str:
    by_intent: Dict[str, List[Dict]] = {}
    for row in rows:
        intent = INTENT_OF.get(row["expect"], row["expect"])
        metadata = {"source": row["source"], **({MODEL_ONLY: True} if row.get(MODEL_ONLY) else {})}
        by_intent.setdefault(intent, []).append({"text": row["text"].strip(), "metadata": metadata})
    nlu = [{"intent": intent, "examples": examples}
           for intent, examples in sorted(by_intent.items())]
    return header + yaml.safe_dump({"version": "3.1", "nlu": nlu}, sort_keys=False,
                                   allow_unicode=True, width=100)


def write() -> None:
    from evaluation import emergency_eval

    rows = training_rows(collected_eval.load_collected())
    DEV_TRAINING.write_text(as_nlu_yaml(rows), encoding="utf-8")
    print(f"{len(rows)} dev questions written to {DEV_TRAINING.relative_to(PROJECT_ROOT)}")
    rows = emergency_training_rows(emergency_eval.load_rows(emergency_eval.EMERGENCIES_NOW))
    EMERGENCIES_DEV_TRAINING.write_text(as_nlu_yaml(rows, EMERGENCIES_HEADER), encoding="utf-8")
    print(f"{len(rows)} emergencies written to "
          f"{EMERGENCIES_DEV_TRAINING.relative_to(PROJECT_ROOT)}")
    for source, target in labelled_files():
        target.write_text(labelled_yaml(source), encoding="utf-8")
        print(f"{source.name}'s labelled dev part written to {target.relative_to(PROJECT_ROOT)}")


def _train_fold(fold: int, rows: List[Dict], collected: List[Dict], work: Path,
                config: Path) -> Path:
    """A model trained on data/nlu without the fold's real questions: the
    hand-written examples as they are, the real questions but the fold's."""
    data = work / f"data{fold}"
    data.mkdir()
    for path in _nlu_files():
        nlu = yaml.safe_load(path.read_text(encoding="utf-8"))
        blocks = [{**block, "examples": [e for e in block["examples"] if not _source(e)]}
                  if isinstance(block["examples"], list) else block for block in nlu["nlu"]]
        nlu["nlu"] = [block for block in blocks if block["examples"]]
        target = data / path.relative_to(NLU)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(nlu, sort_keys=False, allow_unicode=True),
                          encoding="utf-8")
    (data / DEV_TRAINING.name).write_text(as_nlu_yaml(training_rows(rows, fold)),
                                          encoding="utf-8")
    # the labelled everyday and history messages are not scored here: every fold trains on them
    for _, target in labelled_files():
        (data / target.name).write_text(target.read_text(encoding="utf-8"), encoding="utf-8")
    (data / "collected_train.yml").write_text(
        as_nlu_yaml([r for r in collected if fold_of(r["source"]) != fold], header=""),
        encoding="utf-8")
    rasa = Path(sys.executable).with_name("rasa")
    subprocess.run(
        [str(rasa), "train", "nlu", "--config", str(config),
         "--nlu", str(data), "--domain", str(PROJECT_ROOT / "domain.yml"),
         "--out", str(work), "--fixed-model-name", f"fold{fold}", "--quiet"],
        check=True, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    return work / f"fold{fold}.tar.gz"


def configured_thresholds(config: Path = PROJECT_ROOT / "config.yml") -> Tuple[float, float]:
    """A pipeline's (intent, answer) fallback thresholds."""
    steps = yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]
    by_name = {step["name"].rsplit(".", 1)[-1]: step for step in steps}
    fallback = by_name.get("GroupedFallbackClassifier") or by_name["FallbackClassifier"]
    return (float(fallback["threshold"]),
            float(by_name["FaqConfidenceGate"]["threshold"]))


# (intent, answer) fallback thresholds compared by --cv beside config.yml's
OTHER_THRESHOLDS = [(0.3, 0.3), (0.3, 0.4), (0.3, 0.5), (0.4, 0.4), (0.4, 0.5), (0.5, 0.5)]


POOLS = {"dev": "collected dev part", "train": "real questions in data/nlu"}


def cross_validate(show_mistakes: bool = False,
                   config: Path = PROJECT_ROOT / "config.yml") -> None:
    """Figures on the real questions trained on, each fold scored by a model
    that never saw it or its pages, at the configured thresholds and at the
    others in OTHER_THRESHOLDS (from the same parses: the classifier's ranking
    keeps every confidence)."""
    from evaluation import nlu_eval

    configured = configured_thresholds(config)
    thresholds = [configured] + [t for t in OTHER_THRESHOLDS if t != configured]
    rows = collected_eval.load_collected()
    collected = collected_training_rows()
    scored = [r for r in rows if r["part"] == "dev"] + collected
    totals = {(t, pool): collected_eval.CollectedReport()
              for t in thresholds for pool in [*POOLS, "all"]}
    pairs = {t: collected_eval.Share() for t in thresholds}
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(FOLDS):
            model = _train_fold(fold, rows, collected, Path(tmp), config)
            parse = nlu_eval.load_model_parser(model)
            held = [r for r in scored if fold_of(r["source"]) == fold]
            messages = collected_eval.two_question_messages(held, count=16)
            for (intent_t, answer_t) in thresholds:
                def predict(text, i=intent_t, a=answer_t, parse=parse):
                    # the configured pair: the pipeline's own answer (its
                    # ambiguity check and gates included)
                    if (i, a) == configured:
                        return nlu_eval.label_of(parse(text))
                    return nlu_eval.label_at_thresholds(parse(text), i, a)
                for pool in POOLS:
                    report = collected_eval.evaluate_collected(
                        [r for r in held if r["part"] == pool], predict,
                        lambda text, parse=parse: clarify.options(parse(text)))
                    for key in (pool, "all"):
                        collected_eval.merge_into(totals[((intent_t, answer_t), key)], report)
                pairs[(intent_t, answer_t)].include(
                    collected_eval.evaluate_two_questions(messages, predict))
            print(f"fold {fold}: {len(held)} questions scored", flush=True)
    for pool, title in [*POOLS.items(), ("all", "all real questions trained on")]:
        print(collected_eval.format_collected(
            totals[(configured, pool)], f"\n{title}, {FOLDS}-fold cross-validation by page, "
            f"thresholds {configured}"))
    print(f"Two questions in one message, both right:   {pairs[configured]}")
    print("\nAll real questions trained on, by thresholds:")
    print("intent answer   right   reach   wrong  off-top  emerg  handoff  two-q")
    for t in thresholds:
        r = totals[(t, "all")]
        print(f"{t[0]:6.2f} {t[1]:6.2f} {r.in_scope.rate:7.1%} {r.in_scope_reached.rate:7.1%} "
              f"{r.in_scope_wrong.rate:7.1%} {r.off_topic.rate:8.1%} {r.emergency.rate:6.1%} "
              f"{r.handoff.rate:8.1%} {pairs[t].rate:6.1%}")
    if show_mistakes:
        for m in totals[(configured, "all")].mistakes:
            print(f"  {m['text']!r}: expected {m['expected']}, got {m['predicted']}")


def main(argv: List[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {DEV_TRAINING.name}")
    parser.add_argument("--cv", action="store_true",
                        help="cross-validate over the real questions trained on")
    parser.add_argument("--config", type=Path, default=PROJECT_ROOT / "config.yml",
                        help="with --cv: the pipeline to score (a variant of config.yml)")
    parser.add_argument("--mistakes", action="store_true", help="with --cv: list mistakes")
    args = parser.parse_args(argv)
    if args.write:
        write()
    if args.cv:
        cross_validate(args.mistakes, args.config)


if __name__ == "__main__":
    main()
