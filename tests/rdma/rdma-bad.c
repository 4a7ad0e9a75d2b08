// SPDX-License-Identifier: GPL-2.0
/*
 * rdma-bad: bad RDMA work requests against the RNIC (usage: rdma-bad DEVICE GID_INDEX).
 * Each case connects a fresh pair of RC QPs on port 1 to each other, posts one bad request
 * from QP a and expects what the device must do: no data moved at the target, QP a (or b)
 * reported IBV_EVENT_QP_FATAL (also for a SEND that finds no receive posted when the QP
 * has no RNR retries, and for a WRITE with the rkey of an MR in another PD than the
 * target QP's). rdma-core 56's libmana reports no error work completions
 * for RC, so the fatal event is the signal a user gets. Prints "ok CASE" or "FAIL CASE";
 * exit status 1 if any case failed.
 *
 * rdma-bad DEVICE GID_INDEX fatal: the device-fatal case instead. A connected pair of RC
 * QPs (a receive posted on one) with its CQs, MRs and PD stays open; "READY" is printed
 * and the caller takes the function away (reset request, FPGA reconfiguration, removal).
 * IBV_EVENT_DEVICE_FATAL must arrive on the context's async fd within 90 s, and every
 * destroy, the PD's dealloc and the close of the context must succeed afterwards.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <infiniband/verbs.h>

#define BUF 8192

struct side {
	struct ibv_qp *qp;
	struct ibv_cq *cq;
	struct ibv_mr *mr;
	char *buf;
};

static struct ibv_context *ctx;
static struct ibv_pd *pd;
static int gidx, failures;
/* the RTS attribute rnr_retry of the next connect_qp(): 7 retries forever */
static int rnr_retry = 7;

/* buffer, MR (in @mr_pd), CQ and RC QP (in the common PD) of one side */
static int side_open(struct side *s, int access, struct ibv_pd *mr_pd)
{
	struct ibv_qp_init_attr ia = { 0 };

	s->buf = aligned_alloc(4096, BUF);
	if (!s->buf)
		return -1;
	memset(s->buf, 0x5a, BUF);
	s->mr = ibv_reg_mr(mr_pd, s->buf, BUF, access);
	s->cq = ibv_create_cq(ctx, 64, NULL, NULL, 0);
	if (!s->mr || !s->cq)
		return -1;
	ia.send_cq = s->cq;
	ia.recv_cq = s->cq;
	ia.qp_type = IBV_QPT_RC;
	ia.cap.max_send_wr = 16;
	ia.cap.max_recv_wr = 16;
	ia.cap.max_send_sge = 1;
	ia.cap.max_recv_sge = 1;
	s->qp = ibv_create_qp(pd, &ia);
	return s->qp ? 0 : -1;
}

/* destroys what side_open() made; returns the number of destroy verbs that failed */
static int side_close(struct side *s)
{
	int bad = 0;

	if (s->qp && ibv_destroy_qp(s->qp))
		bad++;
	if (s->cq && ibv_destroy_cq(s->cq))
		bad++;
	if (s->mr && ibv_dereg_mr(s->mr))
		bad++;
	free(s->buf);
	memset(s, 0, sizeof(*s));
	return bad;
}

/* RESET -> INIT -> RTR -> RTS towards @peer; @rts false stops at INIT */
static int connect_qp(struct side *s, struct side *peer, int qp_access, int rts)
{
	struct ibv_qp_attr a = { 0 };
	union ibv_gid gid;

	if (ibv_query_gid(ctx, 1, gidx, &gid))
		return -1;
	a.qp_state = IBV_QPS_INIT;
	a.port_num = 1;
	a.qp_access_flags = qp_access;
	if (ibv_modify_qp(s->qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT |
			  IBV_QP_ACCESS_FLAGS))
		return -1;
	if (!rts)
		return 0;
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTR;
	a.path_mtu = IBV_MTU_1024;
	a.dest_qp_num = peer->qp->qp_num;
	a.rq_psn = 100;
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;
	a.ah_attr.is_global = 1;
	a.ah_attr.grh.dgid = gid;
	a.ah_attr.grh.sgid_index = gidx;
	a.ah_attr.grh.hop_limit = 64;
	a.ah_attr.port_num = 1;
	if (ibv_modify_qp(s->qp, &a, IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU |
			  IBV_QP_DEST_QPN | IBV_QP_RQ_PSN | IBV_QP_MAX_DEST_RD_ATOMIC |
			  IBV_QP_MIN_RNR_TIMER))
		return -1;
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTS;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = rnr_retry;
	a.sq_psn = 100;
	a.max_rd_atomic = 1;
	return ibv_modify_qp(s->qp, &a, IBV_QP_STATE | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT |
			     IBV_QP_RNR_RETRY | IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC);
}

