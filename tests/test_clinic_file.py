"""clinic.yml is checked when each process starts: a bad file stops the start with one
line naming the key and what is wrong, never a stack trace and never a half-working
assistant. Each kind of mistake, the check on its own (`python -m msrehab.clinic
--check`), and the processes that refuse to start."""

import os
import subprocess
import sys

import pytest
from conftest import PROJECT_ROOT, free_port
from harness.clinic_files import FILLED, WEEK, shipped, write_clinic

from msrehab import clinic

PYTHON = sys.executable
BIN = os.path.dirname(PYTHON)


def error_for(**changes) -> str:
    with pytest.raises(clinic.ClinicFileError) as caught:
        clinic.parse({**shipped(), **changes})
    return str(caught.value)


@pytest.mark.parametrize("changes, message", [
    ({"opening_hours": {**WEEK, "monday": "25:00-9"}},
     "opening_hours.monday: '25:00' is not a time of day (00:00 to 24:00)"),
    ({"opening_hours": {**WEEK, "tuesday": "09:00-9"}},
     "opening_hours.tuesday: '9' is not a time like 09:00"),
    ({"opening_hours": {**WEEK, "friday": "18:00-09:00"}},
     "opening_hours.friday: '18:00-09:00' closes before it opens"),
    ({"opening_hours": {**WEEK, "wednesday": "09:00-13:00, 12:00-18:00"}},
     "opening_hours.wednesday: '12:00-18:00' overlaps or comes before the range before it"),
    ({"opening_hours": {**WEEK, "funday": "closed"}},
     "opening_hours: 'funday' is not a weekday (monday to sunday, in English)"),
    ({"opening_hours": {"monday": "09:00-18:00"}},
     "opening_hours: tuesday, wednesday, thursday, friday, saturday, sunday missing"),
    ({"opening_hours": "9 to 5"}, "opening_hours: must be one entry per weekday"),
    ({"phone": "12345"}, "phone: '12345' is not a UK phone number"),
    ({"phone": "+1 212 555 0123"}, "phone: '+1 212 555 0123' is not a UK phone number"),
    ({"phone": 7305541126}, "phone: write it in quotes"),
    ({"phone": ""}, "phone: is missing; it is needed"),
    ({"address": ["1 High St", "Town"]}, "address: must be text (in quotes if need be), not list"),
    ({"parking": 5}, "parking: must be text (in quotes if need be), not int 5"),
    ({"email": "info at msrehab"}, "email: 'info at msrehab' is not an e-mail address"),
    ({"booking_url": "msrehab.co.uk"}, "booking_url: 'msrehab.co.uk' is not a web address"),
    ({"chat_retention_days": "thirty"}, "chat_retention_days: 'thirty' must be a number"),
    ({"closures": {"dates": ["24/12/2026"]}},
     "closures.dates[1]: '24/12/2026' is not a date like 2026-12-24"),
    ({"closures": {"bank_holidays": "yes please"}},
     "closures.bank_holidays: 'yes please' must be true or false"),
    ({"prices": ["£50"]}, "prices: must be one entry per service"),
    ({"insurers": "Bupa"}, "insurers: must be a list"),
    ({"adress": "1 High St"}, "adress: unknown key"),
])
def test_each_mistake_is_refused_with_its_key_named(changes, message):
    assert error_for(**changes).startswith(message)


def test_a_filled_in_file_is_accepted():
    facts = clinic.parse({**shipped(), **FILLED})
    assert facts.opening_hours["wednesday"] == ((540, 780), (840, 1080))
    assert facts.closures[0].name == "Christmas Eve"


def run_quietly(command, path, **kwargs):
    env = dict(os.environ, CLINIC_FILE=str(path), RASA_TELEMETRY_ENABLED="false")
    return subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=600, **kwargs)


@pytest.fixture
def bad_file(tmp_path):
    return write_clinic(tmp_path / "clinic.yml", opening_hours={**WEEK, "monday": "25:00-9"})


EXPECTED = "opening_hours.monday: '25:00' is not a time of day (00:00 to 24:00)"


def refused(result, path) -> bool:
    output = result.stdout + result.stderr
    return (result.returncode == 2 and f"{path}: {EXPECTED}" in result.stderr
            and "Traceback" not in output)


def test_the_check_says_what_is_wrong_and_exits_non_zero(bad_file, tmp_path):
    assert refused(run_quietly([PYTHON, "-m", "msrehab.clinic", "--check"], bad_file), bad_file)
    good = write_clinic(tmp_path / "good.yml", **FILLED)
    result = run_quietly([PYTHON, "-m", "msrehab.clinic", "--check"], good)
    assert result.returncode == 0 and result.stdout.strip() == f"{good}: OK"


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "clinic.yml"
    path.write_text('phone: "07305541126\nemail: [\n', encoding="utf-8")
    result = run_quietly([PYTHON, "-m", "msrehab.clinic", "--check"], path)
    assert result.returncode == 2 and "is not valid YAML (line" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_web_page_server_refuses_to_start(bad_file):
    # with a good file it would serve forever: the timeout bounds that failure
    result = run_quietly([PYTHON, "scripts/serve_web.py", "--port", str(free_port())], bad_file)
    assert refused(result, bad_file), result.stderr[-2000:]


def test_the_action_server_refuses_to_start(bad_file):
    result = run_quietly([os.path.join(BIN, "rasa"), "run", "actions", "--actions", "actions",
                          "--port", str(free_port())], bad_file)
    assert refused(result, bad_file), result.stderr[-2000:]
