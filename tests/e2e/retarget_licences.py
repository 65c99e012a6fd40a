"""Host licences for e2e.export_retarget_apply (export_retarget.py): each source host
assigned a key of the source's LicenseManager with pyVmomi, as an outside client would
(LicenseAssignmentManager.UpdateAssignedLicense). The census (census.py, host_licenses)
then requires the same edition and key on each host of the target after the apply, on
the source again after the rollback. And no key may appear anywhere the run leaves
something: every vcshift output, the test's own output, every file of its work
directory (logs, the desired state, the plan files) and the journal, dumped.
"""

import io
import os
import sqlite3
import sys

import census

from pyVim.connect import Disconnect

EVALUATION = "00000-00000-00000-00000-00000"
# Host inventory path -> the edition of the key it gets.
ASSIGN = {
    "DC1/host/Cluster1/esx-01.sim.local": "esx.enterprisePlus.cpuPackage",
    "DC1/host/Cluster1/esx-02.sim.local": "esx.standard.cpuPackage",
}


def held(si):
    """The keys the vCenter's LicenseManager holds, by edition."""
    manager = si.content.licenseManager
    return {lic.editionKey: lic.licenseKey for lic in manager.licenses if lic.licenseKey != EVALUATION}


def make(vcenter):
    """Assigns ASSIGN on the vCenter of serve's line."""
    si = census.connect(vcenter["url"], vcenter["user"], vcenter["password"], vcenter.get("thumbprint"))
    try:
        keys = held(si)
        for path, edition in ASSIGN.items():
            host = si.content.searchIndex.FindByInventoryPath(path)
            if host is None or edition not in keys:
                raise SystemExit(f"retarget_licences: no {path} or no {edition} key on the source")
            si.content.licenseManager.licenseAssignmentManager.UpdateAssignedLicense(host._moId, keys[edition])
    finally:
        Disconnect(si)


def secrets(*vcenters):
    """Every key the vCenters' LicenseManagers hold: what the run must not show."""
    keys = set()
    for vcenter in vcenters:
        si = census.connect(vcenter["url"], vcenter["user"], vcenter["password"], vcenter.get("thumbprint"))
        try:
            keys.update(held(si).values())
        finally:
            Disconnect(si)
    if not keys:
        raise SystemExit("retarget_licences: the vCenters hold no key to look for")
    return sorted(keys)


class Recorder(io.TextIOBase):
    """Stands in for sys.stdout: writes through and keeps a copy, the test's own output."""

    def __init__(self, out):
        self.out, self.kept = out, io.StringIO()

    def write(self, text):
        self.kept.write(text)
        return self.out.write(text)

    def flush(self):
        self.out.flush()


def texts_of(work):
    """(name, text) of every file below work, the journal's databases dumped as SQL."""
    for root, _, files in os.walk(work):
        for name in files:
            path = os.path.join(root, name)
            if name.endswith(".db"):
                db = sqlite3.connect(path)
                try:
                    yield path + " (dump)", "\n".join(db.iterdump())
                finally:
                    db.close()
            with open(path, "rb") as f:
                yield path, f.read().decode("utf-8", "replace")


def leaks(keys, outputs, work):
    """Where any of keys appears: in outputs ({name: text}) or in a file below work. A
    key's groups are looked for too, with and without their dashes."""
    needles = set()
    for key in keys:
        needles.update([key, key.replace("-", "")])
    found = []
    for name, text in list(outputs.items()) + list(texts_of(work)):
        for needle in needles:
            if needle in text:
                found.append(f"{name}: ...{needle[-5:]}")
    return sorted(set(found))


def check_can_fail(keys, work):
    """The grep finds a key put on purpose, in an output and in a journal table."""
    planted = os.path.join(work, "planted")
    os.makedirs(planted)
    db = sqlite3.connect(os.path.join(planted, "state.db"))
    db.execute("create table t (v text)")
    db.execute("insert into t values (?)", (keys[0],))
    db.commit()
    db.close()
    found = leaks(keys[:1], {"printed": "the key is " + keys[0]}, planted)
    if len(found) != 3:  # the output, the dump, the file's bytes
        raise SystemExit(f"the key grep does not find a planted key: {found}")
    for root, dirs, files in os.walk(planted, topdown=False):
        for name in files:
            os.remove(os.path.join(root, name))
        os.rmdir(root)


def record_output():
    """Starts keeping the test's own output (sys.stdout); returns the recorder."""
    recorder = Recorder(sys.stdout)
    sys.stdout = recorder
    return recorder


if __name__ == "__main__":  # the fault matrix's world (tests/e2e/fault_matrix.cc)
    make({"url": sys.argv[1], "user": sys.argv[2], "password": os.environ["VCSHIFT_SOURCE_PASSWORD"]})
