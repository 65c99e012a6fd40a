"""vcshift-sim serve for a Python test script (pyvmomi_browse.py, pyvmomi_manual_move.py,
tests/e2e/census_roundtrip.py): started in a temporary state directory, stopped and the
directory removed when the script is done with it, and a pyVmomi login to one of its
vCenters as a script that pins nothing logs in.
"""

import contextlib
import json
import shutil
import signal
import ssl
import subprocess
import tempfile
from urllib.parse import urlparse

from pyVim.connect import SmartConnect

STOP_SECONDS = 10


@contextlib.contextmanager
def serve(sim, world=None):
    """Runs `sim serve` with a new temporary state directory (and `world`, a world file,
    when given); yields the directory and the vCenters of serve's line by name.
    Afterwards serve gets SIGTERM and the directory goes; a serve still running
    STOP_SECONDS later is killed and is an error."""
    state = tempfile.mkdtemp(prefix="vcshift-sim-")
    server = subprocess.Popen([sim, "serve", "--state-dir", state] + (["--world", world] if world else []),
                              stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        if not line:
            server.wait(timeout=STOP_SECONDS)
            raise SystemExit(f"vcshift-sim serve exited ({server.returncode}) without a line")
        yield state, {v["name"]: v for v in json.loads(line)["vcenters"]}
    finally:
        stopped = _stop(server)
        shutil.rmtree(state, ignore_errors=True)
    # Only when the script itself succeeded: its own failure is the one to show.
    if not stopped:
        raise SystemExit(f"vcshift-sim serve still running {STOP_SECONDS} s after SIGTERM")


def _stop(server):
    """SIGTERM; False when serve had to be killed."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=STOP_SECONDS)
        return True
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        return False


def find(si, kind, name):
    """The managed entity of pyVmomi type `kind` named `name`, anywhere in the inventory."""
    view = si.content.viewManager.CreateContainerView(si.content.rootFolder, [kind], True)
    try:
        return next(o for o in view.view if o.name == name)
    finally:
        view.Destroy()


def connect(vcenter):
    """pyVmomi's default SmartConnect to a vCenter of serve's line."""
    url = urlparse(vcenter["url"])
    # The simulator's certificate is self-signed; this client pins nothing.
    return SmartConnect(host=url.hostname, port=url.port, user=vcenter["user"], pwd=vcenter["password"],
                        sslContext=ssl._create_unverified_context())
