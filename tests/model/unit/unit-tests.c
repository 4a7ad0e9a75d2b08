// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the model's pure packet logic (src/pkt.c): checksums,
 * Toeplitz (against the published Microsoft RSS verification vectors),
 * header parsing, VLAN insert/strip and TSO segmentation. Prints one line
 * per test and "N passed, N failed"; exits non-zero on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkt.h"
#include "ring.h"
#include "fuzz.h"

static int passed, failed;

#define CHECK(cond, ...) do {						\
	if (cond) {							\
		passed++;						\
	} else {							\
		failed++;						\
		printf("FAIL %s:%d: ", __func__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

static const uint8_t rss_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3,
	0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3,
	0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v & 0xff; }
static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24; p[1] = (v >> 16) & 0xff; p[2] = (v >> 8) & 0xff; p[3] = v & 0xff;
}

static void ip4(uint8_t *p, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	p[0] = a; p[1] = b; p[2] = c; p[3] = d;
}

/* Toeplitz: Microsoft "Verifying the RSS Hash Calculation" IPv4 vectors */
static void test_toeplitz(void)
{
	static const struct {
		uint8_t src[4], dst[4];
		uint16_t sport, dport;
		uint32_t h_ip, h_tcp;
	} v[] = {
		{ { 66, 9, 149, 187 }, { 161, 142, 100, 80 }, 2794, 1766, 0x323e8fc2, 0x51ccc178 },
		{ { 199, 92, 111, 2 }, { 65, 69, 140, 83 }, 14230, 4739, 0xd718262a, 0xc626b0ea },
		{ { 24, 19, 198, 95 }, { 12, 22, 207, 184 }, 12898, 38024, 0xd2d0a5de, 0x5c2b394a },
		{ { 38, 27, 205, 30 }, { 209, 142, 163, 6 }, 48228, 2217, 0x82989176, 0xafc7327f },
		{ { 153, 39, 163, 191 }, { 202, 188, 127, 2 }, 44251, 1303, 0x5d1809c5, 0x10e828a2 },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t in[12];

		memcpy(in, v[i].src, 4);
		memcpy(in + 4, v[i].dst, 4);
		put_be16(in + 8, v[i].sport);
		put_be16(in + 10, v[i].dport);
		CHECK(toeplitz(rss_key, in, 8) == v[i].h_ip, "ip vector %zu: %#x", i,
		      toeplitz(rss_key, in, 8));
		CHECK(toeplitz(rss_key, in, 12) == v[i].h_tcp, "tcp vector %zu: %#x", i,
		      toeplitz(rss_key, in, 12));
	}
}

/* IPv6 vector from the same document */
static void test_toeplitz_v6(void)
{
	uint8_t in[36] = {
		0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff, 0, 0, 0, 0, 0, 0, 0, 0x07,
		0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 0x01,
	};

	put_be16(in + 32, 2794);
	put_be16(in + 34, 1766);
	CHECK(toeplitz(rss_key, in, 32) == 0x2cc18cd5, "v6 ip %#x", toeplitz(rss_key, in, 32));
	CHECK(toeplitz(rss_key, in, 36) == 0x40207d3d, "v6 tcp %#x", toeplitz(rss_key, in, 36));
}

