// SPDX-License-Identifier: GPL-2.0
/*
 * Device-side fuzzer: seeded mutations of the messages the device produces.
 *
 *   fuzz SEED RATE CLASSES EVENTS   start: RATE per mille of the messages of each class
 *                                   in CLASSES (comma list of hwc,init,cqe,eqe,query or
 *                                   "all") are mutated, until EVENTS mutations were made
 *   fuzz off                        stop
 *   fuzz                            state: "ok on|off seed=S left=N mutations=N"
 *
 * Hooks: hwc.c (responses, their completion, events after init), queues.c
 * (eq_post, cq_post). Each mutation is logged as "fuzz #SEQ CLASS KIND: what"
 * and counted per class and kind (stats JSON "fuzz"). The decisions come
 * from one splitmix64 stream seeded with SEED: the same messages in the same
 * order get the same mutations.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "model.h"
#include "fuzz.h"

struct fuzz_state FZ;

static bool fuzz_want(int cls)
{
	if (!FZ.on || !(FZ.classes & (1u << cls)))
		return false;
	FZ.seen[cls]++;
	return fuzz_chance(&FZ.rng, FZ.rate);
}

static void fuzz_count(int cls, int kind, const char *what)
{
	kind &= 0xff;
	FZ.seq++;
	FZ.mutated[cls]++;
	if (kind >= 0 && kind < FZ_MAX_KINDS)
		FZ.kinds[cls][kind]++;
	M.st.faults_injected++;
	LOG("fuzz #%" PRIu64 " %s %s: %s\n", FZ.seq, fuzz_class_names[cls],
	    fuzz_kind_names[cls][kind] ? fuzz_kind_names[cls][kind] : "?", what);
	if (FZ.left && !--FZ.left) {
		FZ.on = false;
		LOG("fuzz: %" PRIu64 " mutations done (seed %" PRIu64 "), off\n", FZ.seq, FZ.seed);
	}
}

int fuzz_hwc_response(u8 *resp, u32 len, u32 *cqe_len, u32 status)
{
	char what[96];
	int r = 0, k;

	if (status == STATUS_OK && fuzz_want(FZ_QUERY)) {
		k = fuzz_mut_query(&FZ.rng, resp, len, what, sizeof(what));
		if (k >= 0) {
			char w2[128];

			snprintf(w2, sizeof(w2), "opcode %#x %s", get32(resp + 4), what);
			fuzz_count(FZ_QUERY, k, w2);
		}
	}
	if (fuzz_want(FZ_HWC)) {
		char w2[128];
		u32 op = get32(resp + 4);

		r = fuzz_mut_hwc(&FZ.rng, resp, len, cqe_len, what, sizeof(what));
		snprintf(w2, sizeof(w2), "opcode %#x %s", op, what);
		fuzz_count(FZ_HWC, r, w2);
	}
	return r & (FZ_DUP | FZ_DROP);
}

void fuzz_hwc_events(void)
{
	char what[96];
	u8 type;
	u32 d0;
	int k;

	if (!M.hwc_up || !fuzz_want(FZ_INIT))
		return;
	k = fuzz_mut_init(&FZ.rng, &type, &d0, what, sizeof(what));
	fuzz_count(FZ_INIT, k, what);
	hwc_post_event(type, d0);
}

int fuzz_cqe(const struct queue *cq, u8 *e)
{
	char what[96], w2[128];
	int k;

	if (M.hwc_up && cq->id == M.hwc_cq_id)
		return 0;	/* HWC completions: class hwc */
	if (!fuzz_want(FZ_CQE))
		return 0;
	k = fuzz_mut_cqe(&FZ.rng, e, MODEL_MAX_WQ, what, sizeof(what));
	snprintf(w2, sizeof(w2), "CQ %u %s", cq->id, what);
	fuzz_count(FZ_CQE, k, w2);
	return k & FZ_DUP;
}

int fuzz_eqe(const struct queue *eq, u8 *e)
{
	char what[96], w2[128];
	int k;

	if (!fuzz_want(FZ_EQE))
		return 0;
	k = fuzz_mut_eqe(&FZ.rng, e, MODEL_MAX_CQ, what, sizeof(what));
	snprintf(w2, sizeof(w2), "EQ %u %s", eq->id, what);
	fuzz_count(FZ_EQE, k, w2);
	return k & FZ_DUP;
}

