"""Upgrades lose nothing: a callback database made by the assistant before the
staff page (main at bac2037, no Alembic) is brought to the newest schema with
every row kept, on SQLite and PostgreSQL; and the models agree with the
migrated schema."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
import sqlalchemy as sa
from harness.databases import BOTH, temporary_postgres_database

from msrehab import migrations
from msrehab.callbacks.store import Base, CallbackStore
from staff import accounts, audit, purge  # noqa: F401 (their tables join Base.metadata)

# The table exactly as bac2037's CallbackStore created it (Base.metadata.create_all).
BEFORE = sa.MetaData()
sa.Table(
    "callback_requests", BEFORE,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reference", sa.String(16), unique=True, nullable=False),
    sa.Column("submission_key", sa.String(200), unique=True, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("phone", sa.String(20)),
    sa.Column("email", sa.String(254)),
    sa.Column("preferred_time", sa.String(20), nullable=False),
    sa.Column("preferred_time_note", sa.String(100)),
    sa.Column("reason", sa.Text),
    sa.Column("consent_at", sa.DateTime, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("done_at", sa.DateTime),
    sa.Column("notified", sa.Boolean, nullable=False),
    sa.Column("notified_at", sa.DateTime),
    sa.Column("notify_attempts", sa.Integer, nullable=False),
    sa.Column("last_notify_error", sa.String(300)),
    sa.Column("notify_claimed_at", sa.DateTime),
)
T0 = datetime(2026, 11, 30, 9, 15)
ROWS = [
    dict(reference="CB-AAAA", submission_key="s1:m1", created_at=T0, name="Jane Smith",
         phone="+447911123456", email="jane@example.com", preferred_time="morning",
         preferred_time_note="after 9", reason="heel pain", consent_at=T0, status="open",
         done_at=None, notified=True, notified_at=T0, notify_attempts=1,
         last_notify_error=None),
    dict(reference="CB-BBBB", submission_key="s2:m1", created_at=T0, name="Ravi Patel",
         phone=None, email="ravi@example.org", preferred_time="any",
         preferred_time_note=None, reason=None, consent_at=T0, status="done",
         done_at=datetime(2026, 12, 1, 10, 0), notified=False, notified_at=None,
         notify_attempts=3, last_notify_error="SMTPServerDisconnected"),
]


@pytest.fixture(params=BOTH)
def url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'callbacks.db'}"
        return
    yield from temporary_postgres_database()


def make_old_database(url: str) -> None:
    engine = sa.create_engine(url, future=True)
    BEFORE.create_all(engine)
    with engine.begin() as c:
        c.execute(BEFORE.tables["callback_requests"].insert(), ROWS)
    engine.dispose()


def test_a_database_from_before_the_staff_page_keeps_every_row(url):
    make_old_database(url)
    store = CallbackStore(url)  # opening it upgrades
    try:
        assert migrations.current_revision(store.engine) == migrations.head_revision()
        jane, ravi = store.get("CB-AAAA"), store.get("CB-BBBB")
        for row, before in ((jane, ROWS[0]), (ravi, ROWS[1])):
            for column in ("submission_key", "created_at", "name", "phone", "email",
                           "preferred_time", "preferred_time_note", "reason", "consent_at",
                           "notified", "notified_at", "notify_attempts"):
                assert getattr(row, column) == before[column], column
        # open requests wait in the queue as new; done ones are closed, at the same time
        assert (jane.status, jane.closed_at, jane.claimed_by_id) == ("new", None, None)
        assert (ravi.status, ravi.closed_at) == ("closed", ROWS[1]["done_at"])
        assert ravi.last_notify_error == "SMTPServerDisconnected"
        assert [r.reference for r in store.list()] == ["CB-AAAA"]
        # the new tables are there and work on the old rows
        user = accounts.Accounts(store).add("amy", "Amy", "a long password 1", "reception")
        assert store.claim("CB-AAAA", user.id).won
        assert store.add_attempt("CB-AAAA", user.id, "no_answer", "try after 5")
    finally:
        store.engine.dispose()


def test_upgrading_again_changes_nothing(url):
    make_old_database(url)
    CallbackStore(url).engine.dispose()
    store = CallbackStore(url)
    try:
        with store.engine.connect() as c:
            assert c.execute(sa.text("SELECT COUNT(*) FROM callback_requests")).scalar() == 2
            assert c.execute(sa.text("SELECT COUNT(*) FROM alembic_version")).scalar() == 1
    finally:
        store.engine.dispose()


def test_the_models_match_the_migrated_schema(url):
    store = CallbackStore(url)
    try:
        inspector = sa.inspect(store.engine)
        for table in Base.metadata.sorted_tables:
            stored = {c["name"]: c for c in inspector.get_columns(table.name)}
            assert set(stored) == {c.name for c in table.columns}, table.name
            for column in table.columns:
                assert stored[column.name]["nullable"] == column.nullable, \
                    f"{table.name}.{column.name}"
        assert set(inspector.get_table_names()) - {"alembic_version"} == \
            set(Base.metadata.tables)
    finally:
        store.engine.dispose()


def test_two_processes_opening_a_new_database_at_once_migrate_it_once(url):
    errors, engines = [], []

    def open_store():
        try:
            engines.append(CallbackStore(url).engine)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert migrations.current_revision(engines[0]) == migrations.head_revision()
    for engine in engines:
        engine.dispose()