static void test_csum(void)
{
	/* RFC 1071 example words */
	static const uint8_t d[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	CHECK(csum_fold(csum_add(0, d, sizeof(d))) == (uint16_t)~0xddf2, "rfc1071 %#x",
	      csum_fold(csum_add(0, d, sizeof(d))));
	/* odd length pads with a zero byte */
	CHECK(csum_fold(csum_add(0, d, 1)) == (uint16_t)~0x0000, "odd");
}

/* Build Ethernet + IPv4/IPv6 + TCP frame with payload pattern. */
static uint32_t build_tcp(uint8_t *f, bool v6, uint32_t payload, bool tso_template,
			  uint8_t flags)
{
	uint32_t l3 = 14, l4, i, hl;

	memset(f, 0, 128);
	memcpy(f, "\x00\x15\x5d\x4d\x00\x01\x00\x15\x5d\x4d\x00\x00", 12);
	if (!v6) {
		put_be16(f + 12, 0x0800);
		f[l3] = 0x45;
		put_be16(f + l3 + 2, tso_template ? 0 : (uint16_t)(20 + 32 + payload));
		put_be16(f + l3 + 4, 0x1234);
		put_be16(f + l3 + 6, 0x4000);
		f[l3 + 8] = 64;
		f[l3 + 9] = 6;
		ip4(f + l3 + 12, 10, 0, 0, 1);
		ip4(f + l3 + 16, 10, 0, 0, 2);
		l4 = l3 + 20;
	} else {
		put_be16(f + 12, 0x86dd);
		f[l3] = 0x60;
		put_be16(f + l3 + 4, tso_template ? 0 : (uint16_t)(32 + payload));
		f[l3 + 6] = 6;
		f[l3 + 7] = 64;
		f[l3 + 8] = 0xfd;
		f[l3 + 23] = 1;
		f[l3 + 24] = 0xfd;
		f[l3 + 39] = 2;
		l4 = l3 + 40;
	}
	put_be16(f + l4, 40000);
	put_be16(f + l4 + 2, 5000);
	put_be32(f + l4 + 4, 0xfffff000);	/* sequence wraps during TSO */
	put_be32(f + l4 + 8, 77);
	f[l4 + 12] = 8 << 4;			/* 32-byte header (12 bytes of options) */
	f[l4 + 13] = flags;
	put_be16(f + l4 + 14, 500);
	memcpy(f + l4 + 20, "\x01\x01\x08\x0a\x00\x00\x00\x01\x00\x00\x00\x02", 12);
	hl = l4 + 32;
	for (i = 0; i < payload; i++)
		f[hl + i] = (uint8_t)(i * 7 + 3);
	return hl + payload;
}

struct seg_log {
	int n;
	uint32_t total;
	bool ok;
	uint8_t payload[70000];
	uint32_t mss;
	bool v6;
};

static void seg_check(void *arg, const uint8_t *f, uint32_t len)
{
	struct seg_log *s = arg;
	struct pkt_info pi;
	uint32_t hl, pl;

	if (pkt_parse(f, len, &pi) || !pi.l4_complete) {
		s->ok = false;
		return;
	}
	hl = pi.l4_off + pi.l4_hlen;
	pl = len - hl;
	if (pl > s->mss || (pi.ipv4 && ipv4_csum_ok(f, &pi) != 1) || l4_csum_ok(f, len, &pi) != 1)
		s->ok = false;
	if (pi.ipv4 && (be16(f + pi.l3_off + 2) != len - 14 ||
			be16(f + pi.l3_off + 4) != (uint16_t)(0x1234 + s->n)))
		s->ok = false;
	if (pi.ipv6 && be16(f + pi.l3_off + 4) != len - 14 - 40)
		s->ok = false;
	if (be32(f + pi.l4_off + 4) != 0xfffff000u + s->total)
		s->ok = false;
	memcpy(s->payload + s->total, f + hl, pl);
	s->total += pl;
	s->n++;
}

static void test_tso(bool v6, uint32_t payload, uint32_t mss)
{
	static uint8_t frame[70000], scratch[10000];
	static struct seg_log s;
	uint32_t len = build_tcp(frame, v6, payload, true, 0x18 /* PSH|ACK */), i;
	uint32_t hl = 14 + (v6 ? 40 : 20) + 32;
	int n;
	bool same = true;

	memset(&s, 0, sizeof(s));
	s.ok = true;
	s.mss = mss;
	s.v6 = v6;
	n = tso_segment(frame, len, mss, scratch, sizeof(scratch), seg_check, &s);
	CHECK(n == (int)((payload + mss - 1) / mss), "v6=%d payload %u mss %u: %d segments",
	      v6, payload, mss, n);
	CHECK(s.ok, "v6=%d payload %u mss %u: segment headers", v6, payload, mss);
	CHECK(s.total == payload, "payload bytes %u of %u", s.total, payload);
	for (i = 0; i < payload; i++)
		if (s.payload[i] != frame[hl + i])
			same = false;
	CHECK(same, "payload content");
}

struct flagcap {
	int n;
	uint8_t flags[8];
};

static void flag_emit(void *a, const uint8_t *f, uint32_t l)
{
	struct flagcap *c = a;

	(void)l;
	if (c->n < 8)
		c->flags[c->n++] = f[14 + 20 + 13];
}

static void test_tso_flags(void)
{
	static uint8_t frame[9000], scratch[4000];
	struct flagcap cap = { 0 };
	uint32_t len = build_tcp(frame, false, 3000, true, 0x80 | 0x18 | 0x01);

	CHECK(tso_segment(frame, len, 1000, scratch, sizeof(scratch), flag_emit, &cap) == 3,
	      "3 segments");
	CHECK(cap.flags[0] == (0x80 | 0x10), "first: CWR|ACK, got %#x", cap.flags[0]);
	CHECK(cap.flags[1] == 0x10, "middle: ACK, got %#x", cap.flags[1]);
	CHECK(cap.flags[2] == (0x18 | 0x01), "last: PSH|ACK|FIN, got %#x", cap.flags[2]);
}

static void test_parse_and_csum_fill(void)
{
	static uint8_t f[2000];
	struct pkt_info pi;
	uint32_t len = build_tcp(f, false, 100, false, 0x10);

	CHECK(pkt_parse(f, len, &pi) == 0 && pi.ipv4 && pi.l4_proto == 6 && pi.l4_hlen == 32,
	      "parse ipv4/tcp");
	CHECK(l4_csum_ok(f, len, &pi) == 0, "unfilled checksum is wrong");
	ipv4_fix_csum(f, &pi);
	CHECK(l4_fill_csum(f, len, &pi) == 0 && l4_csum_ok(f, len, &pi) == 1, "filled tcp csum");
	CHECK(ipv4_csum_ok(f, &pi) == 1, "ipv4 header csum");
	f[len - 1] ^= 0xff;
	CHECK(l4_csum_ok(f, len, &pi) == 0, "corruption detected");
	/* truncated frames must not be read past their end */
	CHECK(pkt_parse(f, 20, &pi) == 0 && !pi.ipv4, "short frame: no L3");
	CHECK(pkt_parse(f, 40, &pi) == 0 && pi.ipv4 && !pi.l4_complete, "short frame: no L4");
	CHECK(pkt_parse(f, 10, &pi) < 0, "runt frame rejected");
	len = build_tcp(f, true, 100, false, 0x10);
	CHECK(pkt_parse(f, len, &pi) == 0 && pi.ipv6 && pi.l4_off == 54, "parse ipv6/tcp");
	CHECK(l4_fill_csum(f, len, &pi) == 0 && l4_csum_ok(f, len, &pi) == 1, "ipv6 tcp csum");
}

static void test_udp_csum(void)
{
	static uint8_t f[200];
	struct pkt_info pi;

	memset(f, 0, sizeof(f));
	put_be16(f + 12, 0x0800);
	f[14] = 0x45;
	put_be16(f + 16, 20 + 8 + 4);
	f[14 + 8] = 64;
	f[14 + 9] = 17;
	ip4(f + 26, 192, 168, 1, 1);
	ip4(f + 30, 192, 168, 1, 2);
	put_be16(f + 34, 53);
	put_be16(f + 36, 5353);
	put_be16(f + 38, 12);
	memcpy(f + 42, "abcd", 4);
	CHECK(pkt_parse(f, 46, &pi) == 0 && pi.l4_proto == 17, "parse udp");
	CHECK(l4_fill_csum(f, 46, &pi) == 0 && l4_csum_ok(f, 46, &pi) == 1, "udp csum");
	CHECK(be16(f + 40) != 0, "udp csum never 0");
}

static void test_vlan(void)
{
	uint8_t f[64] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x08, 0x00, 0x45 };
	uint16_t tci = 0;
	uint32_t len = vlan_insert(f, 20, (3 << 13) | 100);

	CHECK(len == 24 && be16(f + 12) == 0x8100 && be16(f + 14) == ((3 << 13) | 100) &&
	      be16(f + 16) == 0x0800 && f[18] == 0x45, "insert");
	len = vlan_strip(f, len, &tci);
	CHECK(len == 20 && tci == ((3 << 13) | 100) && be16(f + 12) == 0x0800 && f[14] == 0x45,
	      "strip");
	CHECK(vlan_strip(f, len, &tci) == len, "no tag: unchanged");
}

