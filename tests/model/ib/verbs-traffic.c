// SPDX-License-Identifier: GPL-2.0
/*
 * Packets through our mana_ib the way DPDK's net/mana drives it, plus bad
 * input to its uverbs, plus the device-fatal event.  Built against Debian's
 * libibverbs and libmana (rdma-core's "mana" provider); runs with rdma-core
 * v44 (bookworm) and v56 (trixie) alike.
 *
 *   verbs-traffic traffic IF0 IF1
 *	IF0 = the netdev of vPort 0 (IB port 1, kept down), IF1 = vPort 1's
 *	netdev (up).  Raw send QP on port 1: GDMA WQEs (TX OOB + one SGE in a
 *	user MR) written into the SQ ring, SQ doorbell rung on the mmapped
 *	doorbell page, TX CQEs polled from the CQ ring (owner bits); the frames
 *	must arrive on IF1 (packet socket, payload compared; IF1's counter).
 *	RSS QP on port 1: RX WQEs posted, RX CQ armed through its doorbell,
 *	frames sent from IF1 wake the completion channel (ibv_get_cq_event) and
 *	land in the posted buffers (payload compared).
 *   verbs-traffic bad IF0
 *	garbage to the kernel: bad queue sizes, unaligned or unmapped rings,
 *	wrong ports, bad indirection tables, foreign and stale handles, closing
 *	the device and exiting with objects alive.  Every case must fail
 *	cleanly (or clean up) and the vPort must be usable afterwards.
 *   verbs-traffic fatal
 *	opens the device with live queues, prints "READY", then waits for
 *	IBV_EVENT_DEVICE_FATAL on the async fd (the caller resets the device).
 *
 * Prints "PASS: ..." / "FAIL: ..." per check; exit status 0 when all passed.
 * Facts about the formats: docs/mana-hw-spec.md sections 3.3, 3.5, 3.11.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <infiniband/manadv.h>
#include <infiniband/verbs.h>
#include <rdma/ib_user_verbs.h>

#define BU		32u	/* WQE basic unit */
#define CQE_SIZE	64u
#define DB_SQ		0x000
#define DB_RQ		0x400
#define DB_CQ		0x800
#define NPKT		8
#define FRAME_LEN	200
#define RXBUF		2048u
#define RX_POSTED	32	/* per receive queue */
#define NQ		2	/* receive queues of the RSS QP */
#define NUDP		16	/* UDP flows spread by RSS */
#define MR_SIZE		(1u << 20)
#define RX_AREA		(MR_SIZE / 2)
#define ETYPE_TX	0x88b5	/* IEEE local experimental */
#define ETYPE_RX	0x88b6
#define CQE_TX_OKAY	32
#define CQE_RX_OKAY	1
#define CQE_RX_COALESCED 2

static int failures;

static void report(int ok, const char *what, const char *detail)
{
	if (ok)
		printf("PASS: %s\n", what);
	else
		printf("FAIL: %s (%s)\n", what, detail ? detail : strerror(errno));
	failures += !ok;
}

/* ---------------------------------------------------------------- buffers */

/* what the provider's next ring allocation returns (bad-input cases) */
enum alloc_mode { ALLOC_OK, ALLOC_UNALIGNED, ALLOC_UNMAPPED };
static enum alloc_mode alloc_mode;

static void *buf_alloc(size_t size, void *data)
{
	void *p = NULL;

	(void)data;
	if (alloc_mode == ALLOC_UNMAPPED)
		return (void *)(uintptr_t)0x7ff000000000ull;	/* never mapped */
	if (posix_memalign(&p, 4096, size + 4096))
		return NULL;
	memset(p, 0, size + 4096);
	return alloc_mode == ALLOC_UNALIGNED ? (char *)p + 64 : p;
}

static void buf_free(void *p, void *data)
{
	(void)data;
	if ((uintptr_t)p == 0x7ff000000000ull)
		return;
	free((void *)((uintptr_t)p & ~(uintptr_t)4095));
}

/* ------------------------------------------------------------- doorbells */

static void ring(void *db_page, uint32_t reg, uint64_t val)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* WQEs before the doorbell */
	*(volatile uint64_t *)((char *)db_page + reg) = val;
}

struct ucq {
	uint8_t *buf;
	uint32_t count, id, head;
};

/* CQ doorbell: consumer head modulo 8 * entries, bit 63 arms */
static void cq_arm(void *db_page, struct ucq *cq, int arm)
{
	uint64_t v = cq->id & 0xffffff;

	v |= (uint64_t)((cq->head % (8 * cq->count)) & 0x7fffffff) << 32;
	if (arm)
		v |= 1ull << 63;
	ring(db_page, DB_CQ, v);
}

/* Next CQE (60 data bytes, wq_num, is_sq) or 0 when none; -1 on overflow */
static int cq_poll(struct ucq *cq, uint8_t *data, uint32_t *wq, int *is_sq)
{
	const uint8_t *e = cq->buf + (size_t)(cq->head % cq->count) * CQE_SIZE;
	uint32_t info, owner, want = (cq->head / cq->count) & 7;

	info = __atomic_load_n((const uint32_t *)(e + 60), __ATOMIC_ACQUIRE);
	owner = info >> 29;
	if (owner == ((want - 1) & 7))
		return 0;
	if (owner != want)
		return -1;
	memcpy(data, e, 60);
	*wq = info & 0xffffff;
	*is_sq = (info >> 24) & 1;
	cq->head++;
	return 1;
}

struct uwq {
	uint8_t *buf;
	uint32_t size, id, head;	/* head: bytes, free running */
};

/* Write one WQE: 8-byte header, OOB (8 bytes), one SGE; returns its size */
static uint32_t wqe_put(struct uwq *wq, const uint8_t oob[8], uint64_t addr,
			uint32_t key, uint32_t len)
{
	uint8_t w[BU] = { 0 };
	uint32_t off = wq->head & (wq->size - 1), dw1;

	dw1 = 1 | (2u << 8);	/* one SGE, inline OOB 8 bytes */
	memcpy(w + 4, &dw1, 4);
	if (oob)
		memcpy(w + 8, oob, 8);
	memcpy(w + 16, &addr, 8);
	memcpy(w + 24, &key, 4);
	memcpy(w + 28, &len, 4);
	memcpy(wq->buf + off, w, BU);
	wq->head += BU;
	return BU;
}

