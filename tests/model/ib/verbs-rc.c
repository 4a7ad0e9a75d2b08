// SPDX-License-Identifier: GPL-2.0
/*
 * RC queue pairs on our RNIC device (mana_0) through libibverbs and
 * rdma-core's mana provider: device/port/GID queries, two RC QPs of one
 * context connected to each other over GID 0 (the model's engine finds the
 * peer by QP number), SEND, WRITE, WRITE with immediate and READ with their
 * data checked; then the bad input the verbs must refuse or turn into error
 * completions: wrong state transitions, READ depth over the limit, a bad
 * lkey, a bad rkey, an out-of-bounds WRITE and READ, a PD with an MR alive;
 * "inflight" exits with QPs, posted work and MRs alive (the kernel cleans up).
 * Usage: verbs-rc rc | inflight | norc   (norc: rdma-core without RC support
 * must refuse the RC QP cleanly). Prints PASS:/FAIL: lines; exit status 0
 * when all passed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>
#include <infiniband/verbs.h>

#define BUF	65536
#define DEPTH	16

static int failures;

static void report(int ok, const char *what, int err)
{
	if (ok)
		printf("PASS: %s\n", what);
	else
		printf("FAIL: %s (errno %d %s)\n", what, err, strerror(err));
	failures += !ok;
}

struct side {
	struct ibv_cq *scq, *rcq;
	struct ibv_qp *qp;
	struct ibv_mr *mr;
	char *buf;
};

static struct ibv_context *ctx;
static struct ibv_pd *pd;
static union ibv_gid gid;
static struct ibv_device_attr dattr;

/* the mana provider this process runs with (rdma-core 44 or 56) */
static void show_provider(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512], *path;

	while (f && fgets(line, sizeof(line), f)) {
		path = strchr(line, '/');
		if (path && strstr(path, "libmana")) {
			printf("provider: %s", path);
			break;
		}
	}
	if (f)
		fclose(f);
}

static int open_dev(void)
{
	struct ibv_device **list;
	int n, i;

	list = ibv_get_device_list(&n);
	for (i = 0; list && i < n; i++)
		if (!strcmp(ibv_get_device_name(list[i]), "mana_0"))
			break;
	report(list && i < n, "libibverbs lists the RNIC mana_0", errno);
	if (!list || i == n)
		return -1;
	ctx = ibv_open_device(list[i]);
	ibv_free_device_list(list);
	report(!!ctx, "open mana_0 (context, doorbell page)", errno);
	show_provider();
	return ctx ? 0 : -1;
}

static int make_side(struct side *s)
{
	struct ibv_qp_init_attr a = {};

	s->buf = aligned_alloc(4096, BUF);
	if (!s->buf)
		return -1;
	memset(s->buf, 0, BUF);
	s->mr = ibv_reg_mr(pd, s->buf, BUF, IBV_ACCESS_LOCAL_WRITE |
			   IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ);
	if (!s->mr) {
		printf("ibv_reg_mr: %s\n", strerror(errno));
		return -1;
	}
	s->scq = ibv_create_cq(ctx, DEPTH * 2, NULL, NULL, 0);
	s->rcq = s->scq ? ibv_create_cq(ctx, DEPTH * 2, NULL, NULL, 0) : NULL;
	if (!s->rcq) {
		printf("ibv_create_cq: %s\n", strerror(errno));
		return -1;
	}
	a.qp_type = IBV_QPT_RC;
	a.send_cq = s->scq;
	a.recv_cq = s->rcq;
	a.cap.max_send_wr = DEPTH;
	a.cap.max_recv_wr = DEPTH;
	a.cap.max_send_sge = 2;
	a.cap.max_recv_sge = 2;
	s->qp = ibv_create_qp(pd, &a);
	if (!s->qp)
		printf("ibv_create_qp: %s\n", strerror(errno));
	return s->qp ? 0 : -1;
}

