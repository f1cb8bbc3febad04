"""The callback confirmation says when to expect the call, worked out from clinic.yml's
opening hours, closures and the preferred time, and the staff e-mail states the same;
without opening hours both keep the fixed promise (callback_promise). Fixed clock."""

import pytest
from harness.callback_trackers import form_tracker, run
from harness.clinic_files import FILLED

import actions.submit_callback as submit
from msrehab.callbacks import notify
from msrehab.callbacks.store import CallbackStore

SETTINGS = notify.SmtpSettings(host="127.0.0.1", port=1, tls="none", user=None, password=None,
                               sender="bot@msrehab.test", recipient="staff@msrehab.test",
                               timeout=5)


def submit_request(monkeypatch, tmp_path, when: str, preferred: str):
    """Submits a confirmed request at UK time `when`: (patient's text, staff e-mail text)."""
    store = CallbackStore(f"sqlite:///{tmp_path / 'callbacks.db'}")
    monkeypatch.setattr(submit, "get_store", lambda: store)
    monkeypatch.setattr(submit.notify, "send_pending", lambda _store: (0, 0))
    monkeypatch.setenv("CLINIC_NOW", when)
    tracker = form_tracker("callback_confirmed", True, intent="affirm", callback_consent=True,
                           callback_name="Jane", callback_phone="+447911123456",
                           callback_email="not given", callback_time=preferred,
                           callback_reason="heel pain", callback_confirmed=True)
    _, messages = run(submit.ActionSubmitCallback(), tracker)
    (request,) = store.unsent()
    return messages[0]["text"], notify.compose(request, SETTINGS).get_content()


@pytest.mark.parametrize("when, preferred, patient, staff", [
    ("2026-05-19T10:00", "afternoon", "The clinic is open now; expect a call this afternoon.",
     "Tuesday 19 May, afternoon (UK time)"),
    # Friday 17:55 before the bank holiday Monday (Spring Bank Holiday, 25 May)
    ("2026-05-22T17:55", "evening", "The clinic closes soon; expect a call on Tuesday evening.",
     "Tuesday 26 May, evening (UK time)"),
    ("2026-05-23T14:00", "morning", "The clinic is closed now; expect a call on Tuesday morning.",
     "Tuesday 26 May, morning (UK time)"),
    ("2026-05-25T10:00", "any", "The clinic is closed now; expect a call tomorrow.",
     "Tuesday 26 May, any time, from 9am (UK time)"),
])
def test_the_promise_and_the_staff_email_agree(clinic_file, monkeypatch, tmp_path, when,
                                               preferred, patient, staff):
    clinic_file(**FILLED)
    told, mail = submit_request(monkeypatch, tmp_path, when, preferred)
    assert "your reference is CB-" in told
    assert f" {patient} If it's urgent, call 07305541126." in told
    assert f"Promised call:  {staff} (as the patient was told)" in mail


def test_without_opening_hours_the_fixed_promise_stands(clinic_file, monkeypatch, tmp_path):
    clinic_file(callback_promise="within two working days")
    told, mail = submit_request(monkeypatch, tmp_path, "2026-05-22T17:55", "evening")
    assert "The team will contact you within two working days, in the evening where they " \
           "can." in told
    assert "Promised call:  within two working days, in the evening where they can " \
           "(as the patient was told)" in mail
