"""Test tiers: a pytest marker for each thing a test needs beyond Python.

    model     the trained model (models/current.tar.gz, `make train`)
    server    starts the assistant's servers (scripts/run.sh, the replicas, nginx)
    browser   drives Chromium
    postgres  a PostgreSQL server (TEST_POSTGRES_URL, or a throwaway one)
    redis     a Redis server (TEST_REDIS_URL, or a throwaway one)

`make test-fast` runs the tests with none of them; `make test` runs them all.
Most markers come from the fixtures a test uses (FIXTURE_MARKERS, applied by
conftest.py at collection). A test file says it itself only where no fixture
can tell: a module fixture that starts servers (`pytestmark`), or a fixture
run on both databases (databases.BOTH). The helpers that start a server or
create a PostgreSQL database call `require`, so a test that lacks its marker
fails instead of slipping into the fast tier unnoticed.
"""

from __future__ import annotations

from typing import Iterable

import pytest

# A test using one of these fixtures (directly or through other fixtures) gets the marker.
FIXTURE_MARKERS = {
    "model_path": "model",          # and `parse`, which loads it
    "assistant_servers": "server",  # and `assistant`
    "browser": "browser",           # and `page`
    "redis_url": "redis",
}

_running: pytest.Item | None = None


def mark_by_fixtures(items: Iterable[pytest.Item]) -> None:
    for item in items:
        for fixture, marker in FIXTURE_MARKERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)


def running(item: pytest.Item | None) -> None:
    """The test being set up or run now (conftest.py's hooks)."""
    global _running
    _running = item


def require(marker: str, what: str) -> None:
    """Fails the running test if it reaches `what` without carrying `marker`."""
    if _running is not None and _running.get_closest_marker(marker) is None:
        pytest.fail(f"{_running.nodeid} uses {what} but has no `{marker}` marker "
                    f"(see tests/harness/tiers.py)", pytrace=False)
