"""Custom actions for the MS Rehab assistant (run by `rasa run actions`)."""

from msrehab.privacy import install_log_masking

# Names, phone numbers and e-mail addresses never reach the logs in full.
install_log_masking()
