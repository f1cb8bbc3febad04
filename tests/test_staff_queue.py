"""The staff queue's storage, on SQLite and PostgreSQL: claiming (two colleagues
at once: exactly one wins), call attempts, handing over, closing, the search
box, pages; staff accounts, login throttling and sessions."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from harness.databases import BOTH, temporary_postgres_database
from sqlalchemy import text

from msrehab.callbacks.store import CallbackStore, NewRequest
from staff.accounts import MAX_FAILURES, Accounts
from staff.queue_search import QueueSearch

PASSWORD = "correct horse battery"


@pytest.fixture(params=BOTH)
def store(request, tmp_path):
    if request.param == "sqlite":
        s = CallbackStore(f"sqlite:///{tmp_path / 'callbacks.db'}")
        yield s
        s.engine.dispose()
        return
    for url in temporary_postgres_database():
        s = CallbackStore(url)
        yield s
        s.engine.dispose()


@pytest.fixture
def staff(store):
    accounts = Accounts(store)
    return [accounts.add(f"user{i}", f"User {i}", PASSWORD, "reception") for i in range(8)]


def save(store, n=0, **changes):
    values = dict(submission_key=f"conv-{n}:m1", name="Jane Smith", phone="+447911123456",
                  email="jane@example.com", preferred_time="morning", reason="heel pain")
    values.update(changes)
    return store.save(NewRequest(**values))


def test_eight_colleagues_claiming_at_once_exactly_one_wins(store, staff):
    row = save(store)
    barrier = threading.Barrier(len(staff))
    results = {}

    def claim(user):
        barrier.wait()
        results[user.id] = store.claim(row.reference, user.id)

    threads = [threading.Thread(target=claim, args=(u,)) for u in staff]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [uid for uid, r in results.items() if r.won]
    assert len(winners) == 1
    # the others are told who has it
    assert {r.owner_id for r in results.values()} == {winners[0]}
    stored = store.get(row.reference)
    assert (stored.status, stored.claimed_by_id) == ("calling", winners[0])


def test_attempts_hand_over_and_close(store, staff):
    amy, ben = staff[:2]
    row = save(store)
    assert store.add_attempt(row.reference, amy.id, "no_answer", "x") is None  # not claimed
    assert store.claim(row.reference, amy.id).won
    assert store.add_attempt(row.reference, ben.id, "no_answer", "x") is None  # not Ben's
    assert store.add_attempt(row.reference, amy.id, "no_answer", "no answer, try after 5")
    assert store.get(row.reference).status == "calling"
    assert store.hand_to(row.reference, amy.id, ben.id)
    assert not store.close(row.reference, amy.id)  # Amy handed it on
    assert store.add_attempt(row.reference, ben.id, "spoke", "booked for Tuesday")
    assert store.get(row.reference).status == "called"
    assert store.close(row.reference, ben.id)
    assert store.get(row.reference).status == "closed"
    attempts = store.attempts(row.id)
    assert [(a.user_id, a.outcome, a.note) for a in attempts] == [
        (amy.id, "no_answer", "no answer, try after 5"), (ben.id, "spoke", "booked for Tuesday")]
    with pytest.raises(ValueError):
        store.add_attempt(row.reference, ben.id, "made up", None)


def test_giving_a_request_back_puts_it_in_the_queue_for_anyone(store, staff):
    amy, ben = staff[:2]
    row = save(store)
    store.claim(row.reference, amy.id)
    assert store.hand_to(row.reference, amy.id, None)
    assert (store.get(row.reference).status, store.get(row.reference).claimed_by_id) == \
        ("new", None)
    assert store.claim(row.reference, ben.id).won


def test_erasing_a_request_erases_its_call_notes(store, staff):
    row = save(store)
    store.claim(row.reference, staff[0].id)
    store.add_attempt(row.reference, staff[0].id, "voicemail", "left message for Jane")
    assert store.delete(row.reference)
    with store.engine.connect() as c:
        assert c.execute(text("SELECT COUNT(*) FROM callback_attempts")).scalar() == 0


def search(store, typed):
    return [r.reference for r in store.queue(statuses=None,
                                             search=QueueSearch(typed).condition()).rows]


def test_search_by_reference_phone_in_any_format_or_name(store):
    jane = save(store, 1)
    ravi = save(store, 2, name="Ravi Patel", phone="+447700900123", email=None)
    for typed in ("07911 123456", "+44 7911 123456", "(07911) 123-456", "447911123456"):
        assert search(store, typed) == [jane.reference], typed
    assert search(store, jane.reference.lower()) == [jane.reference]
    assert search(store, jane.reference[3:]) == [jane.reference]
    assert search(store, "pat") == [ravi.reference]
    assert search(store, "SMITH") == [jane.reference]
    # LIKE's wildcards and SQL typed into the box are just text
    for typed in ("%", "_", "' OR 1=1 --", "07000 000000"):
        assert search(store, typed) == [], typed


def test_queue_is_oldest_first_paged_and_filtered(store, staff):
    rows = [save(store, n) for n in range(7)]
    with store.session() as s:  # received one hour apart, the first oldest
        for n, row in enumerate(rows):
            s.execute(text("UPDATE callback_requests SET created_at = :t WHERE id = :i"),
                      {"t": rows[0].created_at + timedelta(hours=n), "i": row.id})
        s.commit()
    store.claim(rows[1].reference, staff[0].id)
    store.close(rows[2].reference)
    waiting = store.queue(per_page=3)
    assert (waiting.total, waiting.pages) == (6, 2)
    assert [r.reference for r in waiting.rows] == [r.reference for r in (rows[0], rows[1],
                                                                         rows[3])]
    assert [r.reference for r in store.queue(per_page=3, page=2).rows] == \
        [r.reference for r in rows[4:7]]
    assert [r.reference for r in store.queue(owner_id=staff[0].id).rows] == [rows[1].reference]
    assert [r.reference for r in store.queue(statuses=("closed",)).rows] == [rows[2].reference]


def test_passwords_are_hashed_and_the_sixth_failure_in_a_row_is_throttled(store):
    accounts = Accounts(store)
    user = accounts.add("Amy", "Amy", PASSWORD, "admin")
    assert user.username == "amy" and PASSWORD not in user.password_hash
    assert user.password_hash.startswith("$argon2")
    assert accounts.log_in("AMY ", PASSWORD, "10.0.0.1").user.id == user.id
    for _ in range(MAX_FAILURES):
        result = accounts.log_in("amy", "wrong password", "10.0.0.1")
        assert result.user is None and not result.throttled
    # the 6th attempt is refused without looking at the password, even the right one
    assert accounts.log_in("amy", "wrong password", "10.0.0.1").throttled
    assert accounts.log_in("amy", PASSWORD, "10.0.0.2").throttled
    # once the window has passed, the right password works again
    with store.session() as s:
        s.execute(text("UPDATE staff_login_attempts SET at = :t WHERE succeeded = :f"),
                  {"t": user.created_at - timedelta(hours=1), "f": False})
        s.commit()
    assert accounts.log_in("amy", PASSWORD, "10.0.0.1").user is not None


def test_weak_or_duplicate_accounts_are_refused(store):
    accounts = Accounts(store)
    accounts.add("amy", "Amy", PASSWORD, "reception")
    for args in (("amy", "Amy", PASSWORD, "reception"), ("bob", "Bob", "short", "reception"),
                 ("bob", "Bob", PASSWORD, "owner"), ("bob smith", "Bob", PASSWORD, "admin")):
        with pytest.raises(ValueError):
            accounts.add(*args)


def test_sessions_end_after_inactivity_logout_or_disabling(store):
    accounts = Accounts(store, idle=timedelta(minutes=30))
    user = accounts.add("amy", "Amy", PASSWORD, "reception")
    token = accounts.start_session(user)
    assert accounts.session_user(token)[0].id == user.id
    assert accounts.session_user("forged") is None
    with store.session() as s:  # 31 minutes without a request
        s.execute(text("UPDATE staff_sessions SET last_seen_at = :t"),
                  {"t": user.created_at - timedelta(minutes=31)})
        s.commit()
    assert accounts.session_user(token) is None
    token = accounts.start_session(user)
    accounts.end_session(token)
    assert accounts.session_user(token) is None
    token = accounts.start_session(user)
    accounts.set_active(user.id, False)
    assert accounts.session_user(token) is None
    assert accounts.log_in("amy", PASSWORD, "10.0.0.1").user is None
