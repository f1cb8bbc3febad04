"""Custom actions for the MS Rehab assistant (run by `rasa run actions`)."""

from msrehab.clinic import load_or_exit
from msrehab.privacy import install_log_masking

# Names, phone numbers and e-mail addresses never reach the logs in full.
install_log_masking()

# clinic.yml is checked when the action server starts: a bad file stops it with a line
# naming the key (msrehab/clinic.py), never a half-working assistant.
load_or_exit()
