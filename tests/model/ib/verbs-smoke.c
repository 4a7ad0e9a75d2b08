// SPDX-License-Identifier: GPL-2.0
/*
 * User-space half of the mana_ib model test: drives our mana_ib through
 * libibverbs and rdma-core's mana provider the way DPDK does (parent domain
 * carrying the port, provider buffers from our allocator): PD, MR, CQs, WQ,
 * RWQ indirection table, RSS QP, raw send QP, then destroys everything.
 * Prints "PASS: ..." / "FAIL: ..." per step; exit status 0 when all passed.
 * Usage: verbs-smoke PORT expect-busy   the vPort netdev is up: the QPs
 *                                       must be refused with EBUSY
 *        verbs-smoke PORT IFNAME        the vPort netdev IFNAME is down: it
 *                                       must not open while the QPs exist
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <infiniband/manadv.h>
#include <infiniband/verbs.h>

static int failures;

static void report(int ok, const char *what, int err)
{
	if (ok)
		printf("PASS: %s\n", what);
	else
		printf("FAIL: %s (errno %d %s)\n", what, err, strerror(err));
	failures += !ok;
}

static void *buf_alloc(size_t size, void *data)
{
	void *p = NULL;

	(void)data;
	if (posix_memalign(&p, 4096, size))
		return NULL;
	memset(p, 0, size);
	return p;
}

static void buf_free(void *p, void *data)
{
	(void)data;
	free(p);
}

int main(int argc, char **argv)
{
	static uint8_t key[40] = { 0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2 };
	struct manadv_ctx_allocators alloc = { .alloc = buf_alloc, .free = buf_free };
	uint32_t port = argc > 1 ? strtoul(argv[1], NULL, 0) : 1;
	int busy = argc > 2 && !strcmp(argv[2], "expect-busy");
	const char *ifname = argc > 2 && !busy ? argv[2] : NULL;
	char cmd[128];
	struct ibv_parent_domain_init_attr pda = {};
	struct ibv_rwq_ind_table_init_attr ita = {};
	struct ibv_qp_init_attr_ex rss = {};
	struct ibv_qp_init_attr sqa = {};
	struct ibv_wq_init_attr wqa = {};
	struct ibv_device **list;
	struct ibv_pd *pd, *ppd;
	struct ibv_cq *rcq, *scq;
	struct ibv_rwq_ind_table *it;
	struct ibv_context *ctx;
	struct ibv_qp *rqp, *sqp;
	struct ibv_mr *mr;
	struct ibv_wq *wq;
	void *mem;
	int n, i;

	setvbuf(stdout, NULL, _IONBF, 0);
	list = ibv_get_device_list(&n);
	for (i = 0; list && i < n; i++)
		if (!strcmp(ibv_get_device_name(list[i]), "manae_0"))
			break;
	report(list && i < n, "libibverbs lists manae_0", errno);
	if (!list || i == n)
		return 1;
	ctx = ibv_open_device(list[i]);
	report(!!ctx, "open manae_0 through the mana provider (context + doorbell page)", errno);
	if (!ctx)
		return 1;
	manadv_set_context_attr(ctx, MANADV_CTX_ATTR_BUF_ALLOCATORS, &alloc);

	pd = ibv_alloc_pd(ctx);
	report(!!pd, "alloc PD", errno);
	if (!pd)
		return 1;
	pda.pd = pd;
	pda.comp_mask = IBV_PARENT_DOMAIN_INIT_ATTR_PD_CONTEXT;
	pda.pd_context = (void *)(uintptr_t)port;
	ppd = ibv_alloc_parent_domain(ctx, &pda);
	report(!!ppd, "parent domain with the port", errno);

	mem = buf_alloc(1 << 20, NULL);
	mr = ibv_reg_mr(pd, mem, 1 << 20, IBV_ACCESS_LOCAL_WRITE);
	report(mr && mr->lkey, "register a 1 MiB user MR (lkey from the device)", errno);

	rcq = ibv_create_cq(ctx, 256, NULL, NULL, 0);
	scq = ibv_create_cq(ctx, 256, NULL, NULL, 0);
	report(rcq && scq, "create two CQs", errno);

	wqa.wq_type = IBV_WQT_RQ;
	wqa.max_wr = 256;
	wqa.max_sge = 1;
	wqa.pd = ppd;
	wqa.cq = rcq;
	wq = rcq ? ibv_create_wq(ctx, &wqa) : NULL;
	report(!!wq, "create a receive WQ", errno);

	ita.log_ind_tbl_size = 0;
	ita.ind_tbl = &wq;
	it = wq ? ibv_create_rwq_ind_table(ctx, &ita) : NULL;
	report(!!it, "create an RWQ indirection table", errno);

	rss.qp_type = IBV_QPT_RAW_PACKET;
	rss.comp_mask = IBV_QP_INIT_ATTR_PD | IBV_QP_INIT_ATTR_IND_TABLE |
			IBV_QP_INIT_ATTR_RX_HASH;
	rss.pd = ppd;
	rss.rwq_ind_tbl = it;
	rss.rx_hash_conf.rx_hash_function = IBV_RX_HASH_FUNC_TOEPLITZ;
	rss.rx_hash_conf.rx_hash_key_len = sizeof(key);
	rss.rx_hash_conf.rx_hash_key = key;
	rss.rx_hash_conf.rx_hash_fields_mask = IBV_RX_HASH_SRC_IPV4 |
					       IBV_RX_HASH_DST_IPV4;
	rqp = it && ppd ? ibv_create_qp_ex(ctx, &rss) : NULL;
	if (busy)
		report(!rqp && errno == EBUSY, "RSS QP refused while the netdev is up", errno);
	else
		report(!!rqp, "create an RSS raw-packet QP", errno);

	sqa.qp_type = IBV_QPT_RAW_PACKET;
	sqa.send_cq = scq;
	sqa.recv_cq = scq;
	sqa.cap.max_send_wr = 256;
	sqa.cap.max_send_sge = 1;
	sqp = scq && ppd ? ibv_create_qp(ppd, &sqa) : NULL;
	if (busy)
		report(!sqp && errno == EBUSY, "send QP refused while the netdev is up", errno);
	else
		report(sqp && sqp->qp_num, "create a raw-packet send QP", errno);

	if (ifname && sqp && rqp) {
		snprintf(cmd, sizeof(cmd), "ip link set %s up 2> /dev/null", ifname);
		report(system(cmd) != 0, "the netdev cannot be opened while the QPs own the vPort", 0);
	}
	if (sqp)
		report(!ibv_destroy_qp(sqp), "destroy the send QP", errno);
	if (rqp)
		report(!ibv_destroy_qp(rqp), "destroy the RSS QP", errno);
	if (it)
		report(!ibv_destroy_rwq_ind_table(it), "destroy the indirection table", errno);
	if (wq)
		report(!ibv_destroy_wq(wq), "destroy the WQ", errno);
	if (rcq)
		report(!ibv_destroy_cq(rcq), "destroy the receive CQ", errno);
	if (scq)
		report(!ibv_destroy_cq(scq), "destroy the send CQ", errno);
	if (mr)
		report(!ibv_dereg_mr(mr), "deregister the MR", errno);
	if (ppd)
		report(!ibv_dealloc_pd(ppd), "free the parent domain", errno);
	report(!ibv_dealloc_pd(pd), "free the PD", errno);
	report(!ibv_close_device(ctx), "close the device", errno);
	ibv_free_device_list(list);
	return failures ? 1 : 0;
}
