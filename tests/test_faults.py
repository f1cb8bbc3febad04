"""Faults: the action server down, the database down, the Rasa server restarting,
and 50 patients leaving callback requests at the same time.

Each test starts its own servers with scripts/run.sh.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import (
    REFERENCE,
    complete_callback_form,
    domain_text,
    free_port,
    start_assistant,
    stop_process_group,
)
from harness.smtp_server import LoopbackSmtpServer

from msrehab.callbacks.store import CallbackStore

# every test starts its servers, itself or through a fixture here (tests/harness/tiers.py)
pytestmark = pytest.mark.server

PHONE = "07305541126"


@pytest.fixture
def servers_without_actions(model_path, tmp_path):
    servers = start_assistant(tmp_path, model_path, actions_reachable=False)
    yield servers
    stop_process_group(servers.proc)


def test_action_server_down_faqs_and_hand_off_still_work(servers_without_actions):
    assistant = servers_without_actions.assistant
    sender = f"down-{uuid.uuid4().hex}"
    assert assistant.texts(sender, "does dry needling hurt?") == [
        domain_text("utter_faq/does_it_hurt")]
    (handoff,) = assistant.texts(sender, "can i book an appointment")
    assert PHONE in handoff and "info@msrehab.co.uk" in handoff


def test_action_server_down_a_callback_is_never_silently_lost(servers_without_actions):
    assistant = servers_without_actions.assistant
    texts = assistant.texts(f"down-{uuid.uuid4().hex}", "/start_callback")
    # the patient is told, with the phone number, instead of an empty reply
    assert texts and any(PHONE in t for t in texts)


def complete_callback(assistant, sender, name="Sam Green", phone="07911 123456"):
    return " ".join(complete_callback_form(
        assistant, sender, [name, phone, "skip", "morning", "knee pain"]))


def test_database_down_the_patient_is_told_and_nothing_is_claimed(model_path, tmp_path):
    dead = f"postgresql://postgres@127.0.0.1:{free_port()}/nowhere"
    servers = start_assistant(tmp_path, model_path, {"CALLBACKS_DATABASE_URL": dead})
    try:
        reply = complete_callback(servers.assistant, f"db-{uuid.uuid4().hex}")
    finally:
        stop_process_group(servers.proc)
    assert "couldn't save" in reply and PHONE in reply
    assert not REFERENCE.search(reply)


def test_restart_in_the_middle_of_the_form_goes_on_where_it_was(model_path, tmp_path):
    db = f"sqlite:///{tmp_path / 'callbacks.db'}"
    sender = f"restart-{uuid.uuid4().hex}"
    servers = start_assistant(tmp_path, model_path, {"CALLBACKS_DATABASE_URL": db})
    try:
        for message in ["/start_callback", "yes", "Ada Lovelace"]:
            servers.assistant.send(sender, message)
    finally:
        stop_process_group(servers.proc)
    # a new Rasa server on the same (SQL) tracker store
    servers = start_assistant(tmp_path, model_path, {"CALLBACKS_DATABASE_URL": db})
    try:
        (question,) = servers.assistant.texts(sender, "07911 123456")
        assert "e-mail address" in question  # the phone was taken: next comes e-mail
        for message in ["skip", "evening", "skip"]:
            servers.assistant.send(sender, message)
        reply = " ".join(servers.assistant.texts(sender, "/affirm"))
    finally:
        stop_process_group(servers.proc)
    reference = REFERENCE.search(reply).group(0)
    row = CallbackStore(db).get(reference)
    assert (row.name, row.phone) == ("Ada Lovelace", "+447911123456")


def test_fifty_concurrent_callbacks_make_fifty_rows_and_fifty_mails(model_path, tmp_path):
    smtp = LoopbackSmtpServer(free_port())
    smtp.start()
    db = f"sqlite:///{tmp_path / 'callbacks.db'}"
    env = {"CALLBACKS_DATABASE_URL": db, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port),
           "SMTP_TLS": "none", "STAFF_EMAIL": "staff@msrehab.test"}
    servers = start_assistant(tmp_path, model_path, env)
    try:
        with ThreadPoolExecutor(max_workers=50) as pool:
            replies = list(pool.map(
                lambda i: complete_callback(servers.assistant, f"load-{i}-{uuid.uuid4().hex}",
                                            name=f"Patient {chr(65 + i % 26)}"),
                range(50)))
    finally:
        stop_process_group(servers.proc)
        smtp.stop()
    missing = [r for r in replies if not REFERENCE.search(r)]
    assert missing == []
    references = {REFERENCE.search(r).group(0) for r in replies}
    assert len(references) == 50
    rows = CallbackStore(db).list(status=None)
    assert {r.reference for r in rows} == references
    assert len(smtp.mails) == 50
    assert all(r.notified for r in rows)
