"""What staff see of unanswered questions, and the masking of personal data."""

import logging
import uuid

from msrehab.privacy import MaskingFilter, mask_name, mask_text
from staff.unanswered import unanswered_questions


def test_mask_text_hides_emails_and_phone_numbers():
    text = "call 07911 123456 or +44 20 7946 0958, mail jane.smith@example.com"
    masked = mask_text(text)
    assert "07911 123456" not in masked and "7946 0958" not in masked
    assert "jane.smith@example.com" not in masked
    assert "j***@example.com" in masked and "456" in masked


def test_mask_name_keeps_only_initials():
    assert mask_name("Jane Smith") == "J*** S***"


def test_masking_filter_rewrites_log_records():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "phone %s", ("07911123456",), None)
    MaskingFilter().filter(record)
    assert "07911123456" not in record.getMessage()


def test_unanswered_lists_fallback_and_out_of_scope_most_frequent_first(assistant_servers):
    assistant = assistant_servers.assistant
    for _ in range(2):
        assistant.send(f"u-{uuid.uuid4().hex}", "what's the weather doing tomorrow")
    assistant.send(f"u-{uuid.uuid4().hex}", "tell me a joke, my email is jo.bloggs@example.com")
    assistant.send(f"u-{uuid.uuid4().hex}", "does dry needling hurt?")  # answered: not listed
    # an answer typed into the callback form is not a question
    form = f"u-{uuid.uuid4().hex}"
    for message in ["/start_callback", "yes", "qwerty"]:
        assistant.send(form, message)

    tracker_db = assistant_servers.log.parent / "tracker.db"
    rows = dict(unanswered_questions(f"sqlite:///{tracker_db}"))
    assert rows["what's the weather doing tomorrow"] >= 2
    counts = list(rows.values())
    assert counts == sorted(counts, reverse=True)  # most frequent first
    assert not any("does dry needling hurt" in q for q in rows)
    assert "qwerty" not in rows
    assert not any("jo.bloggs@example.com" in q for q in rows)
