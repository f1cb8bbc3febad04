"""Adds newly collected questions to tests/nlu_collected.yml.

Each row's part (dev or test) is drawn once, when it is added, from a hash of
its text (msrehab.collected_eval.part_of), so no later choice can move a
question between parts.

    .venv/bin/python scripts/add_collected.py new_rows.yml [...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from msrehab.collected_eval import COLLECTED, normalise, part_of

FIELDS = ("text", "expect", "kind", "subkind", "source", "part")


def main(paths: list[str]) -> None:
    rows = yaml.safe_load(COLLECTED.read_text(encoding="utf-8")) if COLLECTED.exists() else []
    seen = {normalise(r["text"]) for r in rows}
    for path in paths:
        for row in yaml.safe_load(Path(path).read_text(encoding="utf-8")):
            key = normalise(row["text"])
            if not key or key in seen or not str(row.get("source", "")).startswith("http"):
                continue
            seen.add(key)
            row["part"] = part_of(row["text"])
            rows.append({f: row[f] for f in FIELDS if row.get(f)})
    header = ("# Questions that real people asked, or that clinics list as their patients'\n"
              "# questions, each with the page it came from (collected with the search tool;\n"
              "# emergencies built on the NHS's symptom lists where marked by an nhs.uk source).\n"
              "# part: dev is for every choice (data, pipeline, thresholds); test is never\n"
              "# used for any choice, and none of its questions may be in data/\n"
              "# (tests/test_nlu_collected.py). Added with scripts/add_collected.py.\n")
    COLLECTED.write_text(header + yaml.safe_dump(rows, sort_keys=False, allow_unicode=True,
                                                 width=100), encoding="utf-8")
    print(f"{len(rows)} rows")


if __name__ == "__main__":
    main(sys.argv[1:])
