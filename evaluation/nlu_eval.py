"""Evaluate a trained model on the held-out questions (never trained on).

Prints the share of questions given the right answer key, per key and
overall, and the share of out-of-scope questions not answered as an FAQ.

    python -m evaluation.nlu_eval [--model models/current.tar.gz] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import logging
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List

import yaml

from evaluation import collected_eval
from msrehab import clarify

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETS = PROJECT_ROOT / "evaluation" / "sets"
DEFAULT_HELDOUT = SETS / "nlu_heldout.yml"
DEFAULT_MODEL = PROJECT_ROOT / "models" / "current.tar.gz"
FAQ_PREFIX = "faq/"
OUT_OF_SCOPE = "out_of_scope"


def training_texts() -> set:
    """Every training example's text in data/nlu, normalised, read with Rasa's own
    loader (examples may be a block of lines or a list with metadata): what no
    evaluation question may be, nor be a near copy of."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(PROJECT_ROOT / "data" / "nlu"))
    return {collected_eval.normalise(m.get("text"))
            for m in data.training_examples if m.get("text")}


def load_heldout(path: Path = DEFAULT_HELDOUT) -> Dict[str, List[str]]:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _answer_choice(parse: Dict) -> Dict:
    """The ResponseSelector's chosen answer."""
    return clarify.answer_selector(parse).get("response") or {}


def label_of(parse: Dict) -> str:
    """The answer the assistant gives: an FAQ key, or else the intent name."""
    intent = (parse.get("intent") or {}).get("name") or ""
    if intent == "faq":
        return _answer_choice(parse).get("intent_response_key") or "faq"
    return intent


def label_at_thresholds(parse: Dict, intent_threshold: float, answer_threshold: float) -> str:
    """The label the model would give with other fallback thresholds.

    Uses the classifier's own ranking, so thresholds at or above the trained
    ones can be tried without retraining (used to choose them).
    """
    ranking = [r for r in parse.get("intent_ranking") or [] if r["name"] != "nlu_fallback"]
    if not ranking or ranking[0]["confidence"] < intent_threshold:
        return "nlu_fallback"
    if ranking[0]["name"] != "faq":
        return ranking[0]["name"]
    response = _answer_choice(parse)
    if (response.get("confidence") or 0.0) < answer_threshold:
        return "nlu_fallback"
    return response.get("intent_response_key") or "faq"


@dataclass
class Report:
    per_key: Dict[str, Dict[str, float]] = field(default_factory=dict)
    in_scope_total: int = 0
    in_scope_right: int = 0
    oos_total: int = 0
    oos_not_faq: int = 0
    other_total: int = 0
    other_right: int = 0
    mistakes: List[Dict[str, str]] = field(default_factory=list)

    @property
    def in_scope_accuracy(self) -> float:
        return self.in_scope_right / self.in_scope_total if self.in_scope_total else 0.0

    @property
    def oos_rejection(self) -> float:
        return self.oos_not_faq / self.oos_total if self.oos_total else 0.0

    def as_dict(self) -> Dict:
        return {
            "per_key": self.per_key,
            "in_scope_accuracy": self.in_scope_accuracy,
            "in_scope_total": self.in_scope_total,
            "out_of_scope_not_answered_as_faq": self.oos_rejection,
            "out_of_scope_total": self.oos_total,
            "mistakes": self.mistakes,
        }


def evaluate(heldout: Dict[str, List[str]], predict: Callable[[str], str]) -> Report:
    """Scores `predict` (text -> label) on the held-out questions."""
    report = Report()
    counts: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    for key, questions in heldout.items():
        for text in questions:
            predicted = predict(text)
            if key == OUT_OF_SCOPE:
                right = not predicted.startswith(FAQ_PREFIX)
                report.oos_total += 1
                report.oos_not_faq += int(right)
            else:
                right = predicted == key
                if key.startswith(FAQ_PREFIX):
                    report.in_scope_total += 1
                    report.in_scope_right += int(right)
                else:
                    report.other_total += 1
                    report.other_right += int(right)
            counts[key][0] += int(right)
            counts[key][1] += 1
            if not right:
                report.mistakes.append(
                    {"text": text, "expected": key, "predicted": predicted}
                )
    report.per_key = {
        key: {"right": r, "total": t, "accuracy": r / t} for key, (r, t) in counts.items()
    }
    return report


def load_agent(model_path: Path):
    """A trained Rasa model's agent, Rasa's logging quietened to warnings."""
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    return Agent.load(str(model_path))


def components(agent) -> List:
    """The loaded model's graph components (its classifiers, the override...), for
    the sweeps and benchmarks that read or set them in place."""
    return [node._component for node in agent.processor.graph_runner._instantiated_nodes.values()
            if node._component is not None]


def load_model_parser(model_path: Path) -> Callable[[str], Dict]:
    """Loads a trained Rasa model and returns a text -> parse result function."""
    agent = load_agent(model_path)
    loop = asyncio.new_event_loop()

    # the same text parses the same: the report, the sweep and the benchmark's
    # metrics each read every question, but the model parses it once
    @functools.cache
    def parse(text: str) -> Dict:
        return loop.run_until_complete(agent.parse_message(text))

    return parse


