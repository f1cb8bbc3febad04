"""A change to clinic.yml takes effect on restart, with no training in between: the
assistant started twice from the same model, on two clinic files (CLINIC_FILE), over
HTTP. The first start also takes a callback out of hours with a fixed clock (Friday
22 May 2026, 17:55, before the Spring Bank Holiday) and checks the staff e-mail. And
a bad file stops `make run`'s start and the Rasa server with the key named."""

import os
import subprocess

import pytest
from conftest import PROJECT_ROOT, complete_callback_form, free_port, start_assistant
from harness.clinic_files import FILLED, WEEK, write_clinic
from harness.processes import stop_process_group
from harness.smtp_server import LoopbackSmtpServer

pytestmark = pytest.mark.server
FRIDAY_EVENING = "2026-05-22T17:55"


def ask(servers, sender, question):
    return " ".join(servers.assistant.texts(sender, question))


def test_a_changed_fact_is_told_after_a_restart_without_training(model_path, tmp_path):
    model_before = model_path.stat().st_mtime_ns
    first = write_clinic(tmp_path / "first.yml", **FILLED)
    second = write_clinic(tmp_path / "second.yml", **{
        **FILLED, "address": "2 Other Road, Newtown NE2 2WT",
        "opening_hours": {**WEEK, "saturday": "closed"}})
    smtp = LoopbackSmtpServer(free_port())
    smtp.start()
    mail_env = {"CALLBACKS_DATABASE_URL": f"sqlite:///{tmp_path / 'callbacks.db'}",
                "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port), "SMTP_TLS": "none",
                "SMTP_TIMEOUT": "5", "STAFF_EMAIL": "staff@msrehab.test"}
    try:
        (tmp_path / "a").mkdir()
        servers = start_assistant(tmp_path / "a", model_path, {
            "CLINIC_FILE": str(first), "CLINIC_NOW": FRIDAY_EVENING, **mail_env})
        try:
            assert "The clinic is at 1 Test Street, Testtown TE1 1ST." in \
                ask(servers, "where-1", "where is the clinic")
            assert "On Saturdays the clinic is open 9am to 1pm (UK time)." in \
                ask(servers, "sat-1", "are you open on saturday")
            confirmation = " ".join(complete_callback_form(
                servers.assistant, "callback-1",
                ["Sam Green", "07911 123456", "skip", "evening", "knee pain"]))
            assert "The clinic closes soon; expect a call on Tuesday evening." in confirmation
        finally:
            stop_process_group(servers.proc)
        (mail,) = smtp.mails
        assert "Promised call:  Tuesday 26 May, evening (UK time)" in mail.get_payload()

        (tmp_path / "b").mkdir()
        servers = start_assistant(tmp_path / "b", model_path, {
            "CLINIC_FILE": str(second), "CLINIC_NOW": FRIDAY_EVENING})
        try:
            assert "The clinic is at 2 Other Road, Newtown NE2 2WT." in \
                ask(servers, "where-2", "where is the clinic")
            assert ask(servers, "sat-2", "are you open on saturday") == \
                "The clinic is closed on Saturdays."
        finally:
            stop_process_group(servers.proc)
    finally:
        smtp.stop()
    assert model_path.stat().st_mtime_ns == model_before  # no training in between


def bad_start(command, tmp_path, **env):
    path = write_clinic(tmp_path / "clinic.yml", phone="12345")
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=600, env=dict(os.environ, CLINIC_FILE=str(path), **env))
    return path, result


def test_make_runs_start_refuses_a_bad_file_before_starting_anything(tmp_path):
    port = free_port()
    path, result = bad_start([str(PROJECT_ROOT / "scripts" / "run.sh")], tmp_path,
                             RASA_PORT=str(port), ACTION_PORT=str(free_port()),
                             WEB_PORT=str(free_port()))
    assert result.returncode == 2
    assert f"{path}: phone: '12345' is not a UK phone number" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "Waiting for the assistant" not in result.stdout


def test_the_rasa_server_refuses_a_bad_file(model_path, tmp_path):
    path, result = bad_start([str(PROJECT_ROOT / ".venv" / "bin" / "rasa"), "run",
                              "--model", str(model_path), "--interface", "127.0.0.1",
                              "--port", str(free_port())], tmp_path,
                             ACTION_SERVER_TOKEN="test-token")
    assert result.returncode == 2, result.stderr[-2000:]
    assert f"{path}: phone: '12345' is not a UK phone number" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