/* ------------------------------------------------------------ the queues */

struct env {
	struct ibv_device **list;
	struct ibv_context *ctx;
	struct ibv_pd *pd, *ppd;
	struct ibv_mr *mr;
	struct ibv_comp_channel *chan;
	struct ibv_cq *rcq[NQ], *scq;
	struct ibv_wq *wq[NQ];
	struct ibv_rwq_ind_table *it;
	struct ibv_qp *rqp, *sqp;
	uint8_t *mem;
	void *db;
	struct ucq urcq[NQ], uscq;
	struct uwq urq[NQ], usq;
	uint32_t vp_offset;
};

static struct ibv_context *open_mana(struct ibv_device ***list)
{
	struct ibv_context *ctx;
	int n, i;

	*list = ibv_get_device_list(&n);
	for (i = 0; *list && i < n; i++)
		if (!strcmp(ibv_get_device_name((*list)[i]), "manae_0"))
			break;
	if (!*list || i == n)
		return NULL;
	ctx = ibv_open_device((*list)[i]);
	if (ctx) {
		struct manadv_ctx_allocators a = { .alloc = buf_alloc, .free = buf_free };

		manadv_set_context_attr(ctx, MANADV_CTX_ATTR_BUF_ALLOCATORS, &a);
	}
	return ctx;
}

static struct ibv_pd *parent_pd(struct ibv_context *ctx, struct ibv_pd *pd,
				uint32_t port)
{
	struct ibv_parent_domain_init_attr pda = {
		.pd = pd,
		.comp_mask = IBV_PARENT_DOMAIN_INIT_ATTR_PD_CONTEXT,
		.pd_context = (void *)(uintptr_t)port,
	};

	return ibv_alloc_parent_domain(ctx, &pda);
}

static uint32_t rss_key_len = 40;

static struct ibv_qp *rss_qp(struct ibv_context *ctx, struct ibv_pd *ppd,
			     struct ibv_rwq_ind_table *it)
{
	static uint8_t key[40];
	struct ibv_qp_init_attr_ex a = {
		.qp_type = IBV_QPT_RAW_PACKET,
		.comp_mask = IBV_QP_INIT_ATTR_PD | IBV_QP_INIT_ATTR_IND_TABLE |
			     IBV_QP_INIT_ATTR_RX_HASH,
		.pd = ppd,
		.rwq_ind_tbl = it,
		.rx_hash_conf = {
			.rx_hash_function = IBV_RX_HASH_FUNC_TOEPLITZ,
			.rx_hash_key_len = rss_key_len,
			.rx_hash_key = key,
			.rx_hash_fields_mask = IBV_RX_HASH_SRC_IPV4 | IBV_RX_HASH_DST_IPV4,
		},
	};

	unsigned int i;

	/* a Toeplitz key with bits all over it, so that ports change the hash */
	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 73 + 0x6d) ^ (uint8_t)(i << 5);
	return ibv_create_qp_ex(ctx, &a);
}

static struct ibv_qp *send_qp(struct ibv_pd *ppd, struct ibv_cq *cq)
{
	struct ibv_qp_init_attr a = {
		.qp_type = IBV_QPT_RAW_PACKET,
		.send_cq = cq,
		.recv_cq = cq,
		.cap = { .max_send_wr = 256, .max_send_sge = 1 },
	};

	return ibv_create_qp(ppd, &a);
}

static struct ibv_wq *recv_wq(struct ibv_context *ctx, struct ibv_pd *ppd,
			      struct ibv_cq *cq, uint32_t wr)
{
	struct ibv_wq_init_attr a = {
		.wq_type = IBV_WQT_RQ, .max_wr = wr, .max_sge = 1, .pd = ppd, .cq = cq,
	};

	return ibv_create_wq(ctx, &a);
}

static struct ibv_rwq_ind_table *ind_table(struct ibv_context *ctx,
					   struct ibv_wq **wqs, uint32_t log)
{
	struct ibv_rwq_ind_table_init_attr a = { .log_ind_tbl_size = log, .ind_tbl = wqs };

	return ibv_create_rwq_ind_table(ctx, &a);
}

/* What DPDK creates for one send and NQ receive queues, send side first. */
static int env_up(struct env *e, int with_channel)
{
	struct manadv_obj obj = {};
	struct manadv_qp dqp;
	struct manadv_cq drcq, dscq;
	struct manadv_rwq dwq;
	int q;

	memset(e, 0, sizeof(*e));
	e->ctx = open_mana(&e->list);
	if (!e->ctx)
		return -1;
	e->pd = ibv_alloc_pd(e->ctx);
	e->ppd = e->pd ? parent_pd(e->ctx, e->pd, 1) : NULL;
	e->mem = buf_alloc(MR_SIZE, NULL);
	e->mr = e->pd ? ibv_reg_mr(e->pd, e->mem, MR_SIZE, IBV_ACCESS_LOCAL_WRITE) : NULL;
	if (!e->ppd || !e->mr)
		return -1;
	if (with_channel) {
		e->chan = ibv_create_comp_channel(e->ctx);
		if (!e->chan)
			return -1;
	}
	e->scq = ibv_create_cq(e->ctx, 256, NULL, NULL, 0);
	if (!e->scq)
		return -1;
	e->sqp = send_qp(e->ppd, e->scq);
	if (!e->sqp)
		return -1;
	for (q = 0; q < NQ; q++) {
		/*
		 * like DPDK: one CQ per queue, comp_vector = queue index (within
		 * the device's vectors: the core refuses larger ones)
		 */
		e->rcq[q] = ibv_create_cq(e->ctx, 256, NULL, e->chan,
					  q % e->ctx->num_comp_vectors);
		e->wq[q] = e->rcq[q] ? recv_wq(e->ctx, e->ppd, e->rcq[q], 256) : NULL;
		if (!e->wq[q])
			return -1;
	}
	e->it = ind_table(e->ctx, e->wq, 1);
	e->rqp = e->it ? rss_qp(e->ctx, e->ppd, e->it) : NULL;
	if (!e->rqp)
		return -1;

	obj.qp.in = e->sqp;
	obj.qp.out = &dqp;
	obj.cq.in = e->scq;
	obj.cq.out = &dscq;
	if (manadv_init_obj(&obj, MANADV_OBJ_QP | MANADV_OBJ_CQ))
		return -1;
	e->db = dqp.db_page;
	e->usq = (struct uwq){ dqp.sq_buf, dqp.sq_size, dqp.sq_id, 0 };
	e->vp_offset = dqp.tx_vp_offset;
	e->uscq = (struct ucq){ dscq.buf, dscq.count, dscq.cq_id, dscq.count };
	for (q = 0; q < NQ; q++) {
		memset(&obj, 0, sizeof(obj));
		obj.cq.in = e->rcq[q];
		obj.cq.out = &drcq;
		obj.rwq.in = e->wq[q];
		obj.rwq.out = &dwq;
		if (manadv_init_obj(&obj, MANADV_OBJ_CQ | MANADV_OBJ_RWQ))
			return -1;
		e->urq[q] = (struct uwq){ dwq.buf, dwq.size, dwq.wq_id, 0 };
		e->urcq[q] = (struct ucq){ drcq.buf, drcq.count, drcq.cq_id, drcq.count };
	}
	return 0;
}

