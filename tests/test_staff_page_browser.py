"""The staff page in headless Chromium, as a receptionist and an admin use it,
beside the whole assistant started as `make run` starts it (scripts/run.sh), on
SQLite and on PostgreSQL: a callback typed in the widget reaches the queue and
is claimed, tried, closed and found; two colleagues claim at once; the staff
e-mail's link; unanswered questions; an admin exports and erases one person;
roles; logout; the page at 375 and 1280 px."""

from __future__ import annotations

import json
import re
from contextlib import ExitStack
from pathlib import Path
from typing import Iterator

import pytest
from conftest import PROJECT_ROOT, sqlite_tracker_store, start_assistant, stop_process_group
from harness.cluster import postgres_tracker_store
from harness.databases import BOTH
from harness.processes import free_port
from harness.smtp_server import LoopbackSmtpServer
from test_patient_data import _database, found, new_patient, text_values
from test_web_widget import WAIT_MS, expect, open_widget

from msrehab.callbacks.store import CallbackStore
from staff.accounts import Accounts

pytestmark = [pytest.mark.server, pytest.mark.browser]

PASSWORD = "front desk password"
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"


class Clinic:
    def __init__(self, servers, smtp, callbacks_url, tracker_url, name):
        self.servers, self.smtp, self.name = servers, smtp, name
        self.callbacks_url, self.tracker_url = callbacks_url, tracker_url
        self.store = CallbackStore(callbacks_url)


@pytest.fixture(scope="module", params=BOTH)
def clinic(request, model_path, tmp_path_factory) -> Iterator[Clinic]:
    tmp = tmp_path_factory.mktemp(f"staff-browser-{request.param}")
    with ExitStack() as stack:
        if request.param == "sqlite":
            callbacks_url = f"sqlite:///{tmp / 'callbacks.db'}"
            tracker_url = f"sqlite:///{tmp / 'tracker.db'}"
            stores = {"tracker_store": sqlite_tracker_store(tmp / "tracker.db")}
        else:
            callbacks_url = stack.enter_context(_database())
            tracker_url = stack.enter_context(_database())
            stores = {"tracker_store": postgres_tracker_store(tracker_url)}
        accounts = Accounts(CallbackStore(callbacks_url))
        accounts.add("ada", "Ada Admin", PASSWORD, "admin")
        accounts.add("rita", "Rita Reception", PASSWORD, "reception")
        accounts.add("ravi", "Ravi Reception", PASSWORD, "reception")
        smtp = LoopbackSmtpServer(free_port())
        smtp.start()
        stack.callback(smtp.stop)
        servers = start_assistant(tmp, model_path, {
            "CALLBACKS_DATABASE_URL": callbacks_url, "TRACKER_DATABASE_URL": tracker_url,
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port), "SMTP_TLS": "none",
            "SMTP_TIMEOUT": "5", "STAFF_EMAIL": "staff@msrehab.test"}, stores=stores)
        stack.callback(stop_process_group, servers.proc)
        clinic = Clinic(servers, smtp, callbacks_url, tracker_url, request.param)
        stack.callback(clinic.store.engine.dispose)
        yield clinic


def new_page(browser, width=1280, height=800):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  accept_downloads=True)
    context.set_default_timeout(WAIT_MS)
    return context.new_page()


def log_in(page, clinic, user, path="/queue"):
    page.goto(clinic.servers.staff_url + path)
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def type_message(page, text):
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()


def typed_callback(browser, clinic, patient) -> str:
    """A patient types a callback request in the widget, no buttons; its reference."""
    page = new_page(browser)
    page.goto(clinic.servers.web_url + "/")
    open_widget(page)
    bot = page.locator(".msr-msg-bot").last
    for message, expected in (("can someone call me back please", "Is that OK?"), ("yes", "name"),
                              (patient["name"], "phone number"),
                              (patient["phone"], "e-mail address"),
                              (patient["email"], "prefer the call"), ("evenings after 6", "about"),
                              ("my knee hurts when i run", "Shall I send this"),
                              ("yes", "CB-")):
        type_message(page, message)
        expect(bot).to_contain_text(expected)
    reference = re.search(r"CB-[0-9A-Z]{4}", bot.inner_text()).group(0)
    page.context.close()
    return reference


def test_a_callback_typed_in_the_widget_is_claimed_tried_closed_and_found(browser, clinic):
    patient = new_patient(1)
    reference = typed_callback(browser, clinic, patient)
    page = new_page(browser)
    log_in(page, clinic, "rita")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(patient["name"])
    expect(row).to_contain_text("evenings after 6")
    expect(row.locator(f'a[href="tel:{patient["e164"]}"]')).to_be_visible()
    expect(row.locator(f'a[href^="mailto:{patient["email"]}"]')).to_be_visible()
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Callback request {reference}")
    page.get_by_role("button", name=re.compile("Claim")).click()
    expect(page.get_by_role("status")).to_contain_text("You have this request now")
    page.get_by_label("What happened").select_option("voicemail")
    page.get_by_label(re.compile("Note")).fill("no answer, left voicemail, try after 5")
    page.get_by_role("button", name="Record attempt").click()
    expect(page.locator(".attempts")).to_contain_text("no answer, left voicemail, try after 5")
    expect(page.locator(".attempts")).to_contain_text("Rita Reception")
    # "only mine" shows it while it is hers
    page.goto(clinic.servers.staff_url + "/queue")
    page.get_by_label("Only mine").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("being called")
    page.get_by_role("row").filter(has_text=reference).get_by_role("link").first.click()
    page.get_by_role("button", name="Close this request").click()
    expect(page.get_by_role("status")).to_contain_text("Request closed")
    # gone from the waiting list; found among closed ones, and by the number in another format
    page.goto(clinic.servers.staff_url + "/queue")
    expect(page.get_by_role("row").filter(has_text=reference)).to_have_count(0)
    page.get_by_label("Show").select_option("closed")
    page.get_by_label("Reference, name or phone number").fill(
        "+44 " + patient["e164"][3:7] + " " + patient["e164"][7:])
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("closed")
    expect(page.locator("p.count")).to_contain_text("1 request")
    assert clinic.store.get(reference).status == "closed"
    page.context.close()