def sweep(heldout: Dict[str, List[str]], parse: Callable[[str], Dict]) -> str:
    """Accuracy and out-of-scope rejection over a grid of fallback thresholds."""
    parses = {t: parse(t) for questions in heldout.values() for t in questions}
    lines = [f"{'intent':>7} {'answer':>7} {'in-scope':>9} {'oos':>7} {'other':>7}"]
    for intent_t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        for answer_t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            r = evaluate(
                heldout,
                lambda t, i=intent_t, a=answer_t: label_at_thresholds(parses[t], i, a),
            )
            lines.append(
                f"{intent_t:7.2f} {answer_t:7.2f} {r.in_scope_accuracy:9.1%} "
                f"{r.oos_rejection:7.1%} {r.other_right / max(r.other_total, 1):7.1%}"
            )
    return "\n".join(lines)


def format_report(report: Report) -> str:
    lines = [f"{'key':40} {'right':>5} {'total':>5} {'accuracy':>9}"]
    for key, row in sorted(report.per_key.items()):
        lines.append(
            f"{key:40} {row['right']:5d} {row['total']:5d} {row['accuracy']:9.1%}"
        )
    lines.append("")
    lines.append(
        f"In-scope FAQ questions, right key: {report.in_scope_right}/"
        f"{report.in_scope_total} = {report.in_scope_accuracy:.1%}"
    )
    lines.append(
        f"Out-of-scope questions not answered as an FAQ: {report.oos_not_faq}/"
        f"{report.oos_total} = {report.oos_rejection:.1%}"
    )
    if report.mistakes:
        lines.append("")
        lines.append("Mistakes:")
        for m in report.mistakes:
            lines.append(f"  {m['text']!r}: expected {m['expected']}, got {m['predicted']}")
    return "\n".join(lines)


def _by_page_trained_on(predict, offered) -> str:
    """In-scope test figures apart for pages the dev part (trained on) shares."""
    seen, unseen = collected_eval.split_by_page_trained_on(
        collected_eval.load_collected("test"), collected_eval.load_collected("dev"))
    lines = []
    for name, rows in (("from a page a dev question also came from", seen),
                       ("from a page no trained question came from", unseen)):
        report = collected_eval.evaluate_collected(rows, predict, offered)
        lines.append(f"In scope, {name}: right {report.in_scope}, "
                     f"reached {report.in_scope_reached}, wrong {report.in_scope_wrong}")
    return "\n".join(lines)


def main(argv: List[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--heldout", type=Path, default=DEFAULT_HELDOUT)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--sweep", action="store_true", help="also print a fallback threshold sweep"
    )
    parser.add_argument("--mistakes", action="store_true",
                        help="also list the collected dev part's mistakes")
    parser.add_argument("--dev-only", action="store_true",
                        help="leave the test part out "
                             "(for choices, use evaluation.dev_training --cv)")
    args = parser.parse_args(argv)

    heldout = load_heldout(args.heldout)
    parse = load_model_parser(args.model)
    report = evaluate(heldout, lambda text: label_of(parse(text)))
    print("Held-out questions (evaluation/sets/nlu_heldout.yml, same voice as the training data)")
    print(format_report(report))
    figures = {"heldout": report.as_dict()}
    predict, offered = collected_eval.model_predictors(parse, label_of)
    for part in ("dev",) if args.dev_only else ("dev", "test"):
        collected = collected_eval.evaluate_collected(
            collected_eval.load_collected(part), predict, offered)
        figures[f"collected_{part}"] = collected.as_dict()
        print()
        title = f"Collected questions, {part} part (evaluation/sets/nlu_collected.yml)"
        if part == "dev":
            # the final model trains on the dev part (evaluation/dev_training.py)
            title += (": trained on, so not a measure; held-out dev figures come from"
                      " `python -m evaluation.dev_training --cv`")
        print(collected_eval.format_collected(collected, title))
        pairs = collected_eval.evaluate_two_questions(
            collected_eval.two_question_messages(collected_eval.load_collected(part)), predict)
        figures[f"collected_{part}"]["two_questions_both_right"] = pairs.rate
        print(f"Two questions in one message, both right:   {pairs}")
        if part == "test":
            print(_by_page_trained_on(predict, offered))
        if part == "dev" and args.mistakes:
            for m in collected.mistakes:
                print(f"  {m['text']!r}: expected {m['expected']}, got {m['predicted']}")
    from evaluation import emergency_eval  # it reads this module's loaders

    print()
    text, figures["emergency_both_ways"] = emergency_eval.report(
        predict, parts=("dev",) if args.dev_only else ("dev", "test"),
        line=lambda t: emergency_eval.gets_the_line(parse(t), t))
    print(text)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    if args.sweep:
        print()
        print(sweep(heldout, parse))


if __name__ == "__main__":
    main()
