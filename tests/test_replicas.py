"""Past one machine: two Rasa replicas behind nginx, one PostgreSQL tracker
store, one Redis lock store (tests/harness/cluster.py starts them all on loopback).

These never skip: PostgreSQL comes from TEST_POSTGRES_URL and Redis from
TEST_REDIS_URL, or each from a throwaway server started for the run
(tests/harness/services.py).
"""

import queue
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio
from harness.cluster import ORIGIN, PRODUCTION_BURST, PRODUCTION_RATE, Cluster
from harness.databases import temporary_postgres_database
from harness.processes import free_port
from sqlalchemy import create_engine, text

from staff import cli as staff_cli

DOUBLE_CONVERSATIONS = 40
# The functional tests here are not about the rate limit: every request comes
# from 127.0.0.1, and how many a second arrive depends on the machine. The
# limit is tested on its own below, with settings whose outcome does not.
NO_LIMIT = ("100000r/s", 100000)

# the cluster: servers on PostgreSQL (and Redis, known from the redis_url fixture;
# tests/harness/tiers.py)
pytestmark = [pytest.mark.server, pytest.mark.postgres]


@pytest.fixture(scope="module")
def cluster(model_path, redis_url, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("replicas")
    for url in temporary_postgres_database():
        running = Cluster(tmp, model_path, url, redis_url=redis_url)
        running.rate_limit, running.rate_burst = NO_LIMIT
        try:
            yield running.start()
        finally:
            running.stop()


@pytest.fixture(scope="module")
def database(cluster):
    engine = create_engine(cluster.database_url, future=True)
    yield engine
    engine.dispose()


def _post(cluster, sender, message):
    reply = post_status(cluster.proxy, sender, message)
    assert reply.status_code == 200, reply.text
    return [m.get("text", "") for m in reply.json()], reply.headers["X-Request-Id"]


def post_status(proxy, sender, message):
    # the timeout only bounds a hang: a loaded machine may take long to answer
    return requests.post(f"{proxy}/webhooks/rest/webhook",
                         json={"sender": sender, "message": message}, timeout=300)


def send(cluster, sender, message):
    """The bot's texts."""
    return _post(cluster, sender, message)[0]


def send_traced(cluster, sender, message):
    """The bot's texts, and the replica port that answered."""
    texts, request_id = _post(cluster, sender, message)
    return texts, cluster.upstream_of(request_id)


def user_turns(database, prefix):
    with database.connect() as c:
        rows = c.execute(text(
            "SELECT sender_id, COUNT(*) FROM events WHERE type_name = 'user' "
            "AND sender_id LIKE :p GROUP BY sender_id"), {"p": f"{prefix}%"}).all()
    return dict(rows)


def test_the_proxy_exposes_the_chat_routes_only(cluster):
    assert send(cluster, f"routes-{uuid.uuid4().hex}", "does it hurt?")
    for path in ["/", "/version", "/status", "/model/parse", "/conversations/x/tracker",
                 "/webhooks/health/"]:
        assert requests.get(cluster.proxy + path, timeout=10).status_code == 404, path
    assert requests.post(cluster.proxy + "/model/parse", json={"text": "hi"},
                         timeout=10).status_code == 404
    assert requests.get(cluster.proxy + "/webhooks/rest/webhook",
                        timeout=10).status_code == 403


def test_one_address_over_the_rate_limit_gets_429s(cluster):
    # 1 request a minute with a burst of 5: the first 6 pass at once and the
    # rest are refused, however fast the machine sends them (one more passes
    # for each full minute the loop takes, which only a very slow run sees)
    proxy = cluster.start_proxy("limited", free_port(), "1r/m", 5)
    started = time.monotonic()
    statuses = [post_status(proxy, f"limit-{uuid.uuid4().hex}", "hello").status_code
                for _ in range(20)]
    refills = int((time.monotonic() - started) // 60)
    assert set(statuses) <= {200, 429}, statuses
    assert statuses[:6] == [200] * 6, statuses
    assert 6 <= statuses.count(200) <= 6 + refills, statuses
    assert statuses[6] == 429 or refills, statuses


def test_one_address_within_production_limit_gets_no_429(cluster):
    # production's limit: fewer requests than its burst can never be refused,
    # sent as fast as the machine manages (here, all at once)
    proxy = cluster.start_proxy("production-limit", free_port(), PRODUCTION_RATE,
                                PRODUCTION_BURST)
    count = PRODUCTION_BURST // 2
    barrier = threading.Barrier(count)

    def one(i):
        barrier.wait()
        return post_status(proxy, f"within-{uuid.uuid4().hex}", "does it hurt?").status_code

    with ThreadPoolExecutor(max_workers=count) as pool:
        statuses = list(pool.map(one, range(count)))
    assert statuses == [200] * count, Counter(statuses)


def test_simultaneous_double_messages_lose_no_turn(cluster, database):
    prefix = f"double-{uuid.uuid4().hex[:8]}-"
    senders = [f"{prefix}{i}" for i in range(DOUBLE_CONVERSATIONS)]
    for sender in senders:  # each conversation exists before the race
        send(cluster, sender, "hello")
    barrier = threading.Barrier(2 * DOUBLE_CONVERSATIONS)
    errors, served = [], Counter()

    def one(sender, message):
        barrier.wait()
        try:
            _, upstream = send_traced(cluster, sender, message)
            served[upstream] += 1
        except Exception as error:  # collected: an assert in a thread is lost
            errors.append(repr(error))

    threads = [threading.Thread(target=one, args=(s, m)) for s in senders
               for m in ("does it hurt?", "how long does a session take")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)

    assert errors == []
    turns = user_turns(database, prefix)
    lost = [s for s in senders if turns.get(s) != 3]
    assert lost == [], f"{len(lost)} of {DOUBLE_CONVERSATIONS} conversations lost a turn"
    # affinity spreads conversations over both replicas, not all onto one
    assert len(served) == 2 and min(served.values()) >= 10, served


def socketio_chat(cluster, session_id, origin=ORIGIN):
    """One widget visit through the proxy: the same events chat-widget.js sends."""
    # websocket-client sets the Origin header itself: give it the page's
    client = socketio.Client(websocket_extra_options={"origin": origin})
    answers = queue.Queue()
    client.on("bot_uttered", answers.put)
    client.connect(f"{cluster.proxy}?conversation={session_id}", transports=["websocket"],
                   socketio_path="socket.io", wait_timeout=10)
    try:
        client.emit("session_request", {"session_id": session_id})
        client.emit("user_uttered", {"message": "does it hurt?", "session_id": session_id})
        return answers.get(timeout=60)
    finally:
        client.disconnect()


def test_socketio_goes_through_the_proxy_and_stays_on_one_replica(cluster):
    session_id = uuid.uuid4().hex
    for _ in range(3):  # three visits (page reloads) of one conversation
        answer = socketio_chat(cluster, session_id)
        assert "scratch" in answer["text"], answer
    visits = cluster.socketio_upstreams(expected=3)
    assert len(visits) == 3 and len(set(visits)) == 1, visits
    with pytest.raises(socketio.exceptions.ConnectionError):
        socketio_chat(cluster, uuid.uuid4().hex, origin="https://evil.example")


def test_database_pools_stay_within_their_budget(cluster, database):
    with database.connect() as c:
        connections = c.execute(text(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()")).scalar()
    # 2 replicas x (2 + 3) tracker-store connections, the action server's
    # callback store (5 + 5), and this test's own connection
    assert connections <= 2 * 5 + 10 + 1, connections


def test_a_stopped_replica_hands_its_conversations_over_with_their_forms(cluster, database):
    prefix = f"failover-{uuid.uuid4().hex[:8]}-"
    senders = [f"{prefix}{i}" for i in range(8)]
    owner = {}
    for sender in senders:  # one at a time, so the log's order says who served whom
        send(cluster, sender, "/start_callback")
        send(cluster, sender, "yes")
        (question,), owner[sender] = send_traced(cluster, sender, "Ada Lovelace")
        assert "phone" in question.lower()
    stopped = str(cluster.replica_ports[0])
    moved = [s for s in senders if owner[s] == stopped]
    assert moved, "no conversation was on the first replica"

    cluster.stop_replica(0)
    for sender in senders:
        (question,), upstream = send_traced(cluster, sender, "07911 123456")
        assert "e-mail" in question, (sender, question)  # the form went on where it was
        assert upstream == str(cluster.replica_ports[1])

    sender = moved[0]
    for message in ["skip", "morning", "skip"]:
        send(cluster, sender, message)
    reply = " ".join(send(cluster, sender, "/affirm"))
    assert "CB-" in reply
    with database.connect() as c:
        names = c.execute(text("SELECT name FROM callback_requests")).scalars().all()
    assert "Ada Lovelace" in names


def test_replicas_keep_no_contact_details_and_erase_reaches_them(cluster, database, capsys):
    """The replicas layout: conversations and requests in one PostgreSQL database."""
    sender = f"erase-{uuid.uuid4().hex[:8]}"
    for message in ["/start_callback", "yes", "Grace Hopper", "07911 123455",
                    "grace.hopper@example.net", "evening", "back pain"]:
        send(cluster, sender, message)
    reply = " ".join(send(cluster, sender, "/affirm"))
    assert "CB-" in reply

    def stored(table, column, where=""):
        with database.connect() as c:
            return " ".join(c.execute(text(f"SELECT {column} FROM {table} {where}"),
                                      {"s": sender}).scalars())

    events = stored("events", "data", "WHERE sender_id = :s")
    assert "Hopper" not in events and "grace.hopper" not in events
    assert "7911123455" not in events and "07911 123455" not in events
    assert "Grace Hopper" in stored("callback_requests", "name")

    assert staff_cli.main(["--database-url", cluster.database_url, "--tracker-url",
                           cluster.database_url, "erase", "--email",
                           "Grace.Hopper@example.net"]) == 0
    assert "1 request(s)" in capsys.readouterr().out
    assert stored("events", "data", "WHERE sender_id = :s") == ""
    assert "Grace Hopper" not in stored("callback_requests", "name")
