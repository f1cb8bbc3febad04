"""Hundreds of bad inputs through the HTTP API of a running assistant.

Each gets a sane HTTP answer (200 with a kind reply, or 400 saying what is
wrong), never a crash or a stack trace; a normal question right afterwards is
still answered.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import uuid

import pytest
import requests
from conftest import domain_text
from harness.processes import tree_rss_mb

SAFE_STATUSES = {200, 400}


def generated_texts() -> list:
    texts = ["", " ", "\n", "\t\t", "   \n  ", "\u200b", "\u00a0", "\r\n\r\n", " \u3000 "]
    texts += ["a" * 10_000, "does it hurt " * 800, "x" * 100_000, "needling " * 11_200]
    texts += ["😀", "🙏🙏", "💉❓", "👍", "🤕🦵", "😭😭😭", "🏥", "❤️", "🔥" * 50, "🇬🇧",
              "👨‍👩‍👧", "🙂 🙃", "✅", "⚠️", "🤷"]
    texts += ["هل الإبر الجافة مؤلمة؟", "מה זה דיקור יבש", "کیا یہ تکلیف دہ ہے", "干针疼吗？",
              "ドライニードリングは痛いですか", "드라이 니들링 아파요?", "Это больно?",
              "Czy suche igłowanie boli?", "Ydy e'n brifo?", "¿Duele la punción seca?",
              "Est-ce que ça fait mal ?", "Tut Dry Needling weh?", "क्या यह दर्द देता है?",
              "Πονάει;", "มันเจ็บไหม", "Dói?", "Fa male?", "Boli li?", "Acıtır mı?",
              "\u202eoverride text"]
    texts += ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}",
              "${jndi:ldap://127.0.0.1/a}", "[click](javascript:alert(1))", "<b>bold</b>",
              "<iframe src=//example.com>", "&lt;script&gt;", "<svg onload=alert(1)>",
              "javascript:alert(document.cookie)", "</textarea><script>x</script>",
              "<style>*{display:none}</style>", "{% raw %}", "{0[__class__]}", "%s%s%s%n",
              "{clinic_phone}", "{callback_name}", "<a href='tel:999'>", "**bold** _it_",
              "```code```"]
    texts += ["'; DROP TABLE events; --", "1 OR 1=1", "\" OR \"\"=\"", "' UNION SELECT * --",
              "admin'--", "1; SELECT pg_sleep(10)", "') OR ('a'='a", "DELETE FROM callback",
              "%27%20OR%201=1", "Robert'); DROP TABLE students;--", "\\x27", "NULL", "0x00",
              "; ls -la", "$(reboot)"]
    texts += ["\x00", "\x07bell", "a\x1b[31mred", "\x08\x08\x08", "tab\tin\ttext",
              "\ufeffbom", "line\u2028sep", "\x7f", "a\x00b\x00c", "\u0000\u0001\u0002",
              "\x1b]0;title\x07", "\r", "\u2066isolate\u2069", "\x9b", "nul\x00 does it hurt"]
    texts += ["12345", "0", "-1", "NaN", "null", "true", "[]", "{}", "/", "//", "/greet{",
              "/faq", "/unknown_intent", '/start_callback{"x": 1}', "?", "...", "!!!!",
              "/affirm", "/deny", '/change_detail{"detail": "<b>x</b>"}']
    rng = random.Random(20261125)
    blocks = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF),
              (0x900, 0x97F), (0x3040, 0x30FF), (0x4E00, 0x4FFF), (0x1F300, 0x1F6FF)]
    for _ in range(60):
        lo, hi = rng.choice(blocks)
        texts.append("".join(chr(rng.randint(lo, hi)) for _ in range(rng.randint(1, 80))))
    return texts


def raw_bodies() -> list:
    """(body, content type) pairs that are not a well-formed chat message."""
    ok_sender = "bad-body"
    bodies = ["", "not json", "{", "[]", "null", "42", '"string"', "[1, 2, 3]",
              json.dumps({"sender": ok_sender}), '{"message": "hi"}',
              '{"sender": null, "message": "hi"}',
              '{"sender": 123, "message": "hi"}', '{"sender": "", "message": "hi"}',
              json.dumps({"sender": "x" * 10_000, "message": "hi"}),
              '{"sender": "../../etc/passwd", "message": "hi"}',
              '{"sender": "a b", "message": "hi"}',
              '{"sender": "ok", "message": 123}', '{"sender": "ok", "message": ["a"]}',
              '{"sender": "ok", "message": {"a": 1}}', '{"sender": "ok", "message": null}',
              "[" * 5000 + "]" * 5000, '{"sender": "<script>", "message": "hi"}',
              '{"sender": "ok", "message": "hi", "metadata": "not json"}',
              json.dumps({"sender": "ok", "message": "hi", "extra": "x" * 50_000}),
              "\x00\x01\x02", '{"sender": "ok", "message": "\\ud800"}']
    return [(b, "application/json") for b in bodies] + [('{"sender": "ok", "message": "hi"}',
                                                         "text/plain")]


TEXTS = generated_texts()
BODIES = raw_bodies()


def test_there_are_at_least_200_bad_inputs():
    assert len(TEXTS) + len(BODIES) >= 200


def assert_sane(response: requests.Response) -> None:
    assert response.status_code in SAFE_STATUSES, response.status_code
    assert "Traceback" not in response.text and 'File "' not in response.text
    body = response.json()
    if response.status_code == 200:
        assert isinstance(body, list) and body, "a reply is due"
        assert all(isinstance(m.get("text"), str) and m["text"].strip() for m in body
                   if "buttons" not in m or m.get("text"))
    else:
        assert "error" in body


@pytest.mark.parametrize("index", range(len(TEXTS)))
def test_bad_text_gets_a_kind_reply(assistant, index):
    r = requests.post(f"{assistant.base_url}/webhooks/rest/webhook",
                      json={"sender": f"bad-{index}", "message": TEXTS[index]}, timeout=30)
    assert r.status_code == 200
    assert_sane(r)


@pytest.mark.parametrize("index", range(len(BODIES)))
def test_malformed_request_gets_a_sane_answer(assistant, index):
    body, content_type = BODIES[index]
    r = requests.post(f"{assistant.base_url}/webhooks/rest/webhook",
                      data=body.encode("utf-8", "surrogatepass"),
                      headers={"Content-Type": content_type}, timeout=30)
    assert r.status_code in SAFE_STATUSES
    assert "Traceback" not in r.text and 'File "' not in r.text


def test_a_normal_question_is_still_answered_afterwards(assistant):
    assert assistant.texts(f"after-{uuid.uuid4().hex}", "does dry needling hurt?") == [
        domain_text("utter_faq/does_it_hurt")]


def test_100kb_message_is_refused_before_the_model_while_others_go_on(assistant_servers):
    # refused by the message guard: it never reaches NLU or the conversation
    # store (checked in the store, not with a stopwatch)
    assistant = assistant_servers.assistant
    others = []

    def ordinary_conversation():
        sender = f"other-{uuid.uuid4().hex}"
        for _ in range(5):
            others.append(assistant.texts(sender, "is dry needling safe"))

    thread = threading.Thread(target=ordinary_conversation)
    thread.start()
    huge_sender = f"huge-{uuid.uuid4().hex}"
    (reply,) = assistant.texts(huge_sender, "does it hurt " * 8_000)
    thread.join()
    assert "too long" in reply
    assert others == [[domain_text("utter_faq/safety")]] * 5
    tracker_db = assistant_servers.log.parent / "tracker.db"
    with sqlite3.connect(tracker_db) as db:
        (stored,) = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ? AND "
                               "type_name = 'user'", (huge_sender,)).fetchone()
    assert stored == 0


def test_memory_stays_small_after_huge_messages(assistant_servers):
    for _ in range(3):
        assistant_servers.assistant.texts(f"huge-{uuid.uuid4().hex}", "x" * 100_000)
    assert tree_rss_mb(assistant_servers.proc.pid) < 2048
