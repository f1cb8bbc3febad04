"""The callback database's schema, versioned with Alembic.

Every process that opens the callback database (the action server, the staff
page, msrehab-staff) calls `upgrade(engine)` first: it brings the database to the
newest revision in versions/, keeping every row. Two processes starting at once
do not both migrate: a PostgreSQL advisory lock, or a file lock beside an SQLite
file, lets one run it while the other waits.

    msrehab-staff migrate          # the same, by hand (production deploys)
"""

from __future__ import annotations

import contextlib
import fcntl
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

HERE = Path(__file__).resolve().parent
# any constant: the key of PostgreSQL's advisory lock held while migrating
ADVISORY_LOCK_KEY = 7_305_541_126


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY})
            connection.commit()
            try:
                yield connection
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"),
                                   {"k": ADVISORY_LOCK_KEY})
                connection.commit()
        return
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        with open(f"{database}.migrate-lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                with engine.connect() as connection:
                    yield connection
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        return
    with engine.connect() as connection:
        yield connection


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Brings the database to `revision` (the newest by default); a no-op when there."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    with _migration_lock(engine) as connection:
        command.upgrade(_config(connection), revision)
        connection.commit()
