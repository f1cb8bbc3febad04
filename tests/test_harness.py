"""The test harness itself: a port taken between choosing it and binding it
(by another test run on the same machine) does not fail a test."""

import socket
import uuid

import conftest
import pytest
from conftest import start_assistant, stop_process_group
from harness.processes import free_port

# the test starts servers itself (tests/harness/tiers.py)
pytestmark = pytest.mark.server


def test_a_port_taken_before_the_server_binds_it_is_replaced(model_path, tmp_path, monkeypatch):
    squatter = socket.socket()
    squatter.bind(("127.0.0.1", 0))
    squatter.listen()
    taken = squatter.getsockname()[1]
    ports = iter([taken])  # the first port handed out is already in use
    monkeypatch.setattr(conftest, "free_port", lambda: next(ports, None) or free_port())
    try:
        servers = start_assistant(tmp_path, model_path)
        try:
            assert servers.assistant.texts(f"harness-{uuid.uuid4().hex}", "does it hurt?")
            assert f":{taken}" not in servers.assistant.base_url
        finally:
            stop_process_group(servers.proc)
    finally:
        squatter.close()
