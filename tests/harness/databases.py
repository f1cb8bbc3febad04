"""Databases for storage tests: an SQLite file, and a real PostgreSQL.

PostgreSQL comes from TEST_POSTGRES_URL (an admin URL to a server, e.g.
postgresql://postgres@127.0.0.1:5432/postgres) or, without it, from a throwaway
server started for the run (tests/harness/services.py); each use creates and drops its
own database there. The PostgreSQL tests never skip.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from . import services, tiers

# The params of a fixture that runs a test on both databases: the PostgreSQL
# one carries the `postgres` marker (`make test-fast` leaves it out).
BOTH = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@contextlib.contextmanager
def postgres_database(admin_url: str, name: str) -> Iterator[str]:
    """A database of our own on the server behind `admin_url`, dropped afterwards
    whatever happened; its URL. Also used by bench/."""
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


def temporary_postgres_database() -> Iterator[str]:
    tiers.require("postgres", "PostgreSQL")
    with postgres_database(services.postgres_admin_url(),
                           f"msrehab_test_{uuid.uuid4().hex[:10]}") as url:
        yield url
