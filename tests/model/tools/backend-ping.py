#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Ping a guest vPort from the host through the model's UDP backend.

The model runs with --backend udp:MODEL_HOST:MODEL_PORT. This tool binds its own
UDP port, plays a host with IP SRC_IP / MAC 02:00:00:00:00:99 on the model
switch, answers the guest's ARP requests and sends ICMP echo requests to
DST_IP at DST_MAC until one reply arrives (or the timeout expires).

usage: backend-ping.py MODEL_HOST:MODEL_PORT LOCAL_PORT DST_MAC DST_IP SRC_IP [TIMEOUT]
Exit status 0 when an echo reply came back.
"""
import socket, struct, sys, time

MY_MAC = bytes.fromhex("020000000099")


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def ipv4(src, dst, proto, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64, proto, 0, src, dst)
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def main():
    mhost, mport = sys.argv[1].rsplit(":", 1)
    lport = int(sys.argv[2])
    dmac = bytes.fromhex(sys.argv[3].replace(":", ""))
    dip, sip = socket.inet_aton(sys.argv[4]), socket.inet_aton(sys.argv[5])
    timeout = float(sys.argv[6]) if len(sys.argv) > 6 else 60
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", lport))
    s.settimeout(0.5)
    model = (mhost, int(mport))
    end = time.time() + timeout
    seq = 0
    while time.time() < end:
        seq += 1
        icmp = struct.pack("!BBHHH", 8, 0, 0, 0x4d41, seq) + b"mana-model backend"
        icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
        s.sendto(dmac + MY_MAC + b"\x08\x00" + ipv4(sip, dip, 1, icmp), model)
        t = time.time() + 1
        while time.time() < t:
            try:
                f, _ = s.recvfrom(65536)
            except socket.timeout:
                continue
            etype = f[12:14]
            if etype == b"\x08\x06" and f[20:22] == b"\x00\x01" and f[38:42] == sip:
                # ARP request for us: answer it
                rep = f[6:12] + MY_MAC + b"\x08\x06" + f[14:20] + b"\x00\x02" + MY_MAC + sip + f[22:28] + f[28:32]
                s.sendto(rep, model)
            elif etype == b"\x08\x00" and f[23] == 1 and f[34] == 0 and f[26:30] == dip:
                print("echo reply from %s seq %d (%d bytes)" % (sys.argv[4], struct.unpack("!H", f[40:42])[0],
                                                                 len(f)))
                return 0
    print("no echo reply within %.0f s" % timeout)
    return 1


if __name__ == "__main__":
    sys.exit(main())