static void free_side(struct side *s)
{
	if (s->qp)
		ibv_destroy_qp(s->qp);
	if (s->scq)
		ibv_destroy_cq(s->scq);
	if (s->rcq)
		ibv_destroy_cq(s->rcq);
	if (s->mr)
		ibv_dereg_mr(s->mr);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

static int to_init(struct ibv_qp *qp)
{
	struct ibv_qp_attr a = {};

	a.qp_state = IBV_QPS_INIT;
	a.port_num = 1;
	a.qp_access_flags = IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ;
	return ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX |
			     IBV_QP_PORT | IBV_QP_ACCESS_FLAGS);
}

static int to_rtr(struct ibv_qp *qp, uint32_t dqpn, uint8_t rd)
{
	struct ibv_qp_attr a = {};

	a.qp_state = IBV_QPS_RTR;
	a.path_mtu = IBV_MTU_1024;
	a.dest_qp_num = dqpn;
	a.rq_psn = 100;
	a.max_dest_rd_atomic = rd;
	a.min_rnr_timer = 12;
	a.ah_attr.is_global = 1;
	a.ah_attr.grh.dgid = gid;
	a.ah_attr.grh.sgid_index = 0;
	a.ah_attr.grh.hop_limit = 64;
	a.ah_attr.port_num = 1;
	/*
	 * The core resolves the destination MAC of a RoCE address vector before the
	 * driver sees the request; on a loaded TCG guest its first neighbour lookup can
	 * time out (ETIMEDOUT, seen in a make check run). That is not what is tested
	 * here: try again, at most three times.
	 */
	for (int i = 0;; i++) {
		int err = ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_AV |
					IBV_QP_PATH_MTU | IBV_QP_DEST_QPN |
					IBV_QP_RQ_PSN | IBV_QP_MAX_DEST_RD_ATOMIC |
					IBV_QP_MIN_RNR_TIMER);

		if (err != ETIMEDOUT || i == 2)
			return err;
		sleep(1);
	}
}

static int to_rts(struct ibv_qp *qp)
{
	struct ibv_qp_attr a = {};

	a.qp_state = IBV_QPS_RTS;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.sq_psn = 100;
	a.max_rd_atomic = 1;
	return ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_TIMEOUT |
			     IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY |
			     IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC);
}

static int connect_pair(struct side *a, struct side *b)
{
	return to_init(a->qp) || to_init(b->qp) ||
	       to_rtr(a->qp, b->qp->qp_num, 1) || to_rtr(b->qp, a->qp->qp_num, 1) ||
	       to_rts(a->qp) || to_rts(b->qp);
}

/* one completion within @secs; returns its status or -1 on timeout */
static int poll_for(struct ibv_cq *cq, struct ibv_wc *wc, int secs)
{
	time_t end = time(NULL) + secs;
	int n;

	while (time(NULL) < end) {
		n = ibv_poll_cq(cq, 1, wc);
		if (n < 0)
			return -1;
		if (n == 1)
			return wc->status;
		usleep(1000);
	}
	return -1;
}

static int poll1(struct ibv_cq *cq, struct ibv_wc *wc)
{
	return poll_for(cq, wc, 20);
}

/* an IBV_EVENT_QP_FATAL for @qp on the async fd within @secs */
static int qp_fatal_event(struct ibv_qp *qp, int secs)
{
	struct ibv_async_event ev;
	struct pollfd pfd = { .fd = ctx->async_fd, .events = POLLIN };
	int fatal = 0;

	while (!fatal && poll(&pfd, 1, secs * 1000) == 1) {
		if (ibv_get_async_event(ctx, &ev))
			break;
		fatal = ev.event_type == IBV_EVENT_QP_FATAL && ev.element.qp == qp;
		ibv_ack_async_event(&ev);
		secs = 1;
	}
	return fatal;
}

static int post_recv(struct side *s, uint32_t off, uint32_t len)
{
	struct ibv_sge sge = { (uintptr_t)s->buf + off, len, s->mr->lkey };
	struct ibv_recv_wr wr = { .wr_id = 7, .sg_list = &sge, .num_sge = 1 }, *bad;

	return ibv_post_recv(s->qp, &wr, &bad);
}