/* wait up to @ms for a QP-fatal event on @qp (other events are acknowledged) */
static int wait_fatal(struct ibv_qp *qp, int ms)
{
	struct pollfd p = { .fd = ctx->async_fd, .events = POLLIN };
	struct ibv_async_event ev;

	while (poll(&p, 1, ms) > 0) {
		if (ibv_get_async_event(ctx, &ev))
			return 0;
		ibv_ack_async_event(&ev);
		if (ev.event_type == IBV_EVENT_QP_FATAL && ev.element.qp == qp)
			return 1;
	}
	return 0;
}

static int post(struct side *s, enum ibv_wr_opcode op, char *laddr, uint32_t lkey,
		uint64_t raddr, uint32_t rkey, uint32_t len)
{
	struct ibv_sge sge = { (uintptr_t)laddr, len, lkey };
	struct ibv_send_wr wr = { 0 }, *bad;

	wr.opcode = op;
	wr.sg_list = &sge;
	wr.num_sge = 1;
	wr.send_flags = IBV_SEND_SIGNALED;
	wr.wr.rdma.remote_addr = raddr;
	wr.wr.rdma.rkey = rkey;
	return ibv_post_send(s->qp, &wr, &bad);
}

static int unchanged(const char *b, char v)
{
	int i;

	for (i = 0; i < BUF; i++)
		if (b[i] != v)
			return 0;
	return 1;
}

static void report(const char *name, int ok, const char *detail)
{
	printf("%s %s%s%s\n", ok ? "ok" : "FAIL", name, detail ? ": " : "", detail ? detail : "");
	if (!ok)
		failures++;
}

enum kind { OOB_WRITE, OOB_READ, BAD_RKEY, NO_REMOTE_WRITE, NO_REMOTE_READ, BAD_LKEY, NOT_RTS,
	    RNR, OTHER_PD };

static void run(const char *name, enum kind k)
{
	int full = IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ;
	int qpacc = IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ;
	struct side a = { 0 }, b = { 0 };
	struct ibv_pd *pd2 = NULL;
	uint64_t rbase;
	int fatal, ok;

	/* RNR: no receive posted at b and no RNR retries at a: the SEND fails at once */
	rnr_retry = k == RNR ? 0 : 7;
	/* OTHER_PD: b's MR (full access) lives in a second PD, not in b's QP's */
	if (k == OTHER_PD)
		pd2 = ibv_alloc_pd(ctx);
	if ((k == OTHER_PD && !pd2) || side_open(&a, full, pd) ||
	    side_open(&b, k == NO_REMOTE_WRITE || k == NO_REMOTE_READ ?
		      IBV_ACCESS_LOCAL_WRITE : full, pd2 ? pd2 : pd) ||
	    connect_qp(&a, &b, qpacc, k != NOT_RTS) || connect_qp(&b, &a, qpacc, 1)) {
		report(name, 0, strerror(errno));
		goto out;
	}
	memset(a.buf, 0x11, BUF);
	rbase = (uintptr_t)b.buf;
	switch (k) {
	case OOB_WRITE:
		ok = !post(&a, IBV_WR_RDMA_WRITE, a.buf, a.mr->lkey, rbase + BUF - 64, b.mr->rkey, 128);
		break;
	case OOB_READ:
		ok = !post(&a, IBV_WR_RDMA_READ, a.buf, a.mr->lkey, rbase + BUF - 64, b.mr->rkey, 128);
		break;
	case BAD_RKEY:
		ok = !post(&a, IBV_WR_RDMA_WRITE, a.buf, a.mr->lkey, rbase, b.mr->rkey + 1000, 64);
		break;
	case NO_REMOTE_WRITE:
		ok = !post(&a, IBV_WR_RDMA_WRITE, a.buf, a.mr->lkey, rbase, b.mr->rkey, 64);
		break;
	case NO_REMOTE_READ:
		ok = !post(&a, IBV_WR_RDMA_READ, a.buf, a.mr->lkey, rbase, b.mr->rkey, 64);
		break;
	case BAD_LKEY:
		ok = !post(&a, IBV_WR_RDMA_WRITE, a.buf, a.mr->lkey + 1000, rbase, b.mr->rkey, 64);
		break;
	case OTHER_PD:
		ok = !post(&a, IBV_WR_RDMA_WRITE, a.buf, a.mr->lkey, rbase, b.mr->rkey, 64);
		break;
	case RNR:
		ok = !post(&a, IBV_WR_SEND, a.buf, a.mr->lkey, 0, 0, 64);
		break;
	default:
		ok = 1;
		post(&a, IBV_WR_RDMA_WRITE, a.buf, a.mr->lkey, rbase, b.mr->rkey, 64);
		break;
	}
	if (!ok) {
		report(name, 0, "post_send refused");
		goto out;
	}
	fatal = wait_fatal(a.qp, 3000);
	if (k == NOT_RTS)
		/* a QP in INIT does not send: nothing moves, nothing fails */
		report(name, !fatal && unchanged(b.buf, 0x5a), "WRITE posted on a QP in INIT");
	else if (k == OOB_READ || k == NO_REMOTE_READ)
		report(name, fatal && unchanged(a.buf, 0x11), "QP fatal, local buffer untouched");
	else
		report(name, fatal && unchanged(b.buf, 0x5a), "QP fatal, target untouched");
out:
	side_close(&a);
	side_close(&b);
	if (pd2)
		ibv_dealloc_pd(pd2);
}