/* Destroy in DPDK's order; returns the number of failed destroys. */
static int env_down(struct env *e)
{
	int bad = 0, q;

	if (e->rqp)
		bad += !!ibv_destroy_qp(e->rqp);
	if (e->it)
		bad += !!ibv_destroy_rwq_ind_table(e->it);
	for (q = 0; q < NQ; q++)
		if (e->wq[q])
			bad += !!ibv_destroy_wq(e->wq[q]);
	if (e->sqp)
		bad += !!ibv_destroy_qp(e->sqp);
	for (q = 0; q < NQ; q++)
		if (e->rcq[q])
			bad += !!ibv_destroy_cq(e->rcq[q]);
	if (e->scq)
		bad += !!ibv_destroy_cq(e->scq);
	if (e->chan)
		bad += !!ibv_destroy_comp_channel(e->chan);
	if (e->mr)
		bad += !!ibv_dereg_mr(e->mr);
	if (e->ppd)
		bad += !!ibv_dealloc_pd(e->ppd);
	if (e->pd)
		bad += !!ibv_dealloc_pd(e->pd);
	if (e->ctx)
		bad += !!ibv_close_device(e->ctx);
	if (e->list)
		ibv_free_device_list(e->list);
	buf_free(e->mem, NULL);
	memset(e, 0, sizeof(*e));
	return bad;
}

/* --------------------------------------------------------------- traffic */

static int if_mac(const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr = {};
	int s = socket(AF_INET, SOCK_DGRAM, 0), r;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	r = s < 0 ? -1 : ioctl(s, SIOCGIFHWADDR, &ifr);
	if (s >= 0)
		close(s);
	if (!r)
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return r;
}

