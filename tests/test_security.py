"""Security: the production start needs a token, the action server needs the shared
secret, the demo exposes no HTTP API, conversation ids are the server's own."""

from __future__ import annotations

import os
import secrets
import subprocess
import time

import pytest
import requests
from conftest import PROJECT_ROOT, free_port, stop_process_group
from harness.cluster import START_SECONDS

RUN_PRODUCTION = str(PROJECT_ROOT / "scripts" / "run_production.sh")


def production_env(**changes) -> dict:
    env = {**os.environ, "RASA_AUTH_TOKEN": secrets.token_urlsafe(32),
           "ACTION_SERVER_TOKEN": secrets.token_urlsafe(32),
           "CHAT_ALLOWED_ORIGINS": "https://www.msrehab.co.uk"}
    env.update(changes)
    return {k: v for k, v in env.items() if v is not None}


def test_production_start_refuses_without_an_api_token():
    result = subprocess.run([RUN_PRODUCTION], env=production_env(RASA_AUTH_TOKEN=None),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "RASA_AUTH_TOKEN is not set" in result.stderr


def test_production_start_refuses_a_weak_token_and_a_missing_secret():
    weak = subprocess.run([RUN_PRODUCTION], env=production_env(RASA_AUTH_TOKEN="abc"),
                          capture_output=True, text=True, timeout=120)
    assert weak.returncode == 2 and "too short" in weak.stderr
    no_secret = subprocess.run([RUN_PRODUCTION], env=production_env(ACTION_SERVER_TOKEN=None),
                               capture_output=True, text=True, timeout=120)
    assert no_secret.returncode == 2 and "ACTION_SERVER_TOKEN" in no_secret.stderr


@pytest.mark.server  # starts scripts/run_production.sh (tests/harness/tiers.py)
def test_production_api_needs_the_token(model_path, tmp_path):
    port = free_port()
    env = production_env(RASA_PORT=str(port), MODEL=str(model_path))
    (tmp_path / "endpoints.yml").write_text("")
    env["ENDPOINTS"] = str(tmp_path / "endpoints.yml")
    proc = subprocess.Popen([RUN_PRODUCTION], env=env, cwd=PROJECT_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + START_SECONDS
        while time.time() < deadline:
            try:
                if requests.get(base, timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(1)
        assert requests.get(f"{base}/status", timeout=10).status_code == 401
        tracker = f"{base}/conversations/someone-else/tracker"
        assert requests.get(tracker, timeout=10).status_code == 401
        ok = requests.get(f"{base}/status", params={"token": env["RASA_AUTH_TOKEN"]}, timeout=10)
        assert ok.status_code == 200
    finally:
        stop_process_group(proc)


def test_demo_start_has_no_http_api(assistant):
    # another patient's conversation cannot be read: the API is not there at all
    r = requests.get(f"{assistant.base_url}/conversations/someone-else/tracker", timeout=10)
    assert r.status_code == 404


def test_action_server_refuses_calls_without_the_shared_secret(assistant_servers):
    url = f"http://127.0.0.1:{assistant_servers.action_port}/webhook"
    call = {"next_action": "action_reset_callback", "sender_id": "x",
            "tracker": {"sender_id": "x", "slots": {}, "events": [], "latest_message": {}},
            "domain": {}}
    assert requests.post(url, json=call, timeout=10).status_code == 401
    wrong = {"X-Action-Token": "wrong"}
    assert requests.post(url, json=call, headers=wrong, timeout=10).status_code == 401
    right = {"X-Action-Token": assistant_servers.action_token}
    assert requests.post(url, json=call, headers=right, timeout=10).status_code == 200
    health = f"http://127.0.0.1:{assistant_servers.action_port}/health"
    assert requests.get(health, timeout=10).status_code == 200


def test_demo_start_prints_a_shell_command_beside_the_running_server(assistant_servers):
    # `rasa shell` starts its own server: on the demo's port it cannot bind, and
    # without this start's secret the action server refuses the callback form
    rasa_port = int(assistant_servers.assistant.base_url.rsplit(":", 1)[1])
    deadline = time.time() + START_SECONDS
    while "rasa shell" not in assistant_servers.log.read_text(errors="replace"):
        assert time.time() < deadline, "make run printed no rasa shell command"
        time.sleep(0.5)
    line = next(ln for ln in assistant_servers.log.read_text(errors="replace").splitlines()
                if "rasa shell" in ln)
    assert line.split() == [f"ACTION_SERVER_TOKEN={assistant_servers.action_token}",
                            ".venv/bin/rasa", "shell", "--port", str(rasa_port + 1)]