def test_two_colleagues_claiming_at_once_exactly_one_gets_it(browser, clinic):
    reference = typed_callback(browser, clinic, new_patient(2))
    pages = []
    for user in ("rita", "ravi"):
        page = new_page(browser)
        log_in(page, clinic, user, f"/requests/{reference}")
        expect(page.get_by_role("button", name=re.compile("Claim"))).to_be_visible()
        pages.append(page)
    for page in pages:  # both clicks leave before either answer comes back
        page.get_by_role("button", name=re.compile("Claim")).click(no_wait_after=True)
    notices = []
    for page in pages:
        status = page.get_by_role("status")
        expect(status).to_contain_text(re.compile("You have this request now|claimed this "
                                                  "request first"))
        notices.append(status.inner_text())
    assert sorted("first" in n for n in notices) == [False, True], notices
    owner = clinic.store.get(reference).claimed_by_id
    assert owner is not None
    for page in pages:
        page.context.close()


def test_the_emails_link_opens_its_request_after_login(browser, clinic):
    reference = typed_callback(browser, clinic, new_patient(3))
    mails = clinic.smtp.mails_about(reference)
    assert len(mails) == 1
    body = mails[0].get_payload(decode=True).decode()
    link = re.search(r"(http://\S+/requests/CB-\w{4})", body).group(1)
    assert link.startswith(clinic.servers.staff_url)
    page = new_page(browser)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_label("User name").fill("ravi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Callback request {reference}")
    page.context.close()


def test_the_unanswered_list_shows_a_question_the_assistant_could_not_answer(browser, clinic):
    question = "what is the capital of peru"
    clinic.servers.assistant.send("staff-unanswered-1", question)
    page = new_page(browser)
    log_in(page, clinic, "rita", "/unanswered")
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions without an answer")
    expect(page.get_by_role("row").filter(has_text=question)).to_be_visible()
    page.context.close()


def test_an_admin_exports_and_erases_one_person_from_both_databases(browser, clinic):
    patient = new_patient(4)
    reference = typed_callback(browser, clinic, patient)
    assert found(text_values(clinic.callbacks_url), patient)  # held before
    page = new_page(browser)
    log_in(page, clinic, "ada", "/data-requests")
    page.get_by_label("Phone number (any format)").fill(patient["e164"])  # typed otherwise
    page.get_by_role("button", name="Find").click()
    expect(page.locator("main")).to_contain_text(reference)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as JSON").click()
    document = json.loads(Path(download.value.path()).read_text())
    assert [r["name"] for r in document["callback_requests"]] == [patient["name"]]
    assert document["conversations"]
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as CSV").click()
    assert patient["email"] in Path(download.value.path()).read_text()
    # the confirmation step: without the word nothing is erased
    page.get_by_label("Type ERASE to confirm").fill("yes")
    page.get_by_role("button", name="Erase everything above").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was erased")
    assert clinic.store.get(reference) is not None
    page.get_by_label("Type ERASE to confirm").fill("ERASE")
    page.get_by_role("button", name="Erase everything above").click()
    expect(page.get_by_role("status")).to_contain_text(f"({reference})")
    assert found(text_values(clinic.callbacks_url), patient) == []
    assert found(text_values(clinic.tracker_url), patient) == []
    page.goto(clinic.servers.staff_url + "/audit")
    expect(page.get_by_role("row").filter(has_text="data_erase").first).to_contain_text(reference)
    page.context.close()


def test_reception_is_refused_admin_pages_and_logout_ends_the_session(browser, clinic):
    page = new_page(browser)
    log_in(page, clinic, "rita")
    expect(page.get_by_role("link", name="Data requests")).to_have_count(0)
    for path in ("/data-requests", "/users", "/audit"):
        response = page.goto(clinic.servers.staff_url + path)
        assert response.status == 403, path
        expect(page.get_by_role("alert")).to_contain_text("for the clinic's admins")
    page.goto(clinic.servers.staff_url + "/queue")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("You have logged out")
    page.goto(clinic.servers.staff_url + "/queue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.context.close()


@pytest.mark.parametrize("name,width", [("phone", 375), ("desktop", 1280)])
def test_the_queue_fits_a_phone_and_a_desk_screen_and_works_from_the_keyboard(
        browser, clinic, name, width):
    page = new_page(browser, width, 800)
    log_in(page, clinic, "ravi", "/queue?status=all")
    expect(page.get_by_role("heading", level=1)).to_have_text("Callback requests")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"staff-queue-{name}-{clinic.name}.png"),
                    full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # the first Tab reaches "Skip to content"; every field has a label
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
        ".filter(e => !(e.labels && e.labels.length)).length")
    assert unlabelled == 0
    page.context.close()