static void test_rss_hash_types(void)
{
	static uint8_t f[200];
	struct pkt_info pi;
	uint32_t type, h, len = build_tcp(f, false, 10, false, 0x10);

	pkt_parse(f, len, &pi);
	h = rss_hash(rss_key, f, &pi, HASH_ALL, &type);
	CHECK(type == HASH_TCP_IPV4 && h != 0, "tcp4 hash type %#x", type);
	h = rss_hash(rss_key, f, &pi, HASH_IPV4, &type);
	CHECK(type == HASH_IPV4, "ip-only hash when TCP disabled: %#x", type);
	h = rss_hash(rss_key, f, &pi, 0, &type);
	CHECK(type == 0 && h == 0, "no hash when disabled");
}

static void test_tso_rejects(void)
{
	static uint8_t f[3000], scratch[2000];
	struct seg_log *s = calloc(1, sizeof(*s));
	uint32_t len = build_tcp(f, false, 1000, true, 0x10);

	s->mss = 100;
	CHECK(tso_segment(f, len, 0, scratch, sizeof(scratch), seg_check, s) < 0, "mss 0");
	CHECK(tso_segment(f, 30, 100, scratch, sizeof(scratch), seg_check, s) < 0, "short");
	CHECK(tso_segment(f, len, 5000, scratch, sizeof(scratch), seg_check, s) < 0,
	      "mss larger than scratch");
	f[14 + 9] = 17;		/* UDP: not segmented */
	CHECK(tso_segment(f, len, 100, scratch, sizeof(scratch), seg_check, s) < 0, "udp");
	free(s);
}