/*
 * The device-fatal case: objects open while the function goes away, the event, then
 * user space frees its side (libibverbs maps the dead device's EIO to success).
 */
static void run_fatal(void)
{
	int full = IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ;
	struct pollfd p = { .fd = ctx->async_fd, .events = POLLIN };
	struct side a = { 0 }, b = { 0 };
	struct ibv_sge sge;
	struct ibv_recv_wr rwr = { 0 }, *rbad;
	struct ibv_async_event ev;
	char detail[128] = "no async event within 90 s";
	int got = 0, bad, left = 90;

	if (side_open(&a, full, pd) || side_open(&b, full, pd) ||
	    connect_qp(&a, &b, IBV_ACCESS_REMOTE_WRITE, 1) ||
	    connect_qp(&b, &a, IBV_ACCESS_REMOTE_WRITE, 1)) {
		report("device-fatal-setup", 0, strerror(errno));
		side_close(&a);
		side_close(&b);
		return;
	}
	sge.addr = (uintptr_t)b.buf;
	sge.length = 64;
	sge.lkey = b.mr->lkey;
	rwr.sg_list = &sge;
	rwr.num_sge = 1;
	if (ibv_post_recv(b.qp, &rwr, &rbad))
		report("device-fatal-setup", 0, "post_recv refused");
	printf("READY qp %u %u\n", a.qp->qp_num, b.qp->qp_num);
	fflush(stdout);
	/* one-second polls: other events (a QP's, a port's) are acknowledged and logged */
	while (left-- > 0 && !got) {
		if (poll(&p, 1, 1000) != 1)
			continue;
		if (ibv_get_async_event(ctx, &ev)) {
			snprintf(detail, sizeof(detail), "ibv_get_async_event: %s", strerror(errno));
			break;
		}
		ibv_ack_async_event(&ev);
		got = ev.event_type == IBV_EVENT_DEVICE_FATAL;
		snprintf(detail, sizeof(detail), "last event %s after %d s",
			 ibv_event_type_str(ev.event_type), 89 - left);
	}
	report("device-fatal-event", got, detail);
	bad = side_close(&a) + side_close(&b);
	if (ibv_dealloc_pd(pd))
		bad++;
	pd = NULL;
	if (ibv_close_device(ctx))
		bad++;
	ctx = NULL;
	snprintf(detail, sizeof(detail), "%d of 8 destroy/dealloc/close calls failed", bad);
	report("device-fatal-close", !bad, detail);
}

int main(int argc, char **argv)
{
	struct ibv_device **l;
	int i, n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 3 && !(argc == 4 && !strcmp(argv[3], "fatal")))
		return 2;
	gidx = atoi(argv[2]);
	l = ibv_get_device_list(&n);
	for (i = 0; l && i < n; i++)
		if (!strcmp(ibv_get_device_name(l[i]), argv[1]))
			ctx = ibv_open_device(l[i]);
	if (!ctx || !(pd = ibv_alloc_pd(ctx))) {
		printf("FAIL open %s\n", argv[1]);
		return 1;
	}
	if (argc == 4) {
		run_fatal();
		ibv_free_device_list(l);
		return failures ? 1 : 0;
	}
	run("oob-write", OOB_WRITE);
	run("oob-read", OOB_READ);
	run("bad-rkey", BAD_RKEY);
	run("no-remote-write", NO_REMOTE_WRITE);
	run("no-remote-read", NO_REMOTE_READ);
	run("bad-lkey", BAD_LKEY);
	run("not-rts", NOT_RTS);
	run("rnr-send", RNR);
	run("other-pd-rkey", OTHER_PD);
	ibv_dealloc_pd(pd);
	ibv_close_device(ctx);
	ibv_free_device_list(l);
	return failures ? 1 : 0;
}
