"""Custom actions catch their own failures and tell the patient what to do."""

from harness.callback_trackers import MESSAGES, form_tracker, run, slot_events

import actions.submit_callback as submit
from actions.callback_form import ValidateCallbackForm


class BrokenStore:
    def save(self, new):
        raise ValueError("disk on fire")


def confirmed_tracker():
    return form_tracker("callback_confirmed", True, intent="affirm", callback_consent=True,
                        callback_name="Jane", callback_phone="+447911123456",
                        callback_email="not given", callback_time="morning",
                        callback_reason="heel pain", callback_confirmed=True)


def test_submit_with_an_unexpected_error_says_not_saved(monkeypatch):
    monkeypatch.setattr(submit, "get_store", lambda: BrokenStore())
    events, messages = run(submit.ActionSubmitCallback(), confirmed_tracker())
    text = messages[0]["text"]
    assert text == MESSAGES["callback_not_saved"]["text"].format(
        clinic_phone="07305541126", clinic_email="info@msrehab.co.uk")
    assert slot_events(events)["callback_name"] is None  # the form is reset


def test_a_mail_failure_never_hides_a_saved_request(monkeypatch, tmp_path):
    from msrehab.callbacks.store import CallbackStore
    store = CallbackStore(f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.setattr(submit, "get_store", lambda: store)

    def broken_send_pending(_store):
        raise RuntimeError("mail library bug")

    monkeypatch.setattr(submit.notify, "send_pending", broken_send_pending)
    _, messages = run(submit.ActionSubmitCallback(), confirmed_tracker())
    assert "your reference is CB-" in messages[0]["text"]
    assert len(store.list()) == 1


def test_validation_with_an_unexpected_error_drops_the_answer(monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(ValidateCallbackForm, "validate_callback_phone", broken)
    events, messages = run(ValidateCallbackForm(), form_tracker("callback_phone", "07911 123456"))
    assert slot_events(events)["callback_phone"] is None
    assert "couldn't check that answer" in messages[0]["text"]
