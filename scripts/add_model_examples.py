"""Adds training examples written for telling emergencies apart to
data/nlu/written_emergencies.yml: emergencies happening now, marked
`emergency_model_only` (the emergency model learns them, the main classifier
does not: rasa_addons/nlu/emergency_model.py says why), and messages that sound
like one but are not, under the intent each should get (both learn them).

    .venv/bin/python scripts/add_model_examples.py --emergencies NEW.yml ...
    .venv/bin/python scripts/add_model_examples.py --others NEW.yml ...

An emergency row is {text, topic}; another row is {text, reply}, its reply one of
REPLIES (the intent it would get). A text already in the training data, or a
near copy of it or of any question kept for measuring (the test parts of
evaluation/sets/, the held-out file), is left out: what measures must stay unseen.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Dict, List

import yaml

from evaluation import emergency_eval, nlu_eval
from evaluation.collected_eval import load_collected, near_copy, normalise
from rasa_addons.nlu.emergency_model import MODEL_ONLY

TARGET = nlu_eval.PROJECT_ROOT / "data" / "nlu" / "written_emergencies.yml"
REPLIES = {"contraindications": "faq/contraindications", "side_effects": "faq/side_effects",
           "safety": "faq/safety", "conditions_treated": "faq/conditions_treated",
           "cost": "faq/cost", "aftercare": "faq/aftercare",
           "book_appointment": "book_appointment", "ask_contact_details": "ask_contact_details",
           "medical_advice": "medical_advice", "out_of_scope": "out_of_scope"}
HEADER = (
    "# Emergencies happening now in many voices, which the emergency model alone learns\n"
    "# (`emergency_model_only`), and messages that sound like one but are not, under the\n"
    "# intent each should get, which every classifier learns. Written on 2026-12-06 by\n"
    "# helpers who never saw the repository; none is in an evaluation set, nor a near\n"
    "# copy of a question kept for measuring. Added with scripts/add_model_examples.py.\n"
)


def kept_unseen() -> List[str]:
    """Every question a measure reads and no training may hold."""
    texts = [r["text"] for r in load_collected("test")]
    for path in (emergency_eval.EMERGENCIES_NOW, emergency_eval.EVERYDAY,
                 emergency_eval.MEDICAL_HISTORY):
        texts += [r["text"] for r in emergency_eval.load_rows(path)]
    texts += [t for questions in nlu_eval.load_heldout().values() for t in questions]
    return [normalise(t) for t in texts]


def main(argv: List[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emergencies", nargs="*", default=[], type=Path)
    parser.add_argument("--others", nargs="*", default=[], type=Path)
    args = parser.parse_args(argv)
    existing = (yaml.safe_load(TARGET.read_text(encoding="utf-8"))["nlu"]
                if TARGET.exists() else [])
    blocks: Dict[str, List[Dict]] = {b["intent"]: b["examples"] for b in existing}
    unseen = kept_unseen()
    seen = [t for t in nlu_eval.training_texts() if t]
    added = left = 0
    rows = [(path, "emergency") for path in args.emergencies] + \
           [(path, None) for path in args.others]
    for path, intent in rows:
        for row in yaml.safe_load(path.read_text(encoding="utf-8")):
            text = " ".join(str(row["text"]).split())
            key = normalise(text)
            if not key or near_copy(text, unseen) is not None or \
                    near_copy(text, seen) is not None:
                left += 1
                continue
            seen.append(key)
            label = intent or REPLIES[row["reply"]]
            blocks.setdefault(label, []).append(
                {"text": text, "metadata": {MODEL_ONLY: True, "topic": row["topic"]}}
                if intent else {"text": text})
            added += 1
    nlu = [{"intent": name, "examples": examples} for name, examples in sorted(blocks.items())]
    TARGET.write_text(HEADER + yaml.safe_dump({"version": "3.1", "nlu": nlu}, sort_keys=False,
                                              allow_unicode=True, width=100), encoding="utf-8")
    print(f"{added} examples added to {TARGET}, {left} left out as near copies")


if __name__ == "__main__":
    main()
