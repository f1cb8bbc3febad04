"""Throwaway PostgreSQL and Redis servers for one test run.

When TEST_POSTGRES_URL (an admin URL) or TEST_REDIS_URL (redis://host:port) is
not set, the first test that needs the server starts one from the Debian
packages (`make system-deps` installs them): on a free loopback port, with its
files in a temporary directory, nothing written to disk that a test run does
not need. conftest.py stops them and deletes their files when the run ends.

PostgreSQL's initdb and postgres refuse to run as root (CI runs as root): then
they run as the `postgres` system user (created by the Debian package), or as
`nobody` without it, in a directory owned by that user.

    python tests/harness/services.py     starts both, prints their URLs, stops on Enter
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Dict, List

START_SECONDS = 60
PORT_ATTEMPTS = 3
ADDRESS_IN_USE = re.compile(r"address already in use|could not bind|could not create listen",
                            re.IGNORECASE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServiceError(RuntimeError):
    pass


class _PortTaken(ServiceError):
    pass


class Throwaway:
    """One server process in a temporary directory; `url` once started."""

    name = "server"

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.dir: Path | None = None
        self.url: str | None = None

    def start(self) -> str:
        self.dir = Path(tempfile.mkdtemp(prefix=f"msrehab-test-{self.name}-"))
        try:
            self._prepare()
            for _ in range(PORT_ATTEMPTS):
                try:
                    self.url = self._start_on(free_port())
                    return self.url
                except _PortTaken:  # another process took the port before we bound it
                    continue
            raise ServiceError(f"{self.name}: no free port after {PORT_ATTEMPTS} attempts")
        except BaseException:
            self.stop()
            raise

    def _prepare(self) -> None:
        pass

    def _start_on(self, port: int) -> str:
        raise NotImplementedError

    def _launch(self, command: List[str], port: int, **popen) -> None:
        log = self.dir / f"{self.name}.log"
        with open(log, "ab") as out:
            # same process group as pytest: a Ctrl-C or a kill of the group reaches it too
            self.proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, **popen)
        deadline = time.time() + START_SECONDS
        while time.time() < deadline:
            if self.proc.poll() is not None:
                text = log.read_text(errors="replace")
                self.proc = None
                if ADDRESS_IN_USE.search(text):
                    raise _PortTaken(text[-500:])
                raise ServiceError(f"{self.name} stopped at start:\n{text[-3000:]}")
            # ready, and still ours (not another server that took the port meanwhile)
            if self._ready(port) and self.proc.poll() is None:
                return
            time.sleep(0.2)
        raise ServiceError(f"{self.name} did not answer on port {port} within "
                           f"{START_SECONDS} s; see {log}")

    def _ready(self, port: int) -> bool:
        raise NotImplementedError

    def _stop_signal(self) -> int:
        return signal.SIGTERM

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(self._stop_signal())
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
        self.url = None


def postgres_bin() -> Path:
    """The newest Debian PostgreSQL's binaries (/usr/lib/postgresql/<version>/bin),
    or PG_BIN, or the directory of an initdb on PATH."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if found:
        newest = max(found, key=lambda p: int(re.search(r"/(\d+)/bin/", p).group(1)))
        return Path(newest).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    raise ServiceError("PostgreSQL's initdb was not found: run `make system-deps` "
                       "(Debian package postgresql) or set TEST_POSTGRES_URL")


class ThrowawayPostgres(Throwaway):
    """A PostgreSQL cluster: trust authentication on 127.0.0.1 only, no Unix
    socket, fsync off (its files are deleted at the end anyway)."""

    name = "postgres"

    def _prepare(self) -> None:
        self.bin = postgres_bin()
        self.user = self._run_as()
        if self.user is not None:
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        self._run([str(self.bin / "initdb"), "--pgdata", str(self.dir / "data"),
                   "--username", "postgres", "--auth", "trust", "--encoding", "UTF8",
                   "--no-locale", "--no-sync"])

    @staticmethod
    def _run_as() -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        for name in ("postgres", "nobody"):
            try:
                return pwd.getpwnam(name)
            except KeyError:
                continue
        raise ServiceError("running as root and there is no `postgres` or `nobody` user")

    def _as_user(self) -> Dict:
        if self.user is None:
            return {}
        return {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}

    def _run(self, command: List[str]) -> None:
        result = subprocess.run(command, cwd=self.dir, capture_output=True, text=True,
                                env=_plain_env(), **self._as_user())
        if result.returncode != 0:
            raise ServiceError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def _start_on(self, port: int) -> str:
        self._launch([str(self.bin / "postgres"), "-D", str(self.dir / "data"), "-p", str(port),
                      "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                      "-c", "fsync=off", "-c", "synchronous_commit=off",
                      "-c", "full_page_writes=off", "-c", "max_connections=200"],
                     port, cwd=self.dir, env=_plain_env(), **self._as_user())
        return f"postgresql://postgres@127.0.0.1:{port}/postgres"

    def _ready(self, port: int) -> bool:
        import psycopg2

        try:
            connection = psycopg2.connect(host="127.0.0.1", port=port, user="postgres",
                                          dbname="postgres", connect_timeout=2)
        except psycopg2.OperationalError:  # not listening yet, or still starting up
            return False
        try:
            with connection.cursor() as cursor:
                cursor.execute("SHOW data_directory")
                return Path(cursor.fetchone()[0]).resolve() == (self.dir / "data").resolve()
        finally:
            connection.close()

    def _stop_signal(self) -> int:
        return signal.SIGINT  # "fast" shutdown: ends the tests' leftover connections


class ThrowawayRedis(Throwaway):
    """A Redis server on 127.0.0.1 that keeps nothing on disk."""

    name = "redis"

    def _start_on(self, port: int) -> str:
        server = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not os.path.exists(server):
            raise ServiceError("redis-server was not found: run `make system-deps` "
                               "(Debian package redis-server) or set TEST_REDIS_URL")
        self._launch([server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                      "--appendonly", "no", "--dir", str(self.dir), "--daemonize", "no",
                      "--protected-mode", "yes"], port, cwd=self.dir)
        return f"redis://127.0.0.1:{port}"

    def _ready(self, port: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def _plain_env() -> Dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}


_started: Dict[str, Throwaway] = {}


def _url(variable: str, kind: type) -> str:
    """The server named by `variable`, or a throwaway one started on first use."""
    if os.environ.get(variable):
        return os.environ[variable]
    if kind.name not in _started:
        service = kind()
        service.start()
        _started[kind.name] = service
    return _started[kind.name].url


def postgres_admin_url() -> str:
    return _url("TEST_POSTGRES_URL", ThrowawayPostgres)


def redis_url() -> str:
    return _url("TEST_REDIS_URL", ThrowawayRedis)


def started() -> Dict[str, str]:
    """The throwaway servers running now, by name: their URLs."""
    return {name: service.url for name, service in _started.items()}


def stop_all() -> None:
    while _started:
        _, service = _started.popitem()
        service.stop()


atexit.register(stop_all)  # also when the run ends some other way than pytest's own


if __name__ == "__main__":
    try:
        print("TEST_POSTGRES_URL=" + postgres_admin_url())
        print("TEST_REDIS_URL=" + redis_url())
        input("running; Enter stops them ")
    finally:
        stop_all()
