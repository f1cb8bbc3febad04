"""Names of the callback form's slots, shared by the form and the actions."""

FORM = "callback_form"
CONSENT = "callback_consent"
NAME = "callback_name"
PHONE = "callback_phone"
EMAIL = "callback_email"
TIME = "callback_time"
TIME_NOTE = "callback_time_note"
REASON = "callback_reason"
CONFIRMED = "callback_confirmed"
INVALID_ATTEMPTS = "callback_invalid_attempts"
ABANDONED = "callback_abandoned"

DETAILS = [NAME, PHONE, EMAIL, TIME, REASON]
ALL = [CONSENT, *DETAILS, TIME_NOTE, CONFIRMED, INVALID_ATTEMPTS, ABANDONED]
# extract.Details field -> slot
FROM_DETAILS = {"name": NAME, "phone": PHONE, "email": EMAIL, "time": TIME,
                "time_note": TIME_NOTE, "reason": REASON}
# what the patient sees for an optional detail they skipped
NOT_GIVEN = "not given"
MAX_INVALID_ANSWERS = 3
