"""How often a second, blind labeller makes the choice we expect:
- for the collected dev part's questions, the answer: a ceiling on what
  "right answer" can mean when two people read the same question differently;
- for every row of the emergency measure's three written sets (emergencies
  now, everyday messages with risky words, medical history), whether it is
  an emergency happening now (`second`: now, not or unclear): whether a
  missed emergency or a false one is the detector's error or the set's.

    python -m evaluation.label_agreement
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Dict, List

import yaml

from evaluation import collected_eval, emergency_eval

SECOND_LABELS = collected_eval.COLLECTED.with_name("nlu_collected_second_labels.yml")


def load_second_labels(path: Path = SECOND_LABELS) -> List[Dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def agreement(ours: Dict[str, str], theirs: List[Dict]) -> Dict:
    """ours: text -> expected answer; theirs: rows with text, best and also."""
    same, either = collected_eval.Share(), collected_eval.Share()
    disagreements = []
    for row in theirs:
        expected = ours[row["text"]]
        agrees = row["best"] == expected
        same.add(agrees)
        either.add(agrees or row["also"] == expected)
        if not agrees:
            disagreements.append({**row, "ours": expected})
    return {"same": same, "either": either, "disagreements": disagreements}


def our_choice(row: Dict) -> str:
    """A collected row's expected choice in the second labeller's terms."""
    return {"in_scope": row["expect"], "off_topic": "none"}.get(row["kind"], row["kind"])


# each set's own reading of its rows: emergencies now, or none
EMERGENCY_SETS = {"emergencies now": (emergency_eval.EMERGENCIES_NOW, "now"),
                  "everyday risky words": (emergency_eval.EVERYDAY, "not"),
                  "medical history": (emergency_eval.MEDICAL_HISTORY, "not")}


def emergency_agreement(rows: List[Dict]) -> Dict[str, Counter]:
    """Part -> the second labeller's readings of the rows that carry one."""
    readings: Dict[str, Counter] = {}
    for row in rows:
        if row.get("second"):
            readings.setdefault(row["part"], Counter())[row["second"]] += 1
    return readings


def main() -> None:
    rows = collected_eval.load_collected("dev")
    ours = {r["text"]: our_choice(r) for r in rows}
    kind_of = {r["text"]: r["kind"] for r in rows}
    theirs = load_second_labels()
    print("Dev part, labelled a second time, blind "
          "(evaluation/sets/nlu_collected_second_labels.yml)")
    for kind in ("in_scope", "off_topic", "emergency", "handoff"):
        result = agreement(ours, [t for t in theirs if kind_of[t["text"]] == kind])
        print(f"  {kind}: same choice {result['same']}, ours among their two {result['either']}")
        by_label = Counter(d["ours"] for d in result["disagreements"])
        if by_label:
            print("    disagreements by our label: "
                  + ", ".join(f"{k.split('/', 1)[-1]} {v}" for k, v in by_label.most_common()))
        for d in result["disagreements"]:
            print(f"      {d['text']!r}: ours {d['ours']}, theirs {d['best']} (also {d['also']})")
    print("The emergency measure's sets, read a second time, blind (`second`: now, not, "
          "unclear)")
    for name, (path, ours) in EMERGENCY_SETS.items():
        rows = emergency_eval.load_rows(path)
        for part, readings in sorted(emergency_agreement(rows).items()):
            total = sum(readings.values())
            others = ", ".join(f"{k} {v}" for k, v in sorted(readings.items()) if k != ours)
            print(f"  {name}, {part} part: {readings[ours]}/{total} read as {ours!r}"
                  + (f" ({others})" if others else ""))
        # the dev parts' disagreements, to read (never the test parts')
        for row in rows:
            if row.get("second") and row["second"] != ours and row["part"] == "dev":
                print(f"      {row['text']!r}: theirs {row['second']}")


if __name__ == "__main__":
    main()
