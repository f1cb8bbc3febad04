"""Shared fixtures: the trained model, a running assistant (servers started
here), Redis; and the test tiers (tests/harness/tiers.py) applied to every test."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import requests
import yaml
from harness import services, tiers
from harness.clinic_files import write_clinic
from harness.cluster import START_SECONDS, write_endpoints
from harness.processes import free_port, stop_process_group  # noqa: F401 (used by tests)
from harness.smtp_server import LoopbackSmtpServer

from evaluation import nlu_eval
from msrehab import clinic
from msrehab.callbacks.store import CallbackStore
from msrehab.clinic import clinic_details
from rasa_addons.tracker_store import ENDPOINT_TYPE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODEL = PROJECT_ROOT / "models" / "current.tar.gz"

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def domain_text(response: str, **slots: str) -> str:
    """The text of a domain response, with the clinic's details filled in."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return domain["responses"][response][0]["text"].format(**{**clinic_details(), **slots})


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(items) -> None:
    tiers.mark_by_fixtures(items)


@pytest.hookimpl(tryfirst=True)  # before the fixtures are set up
def pytest_runtest_setup(item) -> None:
    tiers.running(item)


_THROWAWAY = pytest.StashKey[Dict[str, str]]()


def pytest_sessionfinish(session) -> None:
    """Stops the throwaway PostgreSQL and Redis started for this run, if any."""
    session.config.stash[_THROWAWAY] = services.started()
    services.stop_all()


def pytest_terminal_summary(terminalreporter, config) -> None:
    for name, url in config.stash.get(_THROWAWAY, {}).items():
        terminalreporter.write_line(f"throwaway {name} server used and stopped: {url}")


@pytest.fixture
def clinic_file(monkeypatch, tmp_path):
    """use(**facts) writes the shipped clinic.yml with `facts` changed and makes this
    process read it (CLINIC_FILE), as a restart would; the path is returned."""
    written = []

    def use(**facts):
        path = write_clinic(tmp_path / f"clinic-{len(written) + 1}.yml", **facts)
        written.append(path)
        monkeypatch.setenv("CLINIC_FILE", str(path))
        clinic.clinic.cache_clear()
        return path

    yield use
    clinic.clinic.cache_clear()


# Browser tests drive Debian's Chromium (test tools cannot download browsers here).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (the `browser` tier)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `make system-deps`")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """TEST_REDIS_URL, or a throwaway Redis started for the run (tests/harness/services.py)."""
    return services.redis_url()


@pytest.fixture(scope="session")
def model_path() -> Path:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    return MODEL


@pytest.fixture(scope="session")
def parse(model_path: Path):
    """The trained model's parse (text -> parse data), loaded once for the
    NLU tests."""
    return nlu_eval.load_model_parser(model_path)