static int post_send(struct side *s, enum ibv_wr_opcode op, uint32_t off,
		     uint32_t len, uint32_t lkey, uint64_t raddr, uint32_t rkey)
{
	struct ibv_sge sge = { (uintptr_t)s->buf + off, len, lkey };
	struct ibv_send_wr wr = {}, *bad;

	wr.wr_id = 9;
	wr.sg_list = &sge;
	wr.num_sge = 1;
	wr.opcode = op;
	wr.send_flags = IBV_SEND_SIGNALED;
	wr.imm_data = htobe32(0x1234);
	wr.wr.rdma.remote_addr = raddr;
	wr.wr.rdma.rkey = rkey;
	return ibv_post_send(s->qp, &wr, &bad);
}

static void fill(char *p, int len, int seed)
{
	int i;

	for (i = 0; i < len; i++)
		p[i] = (char)(i * 7 + seed);
}

/* a zero-based MR of the PD (B reaches it): remote addresses count from 0 */
static void zero_based(struct side *a)
{
	struct ibv_mr *zmr;
	struct ibv_wc wc;
	char *zbuf;
	int st;

	zbuf = aligned_alloc(4096, 16384);
	if (!zbuf)
		return;
	memset(zbuf, 0, 16384);
	zmr = ibv_reg_mr_iova2(pd, zbuf, 16384, 0, IBV_ACCESS_LOCAL_WRITE |
			       IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_ZERO_BASED);
	report(!!zmr, "register a zero-based MR (16 KiB)", errno);
	if (zmr) {
		fill(a->buf + 49152, 2048, 5);
		st = post_send(a, IBV_WR_RDMA_WRITE, 49152, 2048, a->mr->lkey,
			       4096, zmr->rkey);
		st = st ? -1 : poll1(a->scq, &wc);
		report(st == IBV_WC_SUCCESS && !memcmp(a->buf + 49152, zbuf + 4096, 2048),
		       "RDMA WRITE to offset 4096 of the zero-based MR lands at its byte 4096",
		       st);
		ibv_dereg_mr(zmr);
	}
	free(zbuf);
}

static void data_path(struct side *a, struct side *b)
{
	struct ibv_wc wc;
	int st;

	fill(a->buf, 4096, 1);
	report(!post_recv(b, 0, 4096), "post a receive on QP B", errno);
	report(!post_send(a, IBV_WR_SEND, 0, 4096, a->mr->lkey, 0, 0),
	       "post a 4 KiB SEND on QP A", errno);
	st = poll1(a->scq, &wc);
	report(st == IBV_WC_SUCCESS && wc.opcode == IBV_WC_SEND,
	       "SEND: successful send completion", st);
	st = poll1(b->rcq, &wc);
	report(st == IBV_WC_SUCCESS && wc.opcode == IBV_WC_RECV &&
	       wc.byte_len == 4096 && wc.qp_num == b->qp->qp_num &&
	       !memcmp(a->buf, b->buf, 4096),
	       "SEND: receive completion on B with 4096 bytes, data equal", st);

	fill(a->buf + 8192, 16384, 2);
	report(!post_send(a, IBV_WR_RDMA_WRITE, 8192, 16384, a->mr->lkey,
			  (uintptr_t)b->buf + 8192, b->mr->rkey),
	       "post a 16 KiB RDMA WRITE", errno);
	st = poll1(a->scq, &wc);
	report(st == IBV_WC_SUCCESS && wc.opcode == IBV_WC_RDMA_WRITE &&
	       !memcmp(a->buf + 8192, b->buf + 8192, 16384),
	       "RDMA WRITE completes, data equal", st);

	report(!post_recv(b, 0, 16), "post a receive for WRITE with immediate", errno);
	fill(a->buf + 32768, 1024, 3);
	report(!post_send(a, IBV_WR_RDMA_WRITE_WITH_IMM, 32768, 1024, a->mr->lkey,
			  (uintptr_t)b->buf + 32768, b->mr->rkey),
	       "post an RDMA WRITE with immediate", errno);
	st = poll1(a->scq, &wc);
	report(st == IBV_WC_SUCCESS, "WRITE with immediate: send completion", st);
	st = poll1(b->rcq, &wc);
	report(st == IBV_WC_SUCCESS && (wc.wc_flags & IBV_WC_WITH_IMM) &&
	       be32toh(wc.imm_data) == 0x1234 &&
	       !memcmp(a->buf + 32768, b->buf + 32768, 1024),
	       "WRITE with immediate: receive completion carries 0x1234, data equal", st);

	fill(b->buf + 40960, 8192, 4);
	report(!post_send(a, IBV_WR_RDMA_READ, 40960, 8192, a->mr->lkey,
			  (uintptr_t)b->buf + 40960, b->mr->rkey),
	       "post an 8 KiB RDMA READ", errno);
	st = poll1(a->scq, &wc);
	report(st == IBV_WC_SUCCESS && wc.opcode == IBV_WC_RDMA_READ &&
	       !memcmp(a->buf + 40960, b->buf + 40960, 8192),
	       "RDMA READ completes, data equal", st);
	zero_based(a);
}

