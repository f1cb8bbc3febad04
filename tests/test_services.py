"""The test harness's throwaway servers (tests/harness/services.py) and the tier guard
(tests/harness/tiers.py)."""

import os
import socket

import pytest
from harness import services, tiers
from sqlalchemy import create_engine, text


def test_urls_in_the_environment_are_used_and_nothing_is_started(monkeypatch):
    before = services.started()
    monkeypatch.setenv("TEST_POSTGRES_URL", "postgresql://someone@db.invalid:6543/x")
    monkeypatch.setenv("TEST_REDIS_URL", "redis://redis.invalid:6380")
    assert services.postgres_admin_url() == "postgresql://someone@db.invalid:6543/x"
    assert services.redis_url() == "redis://redis.invalid:6380"
    assert services.started() == before


def test_a_test_without_its_marker_fails_when_it_reaches_the_service(monkeypatch):
    class Unmarked:
        nodeid = "tests/test_x.py::test_y"

        def get_closest_marker(self, name):
            return None

    monkeypatch.setattr(tiers, "_running", Unmarked())
    with pytest.raises(pytest.fail.Exception, match="no `postgres` marker"):
        tiers.require("postgres", "PostgreSQL")


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.postgres
def test_a_throwaway_postgres_runs_without_root_and_leaves_nothing_behind():
    postgres = services.ThrowawayPostgres()
    url = postgres.start()
    directory, pid = postgres.dir, postgres.proc.pid
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    try:
        engine = create_engine(url, future=True)
        with engine.connect() as c:
            assert c.execute(text("SELECT current_user")).scalar() == "postgres"
        engine.dispose()
        # initdb and postgres refuse root: as root, they run as another user
        assert os.stat(f"/proc/{pid}").st_uid != 0 or os.geteuid() != 0
    finally:
        postgres.stop()
    assert not directory.exists()
    assert not os.path.exists(f"/proc/{pid}")
    assert not _listening(port)


@pytest.mark.redis
def test_a_port_taken_before_the_throwaway_binds_it_is_replaced(monkeypatch):
    squatter = socket.socket()
    squatter.bind(("127.0.0.1", 0))
    squatter.listen()
    taken = squatter.getsockname()[1]
    ports = iter([taken])  # the first port handed out is already in use
    free_port = services.free_port
    monkeypatch.setattr(services, "free_port", lambda: next(ports, None) or free_port())
    redis = services.ThrowawayRedis()
    try:
        url = redis.start()
        port = int(url.rsplit(":", 1)[1])
        assert port != taken
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(b"CONFIG GET save\r\n")
            assert b"save" in s.recv(100)
    finally:
        redis.stop()
        squatter.close()
    assert not _listening(port)
