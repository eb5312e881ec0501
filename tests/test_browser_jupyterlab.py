"""The learner's JupyterLab in a real browser: Debian's chromium driven by Playwright.

Each test starts ``jupyter lab`` on loopback for a cohort, opens it in headless
chromium (``/usr/bin/chromium``; never a browser downloaded by a tool) and checks what a
learner or trainer sees. Screenshots go to the test's output folder
(``test-output/browser/``). Without chromium or Playwright the tests are skipped and
say why; ``.ci/run`` installs chromium from Debian's packages.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, TRAINER_NOTEBOOK

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path(os.environ.get("KAMTRAIN_CHROMIUM", "/usr/bin/chromium"))
OUTPUT = ROOT / "test-output" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _skip_reason() -> str | None:
    if not CHROMIUM.is_file():
        return (
            f"browser tests skipped: Debian's chromium not found at {CHROMIUM} "
            "(install it with `apt-get install chromium`; .ci/run does)"
        )
    if importlib.util.find_spec("playwright") is None:
        return (
            "browser tests skipped: the Python package playwright is not installed "
            "(pip install -e '.[dev]')"
        )
    return None


SKIP_REASON = _skip_reason()
# Decided before any fixture runs, so that a skipped test costs nothing.
pytestmark.append(pytest.mark.skipif(SKIP_REASON is not None, reason=SKIP_REASON or ""))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def jupyter_lab(root: Path, *, env: dict[str, str], cwd: Path, log: Path):
    """``jupyter lab`` on loopback serving ``root``; yields ``(base_url, token)``."""
    port, token = _free_port(), secrets.token_hex(16)
    state = log.parent / f"{log.stem}-state"
    full_env = {
        **os.environ,
        **env,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        # Keep the user's Jupyter state out of the test, and the test's out of theirs.
        "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        f"--ServerApp.token={token}", "--ServerApp.ip=127.0.0.1", f"--port={port}",
        "--ServerApp.port_retries=0", "--expose-app-in-browser",
        f"--ServerApp.root_dir={root}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    # No "Jupyter news?" toast over the screenshots.
    notification = state / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True, exist_ok=True)
    (notification / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}', encoding="utf-8"
    )
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 45
        while True:
            if proc.poll() is not None:
                pytest.fail(f"jupyter lab exited early; see {log}:\n{log.read_text()[-2000:]}")
            status_url = f"{base}/api/status?token={token}"
            with contextlib.suppress(OSError), urllib.request.urlopen(status_url, timeout=2) as r:
                if r.status == 200:
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer within 45 s; see {log}")
            time.sleep(0.3)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _output_dir(request) -> Path:
    folder = OUTPUT / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _wait_for_app(page, timeout_ms: int = 30_000) -> None:
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.commands"
        " && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')",
        timeout=timeout_ms,
    )


PITCH_CELL = """from kamlearn.widgets import PitchFront