class Assistant:
    """A running assistant, reached over its REST channel."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    # the timeout only bounds a hang: a loaded machine may take long to answer
    def send(self, sender: str, message: str, timeout: float = 300) -> list:
        r = requests.post(
            f"{self.base_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=timeout,
        )
        r.raise_for_status()
        return r.json()

    def texts(self, sender: str, message: str) -> list:
        return [m.get("text", "") for m in self.send(sender, message)]


class Servers:
    """What scripts/run.sh started: the process group and its ports."""

    def __init__(self, proc, assistant, action_port: int, web_port: int, log: Path) -> None:
        self.proc, self.assistant = proc, assistant
        self.action_port, self.web_port, self.log = action_port, web_port, log

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def staff_url(self) -> str:
        return f"http://127.0.0.1:{self.staff_port}"


def sqlite_tracker_store(path: Path) -> Dict[str, str]:
    return {"type": ENDPOINT_TYPE, "dialect": "sqlite", "db": str(path)}


def start_assistant(tmp: Path, model: Path, extra_env: Dict[str, str] | None = None,
                    stores: Dict | None = None, actions_reachable: bool = True) -> Servers:
    """Starts scripts/run.sh (the same start as `make run`) on free ports.
    With actions_reachable=False, Rasa is pointed at a port where nothing
    listens: the action server is down as far as Rasa can tell (killing it
    would make run.sh stop everything, as a demo start should).

    A free port can be taken by another process (another test run on the
    same machine) before our server binds it: then it starts again on others."""
    for _ in range(PORT_ATTEMPTS):
        try:
            return _start_assistant_once(tmp, model, extra_env, stores, actions_reachable)
        except PortTaken:
            continue
    raise RuntimeError(f"no free ports after {PORT_ATTEMPTS} attempts")


PORT_ATTEMPTS = 3


class PortTaken(RuntimeError):
    pass


def _start_assistant_once(tmp: Path, model: Path, extra_env: Dict[str, str] | None,
                          stores: Dict | None, actions_reachable: bool) -> Servers:
    tiers.require("server", "the assistant's servers")
    rasa_port, action_port, web_port = free_port(), free_port(), free_port()
    staff_port = free_port()
    stores = stores or {"tracker_store": sqlite_tracker_store(tmp / "tracker.db")}
    endpoints = write_endpoints(tmp / "endpoints.yml",
                                action_port if actions_reachable else free_port(), stores)
    action_token = secrets.token_urlsafe(24)
    tracker = stores.get("tracker_store", {})
    # the staff page reads the same conversation store as the Rasa server
    staff_env = {"STAFF_SECRET_KEY": secrets.token_urlsafe(40)}
    if tracker.get("dialect") == "sqlite":
        staff_env["TRACKER_DATABASE_URL"] = f"sqlite:///{tracker['db']}"
    staff_env.update(extra_env or {})
    env = dict(os.environ, RASA_PORT=str(rasa_port), ACTION_PORT=str(action_port),
               WEB_PORT=str(web_port), STAFF_PORT=str(staff_port), MODEL=str(model),
               ENDPOINTS=str(endpoints),
               ACTION_SERVER_TOKEN=action_token, **staff_env)
    log = open(tmp / "servers.log", "wb")
    proc = subprocess.Popen(
        [str(PROJECT_ROOT / "scripts" / "run.sh")], cwd=PROJECT_ROOT, env=env,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{rasa_port}"
    deadline = time.time() + START_SECONDS
    while time.time() < deadline:
        if proc.poll() is not None:
            output = (tmp / "servers.log").read_text(errors="replace")
            stop_process_group(proc)
            if "address already in use" in output.lower():
                raise PortTaken(output[-500:])
            raise RuntimeError(output[-3000:])
        try:
            # ready when the model is loaded: the server answers before that
            if (model_loaded(base) and _port_open(action_port) and _port_open(web_port)
                    and _port_open(staff_port)):
                servers = Servers(proc, Assistant(base), action_port, web_port,
                                  tmp / "servers.log")
                servers.staff_port = staff_port
                servers.action_token = action_token
                return servers
        except requests.RequestException:
            pass
        time.sleep(1)
    stop_process_group(proc)
    raise RuntimeError("the assistant did not start in time")


@contextlib.contextmanager
def mailing_assistant(tmp: Path, model: Path) -> Iterator[tuple]:
    """The demo start with a loopback SMTP server for the staff e-mails and an
    SQLite callback store: (servers, smtp, store, env)."""
    smtp = LoopbackSmtpServer(free_port())
    smtp.start()
    env = {
        "CALLBACKS_DATABASE_URL": f"sqlite:///{tmp / 'callbacks.db'}",
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port), "SMTP_TLS": "none",
        "SMTP_TIMEOUT": "5", "STAFF_EMAIL": "staff@msrehab.test",
    }
    try:
        servers = start_assistant(tmp, model, env)
        try:
            yield servers, smtp, CallbackStore(env["CALLBACKS_DATABASE_URL"]), env
        finally:
            stop_process_group(servers.proc)
    finally:
        smtp.stop()


REFERENCE = re.compile(r"CB-[0-9A-Z]{4}")


def complete_callback_form(assistant: Assistant, sender: str, answers: List[str]) -> List[str]:
    """Starts the form with its button's payload, gives `answers` after consent
    and confirms the summary; the texts of the last reply."""
    for message in ["/start_callback", "yes", *answers]:
        assistant.send(sender, message)
    return assistant.texts(sender, "/affirm")


def reference_in(texts: List[str]) -> str:
    match = REFERENCE.search(" ".join(texts))
    assert match, texts
    return match.group(0)


def model_loaded(base: str) -> bool:
    health = requests.get(f"{base}/webhooks/health/", timeout=5)
    return health.headers.get("content-type", "").startswith("application/json") and \
        health.json().get("model") == "ok"


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for_port(port: int, proc: subprocess.Popen) -> None:
    """Until a process started by a test listens (or has stopped)."""
    deadline = time.time() + START_SECONDS
    while not _port_open(port):
        assert proc.poll() is None, f"the server for port {port} stopped"
        assert time.time() < deadline, f"nothing listens on port {port}"
        time.sleep(0.2)


@pytest.fixture(scope="session")
def assistant_servers(model_path: Path, tmp_path_factory) -> Iterator[Servers]:
    tmp = tmp_path_factory.mktemp("assistant")
    servers = start_assistant(tmp, model_path)
    try:
        yield servers
    finally:
        stop_process_group(servers.proc)


@pytest.fixture(scope="session")
def assistant(assistant_servers: Servers) -> Assistant:
    return assistant_servers.assistant
