/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device-side fuzzer: the pure part (PRNG and mutators on message buffers),
 * free of the model's globals so that unit/unit-tests.c can test it.
 *
 * The PRNG is splitmix64: one 64-bit state, every output a function of the
 * seed and the number of draws, so a run replays from its seed as long as
 * the same messages reach the same hooks in the same order.
 *
 * Each mutator takes the PRNG, the message and returns the index of the
 * mutation it applied (into its kind-name table) and a short description.
 */
#ifndef MANA_FUZZ_H
#define MANA_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum fuzz_class {
	FZ_HWC,		/* HWC response header, reported length, duplicate/dropped replies */
	FZ_INIT,	/* HWC init events after init: late, duplicate, unknown */
	FZ_CQE,		/* data-path CQEs */
	FZ_EQE,		/* EQEs */
	FZ_QUERY,	/* values in the bodies of successful responses (doorbell page, ids, resources) */
	FZ_NCLASSES
};

#define FZ_MAX_KINDS 12

/* returned with a kind: post the (mutated) message a second time / not at all */
#define FZ_DUP	0x100
#define FZ_DROP	0x200

static const char *const fuzz_class_names[FZ_NCLASSES] = {
	"hwc", "init", "cqe", "eqe", "query",
};

static const char *const fuzz_kind_names[FZ_NCLASSES][FZ_MAX_KINDS] = {
	[FZ_HWC] = { "msg_size", "msg_id", "msg_type", "status", "version", "cqe_length",
		     "duplicate", "dev_activity_id", "no_response" },
	[FZ_INIT] = { "init_data", "init_cqid", "init_eq_id_db", "init_done", "unknown_type",
		      "hwc_timeout_event", "soc_service" },
	[FZ_CQE] = { "type", "wq_num", "is_sq", "owner", "length", "duplicate", "byte",
		     "no_such_queue" },
	[FZ_EQE] = { "type", "cq_id", "overflow", "duplicate", "details", "no_such_cq" },
	[FZ_QUERY] = { "zero", "ones", "random", "off_by_one", "high_bit", "small" },
};

static inline uint64_t fuzz_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* uniform in [0, n), n > 0 (bias < 2^-32 for the small n used here) */
static inline uint32_t fuzz_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)((fuzz_next(s) >> 32) * n >> 32);
}

/* true with probability permille / 1000 */
static inline int fuzz_chance(uint64_t *s, uint32_t permille)
{
	return fuzz_below(s, 1000) < permille;
}

static inline uint32_t fz_get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline void fz_put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void fz_put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }

/* a value that tends to break range checks */
static inline uint32_t fuzz_bad_u32(uint64_t *s, uint32_t old)
{
	switch (fuzz_below(s, 8)) {
	case 0: return 0;
	case 1: return 0xffffffffu;
	case 2: return old + 1;
	case 3: return old - 1;
	case 4: return 0x80000000u;
	case 5: return 1u << fuzz_below(s, 32);
	case 6: return fuzz_below(s, 64);
	default: return (uint32_t)fuzz_next(s);
	}
}

/*
 * HWC response of len bytes (header at 0) whose completion reports *cqe_len.
 * Mutates the header or the reported length; FZ_DUP: complete it twice,
 * FZ_DROP: no response at all.
 */