chrono = PitchFront(7, store_path="simulations/pitch.json")
chrono"""


def learner_notebook(course: Path, folder: Path) -> Path:
    """The cohort's release notebook, answered by a simulated learner, plus a simulator."""
    from kamtrain.demo.simulate import make_submission

    answered = make_submission(
        course_dir=course, learner="alice", assignment="bloc1", profile="correct"
    )
    nb = nbformat.read(answered / f"{TRAINER_NOTEBOOK}.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("## Entraînement : le chronomètre du pitch"))
    nb.cells.append(nbformat.v4.new_code_cell(PITCH_CELL))
    folder.mkdir(parents=True, exist_ok=True)
    for extra in answered.iterdir():
        if extra.is_file() and extra.suffix != ".ipynb" and extra.name != "timestamp.txt":
            shutil.copy2(extra, folder / extra.name)
    path = folder / f"{TRAINER_NOTEBOOK}.ipynb"
    nbformat.write(nb, path)
    return path


def test_learner_runs_release_notebook_and_uses_simulator(
    trainer_cohort, browser, tmp_path, request
):
    out = _output_dir(request)
    workspace = tmp_path / "alice"
    path = learner_notebook(trainer_cohort.course, workspace)
    env = {"KAMTRAIN_HOME": str(trainer_cohort.home), "KAMTRAIN_LEARNER": "alice"}
    started = time.monotonic()
    with jupyter_lab(workspace, env=env, cwd=workspace, log=out / "jupyter.log") as (base, token):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        page.goto(f"{base}/lab/tree/{path.name}?token={token}")
        _wait_for_app(page)
        page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached")
        # Wait for the kernel before running, so that no cell is queued against nothing.
        page.wait_for_function(
            "() => { const w = window.jupyterapp.shell.currentWidget;"
            " return w && w.sessionContext && w.sessionContext.session"
            " && w.sessionContext.session.kernel"
            " && w.sessionContext.session.kernel.connectionStatus === 'connected'"
            " && w.sessionContext.session.kernel.status === 'idle'; }",
            timeout=45_000,
        )
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        # The last cell (the simulator) renders its widget once everything above ran.
        start = page.locator(".jp-OutputArea-output button", has_text="Démarrer")
        start.wait_for(timeout=50_000)
        tracebacks = page.locator(
            ".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']"
        )
        assert tracebacks.count() == 0, tracebacks.first.inner_text()
        # The case's data as a DataFrame table, and the learner's matplotlib figure.
        assert page.locator(".jp-RenderedHTMLCommon table.dataframe").count() >= 1
        assert page.locator(".jp-RenderedImage img").count() >= 1
        # The simulator's front: header, controls, and a response to a click.
        assert page.locator(".jp-OutputArea-output .widget-button", has_text="Arrêter").count() == 1
        start.click()
        page.get_by_text("Chronomètre lancé").wait_for(timeout=15_000)
        page.screenshot(path=str(out / "learner-notebook.png"), full_page=True)
    assert (out / "learner-notebook.png").stat().st_size > 10_000
    assert time.monotonic() - started < 120


def released_cohort(course: Path) -> None:
    """Release bloc1 to the cohort's exchange, as the trainer does before a session."""
    from kamtrain.cohort.config import read_config
    from kamtrain.nbgrader_adapter.api import make_api, run_action

    exchange = course / "exchange"
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o777)  # nbgrader refuses an exchange learners cannot write to
    config = read_config(course)
    api = make_api(course, course_id=config.name, db_url=config.db_url)
    run_action("release_assignment", api.release_assignment("bloc1"))


def _open_panel(page, command: str) -> None:
    assert page.evaluate(f"window.jupyterapp.commands.hasCommand('{command}')"), command
    page.evaluate(f"window.jupyterapp.commands.execute('{command}')")


def test_nbgrader_assignment_list_and_formgrader_load(trainer_cohort, browser, request):
    out = _output_dir(request)
    course = trainer_cohort.course
    released_cohort(course)
    env = {"KAMTRAIN_HOME": str(trainer_cohort.home)}
    started = time.monotonic()
    with jupyter_lab(course, env=env, cwd=course, log=out / "jupyter.log") as (base, token):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        page.goto(f"{base}/lab?token={token}")
        _wait_for_app(page)
        page.wait_for_function(
            "() => window.jupyterapp.commands.hasCommand('nbgrader:open-formgrader')"
        )

        # The trainer's formgrader: an iframe listing the cohort's assignments.
        _open_panel(page, "nbgrader:open-formgrader")
        frame_el = page.wait_for_selector("iframe[src*='formgrader']")
        frame = frame_el.content_frame()
        frame.wait_for_selector("text=Manage Assignments")
        frame.locator("td", has_text="bloc1").first.wait_for()
        page.screenshot(path=str(out / "formgrader.png"))

        # The learner's assignment list: bloc1 is released for course session-a.
        _open_panel(page, "nbgrader:open-assignment-list")
        page.get_by_text("Released assignments").first.wait_for()
        page.locator("text=bloc1").last.wait_for()
        page.get_by_text("session-a").first.wait_for()
        page.screenshot(path=str(out / "assignment-list.png"))
    assert time.monotonic() - started < 60
