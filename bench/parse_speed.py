"""The trained model's parse, in process, with each regression's weights stored
as loaded (rasa_addons/nlu/counts.fast_to_apply) beside the baseline, the weights
row by row as scikit-learn fits them; both parse the same messages and must
give the same parse data.

    python -m bench.parse_speed [--model models/current.tar.gz] [--messages 600]

The messages are the everyday messages with alarming words and the emergencies
(evaluation/sets/), the kind the measures parse by the thousand. Baseline and
variant alternate in rounds, so that a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Dict, List

import numpy as np

from evaluation import emergency_eval, nlu_eval

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def regressions(agent) -> List:
    """Every fitted linear model inside the loaded graph's components."""
    return [model for component in nlu_eval.components(agent)
            for model in vars(component).values() if hasattr(model, "coef_")]


def timed_parses(agent, loop, texts: List[str]) -> tuple[float, List[Dict]]:
    start = time.perf_counter()
    parses = [loop.run_until_complete(agent.parse_message(t)) for t in texts]
    return (time.perf_counter() - start) * 1000 / len(texts), parses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import asyncio

    agent = nlu_eval.load_agent(Path(args.model))
    loop = asyncio.new_event_loop()
    texts = [r["text"] for path in (emergency_eval.EVERYDAY, emergency_eval.EMERGENCIES_NOW)
             for r in emergency_eval.load_rows(path)][: args.messages]
    models = regressions(agent)
    as_loaded = [m.coef_ for m in models]
    baseline = [np.ascontiguousarray(c) for c in as_loaded]
    timed_parses(agent, loop, texts[:20])  # warm-up: the encoder's weights, caches

    times: Dict[str, List[float]] = {"baseline": [], "as loaded": []}
    outputs: Dict[str, List[Dict]] = {}
    for _ in range(args.rounds):
        for name, weights in (("baseline", baseline), ("as loaded", as_loaded)):
            for model, coef in zip(models, weights, strict=True):
                model.coef_ = coef
            ms, outputs[name] = timed_parses(agent, loop, texts)
            times[name].append(ms)
    same = outputs["baseline"] == outputs["as loaded"]
    print(f"{len(texts)} messages, {args.rounds} rounds, {len(models)} regressions; "
          f"parse data identical: {same}")
    for name, values in times.items():
        print(f"{name:>10}: {min(values):6.1f} ms a message (best round), "
              f"{sorted(values)[len(values) // 2]:6.1f} median")


if __name__ == "__main__":
    main()