static inline int fuzz_mut_hwc(uint64_t *s, uint8_t *resp, uint32_t len, uint32_t *cqe_len,
			       char *d, size_t dl)
{
	int k = (int)fuzz_below(s, 9);
	uint32_t v;

	(void)len;
	switch (k) {
	case 0:
		v = fuzz_bad_u32(s, fz_get32(resp + 12));
		snprintf(d, dl, "msg_size %#x -> %#x", fz_get32(resp + 12), v);
		fz_put32(resp + 12, v);
		break;
	case 1:
		v = fuzz_below(s, 2) ? 1 + fuzz_below(s, 3) : (uint16_t)fuzz_next(s);
		snprintf(d, dl, "hwc_msg_id -> %u", v & 0xffff);
		fz_put16(resp + 10, (uint16_t)v);
		break;
	case 2:
		v = fuzz_below(s, 2) ? fz_get32(resp + 4) ^ (1u << fuzz_below(s, 20)) :
				       (uint32_t)fuzz_next(s);
		snprintf(d, dl, "msg_type %#x -> %#x", fz_get32(resp + 4), v);
		fz_put32(resp + 4, v);
		break;
	case 3: {
		static const uint32_t st[] = { 1, 2, 3, 0x105, 0xffffffffu, 0x80000000u };

		v = fuzz_below(s, 4) ? st[fuzz_below(s, 6)] : (uint32_t)fuzz_next(s);
		snprintf(d, dl, "status -> %#x", v);
		fz_put32(resp + 24, v);
		break;
	}
	case 4:
		v = fuzz_below(s, 2) ? 0 : (uint16_t)fuzz_next(s);
		snprintf(d, dl, "msg_version -> %u", v);
		fz_put16(resp + 8, (uint16_t)v);
		break;
	case 5: {
		static const uint32_t ln[] = { 0, 1, 31, 32, 4097, 0xffffffffu };

		v = fuzz_below(s, 3) ? ln[fuzz_below(s, 6)] : *cqe_len + 1 + fuzz_below(s, 64);
		snprintf(d, dl, "cqe tx_oob_data_size %u -> %u", *cqe_len, v);
		*cqe_len = v;
		break;
	}
	case 6:
		snprintf(d, dl, "completion posted twice");
		return k | FZ_DUP;
	case 7:
		v = (uint32_t)fuzz_next(s);
		snprintf(d, dl, "%s -> %#x", fuzz_below(s, 2) ? "dev_id" : "activity_id", v);
		fz_put32(resp + (d[0] == 'd' ? 16 : 20), v);
		break;
	default:
		snprintf(d, dl, "no response");
		return k | FZ_DROP;
	}
	return k;
}

/*
 * An event to post on the HWC EQ after init: *type and *d0 out.
 * Never link up/down (133 types 2/3): those are valid device states, not faults.
 */
static inline int fuzz_mut_init(uint64_t *s, uint8_t *type, uint32_t *d0, char *d, size_t dl)
{
	int k = (int)fuzz_below(s, 7);

	switch (k) {
	case 0:	/* any init data type, any value */
		*type = 130;
		*d0 = (uint32_t)fuzz_next(s);
		break;
	case 1:	/* CQ id: in range, at the top, beyond */
		*type = 130;
		*d0 = (1u << 24) | (fuzz_bad_u32(s, 0) & 0xffffff);
		break;
	case 2:
		*type = 129;
		*d0 = fuzz_below(s, 2) ? 0 : (uint32_t)fuzz_next(s);
		break;
	case 3:
		*type = 131;
		*d0 = 0;
		break;
	case 4: {
		static const uint8_t un[] = { 0, 1, 2, 4, 63, 65, 128, 136, 175, 177, 200, 255 };

		*type = un[fuzz_below(s, sizeof(un))];
		*d0 = (uint32_t)fuzz_next(s);
		break;
	}
	case 5:	/* SOC_RECONFIG_DATA type 1: new HWC timeout, any value */
		*type = 133;
		*d0 = (1u << 24) | (fuzz_bad_u32(s, 3000) & 0xffffff);
		break;
	default:	/* SOC_SERVICE: RDMA suspend/resume or an unknown service type */
		*type = 134;
		*d0 = (fuzz_below(s, 16) << 28) | (fuzz_below(s, 2) ? 0 : fuzz_bad_u32(s, 0) & 0xfffffff);
		break;
	}
	snprintf(d, dl, "event %u details %#x", *type, *d0);
	return k;
}

