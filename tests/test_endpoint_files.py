"""The project's own endpoints files, read by Rasa the way `rasa run` reads them.

The servers in the other tests get an endpoints file written for their ports,
so these check that the committed files give Rasa the real secrets: Rasa fills
in ${...} only in unquoted YAML values, and a quoted one is sent as it stands
(the action server then refuses every call, and the callback form fails).
"""

import pytest
from conftest import PROJECT_ROOT
from rasa.core.utils import read_endpoints_from_path

ENV = {"ACTION_SERVER_TOKEN": "token-from-the-environment",
       "POSTGRES_PASSWORD": "password-from-the-environment"}


@pytest.fixture
def environment(monkeypatch):
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)


def leftover_placeholders(value):
    if isinstance(value, dict):
        return [p for v in value.values() for p in leftover_placeholders(v)]
    if isinstance(value, list):
        return [p for v in value for p in leftover_placeholders(v)]
    return [value] if isinstance(value, str) and "${" in value else []


@pytest.mark.parametrize("path", ["endpoints.yml", "deploy/endpoints.yml"])
def test_action_server_secret_comes_from_the_environment(environment, path):
    endpoints = read_endpoints_from_path(PROJECT_ROOT / path)
    assert endpoints.action.headers == {"X-Action-Token": ENV["ACTION_SERVER_TOKEN"]}


@pytest.mark.parametrize("path", ["endpoints.yml", "deploy/endpoints.yml"])
def test_no_placeholder_is_left_unfilled(environment, path):
    endpoints = read_endpoints_from_path(PROJECT_ROOT / path)
    configs = [endpoints.action, endpoints.tracker_store, endpoints.lock_store]
    values = [{"url": c.url, "headers": c.headers, **c.kwargs} for c in configs if c]
    assert leftover_placeholders(values) == []


def test_production_database_password_comes_from_the_environment(environment):
    endpoints = read_endpoints_from_path(PROJECT_ROOT / "deploy" / "endpoints.yml")
    assert endpoints.tracker_store.kwargs["password"] == ENV["POSTGRES_PASSWORD"]


@pytest.mark.parametrize("path", ["endpoints.yml", "deploy/endpoints.yml"])
def test_answers_get_the_clinic_facts_from_clinic_yml(environment, path):
    """Without the response generator, answers would show {clinic_phone} unfilled."""
    endpoints = read_endpoints_from_path(PROJECT_ROOT / path)
    assert endpoints.nlg.type == "rasa_addons.nlg.ClinicResponses"
