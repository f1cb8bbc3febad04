"""`make bench-staff`: the staff page's queue (GET /queue) with 10,000 callback
requests and 100,000 stored conversations on PostgreSQL.

Seeds two fresh databases on one server, starts the staff page against them,
logs in and times each queue page: the server's own time (its Server-Timing
header) and the client's round trip, median and p95. Then drops the queue's
four indexes (migration 0002) and times the same pages again, so the table
shows what the indexes buy, and EXPLAIN (ANALYZE)s the queue's SQL both ways.
Writes docs/benchmarks-staff.md and prints it; drops its databases at the end.

PostgreSQL: BENCH_POSTGRES_URL (an admin URL), else the machine's server on
127.0.0.1:5432, else a throwaway server (tests/harness/services.py).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import random
import re
import statistics
import subprocess
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Dict, List
from urllib.parse import urlencode

from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import create_engine, event, insert, text
from sqlalchemy.engine import make_url

from msrehab.callbacks.store import (
    REFERENCE_ALPHABET,
    STATUSES,
    WAITING,
    CallbackAttempt,
    CallbackRequest,
    CallbackStore,
    utcnow,
)
from staff.accounts import RECEPTION, Accounts
from staff.queue_search import QueueSearch
from tests.harness import services
from tests.harness.databases import postgres_database
from tests.harness.staff_page import StaffClient, start_staff_page

PROJECT_ROOT = Path(__file__).resolve().parent.parent
OUT = PROJECT_ROOT / "docs" / "benchmarks-staff.md"
MACHINE_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
REQUESTS, CONVERSATIONS = 10_000, 100_000
QUEUE_INDEXES = ("ix_callback_requests_status_created", "ix_callback_requests_created",
                 "ix_callback_requests_phone", "ix_callback_requests_claimed_by")
STATUS_WEIGHTS = {"new": 15, "calling": 10, "called": 15, "closed": 60}
FIRST = ("Sarah", "James", "Aisha", "Tom", "Priya", "David", "Emma", "Mohammed", "Grace",
         "Liam", "Olivia", "Hannah", "Ravi", "Chloe", "Daniel", "Fatima", "George", "Zoe")
LAST = ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson",
        "Thomas", "Johnson", "Roberts", "Patel", "Khan", "Walker", "Wright", "Robinson",
        "Thompson", "Hughes", "Green", "Clarke", "O'Neill", "Murphy", "Campbell", "Lewis")
REASONS = ("Pain in my lower back after lifting", "Question about the cost of a course",
           "Knee still stiff after surgery", "Want to book a first assessment",
           "Shoulder pain when I raise my arm", "Can you treat tennis elbow?", None)
FAQ_TURNS = (("faq", "how much does a session cost"), ("faq", "do you treat sciatica"),
             ("greet", "hello"), ("book_appointment", "can I book an appointment"),
             ("faq", "how many sessions will I need"), ("request_callback", "please call me"))
UNANSWERED = ("do you treat horses", "can I park outside", "is the clinic open on bank holidays",
              "what is your wifi password", "can my dog come in")


# --- databases -------------------------------------------------------------------

def admin_url() -> str:
    """An admin URL to a PostgreSQL server (see the module's docstring)."""
    if os.environ.get("BENCH_POSTGRES_URL"):
        return os.environ["BENCH_POSTGRES_URL"]
    engine = create_engine(MACHINE_POSTGRES, future=True)
    try:
        with engine.connect():
            return MACHINE_POSTGRES
    except Exception:  # no server there: start a throwaway one (stopped at the end)
        return services.postgres_admin_url()
    finally:
        engine.dispose()


# --- seeding -----------------------------------------------------------------------

def seed_callbacks(store: CallbackStore, rng: random.Random, senders: List[str]) -> Dict:
    """10,000 requests over a year in the STATUS_WEIGHTS mix, five staff, call attempts;
    returns the bench user and what the searches look for."""
    password = uuid.uuid4().hex
    accounts = Accounts(store)
    staff = [accounts.add(f"bench{i}", f"Colleague {i}", password, RECEPTION).id
             for i in range(5)]
    now = utcnow()
    # distinct references, drawn as the store does (CB- and 4 characters)
    references = set()
    while len(references) < REQUESTS:
        references.add("CB-" + "".join(rng.choices(REFERENCE_ALPHABET, k=4)))
    rows, attempts = [], []
    references = sorted(references)
    rng.shuffle(references)  # sorted first: a set's order changes from run to run
    for i, reference in enumerate(references):
        # status independent of age: waiting requests are spread over the whole year,
        # the harder case for the queue's indexes than a backlog of recent ones
        created = now - timedelta(seconds=rng.uniform(0, 365 * 86400))
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        # a few closed ones were closed with `msrehab-staff done`, unclaimed
        claimed = status != "new" and not (status == "closed" and rng.random() < 0.15)
        owner = rng.choice(staff) if claimed else None
        phone = f"+447911{rng.randrange(10**6):06d}" if rng.random() < 0.9 else None
        first, last = rng.choice(FIRST), rng.choice(LAST)
        rows.append(dict(
            id=i + 1, reference=reference, submission_key=f"{rng.choice(senders)}:{i}",
            created_at=created, name=f"{first} {last}", phone=phone,
            email=(f"{first}.{last}{i}@example.org".lower().replace("'", "")
                   if not phone or rng.random() < 0.3 else None),
            preferred_time=rng.choice(("morning", "afternoon", "evening", "any")),
            reason=rng.choice(REASONS), consent_at=created, status=status,
            claimed_by_id=owner, claimed_at=created + timedelta(hours=2) if owner else None,
            closed_at=created + timedelta(days=2) if status == "closed" else None,
            updated_at=created + timedelta(hours=3), notified=True, notify_attempts=1,
            notified_at=created))
        if owner:
            for n in range(rng.randint(0 if status == "calling" else 1, 3)):
                attempts.append(dict(request_id=i + 1, user_id=owner,
                                     at=created + timedelta(hours=2 + n),
                                     outcome=rng.choice(("no_answer", "voicemail", "spoke"))))
    with store.engine.begin() as c:  # one multi-row INSERT per table (psycopg2 execute_values)
        c.execute(insert(CallbackRequest), rows)
        c.execute(insert(CallbackAttempt), attempts)
        # ids were given explicitly: move the sequence past them
        c.execute(text("SELECT setval('callback_requests_id_seq', :n)"), {"n": len(rows)})
    target = rng.choice([r for r in rows if r["phone"]])
    p = target["phone"]
    return {"username": "bench0", "password": password, "user_id": staff[0],
            "attempts": len(attempts), "reference": target["reference"],
            "phone": p, "phone_typed": f"0{p[3:7]} {p[7:10]} {p[10:]}",  # 07911 123 456
            "name_part": "ilso"}  # Wilson


def events_of(rng: random.Random, sender: str, start: float) -> List[tuple]:
    """One conversation as Rasa's SQLTrackerStore stores it: a session start, then
    0-2 turns (user, the answer's action, bot, action_listen); ~7 events."""
    clock = [start]
    rows = []

    def add(type_name: str, data: Dict, intent=None, action=None) -> None:
        clock[0] += rng.uniform(0.05, 30)
        data = {"event": type_name, "timestamp": clock[0], **data}
        rows.append((sender, type_name, clock[0], intent, action, json.dumps(data)))

    def action(name: str) -> None:
        add("action", {"name": name, "policy": "RulePolicy", "confidence": 1.0,
                       "action_text": None, "hide_rule_turn": False}, action=name)

    action("action_session_start")
    add("session_started", {})
    action("action_listen")
    for _ in range(rng.choices((0, 1, 2), weights=(20, 65, 15))[0]):
        if rng.random() < 0.1:
            intent, said = "nlu_fallback", rng.choice(UNANSWERED)
        else:
            intent, said = rng.choice(FAQ_TURNS)
        confidence = round(rng.uniform(0.3, 0.99), 4)
        message_id = uuid.UUID(int=rng.getrandbits(128)).hex
        ranking = [{"name": intent, "confidence": confidence},
                   {"name": "faq", "confidence": round((1 - confidence) / 2, 4)}]
        add("user", {"text": said, "parse_data": {
            "intent": ranking[0], "entities": [], "text": said, "message_id": message_id,
            "metadata": {}, "intent_ranking": ranking}, "input_channel": "rest",
            "message_id": message_id, "metadata": {}}, intent=intent)
        answer = "utter_ask_rephrase" if intent == "nlu_fallback" else f"utter_{intent}"
        action(answer)
        add("bot", {"text": "Thanks for your message. Here is what I can tell you...",
                    "data": {"buttons": None}, "metadata": {"utter_action": answer}})
        action("action_listen")
    return rows


def seed_conversations(url: str, rng: random.Random, senders: List[str]) -> int:
    """Rasa's own `events` table (its SQLTrackerStore definition, index on
    sender_id included), filled by COPY in chunks."""
    engine = create_engine(url, future=True)
    SQLTrackerStore.SQLEvent.__table__.create(engine)
    year_ago = time.time() - 365 * 86400
    total = 0
    connection = engine.raw_connection()
    try:
        for chunk in range(0, len(senders), 10_000):
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for sender in senders[chunk:chunk + 10_000]:
                rows = events_of(rng, sender, year_ago + rng.uniform(0, 365 * 86400))
                writer.writerows(rows)
                total += len(rows)
            buffer.seek(0)
            with connection.cursor() as cursor:
                cursor.copy_expert("COPY events (sender_id, type_name, timestamp, intent_name, "
                                   "action_name, data) FROM STDIN WITH (FORMAT csv)", buffer)
            connection.commit()
    finally:
        connection.close()
        engine.dispose()
    return total


def vacuum_analyze(url: str) -> None:
    """Fresh statistics, as autovacuum would give a database in use."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT", future=True)
    with engine.connect() as c:
        c.execute(text("VACUUM ANALYZE"))
    engine.dispose()


# --- measuring ---------------------------------------------------------------------

def pages(seed: Dict) -> List[tuple]:
    """(label, path, text the page must show) for each queue page measured."""
    def queue(**args) -> str:
        return "/queue?" + urlencode(args)
    return [
        ("waiting, page 1", queue(status="waiting"), None),
        ("all, page 100 (deep)", queue(status="all", page=100), None),
        ("closed, page 1", queue(status="closed"), None),
        ("mine (waiting)", queue(status="waiting", mine=1), None),
        ("search: reference", queue(status="all", q=seed["reference"]), seed["reference"]),
        (f"search: phone typed \"{seed['phone_typed']}\"",
         queue(status="all", q=seed["phone_typed"]), seed["phone"]),
        (f"search: part of a name \"{seed['name_part']}\"",
         queue(status="all", q=seed["name_part"]), "Wilson"),
    ]


COUNT = re.compile(r'class="count"[^>]*>(\d+) request')


def percentile(values: List[float], p: int) -> float:
    """Nearest rank: with 30 values, p95 is the 29th smallest."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * p // 100) - 1)]


def get(client: StaffClient, path: str, must_show: str | None) -> tuple:
    """One page: (server ms, round trip ms, the queue's match count or None)."""
    start = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    found = COUNT.search(response.text)
    if response.status_code != 200 or (must_show or "") not in response.text:
        raise RuntimeError(f"{path}: not the page expected ({response.status_code} "
                           f"{response.url})")
    timing = re.search(r"app;dur=([\d.]+)", response.headers["Server-Timing"])
    return float(timing.group(1)), elapsed, int(found.group(1)) if found else None


def measure(client: StaffClient, measured: List[tuple], warmups: int, repeats: int) -> Dict:
    """Round robin over the pages (each round visits each page once), so a burst
    of load from elsewhere on the machine falls on every page alike."""
    samples = {label: [] for label, _, _ in measured}
    for round_ in range(warmups + repeats):
        for label, path, must_show in measured:
            sample = get(client, path, must_show)
            if round_ >= warmups:
                samples[label].append(sample)
    result = {}
    for label, rows in samples.items():
        server, trip = [r[0] for r in rows], [r[1] for r in rows]
        result[label] = {"matches": rows[-1][2],
                         "server": (statistics.median(server), percentile(server, 95)),
                         "client": (statistics.median(trip), percentile(trip, 95))}
    return result


def queue_sql(store: CallbackStore, seed: Dict) -> List[tuple]:
    """The SQL statements the queue sends for each page, caught by running
    CallbackStore.queue here with the page's arguments."""
    calls = [
        ("waiting, page 1", dict(statuses=WAITING)),
        ("all, page 100", dict(statuses=STATUSES, page=100)),
        ("closed, page 1", dict(statuses=("closed",))),
        ("mine (waiting)", dict(statuses=WAITING, owner_id=seed["user_id"])),
        ("search: reference", dict(statuses=STATUSES,
                                   search=QueueSearch(seed["reference"]).condition())),
        ("search: phone", dict(statuses=STATUSES,
                               search=QueueSearch(seed["phone_typed"]).condition())),
        ("search: name part", dict(statuses=STATUSES,
                                   search=QueueSearch(seed["name_part"]).condition())),
    ]
    caught: List[tuple] = []

    def catch(conn, cursor, statement, parameters, context, executemany):
        caught.append((statement, parameters))

    found = []
    event.listen(store.engine, "before_cursor_execute", catch)
    try:
        for label, kwargs in calls:
            caught.clear()
            store.queue(per_page=50, **kwargs)
            selects = [c for c in caught if c[0].lstrip().upper().startswith("SELECT")]
            for kind, (statement, parameters) in zip(("count", "rows"), selects[-2:],
                                                      strict=True):
                found.append((label, kind, statement, parameters))
    finally:
        event.remove(store.engine, "before_cursor_execute", catch)
    return found


def describe(node: Dict) -> str:
    """A plan as its node types, outermost first, with the index each scan used."""
    name = node["Node Type"] + (f" {node['Index Name']}" if "Index Name" in node else "")
    children = [describe(child) for child in node.get("Plans", [])]
    if not children:
        return name
    inner = children[0] if len(children) == 1 else "(" + " + ".join(children) + ")"
    return f"{name} › {inner}"


def explain(store: CallbackStore, statements: List[tuple], runs: int = 5) -> List[Dict]:
    """Each statement's plan and its median execution time over a few runs."""
    plans = []
    with store.engine.connect() as c:
        for label, kind, statement, parameters in statements:
            found = [c.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + statement,
                                       parameters).scalar()[0] for _ in range(runs)]
            plans.append({"label": label, "kind": kind, "plan": describe(found[-1]["Plan"]),
                          "ms": statistics.median(p["Execution Time"] for p in found)})
    return plans


