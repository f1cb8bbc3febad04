"""Staff e-mails: each request is mailed exactly once, even with concurrent senders.

Runs against a real SMTP server on loopback and both databases. A retry of
unsent requests runs with every new submission, so two action-server workers
can reach the same unsent row at once: the database claim decides who sends it.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from conftest import free_port
from harness.smtp_server import LoopbackSmtpServer
from sqlalchemy import create_engine, inspect, text
from test_callback_storage import new, store  # noqa: F401 (the store fixture)

from msrehab.callbacks import notify
from msrehab.callbacks.store import CallbackStore, utcnow


@pytest.fixture
def smtp():
    server = LoopbackSmtpServer(free_port())
    server.start()
    yield server
    server.stop()


def settings_for(server):
    return notify.SmtpSettings(host="127.0.0.1", port=server.port, tls="none", user=None,
                               password=None, sender="bot@msrehab.test",
                               recipient="staff@msrehab.test", timeout=5)


def test_concurrent_senders_mail_each_request_once(store, smtp):  # noqa: F811
    references = [store.save(new(key=f"conv-{i}:m1")).reference for i in range(20)]
    settings = settings_for(smtp)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: notify.send_pending(store, settings), range(8)))

    assert sum(sent for sent, _ in results) == 20
    assert sorted(m["Subject"].split()[-1] for m in smtp.mails) == sorted(references)
    assert store.unsent() == []


def test_a_request_being_sent_elsewhere_is_skipped_until_its_claim_expires(store, smtp):  # noqa: F811
    row = store.save(new())
    assert store.claim_for_notify(row.reference)
    assert not store.claim_for_notify(row.reference)
    settings = settings_for(smtp)
    assert notify.send_pending(store, settings) == (0, 0)
    assert smtp.mails == []

    # the process holding the claim died: after the lease another sender takes over
    with store.session() as s:
        s.get(type(row), row.id).notify_claimed_at = utcnow() - timedelta(minutes=11)
        s.commit()
    assert notify.send_pending(store, settings) == (1, 0)
    assert len(smtp.mails_about(row.reference)) == 1


def test_a_failed_send_releases_the_claim_for_a_later_retry(store, smtp):  # noqa: F811
    row = store.save(new())
    settings = settings_for(smtp)
    smtp.stop()
    assert notify.send_pending(store, settings) == (0, 1)
    smtp.start()
    assert notify.send_pending(store, settings) == (1, 0)
    assert len(smtp.mails_about(row.reference)) == 1


def test_a_database_from_the_earlier_version_gets_the_claim_column(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as c:  # the table as the first release created it
        c.execute(text(
            "CREATE TABLE callback_requests (id INTEGER PRIMARY KEY, reference VARCHAR(16) "
            "UNIQUE NOT NULL, submission_key VARCHAR(200) UNIQUE NOT NULL, created_at DATETIME "
            "NOT NULL, name VARCHAR(100) NOT NULL, phone VARCHAR(20), email VARCHAR(254), "
            "preferred_time VARCHAR(20) NOT NULL, reason TEXT, consent_at DATETIME NOT NULL, "
            "status VARCHAR(10) NOT NULL, done_at DATETIME, notified BOOLEAN NOT NULL, "
            "notified_at DATETIME, notify_attempts INTEGER NOT NULL, "
            "last_notify_error VARCHAR(300))"))
    store = CallbackStore(url)  # noqa: F811
    columns = {c["name"] for c in inspect(store.engine).get_columns("callback_requests")}
    assert "notify_claimed_at" in columns
    row = store.save(new())
    assert store.claim_for_notify(row.reference)


def test_the_email_links_to_the_request_on_the_staff_page(store, monkeypatch):  # noqa: F811
    row = store.save(new())
    settings = notify.SmtpSettings(host="-", port=0, tls="none", user=None, password=None,
                                   sender="bot@msrehab.test", recipient="staff@msrehab.test",
                                   timeout=5)
    monkeypatch.setenv("STAFF_BASE_URL", "https://staff.msrehab.example/")
    body = notify.compose(row, settings).get_content()
    assert f"https://staff.msrehab.example/requests/{row.reference}\n" in body
    monkeypatch.delenv("STAFF_BASE_URL")
    assert f"msrehab-staff done {row.reference}" in notify.compose(row, settings).get_content()


def test_the_email_gives_the_time_received_in_uk_time(store):  # noqa: F811
    row = store.save(new())
    with store.session() as s:  # 23:30 UTC on 30 June is 00:30 on 1 July in the UK (BST)
        s.get(type(row), row.id).created_at = datetime(2026, 6, 30, 23, 30)
        s.commit()
    settings = notify.SmtpSettings(host="-", port=0, tls="none", user=None, password=None,
                                   sender="bot@msrehab.test", recipient="staff@msrehab.test",
                                   timeout=5)
    body = notify.compose(store.get(row.reference), settings).get_content()
    assert "Received:       Wed 01 Jul 2026, 00:30 (UK time)" in body
