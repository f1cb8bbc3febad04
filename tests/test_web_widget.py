"""The chat widget in a real browser: Debian's Chromium, headless, driven by Playwright.

The servers (action server, Rasa server, web page) are started with
scripts/run.sh, exactly as `make run` starts them.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import requests
from conftest import PROJECT_ROOT, free_port, start_assistant, stop_process_group, wait_for_port

from msrehab.callbacks.store import CallbackStore
from msrehab.clinic import clinic_details

# every test uses `site`, the servers behind the page (tests/harness/tiers.py)
pytestmark = pytest.mark.server

SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"

playwright_api = pytest.importorskip("playwright.sync_api")
# Playwright waits 5 s by default for what a test expects to see. A reply from
# the assistant on a loaded 2-core machine may take longer: these bounds only
# catch a hang, a slow answer still passes.
WAIT_MS = 120_000
playwright_api.expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="module")
def site(model_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    db_url = f"sqlite:///{tmp / 'callbacks.db'}"
    servers = start_assistant(tmp, model_path, {"CALLBACKS_DATABASE_URL": db_url})
    try:
        yield servers, CallbackStore(db_url)
    finally:
        stop_process_group(servers.proc)


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(site[0].web_url + "/")
    yield page
    context.close()


def open_widget(page):
    page.get_by_role("button", name="Chat with us").click()
    # the greeting comes from the assistant, with its quick replies
    expect(page.locator(".msr-msg-bot").first).to_contain_text("MS Rehab assistant")


def expect(locator):
    return playwright_api.expect(locator)


def bot_texts(page):
    return page.locator(".msr-msg-bot").all_inner_texts()


def type_message(page, text):
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send").click()


def test_greeting_buttons_and_does_it_hurt(page):
    open_widget(page)
    for title in ["What is dry needling?", "Does it hurt?", "Book an appointment",
                  "Request a callback"]:
        expect(page.get_by_role("button", name=title).first).to_be_visible()
    page.get_by_role("button", name="Does it hurt?").first.click()
    expect(page.locator(".msr-msg-bot").last).to_contain_text("small scratch")
    # new messages are announced to screen readers
    assert page.locator(".msr-log").get_attribute("aria-live") == "polite"


def test_booking_shows_phone_email_and_booking_as_links(page):
    open_widget(page)
    type_message(page, "i'd like to book in please")
    answer = page.locator(".msr-msg-bot").last
    expect(answer).to_contain_text("07305541126")
    expect(answer.locator('a[href="tel:07305541126"]')).to_be_visible()
    expect(answer.locator('a[href="mailto:info@msrehab.co.uk"]')).to_be_visible()
    expect(answer.locator('a[href^="https://www.msrehab.co.uk"]')).to_be_visible()


def test_notice_links_the_privacy_notice_and_says_how_long_chats_are_kept(page):
    open_widget(page)
    clinic = clinic_details()  # both set in domain.yml, like the phone number
    notice = page.locator(".msr-notice")
    expect(notice).to_contain_text(f"Chats are kept for {clinic['chat_retention_days']} days")
    link = notice.get_by_role("link", name="Privacy notice")
    expect(link).to_have_attribute("href", clinic["privacy_notice_url"])


def test_widget_works_from_the_keyboard(page):
    page.keyboard.press("Tab")  # the page's own links come first; find the launcher
    launcher = page.get_by_role("button", name="Chat with us")
    launcher.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your message")).to_be_focused()
    page.keyboard.type("is dry needling safe")
    page.keyboard.press("Enter")
    expect(page.locator(".msr-msg-bot").last).to_contain_text("pre-sterilised")
    page.keyboard.press("Escape")
    expect(launcher).to_be_focused()


def test_markup_in_messages_is_shown_as_text_and_never_runs(page):
    open_widget(page)
    attack = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>hi</b>'
    type_message(page, attack)
    expect(page.locator(".msr-msg-user").last).to_have_text(attack)
    expect(page.locator(".msr-msg-bot")).to_have_count(2)  # greeting + a reply to the markup
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".msr-log img, .msr-log script, .msr-log b").count() == 0


def test_typing_indicator_shows_while_waiting(page):
    open_widget(page)
    page.evaluate("""() => {
        window.__typingSeen = false;
        const t = document.querySelector('.msr-typing');
        new MutationObserver(() => { if (!t.hidden) window.__typingSeen = true; })
            .observe(t, {attributes: true});
    }""")
    type_message(page, "what is iastm")
    expect(page.locator(".msr-msg-bot").last).to_contain_text("IASTM")
    assert page.evaluate("window.__typingSeen") is True
    expect(page.locator(".msr-typing")).to_be_hidden()


def test_callback_request_in_the_widget_is_stored(page, site):
    _, store = site
    open_widget(page)
    page.get_by_role("button", name="Request a callback").first.click()
    page.get_by_role("button", name="Yes, that's fine").click()
    expect(page.locator(".msr-msg-bot").last).to_contain_text("What's your name?")
    type_message(page, "Priya Patel")
    expect(page.locator(".msr-msg-bot").last).to_contain_text("phone number")
    type_message(page, "07911 123456")
    expect(page.locator(".msr-msg-bot").last).to_contain_text("e-mail address")
    page.get_by_role("button", name="Skip", exact=True).last.click()
    page.get_by_role("button", name="Afternoon").last.click()
    expect(page.locator(".msr-msg-bot").last).to_contain_text("what is it about")
    type_message(page, "shoulder pain")
    expect(page.locator(".msr-msg-bot").last).to_contain_text("Shall I send this")
    page.get_by_role("button", name="Yes, send it").last.click()
    confirmation = page.locator(".msr-msg-bot").last
    expect(confirmation).to_contain_text(re.compile(r"CB-[0-9A-Z]{4}"))
    reference = re.search(r"CB-[0-9A-Z]{4}", confirmation.inner_text()).group(0)
    row = store.get(reference)
    assert row is not None
    assert (row.name, row.phone, row.preferred_time, row.reason) == (
        "Priya Patel", "+447911123456", "afternoon", "shoulder pain")


def test_reload_keeps_the_conversation(page):
    # With session persistence on, every reply must still arrive (rasa#13027 trap),
    # and after a reload the same conversation goes on, form state included.
    open_widget(page)
    page.get_by_role("button", name="Request a callback").first.click()
    page.get_by_role("button", name="Yes, that's fine").click()
    expect(page.locator(".msr-msg-bot").last).to_contain_text("What's your name?")
    before = page.locator(".msr-msg").count()
    # the conversation id is the server's own: random, not guessable
    session_id = page.evaluate("JSON.parse(sessionStorage.getItem('msrehab-chat')).sessionId")
    assert re.fullmatch(r"[0-9a-f]{32}", session_id)
    page.reload()
    expect(page.locator(".msr-msg")).to_have_count(before)
    type_message(page, "Tom Baker")
    # the server remembered the open form: it now asks for the phone number
    expect(page.locator(".msr-msg-bot").last).to_contain_text("phone number")


@pytest.mark.parametrize("name,size", [("desktop", (1280, 800)), ("phone", (375, 667))])
def test_screenshots_fit_the_screen(browser, site, name, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(site[0].web_url + "/")
    open_widget(page)
    page.get_by_role("button", name="Does it hurt?").first.click()
    expect(page.locator(".msr-msg-bot").last).to_contain_text("small scratch")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"widget-{name}.png"))
    for selector in (".msr-panel", ".msr-form input", ".msr-form button", ".msr-header"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0, selector
        assert box["x"] + box["width"] <= size[0] + 0.5, selector
        assert box["y"] + box["height"] <= size[1] + 0.5, selector
    # text is not cut off sideways: no horizontal scrolling inside the conversation
    assert page.evaluate(
        "() => { const l = document.querySelector('.msr-log');"
        " return l.scrollWidth <= l.clientWidth; }")
    context.close()


def test_page_loads_nothing_from_third_parties(browser, site):
    context = browser.new_context()
    page = context.new_page()
    hosts = set()
    page.on("request", lambda r: hosts.add(re.sub(r"^\w+://([^/]+).*$", r"\1", r.url)))
    page.goto(site[0].web_url + "/")
    open_widget(page)
    context.close()
    assert hosts <= {f"127.0.0.1:{site[0].web_port}", site[0].assistant.base_url.split("//")[1]}


def test_a_page_on_a_foreign_origin_cannot_chat(browser, site):
    servers, _ = site
    port = free_port()
    foreign = subprocess.Popen(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "serve_web.py"), "--port", str(port),
         "--chat-server", servers.assistant.base_url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, foreign)
        context = browser.new_context()
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_role("button", name="Chat with us").click()
        expect(page.locator(".msr-status")).to_contain_text("Can't reach the assistant")
        assert page.locator(".msr-msg-bot").count() == 0
        context.close()
    finally:
        foreign.terminate()
        foreign.wait(timeout=10)


def test_socketio_refuses_foreign_origins_over_http(site):
    servers, _ = site
    url = servers.assistant.base_url + "/socket.io/?EIO=4&transport=polling"
    allowed = requests.get(url, headers={"Origin": servers.web_url}, timeout=10)
    foreign = requests.get(url, headers={"Origin": "http://evil.example"}, timeout=10)
    assert allowed.status_code == 200
    assert foreign.status_code == 400


def test_rest_channel_cors_allows_only_the_page_origin(site):
    servers, _ = site
    url = servers.assistant.base_url + "/webhooks/rest/webhook"
    body = {"sender": "cors-check", "message": "hi"}
    ok = requests.post(url, json=body, headers={"Origin": servers.web_url}, timeout=30)
    bad = requests.post(url, json=body, headers={"Origin": "http://evil.example"}, timeout=30)
    assert ok.headers.get("Access-Control-Allow-Origin") == servers.web_url
    assert "Access-Control-Allow-Origin" not in bad.headers