static unsigned long long if_counter(const char *ifname, const char *name)
{
	char path[128];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s", ifname, name);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%llu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

static int packet_socket(const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	int s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (s < 0 || !sll.sll_ifindex || bind(s, (struct sockaddr *)&sll, sizeof(sll))) {
		if (s >= 0)
			close(s);
		return -1;
	}
	return s;
}

static void frame_fill(uint8_t *f, const uint8_t *dst, const uint8_t *src,
		       uint16_t type, int seq)
{
	int i;

	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = type >> 8;
	f[13] = type & 0xff;
	for (i = 14; i < FRAME_LEN; i++)
		f[i] = (uint8_t)(seq * 31 + i * 7 + (type & 0xff));
	f[14] = (uint8_t)seq;
}

/* An IPv4/UDP frame of flow @seq (source port 1000 + seq) from @src to @dst */
static void udp_fill(uint8_t *f, const uint8_t *dst, const uint8_t *src, int seq)
{
	uint32_t sum = 0;
	int i;

	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	memset(f + 14, 0, 20);
	f[14] = 0x45;
	f[16] = (FRAME_LEN - 14) >> 8;
	f[17] = (FRAME_LEN - 14) & 0xff;
	f[22] = 64;
	f[23] = 17;
	memcpy(f + 26, (uint8_t[]){ 10, 9, 0, 2 }, 4);
	memcpy(f + 30, (uint8_t[]){ 10, 9, 0, 1 }, 4);
	for (i = 14; i < 34; i += 2)
		sum += (uint32_t)(f[i] << 8 | f[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	f[24] = (uint8_t)(~sum >> 8);
	f[25] = (uint8_t)~sum;
	f[34] = (uint8_t)((1000 + seq) >> 8);
	f[35] = (uint8_t)(1000 + seq);
	f[36] = 0;
	f[37] = 9;
	f[38] = (FRAME_LEN - 34) >> 8;
	f[39] = (FRAME_LEN - 34) & 0xff;
	f[40] = f[41] = 0;
	for (i = 42; i < FRAME_LEN; i++)
		f[i] = (uint8_t)(seq * 13 + i * 5);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * Which rdma-core this process runs with: libibverbs and libmana (the mana
 * provider is libmana itself, loaded once) must both come from under
 * VT_LIBDIR when it is set (trixie's copy), and from elsewhere otherwise.
 */
static void check_libs(void)
{
	const char *want = getenv("VT_LIBDIR");
	char line[512], verbs[256] = "", prov[256] = "", msg[600];
	FILE *f = fopen("/proc/self/maps", "r");
	int ok;

	while (f && fgets(line, sizeof(line), f)) {
		char *path = strchr(line, '/');

		if (!path)
			continue;
		path[strcspn(path, "\n")] = 0;
		if (strstr(path, "/libibverbs.so") && !verbs[0])
			snprintf(verbs, sizeof(verbs), "%s", path);
		if (strstr(path, "/libmana") && !prov[0])
			snprintf(prov, sizeof(prov), "%s", path);
	}
	if (f)
		fclose(f);
	if (want)
		ok = !strncmp(verbs, want, strlen(want)) && !strncmp(prov, want, strlen(want));
	else
		ok = verbs[0] && prov[0] && !strstr(verbs, "/trixie/") && !strstr(prov, "/trixie/");
	snprintf(msg, sizeof(msg), "traffic: runs with libibverbs %s and the mana provider %s%s%s",
		 verbs[0] ? verbs : "(none)", prov[0] ? prov : "(none)",
		 want ? " from " : "", want ? want : "");
	report(ok, msg, "another rdma-core");
}

static uint8_t *rx_buf(struct env *e, int q, uint32_t slot)
{
	return e->mem + RX_AREA + ((size_t)q * RX_POSTED + slot % RX_POSTED) * RXBUF;
}

/*
 * Poll the receive CQs until the NPKT frames without IP header and the NUDP
 * UDP flows arrived; every packet of a CQE takes the next RX WQE of its queue.
 */
static void rx_collect(struct env *e, const uint8_t *mac0, const uint8_t *mac1)
{
	int seen[NPKT] = { 0 }, useen[NUDP] = { 0 }, nseen = 0, nudp = 0, bad = 0;
	uint32_t slot[NQ] = { 0 }, per_q[NQ] = { 0 }, other = 0, cqes = 0, k, type, wq;
	uint8_t f[FRAME_LEN], cqe[60];
	struct timespec t0;
	char msg[240];
	int q, r, i, is_sq;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((nseen < NPKT || nudp < NUDP) && ms_since(&t0) < 10000) {
		int any = 0;

		for (q = 0; q < NQ; q++) {
			r = cq_poll(&e->urcq[q], cqe, &wq, &is_sq);
			if (r <= 0)
				continue;
			any = 1;
			cqes++;
			type = cqe[0] & 0x3f;
			if (is_sq || wq != e->urq[q].id ||
			    (type != CQE_RX_OKAY && type != CQE_RX_COALESCED)) {
				bad++;
				slot[q]++;
				continue;
			}
			for (k = 0; k < 4; k++) {
				uint8_t *b = rx_buf(e, q, slot[q]);
				uint16_t len;

				memcpy(&len, cqe + 8 + 12 * k, 2);
				if (!len)
					break;
				slot[q]++;
				if (b[12] == ETYPE_RX >> 8 && b[13] == (ETYPE_RX & 0xff)) {
					i = b[14];
					frame_fill(f, mac0, mac1, ETYPE_RX, i);
					if (i >= NPKT || len != FRAME_LEN || memcmp(b, f, FRAME_LEN))
						bad++;
					else if (!seen[i]++)
						nseen++;
				} else if (b[12] == 0x08 && b[13] == 0 && b[23] == 17) {
					i = (b[34] << 8 | b[35]) - 1000;
					if (i < 0 || i >= NUDP || len != FRAME_LEN)
						bad++;
					else if (udp_fill(f, mac0, mac1, i), memcmp(b, f, FRAME_LEN))
						bad++;
					else if (!useen[i]++)
						nudp++, per_q[q]++;
				} else {
					other++;	/* e.g. the peer's own multicast */
				}
				if (type == CQE_RX_OKAY)
					break;
			}
		}
		if (!any)
			usleep(1000);
	}
	snprintf(msg, sizeof(msg), "%d of %d frames and %d of %d UDP flows in %u CQEs, "
		 "%d corrupt or bad CQEs, %u other frames", nseen, NPKT, nudp, NUDP, cqes,
		 bad, other);
	report(nseen == NPKT && nudp == NUDP && !bad, "traffic: the frames sent by vPort 1's "
	       "netdev land in the posted RX buffers of the RSS QP, payload intact (RX CQEs "
	       "from the rings)", msg);
	snprintf(msg, sizeof(msg), "traffic: RSS spreads the %d UDP flows over the %d receive "
		 "queues (%u and %u)", NUDP, NQ, per_q[0], per_q[1]);
	report(per_q[0] && per_q[1], msg, "a queue got none");
}

static int do_traffic(const char *if0, const char *if1)
{
	uint8_t mac0[6], mac1[6], f[FRAME_LEN], got[2048], cqe[60], oob[8];
	unsigned long long rx0, rx1;
	int sock, i, n, seen[NPKT] = { 0 }, nseen = 0, bad = 0, r, is_sq, q;
	struct timespec t0;
	char msg[200];
	struct env e;
	uint32_t wq, dw0, dw1;

	if (if_mac(if0, mac0) || if_mac(if1, mac1) || (sock = packet_socket(if1)) < 0) {
		report(0, "traffic: MACs of the two vPorts and a packet socket on the peer", NULL);
		return 1;
	}
	if (env_up(&e, 1)) {
		report(0, "traffic: PD, MR, CQs (one with a completion channel), send QP, WQ, "
		       "indirection table, RSS QP on port 1 and their rings (manadv_init_obj)", NULL);
		env_down(&e);
		return 1;
	}
	snprintf(msg, sizeof(msg), "traffic: queues up: SQ %u (%u bytes, vPort offset %u), "
		 "send CQ %u, RQ %u (%u bytes) and one more, receive CQ %u and one more, "
		 "doorbell page mapped",
		 e.usq.id, e.usq.size, e.vp_offset, e.uscq.id, e.urq[0].id, e.urq[0].size,
		 e.urcq[0].id);
	report(e.db && e.usq.buf && e.urq[0].buf && e.urq[1].buf && e.uscq.buf &&
	       e.urcq[0].buf && e.urcq[1].buf, msg, "no ring");
	check_libs();

	/* ---- TX: vPort 0 -> the peer netdev */
	rx0 = if_counter(if1, "rx_packets");
	for (i = 0; i < NPKT; i++) {
		uint8_t *buf = e.mem + (size_t)i * 256;

		frame_fill(buf, mac1, mac0, ETYPE_TX, i);
		dw0 = (e.uscq.id & 0xffffff) << 8;		/* short OOB, vcq_num */
		dw1 = (e.usq.id & 0xfffc00) | (e.vp_offset & 0xff) << 24;
		memcpy(oob, &dw0, 4);
		memcpy(oob + 4, &dw1, 4);
		wqe_put(&e.usq, oob, (uintptr_t)buf, e.mr->lkey, FRAME_LEN);
	}
	ring(e.db, DB_SQ, e.usq.id | (uint64_t)e.usq.head << 32);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = 0;
	while (n < NPKT && ms_since(&t0) < 10000) {
		r = cq_poll(&e.uscq, cqe, &wq, &is_sq);
		if (r < 0)
			break;
		if (!r) {
			usleep(1000);
			continue;
		}
		if ((cqe[0] & 0x3f) != CQE_TX_OKAY || !is_sq || wq != e.usq.id)
			bad++;
		n++;
	}
	snprintf(msg, sizeof(msg), "%d of %d TX CQEs, %d not OK/wrong SQ", n, NPKT, bad);
	report(n == NPKT && !bad, "traffic: one TX CQE (type 32, is_sq, our SQ) per posted WQE "
	       "in the send CQ ring", msg);
	bad = 0;
	while (nseen < NPKT && ms_since(&t0) < 10000) {
		struct pollfd p = { .fd = sock, .events = POLLIN };
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t len;

		if (poll(&p, 1, 200) <= 0)
			continue;
		len = recvfrom(sock, got, sizeof(got), 0, (struct sockaddr *)&from, &fl);
		if (len < 15 || from.sll_pkttype == PACKET_OUTGOING ||
		    got[12] != ETYPE_TX >> 8 || got[13] != (ETYPE_TX & 0xff))
			continue;
		i = got[14];
		frame_fill(f, mac1, mac0, ETYPE_TX, i);
		if (i >= NPKT || len != FRAME_LEN || memcmp(got, f, FRAME_LEN)) {
			bad++;
			continue;
		}
		nseen += !seen[i];
		seen[i] = 1;
	}
	rx1 = if_counter(if1, "rx_packets");
	snprintf(msg, sizeof(msg), "%d of %d frames seen on %s, %d corrupt, %s rx_packets +%llu",
		 nseen, NPKT, if1, bad, if1, rx1 - rx0);
	report(nseen == NPKT && !bad && rx1 - rx0 >= NPKT,
	       "traffic: the frames sent through the raw QP arrive on vPort 1's netdev with "
	       "their payload", msg);

	/* ---- RX: the peer netdev -> the RSS QP (NQ receive queues) */
	for (q = 0; q < NQ; q++) {
		for (i = 0; i < RX_POSTED; i++)
			wqe_put(&e.urq[q], NULL, (uintptr_t)rx_buf(&e, q, (uint32_t)i),
				e.mr->lkey, RXBUF);
		ring(e.db, DB_RQ, e.urq[q].id | (uint64_t)e.urq[q].head << 32);
		cq_arm(e.db, &e.urcq[q], 1);
	}
	{
		/* armed and idle: no event may come without a packet */
		struct pollfd p = { .fd = e.chan->fd, .events = POLLIN };

		r = poll(&p, 1, 500);
		report(r == 0, "traffic: no completion event while nothing arrived", "event without a packet");
	}
	for (i = 0; i < NPKT; i++) {
		frame_fill(f, mac0, mac1, ETYPE_RX, i);
		if (send(sock, f, FRAME_LEN, 0) != FRAME_LEN)
			break;
	}
	{
		struct pollfd p = { .fd = e.chan->fd, .events = POLLIN };
		struct ibv_cq *ev_cq = NULL;
		void *ev_ctx;

		r = poll(&p, 1, 10000);
		if (r == 1 && !ibv_get_cq_event(e.chan, &ev_cq, &ev_ctx))
			ibv_ack_cq_events(ev_cq, 1);
		snprintf(msg, sizeof(msg), "poll %d, event for %s CQ", r,
			 ev_cq == e.rcq[0] ? "the first receive" : ev_cq ? "another" : "no");
		/* frames without an IP header go to the first queue */
		report(r == 1 && ev_cq == e.rcq[0], "traffic: the completion channel wakes "
		       "(ibv_get_cq_event) after a packet reached the armed receive CQ", msg);
	}
	for (i = 0; i < NUDP; i++) {
		udp_fill(f, mac0, mac1, i);
		if (send(sock, f, FRAME_LEN, 0) != FRAME_LEN)
			break;
	}
	rx_collect(&e, mac0, mac1);
	close(sock);
	report(!env_down(&e), "traffic: destroy everything and close the device", NULL);
	return failures ? 1 : 0;
}

/* ------------------------------------------------------------- bad input */

/* Raw uverbs write commands: the legacy ABI, fixed in the kernel */
static int cmd_write(struct ibv_context *ctx, uint32_t op, void *cmd, size_t len,
		     size_t out_len)
{
	struct ib_uverbs_cmd_hdr *h = cmd;

	h->command = op;
	h->in_words = (uint16_t)(len / 4);
	h->out_words = (uint16_t)(out_len / 4);
	if (write(ctx->cmd_fd, cmd, len) == (ssize_t)len)
		return 0;
	return errno ? errno : EIO;
}

struct raw_cq {
	struct ib_uverbs_cmd_hdr h;
	struct ib_uverbs_create_cq c;
	uint64_t buf_addr;
	uint16_t flags, r0;
	uint32_t r1;
};

/* CREATE_CQ with our driver data; returns 0 and the handle, or an errno */
static int raw_create_cq(struct ibv_context *ctx, uint32_t cqe, uint64_t addr,
			 uint16_t flags, size_t drv_len, uint32_t *handle)
{
	struct { struct ib_uverbs_create_cq_resp r; uint32_t cqid, res; } resp = {};
	struct raw_cq c = {};
	int err;

	c.c.response = (uintptr_t)&resp;
	c.c.cqe = cqe;
	c.c.comp_channel = -1;
	c.buf_addr = addr;
	c.flags = flags;
	err = cmd_write(ctx, IB_USER_VERBS_CMD_CREATE_CQ, &c,
			sizeof(c.h) + sizeof(c.c) + drv_len, sizeof(resp));
	if (!err)
		*handle = resp.r.cq_handle;
	return err;
}

static int raw_destroy_cq(struct ibv_context *ctx, uint32_t handle)
{
	struct { struct ib_uverbs_cmd_hdr h; struct ib_uverbs_destroy_cq c; } c = {};
	struct ib_uverbs_destroy_cq_resp resp;

	c.c.response = (uintptr_t)&resp;
	c.c.cq_handle = handle;
	return cmd_write(ctx, IB_USER_VERBS_CMD_DESTROY_CQ, &c, sizeof(c), sizeof(resp));
}

/* CREATE_QP of a raw send QP with our driver data */
static int raw_create_sqp(struct ibv_context *ctx, uint32_t pd, uint32_t cq,
			  uint64_t addr, uint32_t size, uint32_t port, uint32_t *handle)
{
	struct {
		struct ib_uverbs_cmd_hdr h;
		struct ib_uverbs_create_qp c;
		uint64_t sq_buf_addr;
		uint32_t sq_buf_size, port;
	} c = {};
	struct { struct ib_uverbs_create_qp_resp r; uint32_t d[4]; } resp = {};
	int err;

	c.c.response = (uintptr_t)&resp;
	c.c.pd_handle = pd;
	c.c.send_cq_handle = cq;
	c.c.recv_cq_handle = cq;
	c.c.max_send_wr = 64;
	c.c.max_send_sge = 1;
	c.c.qp_type = IBV_QPT_RAW_PACKET;
	c.sq_buf_addr = addr;
	c.sq_buf_size = size;
	c.port = port;
	err = cmd_write(ctx, IB_USER_VERBS_CMD_CREATE_QP, &c, sizeof(c), sizeof(resp));
	if (!err)
		*handle = resp.r.qp_handle;
	return err;
}

static int raw_destroy_qp(struct ibv_context *ctx, uint32_t handle)
{
	struct { struct ib_uverbs_cmd_hdr h; struct ib_uverbs_destroy_qp c; } c = {};
	struct ib_uverbs_destroy_qp_resp resp;

	c.c.response = (uintptr_t)&resp;
	c.c.qp_handle = handle;
	return cmd_write(ctx, IB_USER_VERBS_CMD_DESTROY_QP, &c, sizeof(c), sizeof(resp));
}

static void expect_err(int err, const char *what)
{
	char d[80];

	snprintf(d, sizeof(d), "accepted");
	if (err)
		printf("  (%s: errno %d %s)\n", what, err, strerror(err));
	report(err != 0, what, d);
}

/* A CQ ring whose second page is not accessible */
static uint8_t *guarded_page(void)
{
	uint8_t *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	mprotect(p + 4096, 4096, PROT_NONE);
	return p;
}

/* Objects left alive at close/exit: the kernel cleans up */
static int leave_alive(int do_close)
{
	struct env e;
	int r = env_up(&e, 1);

	if (r)
		return -1;
	if (do_close) {
		/* no destroys: the uverbs file release cleans up the objects */
		r = ibv_close_device(e.ctx);
		ibv_free_device_list(e.list);
		return r;
	}
	_exit(0);
}

static int do_bad(const char *if0)
{
	struct ibv_context *ctx, *ctx2;
	struct ibv_device **list, **list2;
	struct ibv_pd *pd, *ppd, *pd9;
	struct ibv_cq *cq, *cq2, *cq100;
	struct ibv_wq *wq, *wqs[128];
	struct ibv_rwq_ind_table *it;
	struct ibv_qp *qp;
	uint32_t h, qh, cqh;
	uint8_t *page;
	char cmd[160];
	pid_t pid;
	int st, err;

	ctx = open_mana(&list);
	ctx2 = open_mana(&list2);
	if (!ctx || !ctx2) {
		report(0, "bad: open manae_0 twice", NULL);
		return 1;
	}
	pd = ibv_alloc_pd(ctx);
	ppd = pd ? parent_pd(ctx, pd, 1) : NULL;
	page = guarded_page();
	if (!ppd || !page) {
		report(0, "bad: PD, parent domain and a guarded page", NULL);
		return 1;
	}

	/* CQ sizes and rings */
	expect_err(raw_create_cq(ctx, 0, (uintptr_t)page, 0, 16, &h), "bad: CQ of 0 entries refused");
	expect_err(raw_create_cq(ctx, 1u << 30, (uintptr_t)page, 0, 16, &h),
		   "bad: CQ of 2^30 entries refused");
	expect_err(raw_create_cq(ctx, 128, (uintptr_t)page, 0, 16, &h),
		   "bad: CQ ring larger than its mapping (2nd page PROT_NONE) refused");
	expect_err(raw_create_cq(ctx, 64, (uintptr_t)page + 64, 0, 16, &h),
		   "bad: CQ ring not page aligned refused");
	expect_err(raw_create_cq(ctx, 64, 0x7ff000000000ull, 0, 16, &h),
		   "bad: CQ ring at an unmapped address refused");
	expect_err(raw_create_cq(ctx, 64, (uintptr_t)page, 0, 4, &h),
		   "bad: CQ command with truncated driver data refused");
	expect_err(raw_create_cq(ctx, 64, (uintptr_t)page, 1, 16, &h),
		   "bad: RNIC CQ (not supported) refused");
	err = raw_create_cq(ctx, 64, (uintptr_t)page, 0, 16, &cqh);
	report(!err, "bad: a valid raw CQ (64 entries, one page) is accepted", strerror(err));

	/* send QP rings and ports, through raw commands */
	if (!err) {
		uint8_t *sq = buf_alloc(1u << 16, NULL);
		uintptr_t a = (uintptr_t)sq;

		expect_err(raw_create_sqp(ctx, pd->handle, cqh, a, 0, 1, &qh),
			   "bad: send QP with a 0-byte ring refused");
		expect_err(raw_create_sqp(ctx, pd->handle, cqh, a, 5000, 1, &qh),
			   "bad: send QP with a 5000-byte ring (not a power of 2) refused");
		expect_err(raw_create_sqp(ctx, pd->handle, cqh, a, 1u << 31, 1, &qh),
			   "bad: send QP with a 2 GiB ring refused");
		expect_err(raw_create_sqp(ctx, pd->handle, cqh, a + 64, 4096, 1, &qh),
			   "bad: send QP with an unaligned ring refused");
		expect_err(raw_create_sqp(ctx, pd->handle, cqh, 0x7ff000000000ull, 4096, 1, &qh),
			   "bad: send QP with an unmapped ring refused");
		expect_err(raw_create_sqp(ctx, pd->handle, cqh, a, 4096, 0, &qh),
			   "bad: send QP on port 0 refused");
		expect_err(raw_create_sqp(ctx, pd->handle, cqh, a, 4096, 3, &qh),
			   "bad: send QP on port 3 (2 ports) refused");
		expect_err(raw_create_sqp(ctx, pd->handle, cqh, a, 4096, 0xffffffff, &qh),
			   "bad: send QP on port 0xffffffff refused");
		cq2 = ibv_create_cq(ctx2, 64, NULL, NULL, 0);
		expect_err(cq2 ? raw_create_sqp(ctx, pd->handle, cq2->handle + 1000, a, 4096, 1, &qh) : -1,
			   "bad: send QP with a CQ handle that does not exist refused");
		expect_err(raw_create_sqp(ctx, 0xdead, cqh, a, 4096, 1, &qh),
			   "bad: send QP with a foreign PD handle refused");
		if (cq2)
			ibv_destroy_cq(cq2);
		/* a valid one, then destroyed twice */
		err = raw_create_sqp(ctx, pd->handle, cqh, a, 4096, 1, &qh);
		report(!err, "bad: a valid raw send QP is accepted after all that", strerror(err));
		if (!err) {
			report(!raw_destroy_qp(ctx, qh), "bad: destroy the raw send QP", NULL);
			expect_err(raw_destroy_qp(ctx, qh), "bad: destroying the send QP again refused");
		}
		report(!raw_destroy_cq(ctx, cqh), "bad: destroy the raw CQ", NULL);
		expect_err(raw_destroy_cq(ctx, cqh), "bad: destroying the CQ again (stale handle) refused");
		buf_free(sq, NULL);
	}

	/* memory regions */
	{
		struct ibv_mr *mr;
		uint8_t *m = buf_alloc(1u << 16, NULL);

		mr = ibv_reg_mr(pd, m, 0, IBV_ACCESS_LOCAL_WRITE);
		report(!mr, "bad: MR of 0 bytes refused", "accepted");
		if (mr)
			ibv_dereg_mr(mr);
		mr = ibv_reg_mr(pd, (void *)(uintptr_t)0x7ff000000000ull, 1u << 16,
				IBV_ACCESS_LOCAL_WRITE);
		report(!mr, "bad: MR over unmapped memory refused", "accepted");
		if (mr)
			ibv_dereg_mr(mr);
		mr = ibv_reg_mr(pd, m, 1ull << 40, IBV_ACCESS_LOCAL_WRITE);
		report(!mr, "bad: MR of 1 TiB over a 64 KiB buffer refused", "accepted");
		if (mr)
			ibv_dereg_mr(mr);
		mr = ibv_reg_mr(pd, m, 1u << 16, IBV_ACCESS_LOCAL_WRITE |
				IBV_ACCESS_REMOTE_ATOMIC);
		report(!mr, "bad: MR with remote atomic access (not supported) refused", "accepted");
		if (mr)
			ibv_dereg_mr(mr);
		mr = ibv_reg_mr(pd, m + 3, 1000, IBV_ACCESS_LOCAL_WRITE);
		report(!!mr, "bad: an odd-sized MR at an odd address is fine", NULL);
		expect_err(mr ? ibv_dealloc_pd(pd) : -1, "bad: freeing the PD under its MR refused");
		if (mr)
			report(!ibv_dereg_mr(mr), "bad: deregister the odd MR", NULL);
		buf_free(m, NULL);
	}

	/* through the provider: rings the allocator places badly */
	cq = ibv_create_cq(ctx, 256, NULL, NULL, 0);
	alloc_mode = ALLOC_UNALIGNED;
	wq = cq ? recv_wq(ctx, ppd, cq, 256) : NULL;
	report(!wq, "bad: receive WQ with an unaligned ring refused", "accepted");
	alloc_mode = ALLOC_UNMAPPED;
	wq = cq ? recv_wq(ctx, ppd, cq, 256) : (void *)1;
	cq2 = ibv_create_cq(ctx, 256, NULL, NULL, 0);
	report(!wq && !cq2, "bad: receive WQ and CQ with unmapped rings refused", "accepted");
	alloc_mode = ALLOC_OK;
	if (wq && wq != (void *)1)
		ibv_destroy_wq(wq);
	if (cq2)
		ibv_destroy_cq(cq2);

	/* indirection tables */
	wq = cq ? recv_wq(ctx, ppd, cq, 256) : NULL;
	for (h = 0; h < 128; h++)
		wqs[h] = wq;
	it = wq ? ind_table(ctx, wqs, 7) : NULL;
	report(!it, "bad: indirection table of 128 entries (device limit 64) refused", "accepted");
	if (it)
		ibv_destroy_rwq_ind_table(it);
	it = wq ? ind_table(ctx, wqs, 1) : NULL;
	qp = it ? rss_qp(ctx, ppd, it) : NULL;
	report(it && !qp, "bad: RSS QP over a table naming the same WQ twice refused", "accepted");
	if (qp)
		ibv_destroy_qp(qp);
	if (it)
		ibv_destroy_rwq_ind_table(it);
	/* the same WQ, in a proper table, still works: the failed QPs left nothing behind */
	it = wq ? ind_table(ctx, wqs, 0) : NULL;
	rss_key_len = 16;
	qp = it ? rss_qp(ctx, ppd, it) : NULL;
	rss_key_len = 40;
	report(it && !qp, "bad: RSS QP with a 16-byte Toeplitz key (40 needed) refused", "accepted");
	if (qp)
		ibv_destroy_qp(qp);
	qp = it ? rss_qp(ctx, ppd, it) : NULL;
	report(!!qp, "bad: after the refused RSS QP its WQ and CQ serve a good RSS QP", NULL);
	if (qp) {
		expect_err(ibv_destroy_cq(cq), "bad: destroying the CQ an RSS QP uses refused");
		expect_err(ibv_destroy_wq(wq), "bad: destroying the WQ an RSS QP uses refused");
		ibv_destroy_qp(qp);
	}
	if (it)
		ibv_destroy_rwq_ind_table(it);
	if (wq)
		ibv_destroy_wq(wq);
	if (cq)
		ibv_destroy_cq(cq);

	/* limits of a vPort: one RSS QP, and send QPs of one PD at a time */
	{
		struct ibv_cq *c[4] = { NULL };
		struct ibv_wq *w[2] = { NULL };
		struct ibv_rwq_ind_table *t[2] = { NULL };
		struct ibv_qp *q[4] = { NULL };
		struct ibv_pd *pdb = ibv_alloc_pd(ctx), *ppdb;
		int k;

		ppdb = pdb ? parent_pd(ctx, pdb, 1) : NULL;
		for (k = 0; k < 4; k++)
			c[k] = ibv_create_cq(ctx, 256, NULL, NULL, 0);
		for (k = 0; k < 2; k++) {
			w[k] = c[k] ? recv_wq(ctx, ppd, c[k], 256) : NULL;
			t[k] = w[k] ? ind_table(ctx, &w[k], 0) : NULL;
			q[k] = t[k] ? rss_qp(ctx, ppd, t[k]) : NULL;
		}
		report(q[0] && !q[1] && errno == EBUSY,
		       "bad: a second RSS QP on port 1 refused with EBUSY while the first exists",
		       q[0] ? "accepted" : "the first failed");
		q[2] = c[2] ? send_qp(ppd, c[2]) : NULL;
		q[3] = c[3] && ppdb ? send_qp(ppdb, c[3]) : NULL;
		report(q[2] && !q[3] && errno == EBUSY,
		       "bad: a send QP of a second PD on port 1 refused with EBUSY",
		       q[2] ? "accepted" : "the first send QP failed");
		for (k = 3; k >= 0; k--)
			if (q[k])
				ibv_destroy_qp(q[k]);
		for (k = 1; k >= 0; k--) {
			if (t[k])
				ibv_destroy_rwq_ind_table(t[k]);
			if (w[k])
				ibv_destroy_wq(w[k]);
		}
		for (k = 0; k < 4; k++)
			if (c[k])
				ibv_destroy_cq(c[k]);
		if (ppdb)
			ibv_dealloc_pd(ppdb);
		if (pdb)
			ibv_dealloc_pd(pdb);
	}

	/* a parent domain with a port the device does not have */
	pd9 = parent_pd(ctx, pd, 9);
	cq = ibv_create_cq(ctx, 256, NULL, NULL, 0);
	qp = pd9 && cq ? send_qp(pd9, cq) : NULL;
	report(pd9 && cq && !qp, "bad: send QP on IB port 9 (parent domain) refused", "accepted");
	if (qp)
		ibv_destroy_qp(qp);
	/* a CQ of 100 entries (not a power of 2): libmana rounds the ring up */
	cq100 = ibv_create_cq(ctx, 100, NULL, NULL, 0);
	qp = cq100 ? send_qp(ppd, cq100) : NULL;
	report(!!qp, "bad: send QP over a 100-entry CQ (ring rounded up like libmana) works", NULL);
	if (qp)
		ibv_destroy_qp(qp);
	if (cq100)
		ibv_destroy_cq(cq100);
	if (cq)
		ibv_destroy_cq(cq);
	if (pd9)
		ibv_dealloc_pd(pd9);

	ibv_dealloc_pd(ppd);
	ibv_dealloc_pd(pd);
	ibv_close_device(ctx2);
	ibv_free_device_list(list2);
	report(!ibv_close_device(ctx), "bad: close the device", NULL);
	ibv_free_device_list(list);
	munmap(page, 2 * 4096);

	/* objects alive when the device is closed, and when the process exits */
	report(leave_alive(1) == 0, "bad: close the device with PD, MR, CQs, WQ, table and both "
	       "QPs alive", NULL);
	pid = fork();
	if (pid == 0)
		leave_alive(0);
	st = -1;
	if (pid > 0)
		waitpid(pid, &st, 0);
	report(pid > 0 && WIFEXITED(st) && !WEXITSTATUS(st),
	       "bad: a process exits with all its objects alive", "child failed");
	/* the vPort is free again: the netdev opens and closes */
	snprintf(cmd, sizeof(cmd), "ip link set %s up && ip link set %s down", if0, if0);
	report(system(cmd) == 0, "bad: the vPort is released: its netdev opens again", "ip link up failed");
	return failures ? 1 : 0;
}

/* ----------------------------------------------------------- device fatal */

static int do_fatal(void)
{
	struct ibv_async_event ev;
	struct pollfd p;
	struct env e;
	int r, got = -1, flags;

	if (env_up(&e, 1)) {
		report(0, "fatal: queues up before the reset", NULL);
		env_down(&e);
		return 1;
	}
	flags = fcntl(e.ctx->async_fd, F_GETFL);
	fcntl(e.ctx->async_fd, F_SETFL, flags | O_NONBLOCK);
	printf("READY\n");
	p.fd = e.ctx->async_fd;
	p.events = POLLIN;
	while ((r = poll(&p, 1, 60000)) == 1) {
		if (ibv_get_async_event(e.ctx, &ev))
			continue;
		got = ev.event_type;
		ibv_ack_async_event(&ev);
		if (got == IBV_EVENT_DEVICE_FATAL)
			break;
	}
	report(got == IBV_EVENT_DEVICE_FATAL,
	       "fatal: IBV_EVENT_DEVICE_FATAL on the async fd while the device is reset or serviced",
	       got < 0 ? "no event within 60 s" : ibv_event_type_str(got));
	/* the kernel objects are gone with the device; freeing our side still works */
	r = env_down(&e);
	report(!r, "fatal: every destroy and the close succeed after the fatal event",
	       "a destroy failed");
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 4 && !strcmp(argv[1], "traffic"))
		return do_traffic(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "bad"))
		return do_bad(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "fatal"))
		return do_fatal();
	fprintf(stderr, "usage: %s traffic IF0 IF1 | bad IF0 | fatal\n", argv[0]);
	return 2;
}