/*
 * Ring arithmetic against a simulated driver consumer: the driver's head
 * starts at n, it accepts an entry whose owner equals (head / n) & 7 and
 * treats ((head / n) - 1) & 7 as "empty" (spec §3.5.4).
 */
static void test_ring_owner(void)
{
	const uint32_t n = 64;
	uint64_t head = n, k;
	bool ok = true;

	for (k = 0; k < 20 * n; k++) {
		uint8_t own = ring_owner(k, n);

		if (ring_slot(k, n) != head % n || own != ((head / n) & 7))
			ok = false;
		/* the slot's previous content (lap before) must look empty */
		if (k >= n && ring_owner(k - n, n) != (((head / n) - 1) & 7))
			ok = false;
		head++;
	}
	CHECK(ok, "owner/slot sequence matches the driver's consumer over 20 laps");
	CHECK(ring_owner(0, n) == 1 && ring_owner(n - 1, n) == 1 && ring_owner(n, n) == 2 &&
	      ring_owner(7 * n, n) == 0, "first lap owner 1, lap 7 wraps to 0");
}

static void test_ring_unread(void)
{
	const uint32_t n = 256;

	CHECK(ring_unread(0, n, n) == 0, "fresh ring: nothing unread");
	CHECK(ring_unread(11, n, n) == 11, "11 produced, none consumed");
	CHECK(ring_unread(11, n + 5, n) == 6, "5 consumed (tail 261)");
	CHECK(ring_unread(11, n + 11, n) == 0, "all consumed (tail 267)");
	/* far past the 8n wrap of the doorbell counter */
	CHECK(ring_unread(10 * 8 * n + 3, (n + 10 * 8 * n + 1) % (8 * n), n) == 2,
	      "doorbell counter wraps at 8n");
	CHECK(ring_unread(n, n, n) == n, "a full ring reads as n unread");
}

