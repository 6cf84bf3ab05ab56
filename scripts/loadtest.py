#!/usr/bin/env python3
"""Load-and-fault test: two gunicorn servers, one throw-away PostgreSQL, officers updating at once.

    .venv/bin/python scripts/loadtest.py [--seconds 60] [--users 30] [--write docs/reliability.md]

Loopback only, bounded in time and requests. It creates its own PostgreSQL cluster on another
port with ``pg_createcluster`` (so it never touches the main one), loads the demo partnership,
starts two gunicorn instances on two ports against it, and runs two phases:

1. **steady**: simulated officers (and a few clerks) for ``--seconds``, each in a loop reading My
   actions, the dashboard and (clerks) the appendix PDF, and updating overlapping actions through
   the real update form (the form's version field, so a concurrent edit is a conflict, not a loss);
2. **fault**: the same, with PostgreSQL stopped for ``--outage`` seconds in the middle.

Afterwards every accepted update (a 302 from the update form) is looked up in the database and
in the action's history; a missing one is a lost update. Results are printed and, with
``--write``, written to ``docs/reliability.md``. The cluster is dropped at the end.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CLUSTER = "loadtest"
MAX_REQUESTS = 200_000  # a hard ceiling, whatever the duration
PASSWORD = "load-test-" + secrets.token_urlsafe(8)


def sh(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# The throw-away database and the two servers
# ---------------------------------------------------------------------------------------------


def pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


class Cluster:
    def __init__(self) -> None:
        self.version, self.port = pg_version(), free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/tracker"

    def create(self) -> None:
        subprocess.run(["pg_dropcluster", "--stop", self.version, CLUSTER], capture_output=True)
        sh("pg_createcluster", self.version, CLUSTER, "-p", str(self.port), "--", "--auth=trust")
        self.start()
        sh("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "tracker")

    def start(self) -> None:
        sh("pg_ctlcluster", "--skip-systemctl-redirect", self.version, CLUSTER, "start")

    def stop(self) -> None:
        sh(
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            self.version,
            CLUSTER,
            "stop",
            "-m",
            "fast",
        )

    def drop(self) -> None:
        subprocess.run(["pg_dropcluster", "--stop", self.version, CLUSTER], capture_output=True)

    def query(self, sql: str) -> str:
        return sh(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            "tracker",
            "-Atc",
            sql,
        ).stdout.strip()


def app_env(database_url: str, secret: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secret,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DB_CONN_MAX_AGE="60",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        GUNICORN_ACCESS_LOG="/dev/null",
    )
    return env


def prepare(cluster: Cluster, env: dict[str, str]) -> None:
    setup = {**env, "DEBUG": "true", "DEMO_PASSWORD": PASSWORD}
    sh(PYTHON, "manage.py", "migrate", "-v0", cwd=ROOT, env=setup)
    sh(PYTHON, "manage.py", "load_demo", cwd=ROOT, env=setup)


def start_servers(env: dict[str, str], count: int = 2) -> tuple[list[subprocess.Popen], list[str]]:
    servers, urls = [], []
    for _ in range(count):
        port = free_port()
        server_env = {**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
        servers.append(
            subprocess.Popen(
                [GUNICORN, "--config", "gunicorn.conf.py"],
                cwd=ROOT,
                env=server_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        wait_until_up(url)
    return servers, urls


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise SystemExit(f"{url} did not start")


# ---------------------------------------------------------------------------------------------
# Simulated users
# ---------------------------------------------------------------------------------------------


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    status: dict[int, int] = field(default_factory=dict)
    errors_outside_outage: int = 0
    non_503_in_outage: int = 0
    conflicts: int = 0
    accepted: list[tuple[int, str]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    last_error_after_restart: float | None = None
    odd: dict[str, int] = field(default_factory=dict)

    def record(self, code: int, started: float, ended: float, outage: Outage, path: str) -> None:
        """Classify by when the request was under way: any overlap with the outage counts."""
        with self.lock:
            self.requests += 1
            self.status[code] = self.status.get(code, 0) + 1
            self.latencies.append(ended - started)
            if code < 500:
                return
            during = outage.overlaps(started, ended)
            if during and code != 503:
                self.non_503_in_outage += 1
                self.odd[f"{code} {path.split('?')[0]}"] = self.odd.get(f"{code} {path}", 0) + 1
            if not during and not outage.just_after(started):
                self.errors_outside_outage += 1
                self.odd[f"{code} {path.split('?')[0]}"] = self.odd.get(f"{code} {path}", 0) + 1
            if outage.ended and ended > outage.ended:
                self.last_error_after_restart = max(self.last_error_after_restart or 0, ended)


@dataclass
class Outage:
    started: float | None = None
    ended: float | None = None
    grace: float = 5.0  # requests sent just after the database returns may still see a 503

    def overlaps(self, start: float, end: float) -> bool:
        if self.started is None:
            return False
        return end >= self.started and (self.ended is None or start <= self.ended)

    def just_after(self, when: float) -> bool:
        return self.ended is not None and self.ended < when <= self.ended + self.grace


_INPUT = re.compile(r"<input\b[^>]*>", re.I)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
_TEXTAREA = re.compile(r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', re.I | re.S)
_ACTION_LINK = re.compile(r'href="/actions/(\d+)/"')


def form_fields(html: str) -> dict[str, str]:
    """The fields a browser would send from this page's forms (hidden, checked, typed)."""
    fields: dict[str, str] = {}
    for tag in _INPUT.findall(html):
        attrs = dict(_ATTR.findall(tag))
        kind, name = attrs.get("type", "text"), attrs.get("name")
        if not name or kind in {"submit", "button", "file"}:
            continue
        if kind in {"radio", "checkbox"} and "checked" not in tag:
            continue
        fields.setdefault(name, attrs.get("value", ""))
    for name, value in _TEXTAREA.findall(html):
        fields.setdefault(name, value)
    return fields