/* A data-path CQE (64 bytes); nq: an id beyond every queue the device has. */
static inline int fuzz_mut_cqe(uint64_t *s, uint8_t *e, uint32_t nq, char *d, size_t dl)
{
	int k = (int)fuzz_below(s, 8);
	uint32_t w = fz_get32(e + 60), v;
	unsigned int off;

	switch (k) {
	case 0:
		v = fuzz_below(s, 2) ? fuzz_below(s, 64) | (e[0] & 0xc0) : fuzz_below(s, 256);
		if (v == e[0])
			v ^= 0x20;
		snprintf(d, dl, "type byte %#x -> %#x", e[0], v);
		e[0] = (uint8_t)v;
		break;
	case 1:
		v = (w & 0xffffff) + 1 + fuzz_below(s, 4);
		snprintf(d, dl, "wq_num %u -> %u", w & 0xffffff, v & 0xffffff);
		fz_put32(e + 60, (w & ~0xffffffu) | (v & 0xffffff));
		break;
	case 2:
		snprintf(d, dl, "is_sq flipped");
		fz_put32(e + 60, w ^ (1u << 24));
		break;
	case 3:
		v = (w >> 29) + 2 + fuzz_below(s, 5);
		snprintf(d, dl, "owner %u -> %u", w >> 29, v & 7);
		fz_put32(e + 60, (w & 0x1fffffffu) | (v & 7) << 29);
		break;
	case 4:
		off = 8 + 4 * fuzz_below(s, 12);
		v = fuzz_bad_u32(s, fz_get32(e + off));
		snprintf(d, dl, "dword at %u %#x -> %#x", off, fz_get32(e + off), v);
		fz_put32(e + off, v);
		break;
	case 5:
		snprintf(d, dl, "posted twice");
		return k | FZ_DUP;
	case 6:
		off = fuzz_below(s, 60);
		v = e[off] ^ (1u << fuzz_below(s, 8));
		snprintf(d, dl, "byte %u %#x -> %#x", off, e[off], v);
		e[off] = (uint8_t)v;
		break;
	default:
		v = fuzz_below(s, 2) ? nq + fuzz_below(s, 16) : 0xffffff;
		snprintf(d, dl, "wq_num %u -> %u (no such queue)", w & 0xffffff, v);
		fz_put32(e + 60, (w & ~0xffffffu) | (v & 0xffffff));
		break;
	}
	return k;
}

/* An EQE (16 bytes); ncq: an id beyond every CQ. */
static inline int fuzz_mut_eqe(uint64_t *s, uint8_t *e, uint32_t ncq, char *d, size_t dl)
{
	int k = (int)fuzz_below(s, 6);
	uint32_t w = fz_get32(e + 12), v;

	switch (k) {
	case 0: {
		/* types the device may send (not 135/132: a reset is the device's right) */
		static const uint8_t ty[] = { 0, 1, 3, 64, 129, 130, 131, 133, 134, 176, 200, 255 };

		v = ty[fuzz_below(s, sizeof(ty))];
		if (v == (w & 0xff))
			v = 200;
		snprintf(d, dl, "type %u -> %u", w & 0xff, v);
		fz_put32(e + 12, (w & ~0xffu) | v);
		break;
	}
	case 1:
		v = fuzz_bad_u32(s, fz_get32(e)) & 0xffffff;
		snprintf(d, dl, "details[0] %#x -> %#x", fz_get32(e), v);
		fz_put32(e, v);
		break;
	case 2:
		v = (w >> 29) + 2 + fuzz_below(s, 5);
		snprintf(d, dl, "owner %u -> %u (overflow)", w >> 29, v & 7);
		fz_put32(e + 12, (w & 0x1fffffffu) | (v & 7) << 29);
		break;
	case 3:
		snprintf(d, dl, "posted twice");
		return k | FZ_DUP;
	case 4:
		v = (uint32_t)fuzz_next(s);
		snprintf(d, dl, "details[0] %#x -> %#x", fz_get32(e), v);
		fz_put32(e, v);
		break;
	default:
		v = ncq + fuzz_below(s, 64);
		snprintf(d, dl, "completion for CQ %u (no such CQ)", v);
		fz_put32(e, v);
		fz_put32(e + 12, (w & ~0xffu) | 3);
		break;
	}
	return k;
}

/* A value in the body (from byte 32) of a successful response of len bytes. */
static inline int fuzz_mut_query(uint64_t *s, uint8_t *resp, uint32_t len, char *d, size_t dl)
{
	unsigned int off;
	uint32_t old, v;
	int k = (int)fuzz_below(s, 6);

	if (len < 36)
		return -1;
	off = 32 + 4 * fuzz_below(s, (len - 32) / 4);
	old = fz_get32(resp + off);
	switch (k) {
	case 0: v = 0; break;
	case 1: v = 0xffffffffu; break;
	case 2: v = (uint32_t)fuzz_next(s); break;
	case 3: v = fuzz_below(s, 2) ? old + 1 : old - 1; break;
	case 4: v = old | 0x80000000u; break;
	default: v = fuzz_below(s, 4); break;
	}
	snprintf(d, dl, "body dword at %u %#x -> %#x", off, old, v);
	fz_put32(resp + off, v);
	return k;
}

#endif
