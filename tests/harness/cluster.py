"""Two Rasa replicas behind nginx, as deploy/docker-compose.yml runs them.

One action server, two `rasa run` processes sharing a PostgreSQL tracker store
and a Redis lock store (Rasa's own endpoints.yml mechanisms), and nginx (Debian
package) rendered from deploy/nginx/msrehab.conf.template, all on loopback.
Each part is its own process group, so a test can stop one replica. Used by
the replica tests and by the benchmark.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path
from typing import Dict, List
from urllib.parse import urlsplit

import requests
from ruamel.yaml import YAML
from sqlalchemy.engine import make_url

from rasa_addons.tracker_store import ENDPOINT_TYPE

from .processes import free_port, stop_process_group

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def write_endpoints(path: Path, action_port: int, stores: Dict) -> Path:
    """The project's endpoints.yml with this action port and these stores.

    Read and written round-trip, so the action endpoint (its secret header
    included) reaches Rasa exactly as written in the project's file: a quoting
    mistake there fails every test that runs a custom action.
    """
    round_trip = YAML()
    round_trip.preserve_quotes = True
    endpoints = round_trip.load((PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{action_port}/webhook"
    for key in ("tracker_store", "lock_store"):
        endpoints.pop(key, None)
    endpoints.update(stores)
    with path.open("w", encoding="utf-8") as out:
        round_trip.dump(endpoints, out)
    return path


def postgres_tracker_store(database_url: str) -> Dict:
    """The tracker_store entry of endpoints.yml for a PostgreSQL URL."""
    pg = make_url(database_url)
    return {"type": ENDPOINT_TYPE, "dialect": "postgresql", "url": pg.host,
            "port": pg.port or 5432, "username": pg.username,
            "password": pg.password or "", "db": pg.database}


def redis_lock_store(redis_url: str, db: int) -> Dict:
    """The lock_store entry of endpoints.yml for a Redis URL (redis://[:password@]host:port)."""
    redis = urlsplit(redis_url)
    store = {"type": "redis", "url": redis.hostname or "127.0.0.1", "port": redis.port or 6379,
             "db": db}
    if redis.password:
        store["password"] = redis.password
    return store


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TEMPLATE = PROJECT_ROOT / "deploy" / "nginx" / "msrehab.conf.template"
REDIS_URL = "redis://127.0.0.1:6379"  # the benchmark's; the tests pass their own
REDIS_LOCK_DB = 6
ORIGIN = "https://www.msrehab.co.uk"
PRODUCTION_RATE, PRODUCTION_BURST = "20r/s", 100
BIN = PROJECT_ROOT / ".venv" / "bin"
# Only a bound on a hang: a loaded 2-core machine loading two models at once
# can take minutes, and a start that is merely slow must not fail a test.
START_SECONDS = 600


def render_template(values: Dict[str, str], template: Path = TEMPLATE) -> str:
    """What the nginx image's envsubst does: ${NAME} for the names given only."""
    text = template.read_text()
    for name, value in values.items():
        text = text.replace("${" + name + "}", value)
    left = re.findall(r"\$\{[A-Z_0-9]+\}", text)
    assert not left, f"template values missing: {left}"
    return text


def _wait_for(url: str, proc: subprocess.Popen, log: Path, seconds: int = START_SECONDS) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace")[-3000:])
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not come up; see {log}")


class Cluster:
    def __init__(self, tmp: Path, model: Path, database_url: str,
                 redis_db: int = REDIS_LOCK_DB, redis_url: str = REDIS_URL) -> None:
        self.tmp, self.model = tmp, model
        self.database_url = database_url
        self.token = secrets.token_urlsafe(24)
        self.action_port = free_port()
        self.replica_ports = [free_port(), free_port()]
        self.proxy_port = free_port()
        self.procs: Dict[str, subprocess.Popen] = {}
        # production's (deploy/docker-compose.yml); the tests and the benchmark
        # send everything from one address and set their own for what they check
        self.rate_limit, self.rate_burst = PRODUCTION_RATE, PRODUCTION_BURST
        stores = {
            "tracker_store": postgres_tracker_store(database_url),
            "lock_store": redis_lock_store(redis_url, redis_db),
        }
        self.endpoints = write_endpoints(tmp / "endpoints.yml", self.action_port, stores)
        self.env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
                        SQLALCHEMY_SILENCE_UBER_WARNING="1", ACTION_SERVER_TOKEN=self.token,
                        CHAT_ALLOWED_ORIGINS=ORIGIN, CALLBACKS_DATABASE_URL=database_url)

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def replica_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.replica_ports[index]}"

    def _start(self, name: str, command: List[str], env: Dict[str, str]) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "ab")
        proc = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs[name] = proc
        return proc

    def start_replica(self, index: int) -> None:
        name = f"replica{index}"
        proc = self._start(name, [
            str(BIN / "rasa"), "run", "--model", str(self.model), "--interface", "127.0.0.1",
            "--port", str(self.replica_ports[index]), "--endpoints", str(self.endpoints),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"), "--cors", ORIGIN,
        ], self.env)
        _wait_for(f"{self.replica_url(index)}/webhooks/health/", proc, self.tmp / f"{name}.log")

    def stop_replica(self, index: int) -> None:
        stop_process_group(self.procs.pop(f"replica{index}"))

    def start(self) -> Cluster:
        self._start("actions", [str(BIN / "rasa"), "run", "actions", "--actions", "actions",
                                "--port", str(self.action_port)],
                    dict(self.env, SANIC_HOST="127.0.0.1"))
        for index in (0, 1):  # one after the other: two model loads at once starve 2 cores
            self.start_replica(index)
        self._start_proxy()
        return self

    def _start_proxy(self) -> None:
        self.start_proxy("nginx", self.proxy_port, self.rate_limit, self.rate_burst)

    def start_proxy(self, name: str, port: int, rate: str, burst: int) -> str:
        """An nginx from the deploy template in front of both replicas; its URL.
        The tests start a second one with another rate limit beside the first."""
        prefix = self.tmp / name
        prefix.mkdir(exist_ok=True)
        site = prefix / "msrehab.conf"
        site.write_text(render_template({
            "RASA_REPLICA_1": f"127.0.0.1:{self.replica_ports[0]}",
            "RASA_REPLICA_2": f"127.0.0.1:{self.replica_ports[1]}",
            "PROXY_LISTEN": f"127.0.0.1:{port}",
            "PROXY_ACCESS_LOG": str(prefix / "access.log"),
            "CHAT_RATE_LIMIT": rate,
            "CHAT_RATE_BURST": str(burst),
        }))
        main = prefix / "nginx.conf"
        main.write_text(
            "daemon off;\nworker_processes 1;\n"
            f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            f"  client_body_temp_path {prefix}/body;\n  proxy_temp_path {prefix}/proxy;\n"
            f"  fastcgi_temp_path {prefix}/fastcgi;\n  uwsgi_temp_path {prefix}/uwsgi;\n"
            f"  scgi_temp_path {prefix}/scgi;\n"
            f"  include {site};\n"
            "}\n")
        proc = self._start(name, [NGINX, "-p", str(prefix), "-c", str(main)], self.env)
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + START_SECONDS
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError((self.tmp / f"{name}.log").read_text(errors="replace"))
            try:
                requests.get(url, timeout=5)
                return url
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("nginx did not start")

    @property
    def access_log(self) -> Path:
        return self.tmp / "nginx" / "access.log"

    def upstream_of(self, request_id: str, seconds: float = 60) -> str:
        """The replica port that answered one request (X-Request-Id), waiting
        for its line: nginx writes it just after the client has its answer."""
        pattern = re.compile(rf"id={request_id} upstream=(?:\S+, )*127\.0\.0\.1:(\d+) ")
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.access_log.exists() and (m := pattern.search(self.access_log.read_text())):
                return m.group(1)
            time.sleep(0.05)
        raise AssertionError(f"request {request_id} is not in the access log")

    def socketio_upstreams(self, expected: int, seconds: float = 60) -> List[str]:
        """The replica port of each socket.io WebSocket (logged when it closes)."""
        pattern = re.compile(r" 101 GET /socket\.io/ .*upstream=(?:\S+, )*127\.0\.0\.1:(\d+) ")
        deadline = time.time() + seconds
        while True:
            found = pattern.findall(self.access_log.read_text()) if self.access_log.exists() else []
            if len(found) >= expected or time.time() > deadline:
                return found
            time.sleep(0.05)

    def stop(self) -> None:
        for proc in self.procs.values():
            stop_process_group(proc)
        self.procs.clear()
