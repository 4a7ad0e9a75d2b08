#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run one e2e guest on the MANA device model and relay what it reports.

Starts the device model server, then QEMU (TCG, q35, memfd guest RAM shared with the
model, the model attached as a vfio-user-pci function). The guest console (ttyS0) goes
to WORKDIR/console.log; the guest's result channel (ttyS1) comes to this script through
a UNIX socket. Guest lines (see tests/e2e/guest/e2e.sh):
  @@R PASS|FAIL: ...   printed on stdout as "PASS: ..." / "FAIL: ..."
  @@OUT text           printed on stdout
  @@SYNC cmd args      handled here ("stats TAG", "jvals KEY", "link N up|down", "fault ...", "clamp N",
                       "rxbuf N", "time", "remove [disconnect]", "replug", and with
                       --hotplug "unplug" / "plug": QMP device_del / device_add of the MANA
                       function), answered with "@@ACK reply"
  @@MARK / @@BENCH / @@PLAN / @@BOOT / @@DONE   recorded in WORKDIR/results.log
With --icount PLUGIN.so, QEMU runs the instruction-counting TCG plugin
(tests/bench/plugin/insn-count.c); every "stats TAG" request and every mark also saves
the guest instruction counters (WORKDIR/icount-TAG.txt, "ICOUNT name ..." in results.log)
and, for "stats TAG", the plugin's per-block profile of the module area
(WORKDIR/prof-TAG.txt: "HEXADDR NINSNS EXECS" lines; tests/bench/report.py maps them to
the driver's functions with the guest's /proc/kallsyms).
With --checks, adds host-side checks (guest finished, every planned check reported,
the model stayed up) as PASS/FAIL lines. Exit status: 0 if the guest finished.
"""
import argparse
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time


def log_open(path):
    return open(path, "w", buffering=1)


class Model:
    def __init__(self, argv, logpath, sock, control):
        self.sock, self.control = sock, control
        self.log = open(logpath, "w")
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)

    def wait_ready(self, timeout=15.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                return False
            if os.path.exists(self.sock):
                return True
            time.sleep(0.05)
        return False

    def alive(self):
        return self.proc.poll() is None

    def command(self, line, timeout=10.0):
        """Send one control command; return its one-line answer (or an error text)."""
        if not self.control:
            return "error: model has no control socket"
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(timeout)
                s.connect(self.control)
                s.sendall((line + "\n").encode())
                buf = b""
                while b"\n" not in buf:
                    d = s.recv(65536)
                    if not d:
                        break
                    buf += d
                return buf.split(b"\n", 1)[0].decode(errors="replace").strip()
        except OSError as e:
            return "error: %s" % e

    def stop(self):
        if self.alive() and self.control:
            self.command("quit", timeout=3)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


def json_values(node, key):
    """Numbers stored under KEY anywhere in a decoded JSON document, in document order
    (a list of numbers under KEY gives each of them)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key and isinstance(v, (int, float)) and not isinstance(v, bool):
                yield v
            elif k == key and isinstance(v, list):
                yield from (n for n in v if isinstance(n, (int, float)) and not isinstance(n, bool))
            else:
                yield from json_values(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from json_values(v, key)


class Qmp:
    """Minimal QMP client: one connection, commands answered in order, events kept."""

    def __init__(self, path):
        self.path, self.sock, self.buf, self.events = path, None, b"", []

    def _connect(self):
        if self.sock:
            return
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(self.path)
        self.sock = s
        self._read()                       # greeting
        self.execute("qmp_capabilities")

    def _read(self, timeout=10.0):
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("no QMP message in %.0f s" % timeout)
            self.sock.settimeout(left)
            d = self.sock.recv(65536)
            if not d:
                raise OSError("QMP connection closed")
            self.buf += d
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def execute(self, cmd, **args):
        """Run a command; return its "return" value, raise RuntimeError on "error"."""
        self._connect()
        msg = {"execute": cmd}
        if args:
            msg["arguments"] = args
        self.sock.sendall((json.dumps(msg) + "\n").encode())
        while True:
            m = self._read()
            if "event" in m:
                self.events.append(m)
            elif "error" in m:
                raise RuntimeError(m["error"].get("desc", str(m["error"])))
            elif "return" in m:
                return m["return"]

    def wait_event(self, name, timeout, match=None):
        """Wait for event NAME (with data items MATCH); True if it came."""
        self._connect()
        end = time.monotonic() + timeout
        while True:
            for i, e in enumerate(self.events):
                data = e.get("data", {})
                if e["event"] == name and all(data.get(k) == v for k, v in (match or {}).items()):
                    del self.events[i]
                    return True
            left = end - time.monotonic()
            if left <= 0:
                return False
            try:
                m = self._read(left)
            except TimeoutError:
                return False
            if "event" in m:
                self.events.append(m)

    def close(self):
        if self.sock:
            self.sock.close()
            self.sock = None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--append", default="")
    ap.add_argument("--smp", default="1")
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--checks", action="store_true")
    ap.add_argument("--no-control", action="store_true",
                    help="the model has no control socket (prototype)")
    ap.add_argument("--qemu-arg", action="append", default=[],
                    help="extra QEMU argument (repeat)")
    ap.add_argument("--hotplug", action="store_true",
                    help="put the MANA function behind a PCIe root port so that the guest "
                         "can ask for QMP device_del/device_add (@@SYNC unplug/plug). "
                         "QEMU 11.1 aborts on device_del of a vfio-user-pci device "
                         "(memory_region_del_subregion assertion in vfio_bars_exit), so "
                         "the e2e checks do not use it")
    ap.add_argument("--icount", default="",
                    help="the insn-count TCG plugin (.so): guest instruction counters")
    ap.add_argument("--no-model", action="store_true",
                    help="no device model (harness self-test with other NICs)")
    ap.add_argument("model", nargs=argparse.REMAINDER,
                    help="-- MODEL ARGV (use {socket} and {control} placeholders)")
    a = ap.parse_args()
    w = a.workdir
    os.makedirs(w, exist_ok=True)
    sock, ctl, res, qmps = (os.path.join(w, n)
                            for n in ("mana.sock", "control.sock", "res.sock", "qmp.sock"))
    for p in (sock, ctl, res, qmps):
        if os.path.exists(p):
            os.unlink(p)
    margv = [x.replace("{socket}", sock).replace("{control}", ctl)
             for x in a.model if x != "--"]
    if not margv and not a.no_model:
        ap.error("no model command")
    reslog = log_open(os.path.join(w, "results.log"))
    out = sys.stdout
    host_results = []

    def emit(line):
        out.write(line + "\n")
        out.flush()

    if a.no_model:
        margv = ["sleep", "infinity"]
    model = Model(margv, os.path.join(w, "model.log"), sock, None if a.no_control else ctl)
    if a.no_model:
        pass
    elif not model.wait_ready():
        rc = model.stop()
        emit("FAIL: device model did not create its socket (exit status %s, log %s/model.log)"
             % (rc, w))
        return 2
    # the control socket may appear a little after the device socket
    if model.control:
        end = time.monotonic() + 5
        while not os.path.exists(ctl) and time.monotonic() < end:
            time.sleep(0.05)

    ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    ls.bind(res)
    ls.listen(1)
    append = "console=ttyS0 panic=-1 oops=panic quiet loglevel=4 " + a.append
    devspec = {"driver": "vfio-user-pci", "socket": {"path": sock, "type": "unix"}}
    if a.hotplug:
        # q35's root bus has no hotplug: a root port (native PCIe or ACPI hotplug)
        devspec.update({"id": "mana0", "bus": "mana_rp"})
    dev = json.dumps(devspec)
    qargv = [a.qemu, "-accel", "tcg", "-M", "q35,memory-backend=mem", "-cpu", "max",
             "-smp", a.smp, "-m", a.mem,
             "-object", "memory-backend-memfd,id=mem,size=%s,share=on" % a.mem,
             "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
             "-chardev", "file,id=con,path=%s" % os.path.join(w, "console.log"),
             "-serial", "chardev:con",
             "-chardev", "socket,id=res,path=%s" % res, "-serial", "chardev:res",
             "-kernel", a.kernel, "-initrd", a.initrd, "-append", append,
             "-qmp", "unix:%s,server=on,wait=off" % qmps]
    if a.hotplug and not a.no_model:
        qargv += ["-device", "pcie-root-port,id=mana_rp,chassis=1,slot=1"]
    qargv += ([] if a.no_model else ["-device", dev]) + a.qemu_arg
    isock = os.path.join(w, "icount.sock")
    psock = os.path.join(w, "prof.sock")
    if a.icount:
        qargv += ["-plugin", "file=%s,sock=%s,prof=%s" % (a.icount, isock, psock)]

    def prof(path):
        """Save the plugin's per-block profile of the module area to path."""
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(20)
                s.connect(psock)
                data = b""
                while not data.endswith(b"end\n"):
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
        except OSError as e:
            data = ("error: profile socket: %s\n" % e).encode()
        with open(path, "wb") as f:
            f.write(data)

    def icount():
        """The plugin's counter line, or an error text."""
        if not a.icount:
            return "error: no --icount plugin"
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(10)
                s.connect(isock)
                data = b""
                while not data.endswith(b"\n"):
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
            return data.decode().strip() or "error: empty answer"
        except OSError as e:
            return "error: insn-count socket: %s" % e
    qmp = Qmp(qmps)

    with open(os.path.join(w, "qemu.cmd"), "w") as f:
        f.write(" ".join(qargv) + "\n")
    qlog = open(os.path.join(w, "qemu.log"), "w")
    t0 = time.monotonic()
    qemu = subprocess.Popen(qargv, stdout=qlog, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    # QEMU connects the result channel while it starts up (seconds, more on a busy host)
    ls.settimeout(1)
    conn = None
    while conn is None and qemu.poll() is None and time.monotonic() - t0 < 120:
        try:
            conn, _ = ls.accept()
        except socket.timeout:
            continue
        except OSError:
            break
    ls.close()
    if conn is None:
        reslog.write("QEMU never connected the result channel\n")

    done = False
    plan = None
    nresults = 0
    timed_out = False
    buf = b""

    def handle(line):
        nonlocal done, plan, nresults
        now = time.monotonic() - t0
        reslog.write("[%8.3f] %s\n" % (now, line))
        if line.startswith("@@R "):
            nresults += 1
            emit(line[4:])
        elif line.startswith("@@OUT "):
            emit(line[6:])
        elif line.startswith("@@PLAN "):
            plan = int(line.split()[1])
        elif line.startswith("@@MARK "):
            reslog.write("MARK %s host=%.3f\n" % (line[7:], now))
            if a.icount:
                reslog.write("ICOUNT %s %s\n" % (line[7:].split()[0], icount()))
        elif line.startswith("@@DONE"):
            done = True
        elif line.startswith("@@SYNC "):
            cmd = line[7:].split()
            reply = "error: unknown request"
            if cmd and cmd[0] == "stats":
                tag = cmd[1] if len(cmd) > 1 else "snap"
                reply = model.command("stats")
                with open(os.path.join(w, "stats-%s.json" % tag), "w") as f:
                    f.write(reply + "\n")
                if a.icount:
                    with open(os.path.join(w, "icount-%s.txt" % tag), "w") as f:
                        f.write(icount() + "\n")
                    prof(os.path.join(w, "prof-%s.txt" % tag))
                reply = "ok" if not reply.startswith("error") else reply
            elif cmd and cmd[0] == "jvals" and len(cmd) == 2:
                # every number stored under KEY anywhere in the model's stats, in order
                raw = model.command("stats")
                try:
                    reply = " ".join(str(v) for v in json_values(json.loads(raw), cmd[1])) or "none"
                except ValueError:
                    reply = "error: stats: " + raw[:80]
            elif cmd and cmd[0] in ("link", "fault", "remove", "replug", "clamp", "rxbuf", "event", "objects", "rnic", "fuzz"):
                reply = model.command(" ".join(cmd))
            elif cmd and cmd[0] == "time":
                reply = "%.3f" % now
            elif cmd and cmd[0] in ("unplug", "plug") and not a.hotplug:
                reply = "error: the VM was started without --hotplug"
            elif cmd and cmd[0] == "unplug":
                # device_del asks the guest to release the slot; QEMU reports
                # DEVICE_DELETED once it did
                t = time.monotonic()
                try:
                    qmp.execute("device_del", id="mana0")
                    if qmp.wait_event("DEVICE_DELETED", 90, {"device": "mana0"}):
                        reply = "ok deleted after %.1f s" % (time.monotonic() - t)
                    else:
                        reply = "error: no DEVICE_DELETED within 90 s"
                except (OSError, RuntimeError, TimeoutError, ValueError) as e:
                    reply = "error: %s" % e
            elif cmd and cmd[0] == "plug":
                try:
                    qmp.execute("device_add", **devspec)
                    reply = "ok"
                except (OSError, RuntimeError, TimeoutError, ValueError) as e:
                    reply = "error: %s" % e
            reslog.write("[%8.3f] -> %s\n" % (time.monotonic() - t0, reply))
            if conn:
                try:
                    conn.sendall(("@@ACK %s\n" % reply).encode())
                except OSError:
                    pass            # QEMU is gone; the loop below notices

    while conn:
        left = a.timeout - (time.monotonic() - t0)
        if left <= 0:
            timed_out = True
            break
        r, _, _ = select.select([conn], [], [], min(left, 0.5))
        if r:
            try:
                d = conn.recv(65536)
            except OSError:
                d = b""
            if not d:
                break
            buf += d
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                handle(line.decode(errors="replace").rstrip("\r"))
        elif qemu.poll() is not None:
            break
    elapsed = time.monotonic() - t0
    if buf:
        handle(buf.decode(errors="replace"))
    try:
        qemu.wait(timeout=20 if not timed_out else 0.1)
    except subprocess.TimeoutExpired:
        pass
    if qemu.poll() is None:
        os.killpg(qemu.pid, signal.SIGTERM)
        try:
            qemu.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(qemu.pid, signal.SIGKILL)
            qemu.wait()
    qmp.close()
    model_alive = model.alive()
    if model.control and model_alive:
        final = model.command("stats")
        with open(os.path.join(w, "stats-final.json"), "w") as f:
            f.write(final + "\n")
    mrc = model.stop()
    reslog.write("qemu exit %s after %.1fs; model %s (exit %s)\n"
                 % (qemu.returncode, elapsed, "was running" if model_alive else "had exited", mrc))
    if a.checks:
        if done:
            host_results.append("PASS: guest ran its whole script (%.0f s from QEMU start)" % elapsed)
        elif timed_out:
            host_results.append("FAIL: guest ran its whole script: timed out after %.0f s "
                                "(console: %s/console.log)" % (elapsed, w))
        else:
            host_results.append("FAIL: guest ran its whole script: QEMU exited (%s) after %.0f s "
                                "(console: %s/console.log, qemu.log)" % (qemu.returncode, elapsed, w))
        if plan is not None and nresults < plan:
            host_results.append("FAIL: %d of %d guest checks never reported" % (plan - nresults, plan))
        if a.no_model:
            pass
        elif model_alive:
            host_results.append("PASS: device model stayed up for the whole run")
            if model.control:
                # after "quit" the server must exit 0: under ASan a leak or an error
                # report makes the status non-zero
                if mrc == 0:
                    host_results.append("PASS: device model exited cleanly on quit")
                else:
                    host_results.append("FAIL: device model exit status %s after quit (log %s/model.log)"
                                        % (mrc, w))
        else:
            host_results.append("FAIL: device model exited during the run (status %s, log %s/model.log)"
                                % (mrc, w))
        for line in host_results:
            emit(line)
    reslog.close()
    return 0 if done else 1


if __name__ == "__main__":
    sys.exit(main())
