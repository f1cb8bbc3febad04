"""CallbackStore and the staff tool, on SQLite and on a real PostgreSQL."""

from datetime import timedelta

import pytest
from harness.databases import BOTH, temporary_postgres_database
from sqlalchemy import text

from msrehab.callbacks.store import CallbackStore, NewRequest, utcnow
from staff import cli as staff_cli


@pytest.fixture(params=BOTH)
def store(request, tmp_path):
    if request.param == "sqlite":
        yield CallbackStore(f"sqlite:///{tmp_path / 'callbacks.db'}")
        return
    for url in temporary_postgres_database():
        s = CallbackStore(url)
        yield s
        s.engine.dispose()


def new(key="conv-1:m1", **changes):
    values = dict(submission_key=key, name="Jane Smith", phone="+447911123456",
                  email="jane@example.com", preferred_time="morning", reason="heel pain")
    values.update(changes)
    return NewRequest(**values)


def count_rows(store):
    with store.engine.connect() as c:
        return c.execute(text("SELECT COUNT(*) FROM callback_requests")).scalar()


def test_saving_the_same_submission_twice_stores_one_row(store):
    first = store.save(new())
    again = store.save(new())
    assert again.reference == first.reference
    assert count_rows(store) == 1


def test_reference_format_and_utc_timestamps(store):
    row = store.save(new())
    assert row.reference.startswith("CB-") and len(row.reference) == 7
    assert not set(row.reference[3:]) & set("01OIL")
    assert abs(row.created_at - utcnow()) < timedelta(minutes=1)
    assert row.created_at.tzinfo is None  # stored as naive UTC


def test_new_requests_are_open_and_unsent(store):
    row = store.save(new())
    assert [r.reference for r in store.list()] == [row.reference]
    assert [r.reference for r in store.unsent()] == [row.reference]


def test_mark_done_and_notified(store):
    row = store.save(new())
    store.mark_notified(row.reference)
    assert store.unsent() == []
    assert store.mark_done(row.reference)
    assert store.list() == []
    assert store.get(row.reference).status == "closed"


def test_delete_erases_the_request(store):
    row = store.save(new())
    assert store.delete(row.reference)
    assert store.get(row.reference) is None
    assert count_rows(store) == 0


def test_purge_erases_only_old_requests(store):
    old = store.save(new("old:1"))
    store.save(new("recent:1"))
    with store.session() as s:
        s.execute(text("UPDATE callback_requests SET created_at = :t WHERE reference = :r"),
                  {"t": utcnow() - timedelta(days=40), "r": old.reference})
        s.commit()
    assert store.purge_older_than(30) == 1
    assert count_rows(store) == 1


def test_staff_tool_lists_masked_shows_full_and_exports(store, tmp_path, capsys):
    row = store.save(new())
    url = str(store.engine.url.render_as_string(hide_password=False))
    assert staff_cli.main(["--database-url", url, "list"]) == 0
    listing = capsys.readouterr().out
    assert row.reference in listing
    assert "Jane Smith" not in listing and "7911123456" not in listing

    assert staff_cli.main(["--database-url", url, "show", row.reference]) == 0
    assert "+447911123456" in capsys.readouterr().out

    out = tmp_path / "export.csv"
    assert staff_cli.main(["--database-url", url, "export", str(out)]) == 0
    assert "jane@example.com" in out.read_text()

    assert staff_cli.main(["--database-url", url, "done", row.reference]) == 0
    # no conversation store yet: delete erases the request and creates nothing
    tracker = tmp_path / "tracker.db"
    assert staff_cli.main(["--database-url", url, "--tracker-url", f"sqlite:///{tracker}",
                           "delete", row.reference]) == 0
    assert not tracker.exists()
    assert staff_cli.main(["--database-url", url, "show", row.reference]) == 1
