#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The device model's switch without a guest driver in the loop: the ceiling of make bench.

  switch-ceiling.py MODEL [FRAMES [SIZE]]

Starts the model (tests/model) alone, with its host backend on a UNIX datagram socket,
and sends FRAMES Ethernet frames (SIZE bytes, default 200000 x 64) through the backend to
vPort 1's MAC. No driver runs, so vPort 1 has no receive queue and the model drops each
frame after switching it: what is measured is the switch's input path (backend read,
forwarding lookup, per-vPort counters), the part every frame of a guest run passes too.
Prints "ceiling_pps=N cpu_us_per_frame=C frames=F": the frames/s the model took them at
(host clock) and the model's CPU time per frame (user + system, from /proc; less
dependent on host load: 1 / C is the rate one free host core would give).
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time


def ctl(path, cmd):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(path)
        s.sendall((cmd + "\n").encode())
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data.decode()


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    model = sys.argv[1]
    frames = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    d = tempfile.mkdtemp(prefix="mana-ceiling.")
    paths = {n: os.path.join(d, n) for n in ("dev.sock", "ctl.sock", "be.sock", "tool.sock")}
    p = subprocess.Popen([model, "--socket", paths["dev.sock"], "--control", paths["ctl.sock"],
                          "--vports", "2", "--mac-base", "02:4d:41:4e:41:00",
                          "--backend", "unix:" + paths["be.sock"], "--log", os.path.join(d, "model.log")])
    try:
        end = time.monotonic() + 15
        while not (os.path.exists(paths["ctl.sock"]) and os.path.exists(paths["be.sock"])):
            if time.monotonic() > end or p.poll() is not None:
                sys.exit("switch-ceiling: the model did not start")
            time.sleep(0.05)
        tool = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        tool.bind(paths["tool.sock"])
        tool.connect(paths["be.sock"])
        frame = bytes.fromhex("024d414e4101" "020000000001" "0800") + bytes(max(size - 14, 0))
        base = json.loads(ctl(paths["ctl.sock"], "stats"))["switch"]["frames"]
        c0, t0 = cpu_seconds(p.pid), time.monotonic()
        for _ in range(frames):
            tool.send(frame)
        # the model may still be working through its socket queue
        while json.loads(ctl(paths["ctl.sock"], "stats"))["switch"]["frames"] - base < frames:
            if time.monotonic() - t0 > 120:
                sys.exit("switch-ceiling: the model did not switch every frame")
            time.sleep(0.01)
        secs, cpu = time.monotonic() - t0, cpu_seconds(p.pid) - c0
        print("ceiling_pps=%.0f cpu_us_per_frame=%.2f frames=%d" % (frames / secs, cpu * 1e6 / frames, frames))
    finally:
        p.terminate()
        p.wait(timeout=10)
        for n in paths.values():
            if os.path.exists(n):
                os.unlink(n)


if __name__ == "__main__":
    main()
