"""`make bench`: understanding, speed and cost of this assistant, side by side with
Rasa's default pipeline (what `rasa init` writes) and a TF-IDF + logistic
regression baseline, all in the same run on the same training data.

Writes docs/benchmarks.md (tables) and PNG plots beside it, and prints the
tables. Loopback only; every load is bounded in message count and time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Callable, Dict, List

import yaml
from sklearn.metrics import f1_score
from sqlalchemy.engine import make_url

from bench import load, tfidf_baseline
from evaluation import collected_eval, nlu_eval
from rasa_addons.tracker_store import ENDPOINT_TYPE
from tests.harness.cluster import Cluster
from tests.harness.processes import cpu_seconds, free_port, stop_process_group, tree_rss_mb

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOCS = PROJECT_ROOT / "docs"
BIN = PROJECT_ROOT / ".venv" / "bin"
CONCURRENCY = (1, 10, 50)
OURS_CONFIG = PROJECT_ROOT / "config.yml"
DEFAULT_CONFIG = PROJECT_ROOT / "bench" / "configs" / "rasa_default.yml"
REDIS_DB = 7  # the lock store's database; the replica tests use 6
POSTGRES_ADMIN = os.environ.get("BENCH_POSTGRES_URL",
                                "postgresql://postgres@127.0.0.1:5432/postgres")


def env() -> Dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}


# --- training ------------------------------------------------------------------

def train(config: Path, out: Path, name: str) -> Dict:
    """Trains from scratch (an empty cache), returns path, seconds and size."""
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        subprocess.run(
            [str(BIN / "rasa"), "train", "--config", str(config), "--out", str(out),
             "--fixed-model-name", name, "--force"],
            cwd=PROJECT_ROOT, env={**env(), "RASA_CACHE_DIRECTORY": cache},
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - start
    path = out / f"{name}.tar.gz"
    return {"path": path, "train_seconds": seconds, "size_mb": path.stat().st_size / 1e6}


# --- understanding --------------------------------------------------------------

def understanding(heldout, predict: Callable[[str], str]) -> Dict:
    report = nlu_eval.evaluate(heldout, predict)
    faq_keys = sorted(k for k in heldout if k.startswith(nlu_eval.FAQ_PREFIX))
    truth, predicted = [], []
    for key in faq_keys:
        for text in heldout[key]:
            truth.append(key)
            predicted.append(predict(text))
    return {
        "right_key": report.in_scope_accuracy,
        "macro_f1": f1_score(truth, predicted, labels=faq_keys, average="macro",
                             zero_division=0),
        "oos_not_faq": report.oos_rejection,
        "per_key": {k: v["accuracy"] for k, v in report.per_key.items()},
        "truth": truth, "predicted": predicted, "faq_keys": faq_keys,
    }


def confusion_png(result: Dict, path: Path, title: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import confusion_matrix

    keys = result["faq_keys"]
    labels = keys + ["other"]
    predicted = [p if p in keys else "other" for p in result["predicted"]]
    matrix = confusion_matrix(result["truth"], predicted, labels=labels)
    fig, ax = plt.subplots(figsize=(10, 9))
    ax.imshow(matrix, cmap="Blues")
    short = [k.replace("faq/", "") for k in labels]
    ax.set_xticks(range(len(labels)), short, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(labels)), short, fontsize=8)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if matrix[i, j]:
                ax.text(j, i, matrix[i, j], ha="center", va="center", fontsize=7,
                        color="white" if matrix[i, j] > 4 else "black")
    ax.set_xlabel("answered as")
    ax.set_ylabel("held-out question's key")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def collected_understanding(predictors: Dict) -> Dict:
    """The collected questions' test part (never used for a choice)."""
    test = collected_eval.load_collected("test")
    pairs = collected_eval.two_question_messages(test)
    figures = {}
    for name, (predict, offered) in predictors.items():
        figures[name] = collected_eval.evaluate_collected(test, predict, offered).as_dict()
        figures[name]["two_questions"] = collected_eval.evaluate_two_questions(
            pairs, predict).rate
    return figures


# --- speed and memory ---------------------------------------------------------------

def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 300) -> None:
    import requests
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early ({proc.returncode})")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError("server did not start")


