"""The emergency override's thresholds swept on the dev parts only: for each
setting, every dev message parsed again with the loaded model's override set to
it, and the emergencies given the reply first (or with the line), the ordinary
messages given the emergency reply, and the lines they pay.

    python -m evaluation.emergency_sweep [--model models/current.tar.gz] \
        --setting 0.9,0.95,0.5 --setting 0.85,0.9,0.5 ...

A setting is model_threshold,overrule_threshold,line_threshold (config.yml's
EmergencyOverride). "Unlearnt" counts only the dev rows no model trains on, as
evaluation/dev_training.py chooses them: the emergencies of no trained batch,
and the everyday messages with no `intent` label. The test parts are never read.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Callable, Dict, List, Tuple

from evaluation import collected_eval, dev_training, emergency_eval, nlu_eval

TRAINED_EMERGENCY_BATCHES = dev_training.TRAINED_BATCHES + dev_training.EMERGENCY_MODEL_BATCHES


def dev_texts() -> Dict[str, List[str]]:
    def part(path: Path, unlearnt: Callable[[Dict], bool] = lambda row: True) -> List[str]:
        return [r["text"] for r in emergency_eval.load_rows(path, "dev") if unlearnt(r)]

    return {
        "emergencies": part(emergency_eval.EMERGENCIES_NOW),
        "emergencies unlearnt": part(emergency_eval.EMERGENCIES_NOW,
                                     lambda r: r.get("batch") not in TRAINED_EMERGENCY_BATCHES),
        "everyday": part(emergency_eval.EVERYDAY),
        # labelled rows are trained on under their replies (dev_training.labelled_training_rows)
        "everyday unlearnt": part(emergency_eval.EVERYDAY, lambda r: not r.get("intent")),
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