static void test_wqe_math(void)
{
	CHECK(wqe_size(1, 8) == 32, "RX / short TX WQE: 1 BU");
	CHECK(wqe_size(1, 24) == 64, "HWC / long TX WQE with 1 SGE: 2 BU");
	CHECK(wqe_size(30, 8) == 512, "30 SGEs with short OOB: 512 bytes");
	CHECK(wqe_size(2, 8) == 64, "2 SGEs: 2 BU");
	CHECK(wq_avail(0x10, 0xfffffff0u) == 0x20, "free-running producer wraps at 2^32");
	CHECK(wq_avail(4096, 0) == 4096, "100 %% full ring is not empty");
}

/* fuzzer: splitmix64 reference values, reproducibility, range, mutators */
static void test_fuzz_prng(void)
{
	uint64_t a = 0, b = 1234567, c = 1234567, d = 1234568;
	uint32_t hist[10] = { 0 }, i, v, ok = 1;

	/* splitmix64 from state 0 (reference implementation by S. Vigna) */
	CHECK(fuzz_next(&a) == 0xe220a8397b1dcdafull, "first value %#llx",
	      (unsigned long long)a);
	CHECK(fuzz_next(&a) == 0x6e789e6aa1b965f4ull, "second value");
	for (i = 0; i < 1000; i++)
		if (fuzz_next(&b) != fuzz_next(&c))
			ok = 0;
	CHECK(ok, "same seed, same stream");
	CHECK(fuzz_next(&c) != fuzz_next(&d), "seeds 1234567/1234568 differ");
	for (i = 0; i < 100000; i++) {
		v = fuzz_below(&b, 10);
		if (v >= 10)
			ok = 0;
		else
			hist[v]++;
	}
	CHECK(ok, "fuzz_below(10) < 10");
	for (i = 0; i < 10; i++)
		CHECK(hist[i] > 9000 && hist[i] < 11000, "bucket %u: %u of 100000", i, hist[i]);
	for (v = 0, i = 0; i < 100000; i++)
		v += (uint32_t)fuzz_chance(&b, 10);
	CHECK(v > 800 && v < 1200, "10 per mille: %u of 100000", v);
	for (v = 0, i = 0; i < 1000; i++)
		v += (uint32_t)fuzz_chance(&b, 0);
	CHECK(v == 0, "rate 0 never fires");
}

