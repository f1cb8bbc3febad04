"""Adds newly collected questions to an evaluation set (evaluation/sets/nlu_collected.yml
unless --into names another, such as evaluation/sets/medical_history_questions.yml).

Each row's part (dev or test) is drawn once, when it is added, from a hash of
its text (evaluation.collected_eval.part_of), so no later choice can move a
question between parts. A row needs a source: a page's address, or "written"
for a message written for the set (allowed only with --written).

    .venv/bin/python scripts/add_collected.py [--into PATH] [--written] [--batch N] NEW.yml

A question already in the training data (or a near copy) is left out.
A later batch (--batch 2) joins both parts the same way; its test part is
also reported apart, as a measure no earlier choice could have looked at.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from evaluation.collected_eval import COLLECTED, near_copy, normalise, part_of
from evaluation.nlu_eval import training_texts

FIELDS = ("text", "expect", "intent", "kind", "subkind", "topic", "words", "source", "based_on",
          "batch", "part", "second")
HEADER = ("# Questions that real people asked, or that clinics list as their patients'\n"
          "# questions, each with the page it came from (collected with the search tool;\n"
          "# emergencies built on the NHS's symptom lists where marked by an nhs.uk source).\n"
          "# part: dev is for every choice (data, pipeline, thresholds); test is never\n"
          "# used for any choice, and none of its questions may be in data/\n"
          "# (tests/test_nlu_collected.py). Added with scripts/add_collected.py.\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--into", type=Path, default=COLLECTED)
    parser.add_argument("--written", action="store_true",
                        help='accept rows whose source is "written"')
    parser.add_argument("--batch", type=int,
                        help="mark the rows as a later batch, measured apart on its test part")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args(argv)
    text = args.into.read_text(encoding="utf-8") if args.into.exists() else ""
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    rows = yaml.safe_load(text) or []
    seen = {normalise(r["text"]) for r in rows}
    # a question already trained on measures nothing, so it is never added
    trained = [t for t in training_texts() if t]
    for path in args.paths:
        for row in yaml.safe_load(Path(path).read_text(encoding="utf-8")):
            key = normalise(row["text"])
            source = str(row.get("source", ""))
            if not key or key in seen or near_copy(row["text"], trained) is not None:
                continue
            if not (source.startswith("http") or (args.written and source == "written")):
                continue
            seen.add(key)
            row["part"] = part_of(row["text"])
            if args.batch:
                row["batch"] = args.batch
            rows.append({f: row[f] for f in FIELDS if row.get(f)})
    args.into.write_text((header or HEADER) + yaml.safe_dump(
        rows, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    print(f"{len(rows)} rows in {args.into}")


if __name__ == "__main__":
    main()
