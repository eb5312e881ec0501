"""Helpers of the JupyterHub test: learner accounts, a learner-only venv, a hub, a kernel client.

Nothing runs at import. Everything listens on 127.0.0.1 only.

Choices (documented in the README, "JupyterHub for a cohort"):
- accounts: real Unix users created with ``useradd`` (the test runs as root, as CI does),
  because nbgrader's exchange files submissions under the *Unix* user name;
- authenticator: JupyterHub's ``DummyAuthenticator`` with a shared password (a real cohort
  uses PAM, LDAP or OAuth: only the login step differs);
- spawner: ``LocalProcessSpawner``: each learner's server runs as that learner;
- learner servers: a venv with only the learner-side package (``kamlearn``) and the
  third-party libraries the notebooks need; ``kamtrain`` is not importable there.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHP = REPO / ".ci" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"


class HubUnavailable(RuntimeError):
    """A prerequisite of the hub test is missing; the message says which and how to get it."""


def check_prerequisites() -> None:
    if os.geteuid() != 0:
        raise HubUnavailable("needs root: learner accounts are real Unix users (CI runs as root)")
    for tool in ("useradd", "userdel", "runuser"):
        if shutil.which(tool) is None:
            raise HubUnavailable(f"'{tool}' is missing")
    if not CHP.exists():
        raise HubUnavailable(
            f"{CHP} is missing: run `make install` (npm install --prefix .ci/node "
            "configurable-http-proxy)"
        )
    try:
        import jupyterhub  # noqa: F401
    except ImportError as exc:
        raise HubUnavailable("jupyterhub is not installed: pip install -e '.[dev]'") from exc


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def world_dir(prefix: str) -> Path:
    """A folder under /tmp that the learner accounts can read (pytest's are private)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def create_user(name: str) -> None:
    subprocess.run(
        ["useradd", "--create-home", "--shell", "/bin/bash", name], check=True, capture_output=True
    )


def delete_user(name: str) -> None:
    subprocess.run(["userdel", "--remove", name], capture_output=True)


def _learner_python() -> str:
    """A Python of the same minor version that other accounts may execute.

    The venv's base interpreter can live under /root (pyenv), which other accounts cannot
    enter; Debian's /usr/bin/python3.X then serves, with the same binary ABI.
    """
    candidates = [
        sys._base_executable,
        f"/usr/bin/python{sys.version_info[0]}.{sys.version_info[1]}",
    ]
    for python in candidates:
        probe = subprocess.run(
            ["runuser", "-u", "nobody", "--", python, "-c", "import sys"],
            capture_output=True,
        )
        if probe.returncode == 0:
            return python
    raise HubUnavailable(
        f"no Python {sys.version_info[0]}.{sys.version_info[1]} that other accounts may run "
        f"(tried {', '.join(candidates)})"
    )


def learner_venv(root: Path) -> Path:
    """A venv with only the learner side; returns its python.

    ``kamlearn`` comes from the learner distribution (``learner/``), built into a wheel and
    installed by pip into a folder of its own, as a learner image installs it. The
    third-party libraries (pandas, matplotlib, ipykernel, jupyter_server, jupyterhub,
    nbgrader) are borrowed from the trainer's venv through a path entry (its ``.pth``
    files, among them kamtrain's editable install, are not processed from there), so the
    test needs no network.
    """
    from _wheel_helpers import build_wheel, copy_sources

    python = _learner_python()
    venv = root / "learner-venv"
    subprocess.run([python, "-m", "venv", "--without-pip", str(venv)], check=True)
    build = Path(tempfile.mkdtemp(prefix="kamlearn-build-"))
    try:
        wheel = build_wheel(copy_sources(build / "src") / "learner", build / "dist")
        lib = root / "learner-lib"
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
             "--target", str(lib), str(wheel)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    finally:
        shutil.rmtree(build, ignore_errors=True)
    site = Path(
        subprocess.run(
            [
                str(venv / "bin" / "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    borrowed = sysconfig.get_paths()["purelib"]
    (site / "kamtrain_learner.pth").write_text(f"{lib}\n{borrowed}\n", encoding="utf-8")
    learner_python = venv / "bin" / "python"
    probe = subprocess.run(
        ["runuser", "-u", "nobody", "--", str(learner_python), "-c",
         "import jupyterhub, nbgrader, ipykernel, pandas, kamlearn"],
        capture_output=True, text=True,
    )  # fmt: skip
    if probe.returncode:
        raise HubUnavailable(
            f"the learner accounts cannot use the project's venv ({borrowed}): a folder on "
            f"its path is not readable by other users; {probe.stderr.strip()[-300:]}"
        )
    return learner_python


HUB_CONFIG = """\
# JupyterHub for the kamtrain test: 127.0.0.1 only, local accounts.
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.JupyterHub.db_url = "sqlite:///{root}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{root}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{root}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [{python!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.env_keep = ["LANG", "LC_ALL"]
c.Spawner.environment = {{
    "PATH": "{venv_bin}:/usr/local/bin:/usr/bin:/bin",
    "JUPYTER_CONFIG_PATH": "{learner_config}",
    "MPLBACKEND": "Agg",
}}
c.Spawner.args = ["--ServerApp.jpserver_extensions={{'nbgrader.server_extensions.assignment_list': True}}"]
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.JupyterHub.services = [{{"name": "kamtrain-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [
    {{
        "name": "kamtrain-test",
        "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"],
        "services": ["kamtrain-test"],
    }}
]
"""

LEARNER_NBGRADER_CONFIG = """\
# What a learner's server needs to reach the cohort's exchange.
c = get_config()  # noqa: F821
c.Exchange.root = {exchange!r}
c.Exchange.path_includes_course = True
c.CourseDirectory.course_id = {course!r}
"""


class Hub:
    """A running JupyterHub and its REST API (as the test service, or as a learner)."""

    def __init__(self, root: Path, *, users: list[str], python: Path, exchange: Path, course: str):
        self.root = root
        self.users = users
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.password = secrets.token_hex(8)
        learner_config = root / "learner-config"
        learner_config.mkdir()
        (learner_config / "nbgrader_config.py").write_text(
            LEARNER_NBGRADER_CONFIG.format(exchange=str(exchange), course=course), "utf-8"
        )
        learner_config.chmod(0o755)
        self.config = root / "jupyterhub_config.py"
        self.config.write_text(
            HUB_CONFIG.format(
                port=self.port,
                hub_port=free_port(),
                proxy_api_port=free_port(),
                chp=str(CHP),
                root=root,
                password=self.password,
                users=set(users),
                python=str(python),
                venv_bin=str(python.parent),
                learner_config=str(learner_config),
                token=self.token,
            ),
            encoding="utf-8",
        )
        self.proc: subprocess.Popen | None = None
        self.log = root / "jupyterhub.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KAMTRAIN_", "JUPYTER"))}
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(self.config)],
                cwd=self.root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited: {self.log_tail()}")
            with contextlib.suppress(OSError, urllib.error.URLError):
                self.request("GET", "/hub/api/")
                return
            time.sleep(0.5)
        raise RuntimeError(f"JupyterHub did not answer in 120 s: {self.log_tail()}")

    def stop(self) -> None:
        if self.proc is None:
            return
        for user in self.users:
            with contextlib.suppress(Exception):
                self.request("DELETE", f"/hub/api/users/{user}/server")
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            self.proc.wait(10)

    def log_tail(self, size: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-size:] if self.log.exists() else ""

    def request(self, method: str, path: str, *, token: str | None = None, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", f"token {token or self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def login(self, user: str, password: str) -> int:
        """Log in through the hub's form (as a browser would); return the final HTTP status."""
        import http.cookiejar
        import re
        import urllib.parse

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(self.url + "/hub/login", timeout=30).read().decode()
        xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', page)
        form = {"username": user, "password": password}
        if xsrf:
            form["_xsrf"] = xsrf.group(1)
        req = urllib.request.Request(
            self.url + "/hub/login?next=/hub/home",
            data=urllib.parse.urlencode(form).encode(),
            method="POST",
        )
        try:
            with opener.open(req, timeout=60) as resp:
                return resp.status if "/login" not in resp.url else 403
        except urllib.error.HTTPError as exc:
            return exc.code

    def user_token(self, user: str) -> str:
        """A token of the learner's own (as the learner would create on the hub's token page)."""
        made = self.request("POST", f"/hub/api/users/{user}/tokens", body={"note": "test"})
        return made["token"]

    def spawn(self, user: str, *, timeout: float = 240) -> None:
        with contextlib.suppress(urllib.error.HTTPError):
            self.request("POST", f"/hub/api/users/{user}/server")
        deadline = time.time() + timeout
        while time.time() < deadline:
            model = self.request("GET", f"/hub/api/users/{user}")
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return
            time.sleep(1)
        raise RuntimeError(f"server of {user} not ready in {timeout} s: {self.log_tail()}")


def owner(path: Path) -> str:
    return pwd.getpwuid(path.stat().st_uid).pw_name
