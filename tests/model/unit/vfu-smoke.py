#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Protocol smoke test of mana-model without QEMU.

Plays the vfio-user client: version, device/region/IRQ info, config space,
BAR0 registers, DMA_MAP of a memfd "guest RAM", an MSI-X eventfd, the SMC
handshake, the HWC init events, real HWC requests through SQ/RQ/CQ/EQ rings,
then malformed input (unknown opcode, short request, bad doorbells, bad
messages) and the control socket (stats, faults, link, quit). Every check
prints PASS:/FAIL:; the exit status is non-zero on any failure.

usage: vfu-smoke.py MODEL_BINARY WORKDIR
"""
import json, mmap, os, random, socket, struct, subprocess, sys, time

fails = 0


def check(cond, what):
    global fails
    print(("PASS: " if cond else "FAIL: ") + "model smoke: " + what)
    if not cond:
        fails += 1
    return cond


class Client:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        for _ in range(100):
            try:
                self.s.connect(path)
                break
            except OSError:
                time.sleep(0.05)
        self.s.settimeout(5)
        self.mid = 0

    def recv_exact(self, n):
        b = b""
        while len(b) < n:
            d = self.s.recv(n - len(b))
            if not d:
                raise EOFError
            b += d
        return b

    def cmd(self, cmd, payload=b"", fds=(), no_reply=False):
        self.mid = (self.mid + 1) & 0xffff
        hdr = struct.pack("<HHIII", self.mid, cmd, 16 + len(payload), 0x10 if no_reply else 0, 0)
        if fds:
            socket.send_fds(self.s, [hdr + payload], list(fds))
        else:
            self.s.sendall(hdr + payload)
        if no_reply:
            return None, None
        h = self.recv_exact(16)
        mid, rcmd, size, flags, err = struct.unpack("<HHIII", h)
        body = self.recv_exact(size - 16)
        assert mid == self.mid and rcmd == cmd, "reply mismatch"
        return (err if flags & 0x20 else 0), body

    def read(self, region, off, n):
        err, b = self.cmd(9, struct.pack("<QII", off, region, n))
        return b[16:] if not err else None

    def write(self, region, off, data, posted=True):
        return self.cmd(10, struct.pack("<QII", off, region, len(data)) + data, no_reply=posted)


def ctl(path, line):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.settimeout(5)
    s.sendall((line + "\n").encode())
    b = b""
    while not b.endswith(b"\n"):
        d = s.recv(1 << 16)
        if not d:
            break
        b += d
    s.close()
    return b.decode().strip()


def main():
    model, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    sock, ctls, log = work + "/smoke.sock", work + "/smoke.ctl", work + "/smoke.log"
    proc = subprocess.Popen([model, "--socket", sock, "--control", ctls, "--log", log, "-v"])
    try:
        run(sock, ctls)
    finally:
        try:
            ctl(ctls, "quit")
        except OSError:
            pass
        try:
            rc = proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = -9
        check(rc == 0, "server exits cleanly on 'quit' (rc %d; sanitizers clean)" % rc)
    backend_test(model, work)
    no_rnic_test(model, work)
    print("%s" % ("all checks passed" if not fails else "%d checks failed" % fails))
    sys.exit(1 if fails else 0)


def no_rnic_test(model, work):
    """--no-rnic: the function has no RDMA device."""
    ctls, sock = work + "/nr.ctl", work + "/nr-vfu.sock"
    proc = subprocess.Popen([model, "--socket", sock, "--control", ctls, "--no-rnic", "--log", work + "/nr.log"])
    try:
        for _ in range(100):
            if os.path.exists(ctls):
                break
            time.sleep(0.05)
        check(ctl(ctls, "rnic").startswith("ok present=0 "), "--no-rnic: the control socket reports no RDMA device")
        check(ctl(ctls, "quit") == "ok" and proc.wait(10) == 0, "--no-rnic model exits cleanly")
    finally:
        if proc.poll() is None:
            proc.kill()


def backend_test(model, work):
    """UNIX datagram backend: frames from the host enter the switch; a broadcast
    is answered to the host (the last sender) by nobody, a runt is dropped."""
    be, ctls, sock = work + "/be.sock", work + "/be.ctl", work + "/be-vfu.sock"
    pcap = work + "/be.pcap"
    proc = subprocess.Popen([model, "--socket", sock, "--control", ctls, "--backend", "unix:" + be,
                             "--pcap", pcap, "--log", work + "/be.log"])
    try:
        for _ in range(100):
            if os.path.exists(ctls) and os.path.exists(be):
                break
            time.sleep(0.05)
        h = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        if os.path.exists(work + "/host.sock"):
            os.unlink(work + "/host.sock")
        h.bind(work + "/host.sock")
        h.sendto(b"\xff" * 6 + bytes.fromhex("020000000099") + b"\x08\x06" + b"\0" * 46, be)
        h.sendto(b"\x01\x02", be)
        time.sleep(0.3)
        d = json.loads(ctl(ctls, "stats"))
        check(d["switch"]["backend_rx"] == 1 and d["switch"]["frames"] == 1 and d["switch"]["drops"] >= 1,
              "UNIX backend: a frame from the host enters the switch, a runt is dropped (%s)" % d["switch"])
        h.close()
        check(ctl(ctls, "quit") == "ok" and proc.wait(10) == 0, "backend model exits cleanly")
        data = open(pcap, "rb").read()
        magic, = struct.unpack("<I", data[:4])
        caplen, = struct.unpack("<I", data[24 + 8:24 + 12]) if len(data) >= 40 else (0,)
        check(magic == 0xa1b2c3d4 and caplen == 60 and len(data) == 24 + 16 + 60,
              "--pcap records the switched frame")
    finally:
        if proc.poll() is None:
            proc.kill()


RAM = 0x100000
EQ, CQ, RQ, SQ, REQBUF, RESPBUF = (RAM + i * 0x1000 for i in range(6))
DB = 0x100000


def st(r):
    return struct.unpack("<I", r[24:28])[0] if r is not None else None


def datapath(c, request, g, p, reg, ctls):
    """vPort 0 SQ -> model switch -> vPort 1 RQ, with UDP checksum offload."""
    pdid, mkey, db = struct.unpack("<III", reg[32:44])
    dbase = DB + 0x1000 * db
    EQ1, SQ0, SCQ0, RQ1, RCQ1, TXBUF, RXBUF = (RAM + 0x10000 + i * 0x1000 for i in range(7))

    def region(addr):
        r = request(25, struct.pack("<QIIII", 4096, 0, 0, 1, 1) + struct.pack("<Q", addr), 40)
        return struct.unpack("<Q", r[32:40])[0] if st(r) == 0 else None

    r = request(12, struct.pack("<IIIIQIIIIII", 4, 0, pdid, db, region(EQ1), 0, 4096, 3, 1, 0, 0)
                + b"\0" * 8, 36, dev=2)
    check(st(r) == 0, "CREATE_QUEUE(EQ) through a DMA region")
    eqid = struct.unpack("<I", r[32:36])[0]
    handles = []
    for i in range(2):
        r = request(0x20008, struct.pack("<I", i), 64, dev=2)
        handles.append(struct.unpack("<Q", r[56:64])[0])
    r = request(0x20003, struct.pack("<QII", handles[0], pdid, db), 36, dev=2)
    check(st(r) == 0 and struct.unpack("<H", r[32:34])[0] == 0, "CONFIG_VPORT_TX(vPort 0)")

    def wq(vp, typ, wqa, cqa):
        r = request(0x20004, struct.pack("<QIIQQIIII", handles[vp], typ, 0, region(wqa), region(cqa),
                                         4096, 4096, 0, eqid), 48, dev=2)
        return struct.unpack("<IIQ", r[32:48]) if st(r) == 0 else (None, None, None)

    sqid, scqid, _ = wq(0, 1, SQ0, SCQ0)
    rqid, rcqid, rqh = wq(1, 2, RQ1, RCQ1)
    check(sqid is not None and rqid is not None, "CREATE_WQ_OBJ: SQ on vPort 0, RQ on vPort 1")
    r = request(0x20007, struct.pack("<QHHIIBBBBQ", handles[1], 1, 120, 1, 0, 1, 1, 1, 0, rqh) +
                bytes(range(40)) + b"\0" * 8 + struct.pack("<Q", rqh), 40, resp_ver=2, req_ver=2, dev=2)
    check(st(r) == 0, "CONFIG_VPORT_RX(vPort 1): default RQ, table, key")
    p(RQ1, struct.pack("<IBBH", 0, 1, 2, 0) + b"\0" * 8 + struct.pack("<QII", RXBUF, mkey, 2048))
    c.write(0, dbase + 0x400, struct.pack("<Q", rqid | 32 << 32))
    # UDP/IPv4 frame with a zero checksum; the model must fill it in
    udp = struct.pack("!HHHH", 1234, 5678, 8 + 18, 0) + b"mana model payload"
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 7, 0, 64, 17, 0, bytes([10, 0, 0, 1]),
                     bytes([10, 0, 0, 2]))
    s16 = sum(struct.unpack("!10H", ip))
    while s16 >> 16:
        s16 = (s16 & 0xffff) + (s16 >> 16)
    ip = ip[:10] + struct.pack("!H", ~s16 & 0xffff) + ip[12:]
    frame = bytes.fromhex("00155d4d0001" "00155d4d0000" "0800") + ip + udp
    p(TXBUF, frame)
    oob = struct.pack("<II", (1 << 2) | (1 << 6) | scqid << 8, 0)
    p(SQ0, struct.pack("<IBBH", 0, 1, 2, 0) + oob + struct.pack("<QII", TXBUF, mkey, len(frame)))
    c.write(0, dbase, struct.pack("<Q", sqid | 32 << 32))
    txc = rxc = None
    for _ in range(300):
        txc, rxc = g(SCQ0, 64), g(RCQ1, 64)
        if struct.unpack("<I", txc[60:64])[0] >> 29 == 1 and struct.unpack("<I", rxc[60:64])[0] >> 29 == 1:
            break
        time.sleep(0.01)
    w = struct.unpack("<I", txc[60:64])[0]
    check(txc[0] == (32 | 1 << 6) and w & 0xffffff == sqid and w >> 24 & 1, "TX CQE: OK, client type 1, SQ id")
    w = struct.unpack("<I", rxc[60:64])[0]
    dw1 = struct.unpack("<I", rxc[4:8])[0]
    plen = struct.unpack("<I", rxc[8:12])[0] & 0xffff
    check(rxc[0] & 0x3f == 1 and w & 0xffffff == rqid and not w >> 24 & 1 and plen == len(frame),
          "RX CQE: OK, RQ id, packet length")
    check(dw1 >> 25 & 1 and dw1 >> 29 & 1 and (dw1 >> 16) & 0x1ff == 1 << 2,
          "RX CQE: IP and UDP checksum ok, hash type UDP4 (dw1 %#x)" % dw1)
    got = g(RXBUF, len(frame))
    check(got[:40] == frame[:40] and got[42:] == frame[42:] and got[40:42] != b"\0\0",
          "frame delivered to vPort 1 with the UDP checksum filled in")
    # RX CQE coalescing (7.x): 3 frames sent with one doorbell -> one type-2 CQE with 3 PPIs
    r = request(0x20007, struct.pack("<QHHIIBBBBQ", handles[1], 1, 120, 1, 0, 0, 0, 0, 0, 0) +
                b"\0" * 40 + b"\1" + b"\0" * 7 + struct.pack("<Q", rqh), 40, resp_ver=2, req_ver=2, dev=2)
    check(st(r) == 0 and struct.unpack("<I", r[32:36])[0] > 0, "CONFIG_VPORT_RX v2 with CQE coalescing")
    for i in range(3):
        p(RQ1 + 32 * (1 + i), struct.pack("<IBBH", 0, 1, 2, 0) + b"\0" * 8 +
          struct.pack("<QII", RXBUF + 0x100 * (i + 1) * 8, mkey, 2048))
    c.write(0, dbase + 0x400, struct.pack("<Q", rqid | 128 << 32))
    for i in range(3):
        p(SQ0 + 32 * (1 + i), struct.pack("<IBBH", 0, 1, 2, 0) + oob +
          struct.pack("<QII", TXBUF, mkey, len(frame) - i))
    c.write(0, dbase, struct.pack("<Q", sqid | 128 << 32))
    for _ in range(300):
        rxc = g(RCQ1 + 64, 64)
        if struct.unpack("<I", rxc[60:64])[0] >> 29 == 1:
            break
        time.sleep(0.01)
    lens = [struct.unpack("<H", rxc[8 + 12 * i:10 + 12 * i])[0] for i in range(4)]
    check(rxc[0] & 0x3f == 2 and lens == [len(frame), len(frame) - 1, len(frame) - 2, 0] and
          struct.unpack("<I", g(RCQ1 + 128 + 60, 4))[0] == 0,
          "coalesced RX CQE: type 2, 3 packet lengths, then 0 (got type %d, %s)" % (rxc[0] & 0x3f, lens))
    # interrupt moderation (PF cap bit 15): DIM doorbell at 0x820 of the CQ's page, recorded per CQ
    bad0 = json.loads(ctl(ctls, "stats"))["doorbells"]["bad"]
    c.write(0, dbase + 0x820, struct.pack("<Q", rcqid | (200 | 1 << 15 | 17 << 16 | 1 << 31) << 32))
    c.write(0, dbase + 0x820, struct.pack("<Q", 0xfffff0 | (5 | 1 << 15) << 32))
    time.sleep(0.05)
    s = json.loads(ctl(ctls, "stats"))
    q = [x for x in s["queues"] if x["type"] == "cq" and x["id"] == rcqid]
    check(s["doorbells"]["dim"] == 1 and q and q[0]["dim_doorbells"] == 1 and q[0]["modr_usec"] == 200
          and q[0]["modr_comps"] == 17 and s["doorbells"]["bad"] == bad0 + 1,
          "DIM doorbell: counted, usec 200 / 17 completions recorded on the CQ, "
          "unknown CQ counted bad (%s)" % (q[0] if q else None))
    # CREATE_WQ_OBJ v3 asking for CQ moderation (10 us, 3 completions)
    RQ2, RCQ2 = RAM + 0x18000, RAM + 0x19000
    r = request(0x20004, struct.pack("<QIIQQIIII", handles[1], 2, 0, region(RQ2), region(RCQ2),
                                     4096, 4096, 0, eqid) + struct.pack("<BBHHH", 0, 1, 3, 10, 0),
                48, req_ver=3, resp_ver=2, dev=2)
    s = json.loads(ctl(ctls, "stats"))
    q = [x for x in s["queues"] if x["type"] == "cq" and st(r) == 0 and x["id"] == struct.unpack("<I", r[36:40])[0]]
    check(st(r) == 0 and s["cq_moderation"] == 1 and q and q[0]["modr_usec"] == 10 and q[0]["modr_comps"] == 3,
          "CREATE_WQ_OBJ v3: CQ moderation 10 us / 3 completions recorded (status %#x, %s, %s)" % (st(r), s["cq_moderation"], q))
    sq_tail = 128
    # a TX WQE whose SGE points outside guest memory completes with an error
    p(SQ0 + 32 * 4, struct.pack("<IBBH", 0, 1, 2, 0) + oob + struct.pack("<QII", 0x7fff0000000, mkey, 64))
    c.write(0, dbase, struct.pack("<Q", sqid | (sq_tail + 32) << 32))
    for _ in range(300):
        txc = g(SCQ0 + 64 * 4, 64)
        if struct.unpack("<I", txc[60:64])[0] >> 29 == 1:
            break
        time.sleep(0.01)
    check(txc[0] & 0x3f not in (0, 32), "TX SGE outside guest memory: error CQE (type %d)" % (txc[0] & 0x3f))
    # TX CQE suppression (suppress_txcqe_gen, OOB DW0 bit 7, as DPDK's PMD posts bursts):
    # WQE 5 suppressed OK -> no CQE; WQE 6 suppressed but failing -> its own error CQE;
    # WQE 7 suppressed OK -> none; WQE 8 not suppressed -> one OK CQE for it (and 7)
    sup0 = json.loads(ctl(ctls, "stats"))["vports"][0]["tx_cqe_suppressed"]
    soob = struct.pack("<II", (1 << 2) | (1 << 6) | 1 << 7 | scqid << 8, 0)
    for k, (o, a) in enumerate(((soob, TXBUF), (soob, 0x7fff0000000), (soob, TXBUF), (oob, TXBUF))):
        p(SQ0 + 32 * (5 + k), struct.pack("<IBBH", 0, 1, 2, 0) + o + struct.pack("<QII", a, mkey, len(frame)))
    c.write(0, dbase, struct.pack("<Q", sqid | (sq_tail + 32 * 5) << 32))
    for _ in range(300):
        if struct.unpack("<I", g(SCQ0 + 64 * 6 + 60, 4))[0] >> 29 == 1:
            break
        time.sleep(0.01)
    time.sleep(0.05)
    c5, c6, c7 = g(SCQ0 + 64 * 5, 64), g(SCQ0 + 64 * 6, 64), g(SCQ0 + 64 * 7, 64)
    sup = json.loads(ctl(ctls, "stats"))["vports"][0]["tx_cqe_suppressed"] - sup0
    check(c5[0] & 0x3f not in (0, 32) and c6[0] == (32 | 1 << 6) and
          struct.unpack("<I", c7[60:64])[0] >> 29 == 0 and sup == 2,
          "suppress_txcqe_gen: 4 WQEs -> an error CQE for the failing one, one OK CQE for the "
          "last, none for the 2 suppressed OK ones (types %d %d, suppressed %d)"
          % (c5[0] & 0x3f, c6[0] & 0x3f, sup))
    # a WQE with no SGE is malformed: the queue stops, the server goes on
    p(SQ0 + 32 * 9, struct.pack("<IBBH", 0, 0, 2, 0) + b"\0" * 24)
    c.write(0, dbase, struct.pack("<Q", sqid | (sq_tail + 32 * 6) << 32))


def rnic(c, request, ctls):
    """The RDMA device (type 3): IB-class requests, their validation, leak accounting."""
    IBEQ, CQB, SQB, RQB = (RAM + 0x40000 + i * 0x1000 for i in range(4))
    ok = lambda r: st(r) == 0
    bad = lambda r: r is not None and st(r) not in (0, 0x105)
    objs = lambda: dict(kv.split("=") for kv in ctl(ctls, "objects").split()[1:])
    rn = lambda: dict(kv.split("=") for kv in ctl(ctls, "rnic").split()[1:])
    q64 = lambda r, o: struct.unpack("<Q", r[o:o + 8])[0]
    q32 = lambda r, o: struct.unpack("<I", r[o:o + 4])[0]
    rev = lambda b: bytes(reversed(b))

    def region(addr):
        r = request(25, struct.pack("<QIIII", 4096, 0, 0, 1, 1) + struct.pack("<Q", addr), 40)
        return q64(r, 32) if ok(r) else 0

    base = objs()
    check(bad(request(0x30001, b"", 112, resp_ver=4, dev=3)),
          "IB GET_ADAPTER_CAP before REGISTER_DEVICE(type 3): error")
    reg = request(4, b"", 44, dev=3)
    check(ok(reg), "REGISTER_DEVICE(RDMA device, type 3)")
    pdid, mkey, db = struct.unpack("<III", reg[32:44])
    r3 = request(0x30001, b"", 104, resp_ver=3, dev=3)
    r4 = request(0x30001, b"", 112, resp_ver=4, dev=3)
    check(ok(r3) and struct.unpack("<H", r3[8:10])[0] == 3 and len(r3) == 104 and q32(r3, 44) > 0 and
          ok(r4) and struct.unpack("<H", r4[8:10])[0] == 4 and q64(r4, 104) & (1 << 5) and
          q32(r4, 76) // 512 == q32(r4, 84) // 256 > 0,
          "IB GET_ADAPTER_CAP: resp v3 (104 B) and v4 (112 B, feature flags: device counters)")
    check(bad(request(0x30001, b"", 64, resp_ver=4, dev=3)) and bad(request(0x30001, b"", 112, dev=2)),
          "IB GET_ADAPTER_CAP: response too short, or sent to the Ethernet device: error")
    r = request(12, struct.pack("<IIIIQIIIIII", 4, 0, pdid, db, region(IBEQ), 0, 4096, 3, 0, 0, 0)
                + b"\0" * 8, 36, dev=3)
    check(ok(r) and ok(request(10, struct.pack("<I", q32(r, 32)), 32, dev=3)),
          "CREATE_QUEUE(EQ) and GENERATE_TEST_EQE for the RDMA device")
    eq = q32(r, 32)
    check(bad(request(0x30002, struct.pack("<IIQ", 0, 0, 0), 40, req_ver=2, dev=3)) and
          bad(request(0x30002, struct.pack("<IIQ", eq, 0, 1 << 7), 40, req_ver=2, dev=3)) and
          bad(request(0x30002, struct.pack("<IIQ", eq, 0, 0), 40, req_ver=9, dev=3)),
          "IB CREATE_ADAPTER: HWC EQ as notify EQ, unknown feature, unknown version: error")
    r = request(0x30002, struct.pack("<IIQ", eq, 0, 0), 40, req_ver=2, dev=3)
    check(ok(r) and q64(r, 32) != 0, "IB CREATE_ADAPTER (req v2) on the RDMA device's EQ")
    ad = q64(r, 32)
    mac0 = bytes.fromhex("00155d4d0000")
    check(ok(request(0x30005, struct.pack("<QI", ad, 1) + rev(mac0) + b"\0" * 6, 32, dev=3)),
          "IB CONFIG_MAC_ADDR: vPort 0's MAC (byte-reversed)")
    check(bad(request(0x30005, struct.pack("<QI", ad, 1) + mac0 + b"\0" * 6, 32, dev=3)) and
          bad(request(0x30005, struct.pack("<QI", ad + 1, 1) + rev(mac0) + b"\0" * 6, 32, dev=3)) and
          bad(request(0x30005, struct.pack("<QI", ad, 2) + rev(bytes.fromhex("00155d4d0001")) + b"\0" * 6,
                      32, dev=3)),
          "IB CONFIG_MAC_ADDR: foreign MAC, unknown adapter, removing a MAC never added: error")
    gid4 = rev(b"\0" * 10 + b"\xff\xff" + bytes([10, 78, 0, 1]))
    gid6 = rev(bytes.fromhex("fe800000000000000215 5dfffe4d0000".replace(" ", "")))
    check(ok(request(0x30004, struct.pack("<QII", ad, 1, 1) + gid4, 32, dev=3)) and
          ok(request(0x30004, struct.pack("<QII", ad, 1, 2) + gid6, 32, dev=3)) and rn()["gids"] == "2",
          "IB CONFIG_IP_ADDR: an IPv4 (v4-mapped) and an IPv6 GID added")
    check(bad(request(0x30004, struct.pack("<QII", ad, 1, 1) + gid6, 32, dev=3)) and
          bad(request(0x30004, struct.pack("<QII", ad, 3, 1) + gid4, 32, dev=3)) and
          ok(request(0x30004, struct.pack("<QII", ad, 2, 2) + gid6, 32, dev=3)) and
          bad(request(0x30004, struct.pack("<QII", ad, 2, 2) + gid6, 32, dev=3)) and rn()["gids"] == "1",
          "IB CONFIG_IP_ADDR: IPv6 address as IPv4, bad op, double remove: error; remove counted")
    spare = [region(CQB)]         # regions of failed requests stay the driver's
    check(bad(request(0x30008, struct.pack("<QQII", ad, spare[0], 0, db), 48, dev=3)),
          "IB CREATE_CQ on the HWC EQ: error")
    r = request(0x30008, struct.pack("<QQII", ad, region(CQB), eq, db), 48, dev=3)
    check(ok(r) and q32(r, 40) > 0, "IB CREATE_CQ: RNIC CQ %s" % (q32(r, 40) if ok(r) else "-"))
    cq = q64(r, 32)
    r = request(29, struct.pack("<II", 1, 0), 48)
    pd = q64(r, 32)

    def udqp(typ, wr=16):
        regs = (region(SQB), region(RQB))
        r = request(0x30006, struct.pack("<QQQQQQIIIIII", ad, pd, cq, cq, regs[0], regs[1],
                                         typ, db, wr, wr, 2, 1), 48, dev=3)
        if not ok(r):
            spare.extend(regs)
        return r
    r = udqp(1)
    check(ok(r) and struct.unpack("<II", r[40:48]) == (1, 1),
          "IB CREATE_UD_QP(GSI): SQ id 1, RQ id 1 (qp_num 1, QP-table key 0)")
    qp = q64(r, 32)
    check(bad(udqp(1)) and bad(udqp(4, wr=4096)) and bad(udqp(7)),
          "IB CREATE_UD_QP: second GSI QP, too many WRs, bad QP type: error")
    check(all(ok(request(27, struct.pack("<Q", h), 32)) for h in spare),
          "the %d regions of the failed CREATE_CQ/CREATE_UD_QP were not taken: DESTROY_DMA_REGION works"
          % len(spare))
    o = objs()
    check(o["adapters"] == "1" and o["ibqp"] == "1" and int(o["regions"]) == int(base["regions"]) + 4 and
          int(o["cq"]) == int(base["cq"]) + 1,
          "control: objects counts the adapter and the QP (%s)" % o)

    def qps(state, mask=1, ver=3):
        return request(0x3000d, struct.pack("<QQQI", ad, qp, mask, state) + b"\0" * 120, 32, dev=3,
                       req_ver=ver)
    check(bad(qps(2)) and bad(qps(9)) and bad(request(0x3000d, struct.pack("<QQQI", ad, qp, 1, 1), 32, dev=3,
                                                      req_ver=3)),
          "IB SET_QP_STATE: RESET -> RTR, unknown state, v3 message too short: error")
    check(ok(qps(1)) and ok(qps(2, ver=1)) and ok(qps(3)) and rn()["gsi"] == "RTS",
          "IB SET_QP_STATE: RESET -> INIT -> RTR (v1) -> RTS")
    bad0 = json.loads(ctl(ctls, "stats"))["doorbells"]["bad"]
    c.write(0, DB + 0x1000 * db + 0x400, struct.pack("<Q", 1 | 64 << 32))
    time.sleep(0.1)
    check(json.loads(ctl(ctls, "stats"))["doorbells"]["bad"] == bad0 and rn()["gsi_doorbells"] == "1",
          "a doorbell on the GSI receive queue reaches the RNIC queue, not a bad doorbell")
    r = request(0x30022, struct.pack("<Q", ad), 304, resp_ver=2, dev=3)
    r2 = request(0x30023, struct.pack("<Q", ad), 64, dev=3)
    check(ok(r) and len(r) == 304 and struct.unpack("<H", r[8:10])[0] == 2 and ok(r2) and
          bad(request(0x30022, struct.pack("<Q", 12345), 304, resp_ver=2, dev=3)),
          "IB QUERY_VF_COUNTERS (v2, 304 B) and QUERY_DEVICE_COUNTERS; unknown adapter: error")
    check(bad(request(0x30003, struct.pack("<Q", ad), 32, dev=3)) and
          bad(request(0x30009, struct.pack("<QQ", ad, cq), 32, dev=3)),
          "IB DESTROY_ADAPTER with a CQ/QP alive, DESTROY_CQ with a QP on it: error (busy)")
    check(ok(request(0x30007, struct.pack("<QQ", ad, qp), 32, dev=3)) and
          bad(request(0x30007, struct.pack("<QQ", ad, qp), 32, dev=3)) and
          ok(request(0x30009, struct.pack("<QQ", ad, cq), 32, dev=3)) and
          ok(request(0x30003, struct.pack("<Q", ad), 32, dev=3)) and
          bad(request(0x30003, struct.pack("<Q", ad), 32, dev=3)),
          "IB DESTROY_UD_QP, DESTROY_CQ, DESTROY_ADAPTER; destroying twice: error")
    check(ok(request(30, struct.pack("<Q", pd), 32)) and ok(request(13, struct.pack("<III", 4, eq, 1), 32, dev=3))
          and ok(request(5, b"", 32, dev=3)),
          "DESTROY_PD, DISABLE_QUEUE(EQ) and DEREGISTER_DEVICE(type 3)")
    o = objs()
    check(all(o[k] == base[k] for k in ("eq", "cq", "wq", "regions", "pd", "mr", "devs", "adapters", "ibqp")),
          "control: objects back to the baseline after the RNIC teardown (%s)" % o)
    r = rn()
    check(r["present"] == "1" and r["registered"] == "0" and r["adapters"] == "0",
          "control: rnic reports the RDMA device present, unregistered, no adapter")


def fuzz(c, request, reg):
    """Random management requests (with handles from earlier answers mixed in) and
    random doorbells on the MANA doorbell pages; the model must answer every
    request with some status and survive."""
    rnd = random.Random(1234)
    ops = [1, 2, 3, 4, 5, 10, 12, 13, 22, 24, 25, 26, 27, 29, 30, 31, 32, 84, 96] + \
        list(range(0x20001, 0x2000d)) + [0x28000, 0x30001, 0x12345]
    handles = [0x4d414e4100000001, 0x4d414e4100000002]
    answered = 0
    for i in range(300):
        op = rnd.choice(ops)
        body = bytearray(rnd.randrange(0, 200) if rnd.random() < 0.7 else rnd.randrange(0, 600))
        for j in range(len(body)):
            body[j] = rnd.randrange(256) if rnd.random() < 0.3 else 0
        for off in (0, 16, 24, 32):
            if rnd.random() < 0.4 and len(body) >= off + 8:
                body[off:off + 8] = struct.pack("<Q", rnd.choice(handles))
        if op == 25 and rnd.random() < 0.5:
            n = rnd.randrange(1, 4)
            body = bytearray(struct.pack("<QIIII", 4096 * n, 0, 0, n, n) +
                             b"".join(struct.pack("<Q", RAM + 0x20000 + 0x1000 * rnd.randrange(200))
                                      for _ in range(n)))
        r = request(op, bytes(body), rnd.choice([32, 40, 48, 64, 72, 296, 4096]),
                    resp_ver=rnd.randrange(0, 6), dev=rnd.choice([0, 1, 2, 3, 7]))
        if r is not None:
            answered += 1
            if len(r) >= 48 and struct.unpack("<I", r[24:28])[0] in (0, 0x105):
                for off in (32, 40):
                    handles.append(struct.unpack("<Q", r[off:off + 8])[0])
        if i % 2 == 0:
            page = rnd.choice([1, 2, 3])
            reg_off = rnd.choice([0, 0x400, 0x800, 0xff8, 0x820, rnd.randrange(0, 4096, 8)])
            val = rnd.randrange(1 << 64) if rnd.random() < 0.5 else \
                rnd.randrange(64) | rnd.randrange(1 << 16) << 32 | rnd.randrange(2) << 63
            c.write(0, DB + 0x1000 * page + reg_off, struct.pack("<Q", val))
    check(answered == 300, "every random request got a response (%d of 300)" % answered)


def run(sock, ctls):
    c = Client(sock)
    err, b = c.cmd(1, struct.pack("<HH", 0, 0) + b'{"capabilities":{}}\0')
    check(err == 0 and b"max_msg_fds" in b and b.endswith(b"\0"), "VERSION reply carries JSON caps")
    err, b = c.cmd(4, struct.pack("<IIII", 16, 0, 0, 0))
    check(err == 0 and struct.unpack("<IIII", b)[2:] == (9, 5), "DEVICE_GET_INFO: 9 regions, 5 IRQ types")
    err, b = c.cmd(5, struct.pack("<IIIIQQ", 32, 0, 0, 0, 0, 0))
    check(err == 0 and struct.unpack("<IIIIQQ", b)[4] == 32 << 20, "BAR0 is 32 MiB")
    err, b = c.cmd(7, struct.pack("<IIII", 16, 0, 2, 0))
    check(err == 0 and struct.unpack("<IIII", b)[3] >= 2, "MSI-X offers vectors")
    cfg = c.read(7, 0, 64)
    check(struct.unpack("<HH", cfg[:4]) == (0x1414, 0x00ba) and cfg[0x0b] == 2,
          "config space: 1414:00ba class Ethernet")
    cap = c.read(7, cfg[0x34], 4)
    check(cap[0] == 0x11, "MSI-X capability at the capability pointer")
    check(c.read(7, 0x1000, 4) is not None, "config read past the end answered")

    regs = c.read(0, 0x08, 8) + c.read(0, 0x10, 4) + c.read(0, 0x18, 8)
    dboff, dbsize, smc = struct.unpack("<QIQ", regs)
    check(dbsize >= 4096 and dboff < (32 << 20) and smc % 4 == 0, "VF registers sane (db %#x/%#x smc %#x)"
          % (dboff, dbsize, smc))
    check(c.read(0, 64 << 20, 4) == b"\xff" * 4, "read outside BAR0 returns all-ones")

    # guest RAM: one memfd, mapped at RAM
    fd = os.memfd_create("ram")
    os.ftruncate(fd, 0x100000)
    ram = mmap.mmap(fd, 0x100000)
    err, _ = c.cmd(2, struct.pack("<IIQQQ", 32, 3, 0, RAM, 0x100000), fds=[fd])
    check(err == 0, "DMA_MAP of a memfd")
    small = os.memfd_create("small")
    os.ftruncate(small, 4096)
    err, _ = c.cmd(2, struct.pack("<IIQQQ", 32, 3, 0, 0x40000000, 0x100000), fds=[small])
    os.close(small)
    check(err != 0, "DMA_MAP larger than its file is refused")
    efd = os.eventfd(0, os.EFD_NONBLOCK)
    err, _ = c.cmd(8, struct.pack("<IIIII", 20, 0x24, 2, 0, 1), fds=[efd])
    check(err == 0, "SET_IRQS: eventfd for vector 0")

    def g(addr, n):
        return ram[addr - RAM:addr - RAM + n]

    def p(addr, data):
        ram[addr - RAM:addr - RAM + len(data)] = data

    # SMC ESTABLISH_HWC
    msg = b"".join(struct.pack("<Q", a >> 12)[:6] for a in (EQ, CQ, RQ, SQ))
    msg += struct.pack("<HH", 0, 0)
    for i in range(0, 28, 4):
        c.write(0, smc + i, msg[i:i + 4])
    c.write(0, smc + 28, struct.pack("<I", 1))
    hdr = 0x80000000
    for _ in range(200):
        hdr = struct.unpack("<I", c.read(0, smc + 28, 4))[0]
        if not hdr >> 31:
            break
        time.sleep(0.01)
    check(hdr == 0x81, "SMC ESTABLISH_HWC answered (DW7 %#x)" % hdr)
    time.sleep(0.2)
    eqes = [struct.unpack("<IIII", g(EQ + 16 * i, 16)) for i in range(12)]
    types = [e[3] & 0xff for e in eqes[:11]]
    owners = {e[3] >> 29 for e in eqes[:11]}
    check(types == [129] + [130] * 9 + [131] and owners == {1} and eqes[11][3] == 0,
          "HWC init events 129,130x9,131 with owner 1")
    init = {(e[0] >> 24): e[0] & 0xffffff for e in eqes[1:10]}
    check(init.get(7, 0) > 0, "MAX_NUM_CQS announced")
    try:
        irqs = struct.unpack("<Q", os.read(efd, 8))[0]
    except BlockingIOError:
        irqs = 0
    check(irqs >= 1, "MSI-X vector 0 raised through the eventfd")
    cqid, rqid, sqid, mkey = init[1], init[2], init[3], init[9]
    eq_head = 11
    # consume them: EQ doorbell with arm
    c.write(0, DB + 0xff8, struct.pack("<Q", (1 << 63) | ((256 + 11) % 2048) << 32))

    state = {"rq_tail": 0, "sq_tail": 0, "cq_n": 0, "msg": 0, "eq_head": 11}

    def post_rq():
        off = state["rq_tail"] % 4096
        p(RQ + off, struct.pack("<IBBH", 0, 1, 2, 0) + b"\0" * 8 +
          struct.pack("<QII", RESPBUF, mkey, 4096))
        state["rq_tail"] += 32
        c.write(0, DB + 0x400, struct.pack("<Q", rqid | state["rq_tail"] << 32))

    def request(opcode, body=b"", resp_size=64, resp_ver=1, dev=0, raw=None, req_ver=1):
        p(RESPBUF, b"\0" * 4096)
        req = raw if raw is not None else (
            struct.pack("<IIHHI", 0, opcode, req_ver, 0, 40 + len(body)) +
            struct.pack("<IIHHI", 0, opcode, resp_ver, 0, resp_size) +
            struct.pack("<II", dev, 0) + body)
        p(REQBUF, req)
        off = state["sq_tail"] % 4096
        oob = struct.pack("<IIIIII", 0, 0, 0, 0, cqid, sqid)
        p(SQ + off, struct.pack("<IBBH", 0, 1, 6, 0) + oob + struct.pack("<QII", REQBUF, mkey, len(req)) +
          b"\0" * 16)
        state["sq_tail"] += 64
        c.write(0, DB, struct.pack("<Q", sqid | state["sq_tail"] << 32))
        n = state["cq_n"]
        slot = CQ + 64 * (n % 64)
        want = ((n // 64) + 1) & 7
        for _ in range(300):
            w = struct.unpack("<I", g(slot + 60, 4))[0]
            if w >> 29 == want:
                break
            time.sleep(0.01)
        else:
            return None
        state["cq_n"] += 1
        c.write(0, DB + 0x800, struct.pack("<Q", (1 << 63) | cqid | ((64 + state["cq_n"]) % 512) << 32))
        # consume EQEs like a driver (owner = lap + 1) and re-arm the EQ
        while True:
            h = state["eq_head"]
            w = struct.unpack("<I", g(EQ + 16 * (h % 256) + 12, 4))[0]
            if w >> 29 != ((h // 256) + 1) & 7:
                break
            state["eq_head"] += 1
        c.write(0, DB + 0xff8, struct.pack("<Q", (1 << 63) | ((256 + state["eq_head"]) % 2048) << 32))
        size = struct.unpack("<I", g(slot + 24, 4))[0]
        post_rq()
        return g(RESPBUF, size)

    post_rq()
    r = request(10, struct.pack("<I", 0), 32, dev=1)
    check(r is not None and struct.unpack("<I", r[24:28])[0] == 0, "GENERATE_TEST_EQE on the HWC EQ answered")
    time.sleep(0.1)
    test_seen = any((struct.unpack("<I", g(EQ + 16 * i + 12, 4))[0] & 0xff) == 64 for i in range(11, 16))
    check(test_seen, "TEST EQE posted on the HWC EQ")
    body = struct.pack("<QQQQQQQ", 1, 1, 0x82d, 0, 0, 0, 0) + b"\0" * (640 - 40 - 56)
    r = request(1, body, 72)
    check(r is not None and struct.unpack("<I", r[24:28])[0] == 0 and struct.unpack("<I", r[4:8])[0] == 1
          and len(r) == 72, "VERIFY_VF_DRIVER_VERSION: status 0, 72-byte response")
    r = request(3, b"", 296)
    check(r is not None and struct.unpack("<I", r[32:36])[0] == 2 and struct.unpack("<HH", r[40:44]) == (2, 0)
          and struct.unpack("<HH", r[44:48]) == (3, 0),
          "LIST_DEVICES lists the MANA device and the RDMA device (type 3)")
    reg = request(4, b"", 44, dev=2)
    check(reg is not None and struct.unpack("<I", reg[24:28])[0] == 0, "REGISTER_DEVICE(MANA)")
    r = request(0x20001, b"\0" * 48, 80, resp_ver=2, dev=2)
    ok = r is not None and struct.unpack("<H", r[8:10])[0] == 2 and struct.unpack("<H", r[64:66])[0] == 2 \
        and struct.unpack("<H", r[72:74])[0] >= 9216
    check(ok, "QUERY_DEV_CONFIG v2: 2 vPorts, adapter MTU >= 9216")
    r = request(0x20008, struct.pack("<I", 1), 64, dev=2)
    check(r is not None and r[48:54] == bytes.fromhex("00155d4d0001"), "QUERY_VPORT_CONFIG(1): MAC")
    datapath(c, request, g, p, reg, ctls)
    rnic(c, request, ctls)
    def status(r):
        return struct.unpack("<I", r[24:28])[0] if r is not None else None

    # QUERY_PHY_STAT: counters derived from the traffic above (TC0 packets/bytes move)
    r = request(0x2000c, b"\0" * 8, 440, dev=2)
    ok = r is not None and status(r) == 0 and len(r) >= 440
    rxp, txp = struct.unpack("<QQ", r[56:72]) if ok else (0, 0)
    rxb = struct.unpack("<Q", r[184:192])[0] if ok else 0
    check(ok and rxp >= 4 and txp >= 4 and rxb >= 4 * 58,
          "QUERY_PHY_STAT: TC0 rx/tx packets and rx bytes follow the traffic (%d/%d, %d bytes)"
          % (rxp, txp, rxb))
    # SET_BW_CLAMP recorded per vPort, reported by QUERY_LINK_CONFIG and the control socket
    h0 = 0x4d414e4100000001
    r = request(0x2000b, struct.pack("<QiI", h0, 1, 250), 40, dev=2)
    check(r is not None and status(r) != 0, "SET_BW_CLAMP: a speed that is not a multiple of 100 is refused")
    r = request(0x2000b, struct.pack("<QiI", h0, 1, 300), 40, dev=2)
    check(r is not None and status(r) == 0 and ctl(ctls, "clamp 0") == "ok on 300 1",
          "SET_BW_CLAMP 300 Mbps: recorded, control 'clamp 0' reports it")
    r = request(0x2000a, struct.pack("<Q", h0), 48, resp_ver=2, dev=2)
    check(r is not None and status(r) == 0 and struct.unpack("<II", r[32:36] + r[40:44]) == (100000, 300),
          "QUERY_LINK_CONFIG: QoS speed 100000, current clamp 300")
    r = request(0x2000b, struct.pack("<QiI", h0, 0, 0), 40, dev=2)
    check(r is not None and status(r) == 0 and ctl(ctls, "clamp 0") == "ok off 0 2",
          "SET_BW_CLAMP off: clamp removed")
    # the 4 RX buffers above sit at in-page offsets 0x0 and 0x800
    check(ctl(ctls, "rxbuf 1") == "ok 1 2 2" and ctl(ctls, "rxbuf 0") == "ok 0 0 0",
          "control: rxbuf counts 2 distinct buffer offsets in vPort 1's RQ (%s)" % ctl(ctls, "rxbuf 1"))
    # malformed and unknown requests
    r = request(0x7777, b"", 32)
    check(r is not None and struct.unpack("<I", r[24:28])[0] == 0xffffffff, "unknown opcode: status unsupported")
    r = request(25, struct.pack("<QIII", 4096, 0, 0, 100), 40)
    check(r is not None and struct.unpack("<I", r[24:28])[0] not in (0, 0x105),
          "CREATE_DMA_REGION with a page list beyond the message: error status")
    r = request(12, struct.pack("<IIIIQIIII", 4, 0, 2, 1, 0xdead, 0, 4096, 3, 1) + b"\0" * 16, 36, dev=2)
    check(r is not None and struct.unpack("<I", r[24:28])[0] != 0, "CREATE_QUEUE with a bogus region: error")
    r = request(0x20004, b"\0" * 48, 48, dev=2)
    check(r is not None and struct.unpack("<I", r[24:28])[0] != 0, "CREATE_WQ_OBJ with zeros: error")
    r = request(0, b"", 32, raw=struct.pack("<IIHHI", 0, 1, 1, 0, 8))
    check(r is None, "a request shorter than its header gets no response")
    # doorbells for queues that do not exist, wrong widths, garbage offsets
    c.write(0, DB + 0x1000 * 7, struct.pack("<Q", 99 | 32 << 32))
    c.write(0, DB + 0x800, struct.pack("<I", 5))
    c.write(0, DB + 0x123, struct.pack("<Q", 1))
    r = request(2, b"", 72)
    check(r is not None and struct.unpack("<I", r[24:28])[0] == 0, "HWC still serves requests after bad doorbells")
    # fault injection through the control socket
    check(ctl(ctls, "fault opcode 2 0x55") == "ok", "control: fault opcode")
    r = request(2, b"", 72)
    check(r is not None and struct.unpack("<I", r[24:28])[0] == 0x55, "injected error status returned")
    r = request(2, b"", 72)
    check(r is not None and struct.unpack("<I", r[24:28])[0] == 0, "fault counts down to normal")
    check(ctl(ctls, "fault hwc_timeout 1") == "ok", "control: fault hwc_timeout")
    r = request(2, b"", 72)
    check(r is None, "HWC timeout fault: no response")
    # device-side fuzzer: the same seed mutates the same response the same way, the budget
    # turns it off, and it is counted per class
    check(ctl(ctls, "fuzz").startswith("ok off"), "control: fuzz state off at start")
    check(ctl(ctls, "fuzz 1 1000 bogus 1").startswith("error") and
          ctl(ctls, "fuzz 1 2000 all 1").startswith("error"), "control: fuzz rejects bad classes/rate")
    r0 = request(2, b"", 72)
    fz = []
    for _ in range(2):
        check(ctl(ctls, "fuzz 7 1000 query 1") == "ok seed=7", "control: fuzz 7 1000 query 1")
        fz.append(request(2, b"", 72))
    r3 = request(2, b"", 72)
    check(None not in fz and fz[0] == fz[1] and fz[0] != r0 and fz[0][:32] == r0[:32] and r3 == r0,
          "fuzz: seed 7 mutates the same body value twice, the header stays, the next response is clean")
    f = json.loads(ctl(ctls, "stats"))["fuzz"]
    check(f["on"] is False and f["mutations"] == 2 and f["query"]["mutated"] == 2 and f["runs"] == 2
          and f["hwc"]["mutated"] == 0 and sum(f["query"]["kinds"].values()) == 2,
          "fuzz: off after its budget, stats count 2 query mutations (%s)" % f["query"])
    check(ctl(ctls, "fuzz 9 1000 hwc 0").startswith("ok") and ctl(ctls, "fuzz off") == "ok mutations=2",
          "control: fuzz off")
    check(ctl(ctls, "fault bogus").startswith("error"), "control: unknown fault rejected")
    check(ctl(ctls, "link 1 down") == "ok" and ctl(ctls, "link 9 down").startswith("error"), "control: link")
    st = json.loads(ctl(ctls, "stats"))
    check(st["hwc"]["requests"] >= 10 and st["doorbells"]["bad"] >= 2 and st["vports"][1]["link"] == "down"
          and st["hwc"]["dropped"] == 1 and st["interrupts"]["total"] >= 1, "stats JSON counts requests,"
          " bad doorbells, link state, drops, interrupts")
    check(ctl(ctls, "nonsense").startswith("error"), "control: unknown command rejected")
    ob = dict(kv.split("=") for kv in ctl(ctls, "objects").split()[1:])
    check(ob.get("hwc") == "1" and int(ob.get("eq", 0)) >= 2 and int(ob.get("devs", 0)) >= 1
          and ob.get("establish") == "1" and ob.get("destroy") == "0",
          "control: objects counts live EQs, registered devices and SMC handshakes (%s)" % ob)
    check(ctl(ctls, "event 135") == "ok" and ctl(ctls, "event 999").startswith("error"),
          "control: event posts an EQE; bad type rejected")
    found = False
    for _ in range(50):
        found = any(struct.unpack("<I", g(EQ + 16 * i + 12, 4))[0] & 0xff == 135 for i in range(256))
        if found:
            break
        time.sleep(0.02)
    check(found, "event 135 arrived on the HWC EQ")
    check(json.loads(ctl(ctls, "stats"))["errors"]["eq_overflow"] == 0, "no EQ overflow with a consuming client")
    fuzz(c, request, reg)
    st2 = json.loads(ctl(ctls, "stats"))
    r = request(2, b"", 72)
    check(r is not None and struct.unpack("<I", r[24:28])[0] == 0 and st2["hwc"]["requests"] > 300,
          "after 300 random requests and 300 random doorbells the model still serves (%d requests, "
          "%d errors)" % (st2["hwc"]["requests"], st2["hwc"]["errors"]))
    # surprise removal: BAR reads all-ones, requests unanswered; "replug" brings a fresh
    # function (reset: the HWC is down until the next ESTABLISH_HWC)
    check(ctl(ctls, "replug").startswith("error"), "control: replug refused while the function is present")
    check(ctl(ctls, "remove") == "ok", "control: remove")
    check(c.read(0, 0x10, 4) == b"\xff" * 4 and c.read(0, smc + 28, 4) == b"\xff" * 4,
          "removed: BAR0 registers and the SMC read all-ones")
    check(request(2, b"", 72) is None and json.loads(ctl(ctls, "stats"))["removed"] is True,
          "removed: a request gets no response, stats say removed")
    check(ctl(ctls, "fault clear") == "ok" and json.loads(ctl(ctls, "stats"))["removed"] is True,
          "removed: 'fault clear' does not bring the function back")
    check(ctl(ctls, "replug") == "ok", "control: replug")
    st3 = json.loads(ctl(ctls, "stats"))
    check(struct.unpack("<I", c.read(0, 0x10, 4))[0] == dbsize and not st3["removed"]
          and not st3["hwc_up"], "replugged: registers read again, the function is reset (HWC down)")
    # broken protocol messages: the server drops the client and keeps running
    c.s.sendall(struct.pack("<HHIII", 1, 9, 8, 0, 0))
    try:
        c.s.recv(16)
    except OSError:
        pass
    c.s.close()
    c2 = Client(sock)
    err, b = c2.cmd(1, struct.pack("<HH", 0, 0) + b"{}\0")
    check(err == 0, "a new client is accepted after a malformed message")
    err, b = c2.cmd(55, b"")
    check(err != 0, "unknown vfio-user command: error reply")
    c2.s.close()
    ram.close()
    os.close(fd)
    os.close(efd)


if __name__ == "__main__":
    main()