def find_pid(pattern: str, under: int) -> int:
    out = subprocess.run(["pgrep", "-f", "-s", str(os.getpgid(under)), pattern],
                         capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else 0


def measure_load(base_url: str, messages: int, seconds: float,
                 server_pids: List[int]) -> List[Dict]:
    """Each load level, with the Rasa server processes' CPU time per message (a
    figure that does not depend on how busy the machine's other cores are)."""
    load.warm_up(base_url)
    rows = []
    for concurrency in CONCURRENCY:
        before = cpu_seconds(server_pids)
        row = load.run_load(base_url, concurrency, messages, seconds).row()
        used = cpu_seconds(server_pids) - before
        row["rasa_cpu_ms_per_msg"] = used * 1000 / row["messages"] if row["messages"] else 0
        rows.append(row)
    return rows


def stock_server(model: Path, tmp: Path):
    """Rasa's defaults as `rasa init` runs them: one process, in-memory tracker store."""
    port = free_port()
    # no endpoints: without this file `rasa run` reads the project's endpoints.yml
    # (its SQL tracker store, and an action-server secret only run.sh sets)
    (tmp / "no-endpoints.yml").write_text("# rasa init's defaults: nothing configured\n")
    proc = subprocess.Popen(
        [str(BIN / "rasa"), "run", "--model", str(model), "--interface", "127.0.0.1",
         "--port", str(port), "--credentials", str(tmp / "rest-only.yml"),
         "--endpoints", str(tmp / "no-endpoints.yml")],
        cwd=PROJECT_ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    return proc, f"http://127.0.0.1:{port}"


def our_server(model: Path, tmp: Path, workers: int, endpoints: Dict):
    """This project's start (scripts/run.sh), with the given workers and stores."""
    rasa_port, action_port = free_port(), free_port()
    endpoints = {**endpoints,
                 "action_endpoint": {"url": f"http://127.0.0.1:{action_port}/webhook",
                                     "headers": {"X-Action-Token": "${ACTION_SERVER_TOKEN}"}}}
    (tmp / "endpoints.yml").write_text(yaml.safe_dump(endpoints))
    proc = subprocess.Popen(
        [str(PROJECT_ROOT / "scripts" / "run.sh")], cwd=PROJECT_ROOT,
        env={**env(), "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port),
             "WEB_PORT": str(free_port()), "MODEL": str(model),
             "ENDPOINTS": str(tmp / "endpoints.yml"), "SANIC_WORKERS": str(workers)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return proc, f"http://127.0.0.1:{rasa_port}"


def postgres_database(name: str, create: bool = True) -> None:
    """Creates (or drops) the benchmark's own database on the PostgreSQL server."""
    from sqlalchemy import create_engine, text
    engine = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT", future=True)
    with engine.connect() as c:
        if create:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        else:
            c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = :n"), {"n": name})
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    engine.dispose()


def run_cluster_speed(variant: str, model: Path, tmp: Path, database_url: str,
                      messages: int, seconds: float) -> Dict:
    """The deploy/ layout: nginx in front of two replicas, PostgreSQL + Redis."""
    cluster = Cluster(tmp, model, database_url, redis_db=REDIS_DB)
    cluster.rate_limit, cluster.rate_burst = "100000r/s", 100000  # all load from one address
    try:
        cluster.start()
        replica_pids = [cluster.procs[f"replica{i}"].pid for i in (0, 1)]
        rows = measure_load(cluster.proxy, messages, seconds, replica_pids)
        return {"variant": variant, "rows": rows,
                "rasa_rss_mb": sum(tree_rss_mb(pid) for pid in replica_pids),
                "action_rss_mb": tree_rss_mb(cluster.procs["actions"].pid)}
    finally:
        cluster.stop()


def run_speed(variant: str, start, messages: int, seconds: float) -> Dict:
    proc, url = start()
    try:
        wait_until_up(url, proc)
        rasa_pid = find_pid("rasa run --model", proc.pid) or proc.pid
        action_pid = find_pid("rasa run actions", proc.pid)
        rows = measure_load(url, messages, seconds, [rasa_pid])
        return {"variant": variant, "rows": rows, "rasa_rss_mb": tree_rss_mb(rasa_pid),
                "action_rss_mb": tree_rss_mb(action_pid) if action_pid else 0.0}
    finally:
        stop_process_group(proc)


# --- report --------------------------------------------------------------------------

def pct(x: float) -> str:
    return f"{x * 100:.1f} %"


def understanding_tables(results: Dict) -> str:
    u = results["understanding"]
    lines = ["## Understanding (held-out questions, never trained on)", "",
             f"{sum(len(v) for v in results['heldout'].values())} held-out questions; "
             f"{len(u['ours']['truth'])} in scope ({len(u['ours']['faq_keys'])} FAQ keys), "
             f"{len(results['heldout']['out_of_scope'])} out of scope.", "",
             "| pipeline | right key (in scope) | macro-F1 | out of scope not answered as FAQ |",
             "|---|---|---|---|"]
    for name, label in (("ours", "this assistant"), ("default", "Rasa default (`rasa init`)"),
                        ("tfidf", "TF-IDF + logistic regression")):
        r = u[name]
        lines.append(f"| {label} | {pct(r['right_key'])} | {r['macro_f1']:.3f} | "
                     f"{pct(r['oos_not_faq'])} |")
    lines += ["", "Per key, right key:", "", "| key | ours | default | tf-idf |",
              "|---|---|---|---|"]
    for key in sorted(u["ours"]["per_key"]):
        lines.append(f"| {key} | " + " | ".join(
            pct(u[n]["per_key"].get(key, 0)) for n in ("ours", "default", "tfidf")) + " |")
    c = results["collected"]
    lines += ["", "## Understanding (collected questions, test part, never used for a choice)",
              "", "Questions real people asked (evaluation/sets/nlu_collected.yml): "
              f"{c['ours']['in_scope']['total']} in scope, "
              f"{c['ours']['off_topic_not_faq']['total']} off topic, "
              f"{c['ours']['emergency_first']['total']} emergencies, "
              f"{c['ours']['handed_off']['total']} booking / contact / callback requests.", "",
              "| pipeline | in scope right | right or one click | wrong directly | "
              "off topic not FAQ | emergencies first | handed off | two questions |",
              "|---|---|---|---|---|---|---|---|"]
    for name, label in (("ours", "this assistant"), ("default", "Rasa default (`rasa init`)"),
                        ("tfidf", "TF-IDF + logistic regression")):
        r = c[name]
        lines.append(f"| {label} | " + " | ".join(pct(r[k]["rate"]) for k in (
            "in_scope", "in_scope_reached", "in_scope_wrong", "off_topic_not_faq",
            "emergency_first", "handed_off")) + f" | {pct(r['two_questions'])} |")
    lines += ["", "Training from scratch: " + ", ".join(
        f"{name} {m['train_seconds']:.0f} s" for name, m in results["models"].items())]
    return "\n".join(lines)


def tables(results: Dict) -> str:
    lines = [understanding_tables(results)]
    lines += ["", "## Speed (REST channel, loopback, concurrent conversations)", "",
              "| server | concurrent | messages | errors | p50 ms | p95 ms | p99 ms | msgs/s "
              "| Rasa CPU ms/msg |",
              "|---|---|---|---|---|---|---|---|---|"]
    for run in results["speed"]:
        for row in run["rows"]:
            lines.append(
                f"| {run['variant']} | {row['concurrency']} | {row['messages']} | "
                f"{row['errors']} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | "
                f"{row['p99_ms']:.0f} | {row['msgs_per_s']:.1f} | "
                f"{row['rasa_cpu_ms_per_msg']:.1f} |")
    stock = results["speed"][0]["rows"]
    ours = results["speed"][-1]["rows"]
    ratio = {s["concurrency"]: o["msgs_per_s"] / s["msgs_per_s"]
             for s, o in zip(stock, ours, strict=True) if s["msgs_per_s"]}
    lines += ["", "Messages per second, this assistant (last row group) / Rasa default: " +
              ", ".join(f"{c} concurrent: {r:.1f}x" for c, r in ratio.items()), "",
              "## Cost", "",
              "| | training s | model MB | Rasa server RSS MB | action server RSS MB |",
              "|---|---|---|---|---|"]
    for run in results["speed"]:
        model = results["models"][run["model"]]
        lines.append(f"| {run['variant']} | {model['train_seconds']:.0f} | "
                     f"{model['size_mb']:.1f} | {run['rasa_rss_mb']:.0f} | "
                     f"{run['action_rss_mb']:.0f} |")
    return "\n".join(lines)


def latency_png(results: Dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for run in results["speed"]:
        xs = [r["concurrency"] for r in run["rows"]]
        axes[0].plot(xs, [r["p95_ms"] for r in run["rows"]], marker="o", label=run["variant"])
        axes[1].plot(xs, [r["msgs_per_s"] for r in run["rows"]], marker="o",
                     label=run["variant"])
    axes[0].set(xlabel="concurrent conversations", ylabel="p95 latency (ms)", xscale="log",
                yscale="log", title="p95 latency per message")
    axes[1].set(xlabel="concurrent conversations", ylabel="messages / s", xscale="log",
                title="throughput")
    for ax in axes:
        ax.legend(fontsize=8)
        ax.grid(alpha=.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=600, help="per load level, at most")
    parser.add_argument("--seconds", type=float, default=45, help="per load level, at most")
    parser.add_argument("--understanding-only", action="store_true",
                        help="train and compare understanding only; print, write nothing")
    args = parser.parse_args()

    DOCS.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="msrehab-bench-"))
    pg_name = f"msrehab_bench_{uuid.uuid4().hex[:8]}"
    results: Dict = {"heldout": nlu_eval.load_heldout(), "models": {}, "speed": []}
    try:
        print("Training this assistant and Rasa's default pipeline (cold cache)...", flush=True)
        results["models"]["ours"] = train(OURS_CONFIG, work, "ours")
        results["models"]["default"] = train(DEFAULT_CONFIG, work, "default")

        print("Understanding...", flush=True)
        heldout = results["heldout"]
        u, predictors = {}, {}
        for name in ("ours", "default"):
            parse = nlu_eval.load_model_parser(results["models"][name]["path"])
            predictors[name] = collected_eval.model_predictors(parse, nlu_eval.label_of)
            u[name] = understanding(heldout, predictors[name][0])
        tfidf = tfidf_baseline.train()
        u["tfidf"] = understanding(heldout, tfidf)
        results["understanding"] = u
        # only this assistant asks "Did you mean ...?"; the others answer or not
        predictors["default"] = (predictors["default"][0], lambda text: [])
        predictors["tfidf"] = (tfidf, lambda text: [])
        results["collected"] = collected_understanding(predictors)
        if args.understanding_only:
            print(understanding_tables(results))
            return
        confusion_png(u["ours"], DOCS / "confusion_matrix.png",
                      "This assistant: held-out FAQ questions")

        print("Speed...", flush=True)
        (work / "rest-only.yml").write_text("rest:\n")
        postgres_database(pg_name)
        pg_database_url = str(make_url(POSTGRES_ADMIN).set(database=pg_name))
        single = {"tracker_store": {"type": ENDPOINT_TYPE, "dialect": "sqlite",
                                    "db": str(work / "tracker.db")}}
        variants = [
            ("Rasa default, 1 process, in-memory", "default",
             lambda: stock_server(results["models"]["default"]["path"], work)),
            ("ours, 1 process, SQLite (demo)", "ours",
             lambda: our_server(results["models"]["ours"]["path"], work, 1, single)),
        ]
        for label, model, start in variants:
            print(f"  {label}", flush=True)
            run = run_speed(label, start, args.messages, args.seconds)
            run["model"] = model
            results["speed"].append(run)
        label = "ours, 2 replicas behind nginx, PostgreSQL + Redis (deploy/)"
        print(f"  {label}", flush=True)
        (work / "cluster").mkdir()
        run = run_cluster_speed(label, results["models"]["ours"]["path"], work / "cluster",
                                pg_database_url, args.messages, args.seconds)
        run["model"] = "ours"
        results["speed"].append(run)
        latency_png(results, DOCS / "latency.png")

        text = tables(results)
        (DOCS / "benchmarks.md").write_text(
            "# Benchmarks\n\nMade by `make bench` (bench/run.py) on "
            f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores. All figures come from the "
            "same run.\n\n" + text +
            "\n\n![latency](latency.png)\n\n![confusion matrix](confusion_matrix.png)\n",
            encoding="utf-8")
        slim = {k: v for k, v in results.items() if k not in ("heldout",)}
        for r in slim["understanding"].values():
            r.pop("truth"), r.pop("predicted")
        for m in slim["models"].values():
            m["path"] = str(m["path"])
        (DOCS / "benchmarks.json").write_text(json.dumps(slim, indent=2), encoding="utf-8")
        print(text)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        try:
            postgres_database(pg_name, create=False)
        except Exception as error:  # the server may be absent; nothing to clean then
            print(f"(could not drop {pg_name}: {type(error).__name__})")


if __name__ == "__main__":
    sys.exit(main())