static bool parse_classes(const char *s, u32 *out)
{
	char buf[128], *tok, *save = NULL;
	int i;

	*out = 0;
	if (!strcmp(s, "all")) {
		*out = (1u << FZ_NCLASSES) - 1;
		return true;
	}
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < FZ_NCLASSES; i++)
			if (!strcmp(tok, fuzz_class_names[i]))
				break;
		if (i == FZ_NCLASSES)
			return false;
		*out |= 1u << i;
	}
	return *out != 0;
}

int fuzz_start(u64 seed, u32 rate, const char *classes, u64 events)
{
	u32 cl;

	if (!parse_classes(classes, &cl) || rate > 1000)
		return -1;
	FZ.on = true;
	FZ.seed = seed;
	FZ.rng = seed;
	FZ.rate = rate;
	FZ.classes = cl;
	FZ.left = events;
	FZ.runs++;
	LOG("fuzz: on, seed %" PRIu64 " rate %u/1000 classes %s events %" PRIu64 "\n",
	    seed, rate, classes, events);
	return 0;
}

int fuzz_command(char *args, char *reply, size_t rlen)
{
	char *a[4], *save = NULL;
	unsigned long long seed, events;
	unsigned long rate;
	char *end;
	int n = 0;

	for (char *t = strtok_r(args, " \t", &save); t && n < 4; t = strtok_r(NULL, " \t", &save))
		a[n++] = t;
	if (n == 0) {
		snprintf(reply, rlen, "ok %s seed=%" PRIu64 " left=%" PRIu64 " mutations=%" PRIu64,
			 FZ.on ? "on" : "off", FZ.seed, FZ.left, FZ.seq);
		return 0;
	}
	if (n == 1 && !strcmp(a[0], "off")) {
		if (FZ.on)
			LOG("fuzz: off after %" PRIu64 " mutations (seed %" PRIu64 ")\n", FZ.seq,
			    FZ.seed);
		FZ.on = false;
		snprintf(reply, rlen, "ok mutations=%" PRIu64, FZ.seq);
		return 0;
	}
	if (n != 4)
		goto bad;
	seed = strtoull(a[0], &end, 0);
	if (*end)
		goto bad;
	rate = strtoul(a[1], &end, 0);
	if (*end)
		goto bad;
	events = strtoull(a[3], &end, 0);
	if (*end)
		goto bad;
	if (fuzz_start(seed, (u32)MIN(rate, 1001ul), a[2], events))
		goto bad;
	snprintf(reply, rlen, "ok seed=%llu", seed);
	return 0;
bad:
	snprintf(reply, rlen, "error: usage: fuzz SEED RATE(0-1000 per mille) CLASSES(all|hwc,init,cqe,eqe,query) EVENTS | fuzz off");
	return -1;
}

void fuzz_json(char *out, size_t len)
{
	size_t o;
	int i, j;

	o = (size_t)snprintf(out, len, "{\"on\":%s,\"seed\":%" PRIu64 ",\"rate\":%u,\"left\":%" PRIu64
			     ",\"runs\":%" PRIu64 ",\"mutations\":%" PRIu64,
			     FZ.on ? "true" : "false", FZ.seed, FZ.rate, FZ.left, FZ.runs, FZ.seq);
	for (i = 0; i < FZ_NCLASSES && o < len; i++) {
		o += (size_t)snprintf(out + o, len - o, ",\"%s\":{\"seen\":%" PRIu64
				      ",\"mutated\":%" PRIu64 ",\"kinds\":{", fuzz_class_names[i],
				      FZ.seen[i], FZ.mutated[i]);
		for (j = 0; j < FZ_MAX_KINDS && fuzz_kind_names[i][j] && o < len; j++)
			o += (size_t)snprintf(out + o, len - o, "%s\"%s\":%" PRIu64, j ? "," : "",
					      fuzz_kind_names[i][j], FZ.kinds[i][j]);
		if (o < len)
			o += (size_t)snprintf(out + o, len - o, "}}");
	}
	if (o < len)
		snprintf(out + o, len - o, "}");
}