class Client:
    def __init__(self, base: str, tally: Tally, outage: Outage):
        self.base, self.tally, self.outage = base, tally, outage
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Referer": self.base + path}
        start = time.monotonic()
        code, text = self._open(path, body, headers)
        self.tally.record(code, start, time.monotonic(), self.outage, path)
        return code, text

    def _open(self, path: str, body: bytes | None, headers: dict) -> tuple[int, str]:
        try:
            response = self.opener.open(
                urllib.request.Request(self.base + path, data=body, headers=headers), timeout=30
            )
            code, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            code, text = error.code, error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError):
            code, text = 599, ""  # the connection itself failed
        return code, text

    def sign_in(self, username: str) -> bool:
        code, page = self.request("/accounts/login/")
        fields = form_fields(page)
        fields.update(username=username, password=PASSWORD)
        code, _ = self.request("/accounts/login/", fields)
        return code == 302


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def officer_loop(client: Client, stop: float, actions: list[int], tally: Tally) -> None:
    while time.monotonic() < stop and tally.requests < MAX_REQUESTS:
        choice = random.random()
        if choice < 0.35:
            client.request("/actions/mine/")
        elif choice < 0.55:
            client.request("/reports/dashboard/")
        else:
            update_one(client, random.choice(actions), tally)
        time.sleep(random.uniform(0.05, 0.3))


def update_one(client: Client, pk: int, tally: Tally) -> None:
    code, page = client.request(f"/actions/{pk}/update/")
    if code != 200:
        return
    token = secrets.token_hex(6)
    fields = form_fields(page)
    fields.update(progress_note=f"Load test note {token}", reason=f"Load test update {token}")
    if random.random() < 0.5:  # a field change bumps the version, so overlapping edits collide
        fields["rag"] = random.choice(["RED", "AMBER", "GREEN"])
    code, page = client.request(f"/actions/{pk}/update/", fields)
    if code == 302:
        with tally.lock:
            tally.accepted.append((pk, token))
    elif code == 200 and "changed by" in page:
        with tally.lock:
            tally.conflicts += 1


def clerk_loop(client: Client, stop: float, plan_id: str, tally: Tally) -> None:
    today = time.strftime("%Y-%m-%d")
    while time.monotonic() < stop and tally.requests < MAX_REQUESTS:
        client.request("/actions/")
        client.request(f"/reports/appendix/pdf/?plans={plan_id}&as_at={today}")
        time.sleep(random.uniform(0.5, 1.5))


# ---------------------------------------------------------------------------------------------
# A phase: users, optional outage, verification
# ---------------------------------------------------------------------------------------------


