"""Two real Syncthing instances on loopback, for the sync tests: own homes, own config, nothing but 127.0.0.1.

Each instance gets a generated key and a config written by the test: GUI/REST API and sync listener on
127.0.0.1 ports, global and local discovery, relays, NAT traversal, STUN, usage and crash reporting and
upgrades all off, and one shared folder that is scanned on request (no watcher, no periodic rescan), so
a test decides when each side notices its own changes. Every wait is bounded.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

API_KEY = "mentorjournal-test-only-api-key"
FOLDER_ID = "vault"
WAIT_SECONDS = 30.0

# Engine bookkeeping in the folder (not synced, or not ours): never compared between machines.
NOT_COMPARED = {".stfolder", ".stignore", ".lock"}


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports: all held open at once, so none is handed out twice."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in sockets]
    finally:
        for s in sockets:
            s.close()


def wait_for(what: str, condition: Callable[[], bool], *instances: SyncthingInstance) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    logs = "\n".join(i.log_tail() for i in instances)
    raise AssertionError(f"Syncthing did not {what} within {WAIT_SECONDS:.0f} s\n{logs}")


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file the engine carries, by relative path (bookkeeping and temp files excluded)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if rel.parts[0] in NOT_COMPARED or path.name.startswith((".syncthing.", ".tmp-")) or not path.is_file():
            continue
        out[str(rel)] = path.read_bytes()
    return out


class SyncthingInstance:
    def __init__(self, root: Path, name: str, folder: Path, ports: tuple[int, int]) -> None:
        self.name = name
        self.home = root / f"syncthing-{name}"
        self.folder = folder
        self.gui_port, self.listen_port = ports
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_path = self.home / "syncthing.log"
        done = subprocess.run(
            ["syncthing", "generate", f"--home={self.home}", "--no-default-folder", "--skip-port-probing"],
            capture_output=True,
            text=True,
            timeout=60,
            env=self._env(),
            check=True,
        )
        found = re.search(r"Device ID:\s*(\S+)", done.stdout + done.stderr)
        assert found, done.stdout + done.stderr
        self.device_id = found[1]

    def _env(self) -> dict[str, str]:
        return {
            **os.environ,
            "HOME": str(self.home),
            "STNODEFAULTFOLDER": "1",
            "STNOUPGRADE": "1",
            "STNORESTART": "1",
            "STTRACE": "",
        }

    def configure(self, peer: SyncthingInstance, stignore: str, *, dial: bool) -> None:
        config = self.home / "config.xml"
        tree = ET.parse(config)  # noqa: S314 - the file `syncthing generate` just wrote
        root = tree.getroot()
        gui = root.find("gui")
        assert gui is not None
        for tag, text in (("address", f"127.0.0.1:{self.gui_port}"), ("apikey", API_KEY)):
            element = gui.find(tag)
            assert element is not None
            element.text = text
        options = root.find("options")
        assert options is not None
        for element in options.findall("listenAddress"):
            options.remove(element)
        settings = {
            "listenAddress": f"tcp://127.0.0.1:{self.listen_port}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "stunKeepaliveStartS": "0",
            "stunKeepaliveMinS": "0",
            "startBrowser": "false",
            "urAccepted": "-1",
            "autoUpgradeIntervalH": "0",
            "crashReportingEnabled": "false",
            "reconnectionIntervalS": "1",
        }
        for tag, text in settings.items():
            element = options.find(tag)
            if element is None:
                element = ET.SubElement(options, tag)
            element.text = text
        device = ET.SubElement(root, "device", id=peer.device_id, name=peer.name, compression="metadata")
        # Only one side dials: two machines dialling each other at once race over which connection stays.
        ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{peer.listen_port}" if dial else "dynamic"
        folder = ET.Element(
            "folder",
            id=FOLDER_ID,
            label=FOLDER_ID,
            path=str(self.folder),
            type="sendreceive",
            rescanIntervalS="3600",
            fsWatcherEnabled="false",
            ignorePerms="false",
        )
        ET.SubElement(folder, "device", id=self.device_id)
        ET.SubElement(folder, "device", id=peer.device_id)
        # Syncthing's own default, stated: 0 would throw the losing side of a conflict away (docs/sync.md).
        ET.SubElement(folder, "maxConflicts").text = "10"
        root.insert(0, folder)
        tree.write(config)
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        (self.folder / ".stfolder").mkdir(exist_ok=True)
        (self.folder / ".stignore").write_text(stignore)

    def launch(self) -> None:
        with self._log_path.open("wb") as log:
            self._proc = subprocess.Popen(
                [
                    "syncthing",
                    "serve",
                    f"--home={self.home}",
                    "--no-browser",
                    "--no-restart",
                    "--no-upgrade",
                    "--logflags=0",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._env(),
            )

    def wait_until_up(self) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                self.api("GET", "/rest/system/ping")
                return
            except OSError:
                if self._proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"Syncthing {self.name} did not start\n{self.log_tail()}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self._proc is None:
            return
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(timeout=10)
        self._proc = None

    def api(self, method: str, path: str) -> Any:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}", method=method, headers={"X-API-Key": API_KEY}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
            data = response.read()
        return json.loads(data) if data else None

    def connected_to(self, peer: SyncthingInstance) -> bool:
        connections = self.api("GET", "/rest/system/connections")["connections"]
        return bool(connections.get(peer.device_id, {}).get("connected"))

    def scan(self) -> None:
        """Make this side notice its own changes now (the test's stand-in for the file watcher)."""
        self.api("POST", f"/rest/db/scan?folder={FOLDER_ID}")

    def pause(self, peer: SyncthingInstance) -> None:
        self.api("POST", f"/rest/system/pause?device={peer.device_id}")

    def resume(self, peer: SyncthingInstance) -> None:
        self.api("POST", f"/rest/system/resume?device={peer.device_id}")

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self._log_path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return ""
        return f"--- syncthing {self.name} log ---\n" + "\n".join(text)


class SyncthingPair:
    """Two machines, "desktop" and "laptop", sharing one folder."""

    def __init__(self, root: Path, stignore: str) -> None:
        ports = free_ports(4)
        self.desktop = SyncthingInstance(root, "desktop", root / "desktop" / "vault", (ports[0], ports[1]))
        self.laptop = SyncthingInstance(root, "laptop", root / "laptop" / "vault", (ports[2], ports[3]))
        self.desktop.configure(self.laptop, stignore, dial=True)
        self.laptop.configure(self.desktop, stignore, dial=False)

    def start(self) -> None:
        # The laptop listens before the desktop dials, so the first dial connects (no redial back-off).
        self.laptop.launch()
        self.laptop.wait_until_up()
        self.desktop.launch()
        self.desktop.wait_until_up()
        wait_for("connect on loopback", lambda: self.desktop.connected_to(self.laptop), self.desktop, self.laptop)
        options = self.desktop.api("GET", "/rest/config/options")
        assert not options["globalAnnounceEnabled"] and not options["localAnnounceEnabled"]
        assert not options["relaysEnabled"] and not options["natEnabled"]

    def stop(self) -> None:
        self.desktop.stop()
        self.laptop.stop()

    def apart(self) -> None:
        """The machines stop seeing each other (a laptop on a train)."""
        self.desktop.pause(self.laptop)
        self.laptop.pause(self.desktop)
        wait_for("disconnect", lambda: not self.desktop.connected_to(self.laptop), self.desktop, self.laptop)

    def together(self) -> None:
        self.desktop.scan()
        self.laptop.scan()
        self.desktop.resume(self.laptop)
        self.laptop.resume(self.desktop)
        wait_for("reconnect", lambda: self.desktop.connected_to(self.laptop), self.desktop, self.laptop)

    def settle(self, what: str, extra: Callable[[], bool] = lambda: True) -> None:
        """Wait until both folders hold the same files (and ``extra`` holds), scanning both now and then.

        Rescanning stands in for the file watcher: a conflict copy an engine makes while pulling is a
        local change like any other, noticed at the next scan.
        """
        last_scan = 0.0

        def same() -> bool:
            nonlocal last_scan
            if time.monotonic() - last_scan > 0.5:
                self.desktop.scan()
                self.laptop.scan()
                last_scan = time.monotonic()
            desktop = folder_files(self.desktop.folder)
            return bool(desktop) and desktop == folder_files(self.laptop.folder) and extra()

        wait_for(what, same, self.desktop, self.laptop)