# --- report ------------------------------------------------------------------------

def ms(pair: tuple) -> str:
    return f"{pair[0]:.1f} / {pair[1]:.1f}"


def report(info: Dict, labels: List[str], timed: Dict, plans: Dict, unanswered: Dict) -> str:
    with_ix, without = timed["with"], timed["without"]
    lines = [
        "# Staff page: the queue with 10,000 requests (benchmark)",
        "",
        f"Generated by `make bench-staff` (bench/staff_queue.py) on {info['date']} UTC, "
        f"commit {info['commit']}, {os.cpu_count()} cores (shared), PostgreSQL "
        f"{info['pg_version']} ({info['pg_where']}). Not a test: figures vary with the machine.",
        "",
        f"Rows: {info['requests']:,} callback requests ({info['mix']}), "
        f"{info['attempts']:,} call attempts, 5 staff; {info['conversations']:,} conversations "
        f"({info['events']:,} events) in the tracker store's `events` table. Seeding took "
        f"{info['seed_s']:.0f} s; the whole run {info['total_s']:.0f} s.",
        "",
        f"Each page: {info['warmups']} warm-ups, then {info['repeats']} requests, one at a time, "
        "the pages in turn, logged in as one member of staff. **server** is the page's "
        "`Server-Timing` "
        "(session check, queue SQL, audit record, template); **round trip** is the client's "
        "(Python requests on loopback); the server's time starts at Sanic's request "
        "middleware, so time spent waiting behind another request on the server's one "
        "event loop shows only in the round trip. Median / p95 (nearest rank), ms. "
        "*without indexes*: the same run after `DROP INDEX` of the queue's four indexes "
        f"({', '.join(QUEUE_INDEXES)}). Load average (1 min) before, between and after: "
        + " / ".join(f"{x:.1f}" for x in info["load"]) + ".",
        "",
        "| page | matches | server, indexes | server, without | round trip, indexes "
        "| round trip, without |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label in labels:
        a, b = with_ix[label], without[label]
        lines.append(f"| {label} | {a['matches']:,} | {ms(a['server'])} | {ms(b['server'])} "
                     f"| {ms(a['client'])} | {ms(b['client'])} |")
    lines += [
        "",
        "## The queue's SQL: EXPLAIN (ANALYZE)",
        "",
        "The two statements CallbackStore.queue sends per page (the count, then the page's "
        "rows), as run by the store with the pages' arguments; plan nodes outermost first, "
        "execution time in ms (median of 5 runs, warm cache).",
        "",
        "| page | query | plan, indexes | ms | plan, without | ms |",
        "|---|---|---|---:|---|---:|",
    ]
    for a, b in zip(plans["with"], plans["without"], strict=True):
        lines.append(f"| {a['label']} | {a['kind']} | {a['plan']} | {a['ms']:.2f} "
                     f"| {b['plan']} | {b['ms']:.2f} |")
    lines += [
        "",
        "## For scale: the unanswered questions page",
        "",
        "Not the queue: GET /unanswered reads the unanswered turns (and the callback form's "
        "start and end) of the 100,000 conversations, in a thread beside the event loop "
        "(staff/unanswered.py). 1 warm-up, 5 requests: server "
        f"{ms(unanswered['server'])} ms, round trip {ms(unanswered['client'])} ms "
        "(median / p95).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    started = time.perf_counter()
    rng = random.Random(25)  # the same data every run
    info = {"date": datetime.utcnow().strftime("%Y-%m-%d %H:%M"), "warmups": args.warmups,
            "repeats": args.repeats, "requests": REQUESTS, "conversations": CONVERSATIONS,
            "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT,
                                     capture_output=True, text=True).stdout.strip(),
            "mix": ", ".join(f"{v} % {k}" for k, v in STATUS_WEIGHTS.items())}
    suffix = uuid.uuid4().hex[:8]
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(services.stop_all)  # a throwaway server, if one was started
        admin = admin_url()
        info["pg_where"] = ("throwaway server" if admin in services.started().values()
                            else make_url(admin).render_as_string(hide_password=True))
        callbacks_url = cleanup.enter_context(postgres_database(admin, f"bench_staff_cb_{suffix}"))
        tracker_url = cleanup.enter_context(postgres_database(admin, f"bench_staff_tr_{suffix}"))

        print("Seeding...", flush=True)
        store = CallbackStore(callbacks_url)  # runs the migrations
        cleanup.callback(store.engine.dispose)
        senders = [uuid.UUID(int=rng.getrandbits(128)).hex for _ in range(CONVERSATIONS)]
        seed = seed_callbacks(store, rng, senders)
        info["events"] = seed_conversations(tracker_url, rng, senders)
        for url in (callbacks_url, tracker_url):
            vacuum_analyze(url)
        info["attempts"] = seed["attempts"]
        info["seed_s"] = time.perf_counter() - started
        with store.engine.connect() as c:
            info["pg_version"] = c.execute(text("SHOW server_version")).scalar().split()[0]

        tmp = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="bench-staff-")))
        page = start_staff_page(tmp, callbacks_url, tracker_url,
                                {"STAFF_IDLE_MINUTES": "120"})
        cleanup.callback(page.stop)
        client = StaffClient(page.url)
        response = client.log_in(seed["username"], seed["password"])
        if response.status_code != 200 or not response.url.endswith("/queue"):
            raise RuntimeError("could not log in:\n" + page.log_text()[-2000:])

        measured = pages(seed)
        statements = queue_sql(store, seed)
        timed, plans = {}, {}
        info["load"] = [os.getloadavg()[0]]
        try:
            for phase in ("with", "without"):
                if phase == "without":
                    with store.engine.begin() as c:
                        for name in QUEUE_INDEXES:
                            c.execute(text(f"DROP INDEX {name}"))
                print(f"Measuring, {phase} the queue's indexes...", flush=True)
                timed[phase] = measure(client, measured, args.warmups, args.repeats)
                plans[phase] = explain(store, statements)
                info["load"].append(os.getloadavg()[0])
            # not the queue: the one page that reads the 100,000 conversations
            print("Measuring the unanswered questions page...", flush=True)
            unanswered = measure(client, [("unanswered", "/unanswered", "<table")], 1, 5)
        except RuntimeError as error:  # with the server's side of the story
            raise RuntimeError(f"{error}\n{page.log_text()[-3000:]}") from None
        info["total_s"] = time.perf_counter() - started
        markdown = report(info, [label for label, _, _ in measured], timed, plans,
                          unanswered["unanswered"])
        OUT.write_text(markdown, encoding="utf-8")
        print(markdown)


if __name__ == "__main__":
    main()
