"""Databases for storage tests: an SQLite file, and a real PostgreSQL.

PostgreSQL comes from TEST_POSTGRES_URL (an admin URL to a server, e.g.
postgresql://postgres@127.0.0.1:5432/postgres); each test session creates and
drops its own database there. Without the setting the PostgreSQL tests skip,
except under CI=true, where they must run.
"""

from __future__ import annotations

import os
import uuid
from typing import Iterator

import pytest
import tiers
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# The params of a fixture that runs a test on both databases: the PostgreSQL
# one carries the `postgres` marker (`make test-fast` leaves it out).
BOTH = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def postgres_admin_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url and os.environ.get("CI") == "true":
        pytest.fail("TEST_POSTGRES_URL must be set under CI=true")
    return url


def temporary_postgres_database() -> Iterator[str]:
    tiers.require("postgres", "PostgreSQL")
    admin_url = postgres_admin_url()
    if not admin_url:
        pytest.skip("TEST_POSTGRES_URL not set")
    name = f"msrehab_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield str(make_url(admin_url).set(database=name))
    finally:
        with admin.connect() as c:
            c.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
            ), {"n": name})
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