/* a fresh connected pair, one bad work request, an error completion */
static void bad_wr(const char *what, int op, int bad_lkey, int bad_rkey, int oob)
{
	struct side a = {}, b = {};
	struct ibv_wc wc;
	char msg[200];
	uint64_t raddr;
	int st, fatal;

	if (make_side(&a) || make_side(&b) || connect_pair(&a, &b)) {
		snprintf(msg, sizeof(msg), "%s: QP pair set up", what);
		report(0, msg, errno);
		goto out;
	}
	raddr = (uintptr_t)b.buf + (oob ? BUF - 1024 : 0);
	if (op == IBV_WR_SEND)
		post_recv(&b, 0, 4096);
	st = post_send(&a, op, 0, 4096, bad_lkey ? a.mr->lkey ^ 0x5a5a00 : a.mr->lkey,
		       raddr, bad_rkey ? b.mr->rkey ^ 0x5a5a00 : b.mr->rkey);
	if (st) {
		/* a provider may refuse the WR itself */
		snprintf(msg, sizeof(msg), "%s: refused at post (%d)", what, st);
		report(1, msg, 0);
		goto out;
	}
	/* the device completes the WR in error and raises QP-fatal */
	st = poll_for(a.scq, &wc, 5);
	fatal = qp_fatal_event(a.qp, 5) || qp_fatal_event(b.qp, 1);
	snprintf(msg, sizeof(msg),
		 "%s: error completion (status %d %s) and IBV_EVENT_QP_FATAL (%s), no hang",
		 what, st, st >= 0 ? ibv_wc_status_str(st) : "none", fatal ? "yes" : "no");
	report(st > 0 || fatal, msg, 0);
out:
	free_side(&a);
	free_side(&b);
}

