"""How often a second, blind labeller picks the answer we expect for the
collected dev part's in-scope questions: a ceiling on what "right answer"
can mean when two people read the same question differently.

    python -m msrehab.label_agreement
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Dict, List

import yaml

from msrehab import collected_eval

SECOND_LABELS = collected_eval.COLLECTED.with_name("nlu_collected_second_labels.yml")


def load_second_labels(path: Path = SECOND_LABELS) -> List[Dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def agreement(ours: Dict[str, str], theirs: List[Dict]) -> Dict:
    """ours: text -> expected answer; theirs: rows with text, best and also."""
    same = either = 0
    disagreements = []
    for row in theirs:
        expected = ours[row["text"]]
        same += row["best"] == expected
        either += expected in (row["best"], row["also"])
        if row["best"] != expected:
            disagreements.append({**row, "ours": expected})
    return {"rows": len(theirs), "same": same, "either": either,
            "disagreements": disagreements}


def main() -> None:
    ours = {r["text"]: r["expect"] for r in collected_eval.load_collected("dev")
            if r["kind"] == "in_scope"}
    result = agreement(ours, load_second_labels())
    n = result["rows"]
    print(f"Dev part, in scope, labelled twice: {n} questions")
    print(f"  same best answer:                  {result['same']}/{n}"
          f" = {100 * result['same'] / n:.1f} %")
    print(f"  ours is their best or their second: {result['either']}/{n}"
          f" = {100 * result['either'] / n:.1f} %")
    by_topic = Counter(d["ours"] for d in result["disagreements"])
    print("  disagreements by our label: "
          + ", ".join(f"{k.split('/', 1)[-1]} {v}" for k, v in by_topic.most_common()))
    for d in result["disagreements"]:
        print(f"    {d['text']!r}: ours {d['ours']}, theirs {d['best']} (also {d['also']})")


if __name__ == "__main__":
    main()