def run_phase(
    name: str, urls: list[str], cluster: Cluster, seconds: int, users: int, outage_s: float
) -> dict:
    tally, outage = Tally(), Outage()
    clerks = max(1, users // 10)
    clients = []
    for i in range(users):
        client = Client(urls[i % len(urls)], tally, outage)
        username = "clerk" if i < clerks else ("officer" if i % 2 else "officer2")
        if not client.sign_in(username):
            raise SystemExit(f"could not sign in as {username}")
        clients.append((client, username))
    actions = {
        username: [int(pk) for pk in _ACTION_LINK.findall(client.request("/actions/mine/")[1])]
        for client, username in clients[clerks : clerks + 2]
    }
    plan_id = cluster.query("SELECT id FROM recommendations_actionplan ORDER BY id LIMIT 1")
    tally.__init__()  # sign-in and set-up requests do not count
    start = time.monotonic()
    stop = start + seconds
    threads = []
    for client, username in clients:
        if username == "clerk":
            target, args = clerk_loop, (client, stop, plan_id, tally)
        else:
            target, args = officer_loop, (client, stop, actions[username][:8], tally)
        threads.append(threading.Thread(target=target, args=args, daemon=True))
    for thread in threads:
        thread.start()
    if outage_s:
        time.sleep(seconds / 3)
        outage.started = time.monotonic()
        cluster.stop()
        time.sleep(outage_s)
        cluster.start()
        outage.ended = time.monotonic()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return summarise(name, tally, outage, cluster, time.monotonic() - start)


def lost_updates(cluster: Cluster, accepted: list[tuple[int, str]]) -> int:
    if not accepted:
        return 0
    tokens = "','".join(f"Load test note {token}" for _, token in accepted)
    stored = cluster.query(
        f"SELECT count(*) FROM recommendations_progressupdate WHERE text IN ('{tokens}')"
    )
    reasons = "','".join(f"Load test update {token}" for _, token in accepted)
    in_history = cluster.query(
        "SELECT count(DISTINCT history_change_reason) FROM "
        f"recommendations_historicalprogressupdate WHERE history_change_reason IN ('{reasons}')"
    )
    return len(accepted) - min(int(stored), int(in_history))


def summarise(name: str, tally: Tally, outage: Outage, cluster: Cluster, elapsed: float) -> dict:
    latencies = sorted(tally.latencies) or [0.0]
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    result = {
        "phase": name,
        "seconds": round(elapsed, 1),
        "requests": tally.requests,
        "5xx": sum(n for code, n in tally.status.items() if code >= 500),
        "503": tally.status.get(503, 0),
        "5xx outside outage": tally.errors_outside_outage,
        "non-503 errors in outage": tally.non_503_in_outage,
        "conflicts": tally.conflicts,
        "accepted updates": len(tally.accepted),
        "lost updates": lost_updates(cluster, tally.accepted),
        "p50 ms": round(statistics.median(latencies) * 1000),
        "p95 ms": round(p95 * 1000),
    }
    if outage.started:
        result["outage s"] = round(outage.ended - outage.started, 1)
        recovery = (tally.last_error_after_restart or outage.ended) - outage.ended
        result["recovery s"] = round(max(recovery, 0.0), 2)
    if tally.odd:
        result["unexpected"] = ", ".join(f"{k} x{n}" for k, n in sorted(tally.odd.items()))
    return result


def report(results: list[dict], args: argparse.Namespace) -> str:
    keys = list(results[-1].keys())
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for row in results:
        lines.append("| " + " | ".join(str(row.get(k, "")) for k in keys) + " |")
    return (
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: `scripts/loadtest.py "
        f"--seconds {args.seconds} --users {args.users} --outage {args.outage}`, two gunicorn "
        "instances (2 workers each) against one throw-away PostgreSQL cluster, on this 2-core "
        "machine.\n\n" + "\n".join(lines) + "\n"
    )


def write_doc(path: Path, table: str) -> None:
    marker = "<!-- loadtest output -->"
    text = path.read_text() if path.exists() else f"# Reliability\n\n{marker}\n{marker}\n"
    before, _, rest = text.partition(marker)
    _, _, after = rest.partition(marker)
    path.write_text(f"{before}{marker}\n{table}{marker}{after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--outage", type=float, default=6.0)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    if not 5 <= args.seconds <= 300 or not 1 <= args.users <= 100:
        raise SystemExit("--seconds must be 5-300 and --users 1-100")
    cluster = Cluster()
    servers: list[subprocess.Popen] = []
    try:
        cluster.create()
        env = app_env(cluster.url, secrets.token_urlsafe(50))
        prepare(cluster, env)
        servers, urls = start_servers(env)
        results = [
            run_phase("steady", urls, cluster, args.seconds, args.users, 0),
            run_phase(
                "database stopped mid-run", urls, cluster, args.seconds, args.users, args.outage
            ),
        ]
    finally:
        for server in servers:
            os.killpg(server.pid, 15)
        cluster.drop()
    table = report(results, args)
    print(table)
    if args.write:
        write_doc(args.write, table)


if __name__ == "__main__":
    sys.exit(main())
