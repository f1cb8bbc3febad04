"""The emergency override's thresholds swept on the dev parts only: for each
setting, every dev message parsed again with the loaded model's override set to
it, and the emergencies given the reply first (or with the line), the ordinary
messages given the emergency reply, and the lines they pay.

    python -m evaluation.emergency_sweep [--model models/current.tar.gz] \
        --setting 0.9,0.95,0.5 --setting 0.85,0.9,0.5 ...

A setting is model_threshold,overrule_threshold,line_threshold (config.yml's
EmergencyOverride). "Unlearnt" counts only the rows no model trains on: the
emergencies of batches 8 on (evaluation/dev_training.py) and the everyday
messages of batches 5 on (the dev parts of 1-4 are trained on under their
replies). The test parts are never read.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Dict, List, Tuple

from evaluation import collected_eval, emergency_eval, nlu_eval

FIRST_UNLEARNT_EMERGENCY_BATCH = 8
FIRST_UNLEARNT_EVERYDAY_BATCH = 5


def dev_texts() -> Dict[str, List[str]]:
    def part(path: Path, first_batch: int = 0) -> List[str]:
        return [r["text"] for r in emergency_eval.load_rows(path, "dev")
                if (r.get("batch") or 0) >= first_batch]

    return {
        "emergencies": part(emergency_eval.EMERGENCIES_NOW),
        "emergencies unlearnt": part(emergency_eval.EMERGENCIES_NOW,
                                     FIRST_UNLEARNT_EMERGENCY_BATCH),
        "everyday": part(emergency_eval.EVERYDAY),
        "everyday unlearnt": part(emergency_eval.EVERYDAY, FIRST_UNLEARNT_EVERYDAY_BATCH),
        "medical history": part(emergency_eval.MEDICAL_HISTORY),
        "collected, not emergencies": [r["text"] for r in collected_eval.load_collected("dev")
                                       if r["kind"] != emergency_eval.EMERGENCY],
    }


def override_of(agent):
    from rasa_addons.nlu.emergency_override import EmergencyOverride

    for component in nlu_eval.components(agent):
        if isinstance(component, EmergencyOverride):
            return component
    raise ValueError("the model has no EmergencyOverride")


def measure(agent, loop, sets: Dict[str, List[str]]) -> str:
    texts = sorted({t for texts in sets.values() for t in texts})
    parses = {t: loop.run_until_complete(agent.parse_message(t)) for t in texts}
    first = {t: nlu_eval.label_of(p) == emergency_eval.EMERGENCY for t, p in parses.items()}
    line = {t: emergency_eval.gets_the_line(p, t) for t, p in parses.items()}
    cells = []
    for name, texts in sets.items():
        if name.startswith("emergencies"):
            cells.append(f"{name}: {sum(first[t] for t in texts)}/{len(texts)} first, "
                         f"{sum(first[t] or line[t] for t in texts)} with the line")
        else:
            cells.append(f"{name}: {sum(first[t] for t in texts)}/{len(texts)} false, "
                         f"{sum(line[t] for t in texts)} lines")
    return "; ".join(cells)


def parse_setting(value: str) -> Tuple[float, float, float]:
    model, overrule, line = (float(v) for v in value.split(","))
    return model, overrule, line


def main(argv: List[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=nlu_eval.DEFAULT_MODEL)
    parser.add_argument("--setting", type=parse_setting, action="append", required=True,
                        help="model_threshold,overrule_threshold,line_threshold")
    args = parser.parse_args(argv)
    agent = nlu_eval.load_agent(args.model)
    loop = asyncio.new_event_loop()
    override = override_of(agent)
    sets = dev_texts()
    for model, overrule, line in args.setting:
        override.model_threshold, override.overrule_threshold = model, overrule
        override.line_threshold = line
        print(f"{model} / {overrule} / {line}: {measure(agent, loop, sets)}", flush=True)


if __name__ == "__main__":
    main()
