"""Whole conversations typed as patients type them (tests/typed_conversations.yml).

No buttons and no /intent payloads: every message is what a patient would type.
One demo start (scripts/run.sh) with a loopback SMTP server for the module;
each conversation checks the replies, the stored row (or that there is none)
and the staff e-mail. Those marked `widget: true` are typed again in the chat
widget in Chromium.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml
from conftest import PROJECT_ROOT, mailing_assistant
from harness.smtp_server import LoopbackSmtpServer

from msrehab.callbacks.store import CallbackStore


class _Loader(yaml.SafeLoader):
    """YAML where a patient's "yes", "no" or "ok" stays text (only true/false are booleans)."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))

CONVERSATIONS = yaml.load(  # noqa: S506 (a SafeLoader)
    (PROJECT_ROOT / "tests" / "typed_conversations.yml").read_text(encoding="utf-8"), _Loader)
# what the assistant's questions and answers contain (actions/callback_messages.yml, domain.yml)
ASKS = {
    "consent": "store your name",
    "name": "What's your name",
    "phone": "best UK phone number",
    "email": "What's your e-mail address",
    "time": "When would you prefer the call",
    "reason": "what is it about",
    "summary": "Please check your details",
    "saved": "your reference is",
    "cancelled": "nothing has been stored",
    "contact": "You can reach MS Rehab",
    "no_problem": "If you have another question",
    "emergency": "If this is an emergency, call 999 now",
    "updated": "I've updated that",
    "change": "let's correct that",
    "help_in_form": "I'm taking your details",
}
ROW_FIELDS = ["name", "phone", "email", "preferred_time", "preferred_time_note", "reason"]
REFERENCE = re.compile(r"CB-[0-9A-Z]{4}")


def test_the_suite_is_large_enough():
    # issue 13: at least 40 typed conversations, at least 5 of them in the widget
    assert len(CONVERSATIONS) >= 40
    assert sum(bool(c.get("widget")) for c in CONVERSATIONS) >= 5
    for conversation in CONVERSATIONS:
        for turn in conversation["turns"]:
            assert not str(turn[0]).startswith("/"), conversation["name"]  # typed, not a payload


def expectations(turn: List[Any]) -> List[tuple[str, bool]]:
    """(text, must be there) for each expectation of a turn."""
    result = []
    for item in turn[1:]:
        item = str(item)
        wanted = not item.startswith("!")
        key = item if wanted else item[1:]
        result.append((ASKS.get(key, key), wanted))
    return result


def check_replies(replies: List[str], turn: List[Any], where: str) -> None:
    said = "\n".join(replies).lower()
    for text, wanted in expectations(turn):
        assert (text.lower() in said) == wanted, (
            f"{where}: after {turn[0]!r} expected {'' if wanted else 'no '}{text!r}, got {replies}")


@pytest.fixture(scope="module")
def clinic(model_path, tmp_path_factory):
    with mailing_assistant(tmp_path_factory.mktemp("typed"), model_path) as (
            servers, smtp, store, _):
        yield servers, smtp, store


def rows_of(store: CallbackStore, sender: str) -> list:
    return [r for r in store.list(status=None) if r.submission_key.startswith(f"{sender}:")]


def check_outcome(conversation: Dict, sender: str, store: CallbackStore,
                  smtp: LoopbackSmtpServer, mails_before: int, log: Path) -> None:
    rows = rows_of(store, sender)
    expected = conversation["stored"]
    if expected == "none":
        assert rows == [], conversation["name"]
        assert len(smtp.mails) == mails_before  # no staff e-mail either
    else:
        assert len(rows) == 1, conversation["name"]
        row = rows[0]
        assert {f: getattr(row, f) for f in ROW_FIELDS} == {f: expected[f] for f in ROW_FIELDS}
        mails = smtp.mails_about(row.reference)
        assert len(mails) == 1 and mails[0]["To"] == "staff@msrehab.test"
        body = mails[0].get_payload()
        assert row.name in body and str(row.phone or row.email) in body
    text = log.read_text(errors="replace")
    for secret in conversation.get("not_logged", []):
        assert secret not in text, f"{secret!r} is in the servers' log"


@pytest.mark.server  # `clinic` starts servers (tests/harness/tiers.py)
@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=lambda c: c["name"][:60])
def test_typed_conversation_over_rest(clinic, conversation):
    servers, smtp, store = clinic
    sender = f"typed-{uuid.uuid4().hex}"
    mails_before = len(smtp.mails)
    for number, turn in enumerate(conversation["turns"], 1):
        replies = servers.assistant.texts(sender, str(turn[0]))
        check_replies(replies, turn, f"{conversation['name']} (turn {number})")
    check_outcome(conversation, sender, store, smtp, mails_before, servers.log)


# --- the same conversations typed in the widget --------------------------------
WIDGET_CONVERSATIONS = [c for c in CONVERSATIONS if c.get("widget")]


@pytest.mark.server  # `clinic` starts servers (tests/harness/tiers.py)
@pytest.mark.parametrize("conversation", WIDGET_CONVERSATIONS, ids=lambda c: c["name"][:60])
def test_typed_conversation_in_the_widget(clinic, browser, conversation):
    import test_web_widget as widget

    servers, smtp, store = clinic
    mails_before = len(smtp.mails)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(widget.WAIT_MS)
    page = context.new_page()
    try:
        page.goto(servers.web_url + "/")
        widget.open_widget(page)
        bot = page.locator(".msr-msg-bot")
        for turn in conversation["turns"]:
            seen = bot.count()
            box = page.get_by_label("Your message")  # typed and sent with Enter
            box.fill(str(turn[0]))
            box.press("Enter")
            # wait (bounded only against a hang) for a reply, and for every text
            # this turn must contain, among the replies after the `seen` earlier ones
            _wait_for_reply(page, seen, "")
            for text, wanted in expectations(turn):
                if wanted:
                    _wait_for_reply(page, seen, text)
            check_replies(bot.all_inner_texts()[seen:], turn, conversation["name"])
        sender = page.evaluate("JSON.parse(sessionStorage.getItem('msrehab-chat')).sessionId")
    finally:
        context.close()
    check_outcome(conversation, sender, store, smtp, mails_before, servers.log)


NEW_REPLY_CONTAINS = """([seen, text]) => Array.from(document.querySelectorAll('.msr-msg-bot'))
    .slice(seen).some(m => m.innerText.toLowerCase().includes(text))"""


def _wait_for_reply(page, seen: int, text: str) -> None:
    import test_web_widget as widget

    page.wait_for_function(NEW_REPLY_CONTAINS, arg=[seen, text.lower()], timeout=widget.WAIT_MS)