static void bad_modify(struct side *s)
{
	struct ibv_qp_attr a = {};
	int err;

	a.qp_state = IBV_QPS_RTS;
	err = ibv_modify_qp(s->qp, &a, IBV_QP_STATE);
	report(err == EINVAL, "RESET -> RTS refused with EINVAL", err);
	a.qp_state = IBV_QPS_INIT;
	err = ibv_modify_qp(s->qp, &a, IBV_QP_STATE);
	report(err == EINVAL, "RESET -> INIT without port/access/pkey refused with EINVAL", err);
	a.qp_state = IBV_QPS_INIT;
	a.port_num = 2;
	err = ibv_modify_qp(s->qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX |
			    IBV_QP_PORT | IBV_QP_ACCESS_FLAGS);
	report(err == EINVAL, "RESET -> INIT on port 2 (the RNIC has one port) refused", err);
	err = to_init(s->qp);
	report(!err, "RESET -> INIT", err);
	err = to_rtr(s->qp, s->qp->qp_num, dattr.max_qp_rd_atom + 1);
	report(err == EINVAL, "INIT -> RTR with max_dest_rd_atomic over the device limit refused", err);
	err = to_rts(s->qp);
	report(err == EINVAL, "INIT -> RTS refused with EINVAL", err);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "rc";
	struct ibv_port_attr pattr;
	struct side a = {}, b = {};
	struct ibv_mr *mr;
	char *mem;
	int err;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (open_dev())
		return 1;
	pd = ibv_alloc_pd(ctx);
	report(!!pd, "allocate a PD on mana_0", errno);
	if (!pd)
		return 1;

	if (!strcmp(mode, "norc")) {
		err = make_side(&a);
		report(err && !a.qp,
		       "rdma-core without RC refuses the RC resources (RNIC CQ or RC QP)", errno);
		free_side(&a);
		goto close;
	}

	err = ibv_query_device(ctx, &dattr);
	report(!err && dattr.vendor_id == 0x1414 && dattr.vendor_part_id == 3 &&
	       dattr.max_qp > 0 && dattr.max_qp_wr > 0 && dattr.max_qp_rd_atom > 0,
	       "query_device: vendor 0x1414 part 3 (RDMA device), adapter limits", err);
	err = ibv_query_port(ctx, 1, &pattr);
	report(!err && pattr.link_layer == IBV_LINK_LAYER_ETHERNET &&
	       pattr.gid_tbl_len == 16, "query_port 1: Ethernet, 16 GIDs", err);
	err = ibv_query_gid(ctx, 1, 0, &gid);
	report(!err && gid.global.interface_id, "GID 0 of port 1 is set", err);

	if (!strcmp(mode, "inflight")) {
		/* QPs connected, receives posted, MRs registered: just exit */
		err = make_side(&a) || make_side(&b) || connect_pair(&a, &b) ||
		      post_recv(&b, 0, 4096) || post_recv(&a, 0, 4096);
		report(!err, "inflight: two connected RC QPs with receives posted", errno);
		printf("exiting with everything alive\n");
		return failures ? 1 : 0;
	}

	err = make_side(&a);
	report(!err, "side A: MR, two RNIC CQs, RC QP", errno);
	err = err || make_side(&b);
	report(!err, "side B: MR, two RNIC CQs, RC QP", errno);
	if (err)
		return 1;
	report(a.qp->qp_num && a.qp->qp_num != b.qp->qp_num,
	       "RC QPs have distinct numbers", 0);
	bad_modify(&b);
	/* B is in INIT now */
	err = to_init(a.qp) || to_rtr(a.qp, b.qp->qp_num, 1) ||
	      to_rtr(b.qp, a.qp->qp_num, 1) || to_rts(a.qp) || to_rts(b.qp);
	report(!err, "both QPs through INIT, RTR, RTS", errno);
	if (!err)
		data_path(&a, &b);

	/* a PD with MRs (and QPs) alive cannot go */
	err = ibv_dealloc_pd(pd);
	report(err == EBUSY, "dealloc of a PD with MRs and QPs alive refused with EBUSY", err);
	free_side(&a);
	free_side(&b);

	bad_wr("SEND with a bad lkey", IBV_WR_SEND, 1, 0, 0);
	bad_wr("WRITE with a bad rkey", IBV_WR_RDMA_WRITE, 0, 1, 0);
	bad_wr("READ with a bad rkey", IBV_WR_RDMA_READ, 0, 1, 0);
	bad_wr("WRITE past the end of the remote MR", IBV_WR_RDMA_WRITE, 0, 0, 1);
	bad_wr("READ past the end of the remote MR", IBV_WR_RDMA_READ, 0, 0, 1);

	mem = aligned_alloc(4096, 8192);
	mr = mem ? ibv_reg_mr(pd, mem, 8192, IBV_ACCESS_LOCAL_WRITE) : NULL;
	report(!!mr, "register one more MR", errno);
	err = ibv_dealloc_pd(pd);
	report(err == EBUSY, "dealloc of a PD with an MR alive refused with EBUSY", err);
	if (mr)
		ibv_dereg_mr(mr);
	free(mem);
close:
	err = ibv_dealloc_pd(pd);
	report(!err, "dealloc the PD once it is empty", err);
	err = ibv_close_device(ctx);
	report(!err, "close mana_0", err);
	return failures ? 1 : 0;
}
