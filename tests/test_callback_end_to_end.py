"""A callback request end to end: REST channel -> form -> database -> staff e-mail.

Starts its own action server and Rasa server (scripts/run.sh) and a real SMTP
server on loopback, then checks the database and the mailbox.
"""

import os
import subprocess
import uuid

import pytest
from conftest import PROJECT_ROOT, complete_callback_form, mailing_assistant, reference_in

# every test uses `clinic`, servers started here (tests/harness/tiers.py)
pytestmark = pytest.mark.server

PATIENT = {"name": "Jane Smith", "phone": "07911 123456", "email": "jane.smith@example.com"}


@pytest.fixture(scope="module")
def clinic(model_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("callbacks")
    with mailing_assistant(tmp, model_path) as (servers, smtp, store, env):
        yield servers.assistant, smtp, store, env, tmp


def complete_callback(assistant, sender=None):
    texts = complete_callback_form(
        assistant, sender or f"e2e-{uuid.uuid4().hex}",
        [PATIENT["name"], PATIENT["phone"], PATIENT["email"], "afternoon", "heel pain"])
    return reference_in(texts), texts


def test_completed_callback_is_stored_once_and_mailed_once(clinic):
    assistant, smtp, store, _, _ = clinic
    reference, texts = complete_callback(assistant)
    assert "within one working day" in texts[-1]

    rows = [r for r in store.list(status=None) if r.reference == reference]
    assert len(rows) == 1
    row = rows[0]
    assert (row.name, row.phone, row.email) == ("Jane Smith", "+447911123456",
                                                "jane.smith@example.com")
    assert row.preferred_time == "afternoon" and row.reason == "heel pain"
    assert row.notified is True

    mails = smtp.mails_about(reference)
    assert len(mails) == 1
    body = mails[0].get_payload()
    assert "+447911123456" in body and "Jane Smith" in body
    assert mails[0]["To"] == "staff@msrehab.test"


def callback_while_mail_is_down(assistant, smtp):
    smtp.stop()
    try:
        return complete_callback(assistant)
    finally:
        smtp.start()


def test_mail_server_down_keeps_the_request_and_sends_it_later(clinic):
    assistant, smtp, store, env, _ = clinic
    reference, texts = callback_while_mail_is_down(assistant, smtp)
    # the patient still gets a reference: the request is safe in the database
    assert reference in " ".join(texts)
    row = store.get(reference)
    assert row is not None and row.notified is False and row.notify_attempts >= 1
    assert smtp.mails_about(reference) == []

    # the staff command sends what is pending, once
    result = subprocess.run(
        [str(PROJECT_ROOT / ".venv" / "bin" / "msrehab-staff"), "send-pending"],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert store.get(reference).notified is True
    assert len(smtp.mails_about(reference)) == 1


def test_pending_requests_go_out_with_the_next_request(clinic):
    assistant, smtp, store, _, _ = clinic
    waiting, _ = callback_while_mail_is_down(assistant, smtp)
    assert store.get(waiting).notified is False
    latest, _ = complete_callback(assistant)
    assert len(smtp.mails_about(waiting)) == 1
    assert len(smtp.mails_about(latest)) == 1
    assert store.unsent() == []


def test_servers_log_no_contact_details_in_full(clinic):
    _, _, _, _, tmp = clinic
    log = (tmp / "servers.log").read_text(errors="replace")
    assert "7911123456" not in log and "7911 123456" not in log
    assert "jane.smith@example.com" not in log
    assert "Jane Smith" not in log
    assert "request_body" not in log  # no rasa-sdk 500 body (the whole conversation)