static void test_fuzz_mutators(void)
{
	uint8_t e[64], e0[64], r[256], r0[256], t;
	uint32_t seen[FZ_NCLASSES] = { 0 }, i, len, d0, owner, ok = 1, inrange = 1;
	uint64_t s = 42, s2 = 42;
	char d[128], d2[128];
	int k, k2;

	/* the same seed mutates the same message the same way */
	memset(e, 0x11, sizeof(e));
	memcpy(e0, e, sizeof(e));
	for (i = 0; i < 200; i++) {
		memcpy(e, e0, 64);
		k = fuzz_mut_cqe(&s, e, 512, d, sizeof(d));
		memcpy(r, e0, 64);
		k2 = fuzz_mut_cqe(&s2, r, 512, d2, sizeof(d2));
		if (k != k2 || memcmp(e, r, 64) || strcmp(d, d2))
			ok = 0;
	}
	CHECK(ok, "CQE mutations replay from the seed");
	ok = 1;
	/* every kind is reached; a mutation changes the entry unless it asks for a duplicate */
	for (i = 0; i < 2000; i++) {
		memcpy(e, e0, 64);
		fz_put32(e + 60, 5 | 1u << 29);
		k = fuzz_mut_cqe(&s, e, 512, d, sizeof(d));
		seen[FZ_CQE] |= 1u << (k & 0xff);
		if (!(k & FZ_DUP) && !memcmp(e, e0, 60) && fz_get32(e + 60) == (5 | 1u << 29))
			ok = 0;
		owner = fz_get32(e + 60) >> 29;
		if ((k & 0xff) == 3 && (owner == 1 || owner == 0))
			ok = 0;	/* an owner mutation is neither valid nor empty */
	}
	CHECK(ok, "every CQE mutation changes the entry; owner mutations are invalid owners");
	ok = 1;
	CHECK(seen[FZ_CQE] == 0xff, "CQE kinds reached %#x", seen[FZ_CQE]);
	for (i = 0; i < 2000; i++) {
		memset(e, 0, 16);
		fz_put32(e, 7);
		fz_put32(e + 12, 3 | 1u << 29);
		memcpy(e0, e, 16);
		k = fuzz_mut_eqe(&s, e, 256, d, sizeof(d));
		seen[FZ_EQE] |= 1u << (k & 0xff);
		t = e[12];
		if (t == 132 || t == 135)
			ok = 0;	/* never a device reset request */
		if ((k & 0xff) == 5 && fz_get32(e) < 256)
			ok = 0;
	}
	CHECK(ok, "EQE mutations: no reset types, no-such-CQ ids are >= 256");
	ok = 1;
	CHECK(seen[FZ_EQE] == 0x3f, "EQE kinds reached %#x", seen[FZ_EQE]);
	for (i = 0; i < 2000; i++) {
		memset(r, 0, sizeof(r));
		fz_put32(r + 4, 0x20001);
		fz_put32(r + 12, 80);
		memcpy(r0, r, sizeof(r));
		len = 80;
		k = fuzz_mut_hwc(&s, r, 80, &len, d, sizeof(d));
		seen[FZ_HWC] |= 1u << (k & 0xff);
		if (!(k & (FZ_DUP | FZ_DROP)) && !memcmp(r, r0, sizeof(r)) && len == 80 &&
		    (k & 0xff) != 4 && (k & 0xff) != 1)
			ok = 0;	/* version 0 / msg id may equal the old value by chance */
		if (memcmp(r + 32, r0 + 32, sizeof(r) - 32))
			ok = 0;	/* the header only */
	}
	CHECK(ok, "HWC mutations change the header or the reported length only");
	ok = 1;
	CHECK(seen[FZ_HWC] == 0x1ff, "HWC kinds reached %#x", seen[FZ_HWC]);
	for (i = 0; i < 2000; i++) {
		uint8_t ty;

		k = fuzz_mut_init(&s, &ty, &d0, d, sizeof(d));
		seen[FZ_INIT] |= 1u << k;
		if (ty == 133 && (d0 >> 24) != 1)
			ok = 0;	/* never a link up/down */
		if (ty == 132 || ty == 135)
			ok = 0;
	}
	CHECK(ok, "init events: no link or reset events");
	CHECK(seen[FZ_INIT] == 0x7f, "init kinds reached %#x", seen[FZ_INIT]);
	for (i = 0; i < 2000; i++) {
		memset(r, 0xaa, sizeof(r));
		memcpy(r0, r, sizeof(r));
		k = fuzz_mut_query(&s, r, 40, d, sizeof(d));
		seen[FZ_QUERY] |= 1u << k;
		if (memcmp(r, r0, 32) || memcmp(r + 40, r0 + 40, sizeof(r) - 40))
			inrange = 0;
	}
	CHECK(inrange, "query mutations stay in the body [32, len)");
	CHECK(seen[FZ_QUERY] == 0x3f, "query kinds reached %#x", seen[FZ_QUERY]);
	CHECK(fuzz_mut_query(&s, r, 32, d, sizeof(d)) < 0, "no body, no query mutation");
}

int main(void)
{
	test_ring_owner();
	test_ring_unread();
	test_wqe_math();
	test_csum();
	test_toeplitz();
	test_toeplitz_v6();
	test_parse_and_csum_fill();
	test_udp_csum();
	test_vlan();
	test_rss_hash_types();
	test_tso(false, 64000, 1448);
	test_tso(true, 64000, 1428);
	test_tso(false, 1448 * 3, 1448);
	test_tso(false, 100, 1448);
	test_tso(false, 60000, 8948);
	test_tso_flags();
	test_tso_rejects();
	test_fuzz_prng();
	test_fuzz_mutators();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
