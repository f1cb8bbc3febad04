"""The staff page's security over HTTP, against a real server (python -m staff.web):
no session, no page and no patient data; CSRF tokens; login throttling; cookie
flags; markup and SQL shown as text; roles; the audit log; nothing personal in
the server's log."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
from harness.processes import free_port
from harness.staff_page import StaffClient, start_staff_page

from msrehab.callbacks.store import CallbackStore, NewRequest
from staff.accounts import Accounts

pytestmark = pytest.mark.server

PASSWORD = "a long enough password"
MARKUP = '<script>alert("x")</script><b>bold</b>'
SQL = "'; DROP TABLE callback_requests; --"
PATIENT = {"name": "Olwen Prydderch", "phone": "+447911123456", "email": "olwen@example.org"}
VIEWS = Path(__file__).resolve().parent.parent / "staff" / "web"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("staff-http")
    url = f"sqlite:///{tmp / 'callbacks.db'}"
    store = CallbackStore(url)
    accounts = Accounts(store)
    accounts.add("ada", "Ada Admin", PASSWORD, "admin")
    accounts.add("rita", "Rita Reception", PASSWORD, "reception")
    accounts.add("tom", "Tom Throttled", PASSWORD, "reception")
    row = store.save(NewRequest(submission_key="s1:m1", preferred_time="evening",
                                reason=f"{MARKUP} {SQL}", preferred_time_note=MARKUP,
                                **PATIENT))
    page = start_staff_page(tmp, url, f"sqlite:///{tmp / 'tracker.db'}")
    try:
        yield page, store, row.reference
    finally:
        page.stop()
        store.engine.dispose()


def logged_in(site, user="ada") -> StaffClient:
    client = StaffClient(site[0].url)
    assert client.log_in(user, PASSWORD).url.endswith("/queue")
    return client


def user_id(store, username: str) -> int:
    return next(u.id for u in Accounts(store).all() if u.username == username)


def routes() -> set:
    """Every route the views declare, read from their source."""
    found = set()
    for source in VIEWS.glob("views_*.py"):
        found |= set(re.findall(r'@app\.(get|post)\("([^"]+)"\)', source.read_text()))
    return found


def concrete(path: str, reference: str) -> str:
    return (path.replace("<reference:str>", reference).replace("<user_id:int>", "1")
            .replace("<change:str>", "disable"))


def leaks(body: str) -> list:
    return [v for v in (*PATIENT.values(), "7911", "Olwen") if v in body]


def test_without_a_session_every_page_sends_to_login_and_every_action_is_refused(site):
    page, _, reference = site
    declared = routes()
    assert len(declared) >= 15  # the views were read
    for method, path in sorted(declared):
        if path in ("/login", "/"):
            continue
        url = page.url + concrete(path, reference)
        if method == "get":
            response = requests.get(url, allow_redirects=False, timeout=30)
            assert response.status_code == 303, path
            assert response.headers["Location"].startswith("/login?next="), path
        else:
            response = requests.post(url, data={"csrf_token": "x", "to": "queue",
                                                "outcome": "spoke", "phone": PATIENT["phone"],
                                                "confirm": "ERASE"},
                                     allow_redirects=False, timeout=30)
            assert response.status_code == 403, path
        assert leaks(response.text) == [], path
    assert site[1].get(reference).status == "new"  # no action went through


def test_a_post_without_the_right_csrf_token_is_refused(site):
    page, store, reference = site
    client = logged_in(site, "rita")
    for token in (None, "", "forged"):
        form = {} if token is None else {"csrf_token": token}
        response = client.post(f"/requests/{reference}/claim", form, csrf=False)
        assert response.status_code == 403
    assert store.get(reference).status == "new"
    # the login form has its own token, tied to a cookie
    fresh = requests.post(page.url + "/login", data={"username": "ada", "password": PASSWORD},
                          timeout=30, allow_redirects=False)
    assert fresh.status_code == 403


def test_the_sixth_wrong_password_in_a_row_is_throttled(site):
    client = StaffClient(site[0].url)
    responses = [client.log_in("tom", f"wrong {n}") for n in range(6)]
    assert [r.status_code for r in responses] == [401] * 5 + [429]
    assert "Too many failed attempts" in responses[-1].text
    assert client.log_in("tom", PASSWORD).status_code == 429  # even the right one, for now


def test_cookies_are_httponly_strict_and_secure_behind_https(site, tmp_path):
    client = StaffClient(site[0].url)
    client.get("/login")
    response = client.post("/login", {"username": "ada", "password": PASSWORD},
                           allow_redirects=False)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback: the browser would drop it
    # behind nginx with HTTPS (X-Forwarded-Proto from the one trusted proxy)
    proxied = start_staff_page(tmp_path, site[1].engine.url.render_as_string(False),
                               f"sqlite:///{tmp_path / 'tracker.db'}",
                               {"STAFF_PROXIES_COUNT": "1"})
    try:
        https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
        login = requests.get(proxied.url + "/login", headers=https, timeout=30)
        assert "Secure" in login.headers["Set-Cookie"]
        # a client keeps a Secure cookie off plain HTTP: send it as the browser would over HTTPS
        token = login.cookies.get("msrehab_staff_login")
        response = requests.post(
            proxied.url + "/login", data={"username": "ada", "password": PASSWORD,
                                          "csrf_token": token},
            headers={**https, "Cookie": f"msrehab_staff_login={token}"},
            allow_redirects=False, timeout=30)
        assert response.status_code == 303
        session = [c for c in response.raw.headers.getlist("Set-Cookie")
                   if c.startswith("msrehab_staff=")]
        assert session and all(f in session[0] for f in ("HttpOnly", "SameSite=Strict",
                                                         "Secure"))
    finally:
        proxied.stop()


def test_markup_and_sql_typed_by_a_patient_or_staff_are_shown_as_text(site):
    _, store, reference = site
    client = logged_in(site, "ada")
    client.get(f"/requests/{reference}")
    client.post(f"/requests/{reference}/claim")
    client.post(f"/requests/{reference}/attempt", {"outcome": "other", "note": f"{MARKUP}{SQL}"})
    for path in (f"/requests/{reference}", "/queue?status=all"):
        body = client.get(path).text
        assert "<script>" not in body and "<b>bold</b>" not in body, path
        assert "&lt;script&gt;" in body, path
    assert "DROP TABLE callback_requests" in client.get(f"/requests/{reference}").text
    assert store.get(reference) is not None  # the table is still there
    assert client.get("/queue?status=all&q=" + requests.utils.quote(SQL)).status_code == 200


def test_reception_cannot_reach_data_requests_accounts_or_the_audit_log(site):
    client = logged_in(site, "rita")
    for path in ("/data-requests", "/users", "/audit"):
        response = client.get(path)
        assert response.status_code == 403 and leaks(response.text) == [], path
    for path, form in (("/data-requests/search", {"phone": PATIENT["phone"]}),
                       ("/data-requests/export", {"phone": PATIENT["phone"]}),
                       ("/data-requests/erase", {"phone": PATIENT["phone"], "confirm": "ERASE"}),
                       ("/users", {"username": "eve", "password": PASSWORD, "role": "admin"}),
                       ("/users/1/disable", {})):
        response = client.post(path, form)
        assert response.status_code == 403 and leaks(response.text) == [], path
    assert "<td>eve</td>" not in logged_in(site, "ada").get("/users").text
    assert 'href="/data-requests"' not in client.get("/queue").text


def test_every_view_and_change_of_a_patients_record_is_in_the_audit_log(site):
    _, store, _ = site
    row = store.save(NewRequest(submission_key="s2:m1", name="Audit Case", phone=None,
                                email="case@example.org", preferred_time="any", reason=None))
    rita = logged_in(site, "rita")
    rita.get(f"/requests/{row.reference}")
    rita.post(f"/requests/{row.reference}/claim")
    rita.post(f"/requests/{row.reference}/attempt", {"outcome": "no_answer", "note": "x"})
    rita.post(f"/requests/{row.reference}/hand", {"to": "queue"})
    rita.get("/queue?q=07911%20123456")
    ada = logged_in(site, "ada")
    ada.post(f"/requests/{row.reference}/claim")
    ada.post(f"/requests/{row.reference}/close")
    ada.post("/data-requests/search", {"email": "case@example.org"})
    log = ada.get("/audit").text
    for who, action in (("rita", "view_request"), ("rita", "claim"), ("rita", "add_attempt"),
                        ("rita", "release"), ("rita", "view_queue"), ("ada", "claim"),
                        ("ada", "close"), ("ada", "data_search")):
        target = {"view_queue": "", "data_search": r"c\*\*\*@"}.get(action, row.reference)
        assert re.search(rf"<td>{who}</td><td>{action}</td><td>{target}", log), (who, action)
    # people searched for are masked in the log; searches for a phone number too
    assert "case@example.org" not in log and "07911 123456" not in log


def test_logout_ends_the_session_and_the_old_cookie_no_longer_works(site):
    client = logged_in(site, "rita")
    cookie = client.http.cookies.get("msrehab_staff")
    response = client.post("/logout")
    assert response.url.endswith("/login?logged_out=1")
    replay = requests.get(site[0].url + "/queue", cookies={"msrehab_staff": cookie},
                          allow_redirects=False, timeout=30)
    assert replay.status_code == 303 and "/login" in replay.headers["Location"]


def test_a_link_to_a_request_opens_it_after_login_and_never_redirects_away(site):
    page, _, reference = site
    client = StaffClient(page.url)
    first = client.get(f"/requests/{reference}")
    assert first.url.endswith(f"/login?next=/requests/{reference}")
    assert client.post("/login", {"username": "rita", "password": PASSWORD,
                                  "next": f"/requests/{reference}"}).url.endswith(
        f"/requests/{reference}")
    other = StaffClient(page.url)
    other.get("/login?next=//evil.example/")
    landed = other.post("/login", {"username": "rita", "password": PASSWORD,
                                   "next": "//evil.example/"})
    assert landed.url == page.url + "/queue"


def test_every_response_carries_a_strict_content_security_policy(site):
    response = requests.get(site[0].url + "/login", timeout=30)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src" not in policy  # no scripts at all
    assert response.headers["Cache-Control"] == "no-store"


def test_the_servers_log_holds_no_patient_data(site):
    logged_in(site, "ada").post("/data-requests/search", {"phone": "07911 123456"})
    assert leaks(site[0].log_text()) == []


def test_with_the_database_down_the_page_says_so_and_keeps_running(tmp_path):
    port = free_port()
    url = f"postgresql://postgres@127.0.0.1:{port}/nowhere"
    page = start_staff_page(tmp_path, url, f"sqlite:///{tmp_path / 'tracker.db'}",
                            healthy=False)
    try:
        response = requests.get(page.url + "/login", timeout=30)
        assert response.status_code == 503
        assert "database cannot be reached" in response.text
        assert page.proc.poll() is None  # still running
    finally:
        page.stop()


def test_a_search_from_the_default_view_finds_closed_requests_too(site):
    _, store, _ = site
    row = store.save(NewRequest(submission_key="s3:m1", name="Closed Case",
                                phone="+447700900456", email=None, preferred_time="any",
                                reason=None))
    store.close(row.reference)
    client = logged_in(site, "rita")
    assert row.reference not in client.get("/queue").text  # not waiting
    found = client.get("/queue?status=waiting&q=07700+900+456").text
    assert row.reference in found and "closed ones too" in found
    assert row.reference not in client.get("/queue?status=new&q=07700+900+456").text


def test_an_admin_can_move_a_request_a_colleague_holds_and_reception_cannot(site):
    _, store, _ = site
    row = store.save(NewRequest(submission_key="s4:m1", name="Held Case", phone=None,
                                email="held@example.org", preferred_time="any", reason=None))
    rita = logged_in(site, "rita")
    rita.post(f"/requests/{row.reference}/claim")
    holder = store.get(row.reference).claimed_by_id
    tom_id = user_id(store, "tom")
    ada = logged_in(site, "ada")
    page = ada.get(f"/requests/{row.reference}").text
    assert "Move it to" in page
    ada.post(f"/requests/{row.reference}/hand", {"to": str(tom_id)})
    assert store.get(row.reference).claimed_by_id == tom_id != holder
    # a receptionist who does not hold it cannot move it
    rita.post(f"/requests/{row.reference}/hand", {"to": "queue"})
    assert store.get(row.reference).claimed_by_id == tom_id


def test_staff_change_their_password_and_their_other_sessions_end(site):
    _, store, _ = site
    Accounts(store).add("paul", "Paul", PASSWORD, "reception")
    elsewhere = logged_in(site, "paul")
    client = logged_in(site, "paul")
    wrong = client.post("/account/password", {"current_password": "not it",
                                              "new_password": "a brand new password",
                                              "repeat_password": "a brand new password"})
    assert wrong.status_code == 400 and "not right" in wrong.text
    done = client.post("/account/password", {"current_password": PASSWORD,
                                             "new_password": "a brand new password",
                                             "repeat_password": "a brand new password"})
    assert done.status_code == 200 and "Password changed" in done.text
    assert client.get("/queue").status_code == 200  # this session goes on
    assert elsewhere.get("/queue").url.endswith("/login?next=/queue")  # the other ended
    assert StaffClient(site[0].url).log_in("paul", PASSWORD).status_code == 401
    assert StaffClient(site[0].url).log_in("paul", "a brand new password").url.endswith("/queue")


def test_an_admin_sets_a_colleagues_forgotten_password_and_reception_cannot(site):
    page, store, _ = site
    Accounts(store).add("nell", "Nell", PASSWORD, "reception")
    nell_id = user_id(store, "nell")
    still_in = logged_in(site, "nell")
    for _ in range(6):  # she forgot it: now throttled
        StaffClient(page.url).log_in("nell", "what was it again")
    assert StaffClient(page.url).log_in("nell", PASSWORD).status_code == 429

    rita = logged_in(site, "rita")
    refused = rita.post("/users/password", {"user_id": nell_id, "password": "rita's choice!"})
    assert refused.status_code == 403

    ada = logged_in(site)
    short = ada.post("/users/password", {"user_id": nell_id, "password": "short"})
    assert short.status_code == 400 and "at least 10" in short.text
    ada_id = user_id(store, "ada")
    own = ada.post("/users/password", {"user_id": ada_id, "password": "an admin's own one"})
    assert own.status_code == 400  # their own: on Your account, with the current one
    done = ada.post("/users/password", {"user_id": nell_id, "password": "given in person"})
    assert done.status_code == 200 and "New password set for nell" in done.text

    assert still_in.get("/queue").url.endswith("/login?next=/queue")  # logged out everywhere
    assert StaffClient(page.url).log_in("nell", PASSWORD).status_code == 401
    assert StaffClient(page.url).log_in("nell", "given in person").url.endswith("/queue")
    audit = ada.get("/audit").text
    assert "reset_password" in audit and "nell" in audit
