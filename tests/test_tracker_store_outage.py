"""A tracker-store outage is detected and alerted, never silently turned into a
fresh conversation (stock Rasa falls back to an empty in-memory tracker).

A real PostgreSQL tracker store is reached through a TCP relay that the test
cuts and restores, in the middle of a callback form.
"""

import uuid

import pytest
import requests
from conftest import start_assistant, stop_process_group
from harness.cluster import postgres_tracker_store
from harness.databases import temporary_postgres_database
from harness.tcp_relay import TcpRelay
from sqlalchemy.engine import make_url

from rasa_addons.channels.message_guard import STORE_DOWN_REPLY

# the module fixture starts servers on PostgreSQL (tests/harness/tiers.py)
pytestmark = [pytest.mark.server, pytest.mark.postgres]

PATIENT_NAME = "Grace Hopperton"


@pytest.fixture(scope="module")
def outage_setup(model_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("outage")
    for url in temporary_postgres_database():
        pg = make_url(url)
        relay = TcpRelay(pg.port or 5432, pg.host)
        # the tracker store reaches PostgreSQL through the relay
        stores = {"tracker_store": postgres_tracker_store(
            str(pg.set(host="127.0.0.1", port=relay.port)))}
        servers = start_assistant(tmp, model_path, stores=stores, extra_env={
            "CALLBACKS_DATABASE_URL": f"sqlite:///{tmp / 'callbacks.db'}"})
        try:
            yield servers, relay
        finally:
            stop_process_group(servers.proc)
            relay.cut()


def health(servers):
    return requests.get(f"{servers.assistant.base_url}/webhooks/health/", timeout=10)


def test_an_outage_is_told_to_the_patient_alerted_and_the_form_resumes_after(outage_setup):
    servers, relay = outage_setup
    assistant, sender = servers.assistant, f"outage-{uuid.uuid4().hex}"
    assert health(servers).json() == {"model": "ok", "tracker_store": "ok",
                                     "lock_store": "ok", "status": "ok"}
    assistant.send(sender, "/start_callback")
    (name_question,) = assistant.texts(sender, "yes")
    assert "name" in name_question.lower()

    relay.cut()
    try:
        replies = assistant.texts(sender, PATIENT_NAME)
        # honest, with the phone number, and not an answer made up from an empty conversation
        assert replies == [STORE_DOWN_REPLY]
        down = health(servers)
        assert down.status_code == 503
        assert down.json()["tracker_store"].startswith("unavailable")
        log = servers.log.read_text(errors="replace")
        assert "tracker store unavailable" in log
        assert PATIENT_NAME not in log
    finally:
        relay.restore()

    assert health(servers).status_code == 200
    # the conversation is where it was before the outage: the form still asks the name
    (after,) = assistant.texts(sender, PATIENT_NAME)
    assert "phone" in after.lower(), after
    assert "tracker store available again" in servers.log.read_text(errors="replace")
