// SPDX-License-Identifier: GPL-2.0
/*
 * rnic_kud: a test-only module that drives the kernel UD path of an RNIC
 * through the IB core, the way a kernel ULP does: kernel PD, CQs and a UD
 * QP, an address handle to the port's own RoCE v2 IPv4 GID, loopback
 * sends, and bad input.  Runs once at load time and prints one line per
 * check to the kernel log ("rnic_kud: PASS: ..." / "rnic_kud: FAIL: ...",
 * then "rnic_kud: done"); check 44's guest script passes them on.
 * Everything it created is destroyed before init returns, some of it with
 * work requests still posted; the module then only waits to be unloaded
 * (a failing init would make busybox's insmod run it a second time).
 *
 * Parameter: dev= the IB device (default mana_0), found through an IB
 * client.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <rdma/ib_cache.h>
#include <rdma/ib_verbs.h>

static char *dev = "mana_0";
module_param(dev, charp, 0444);
MODULE_PARM_DESC(dev, "IB device to test");

#define KUD_QKEY	0x11110000
#define KUD_GRH		40
#define KUD_MSG		64
#define KUD_BIG		SZ_16K
#define KUD_RBUF	(KUD_GRH + 256)
#define KUD_NRECV	4

#define kud_pass(fmt, ...) pr_info("rnic_kud: PASS: " fmt "\n", ##__VA_ARGS__)
#define kud_fail(fmt, ...) pr_info("rnic_kud: FAIL: " fmt "\n", ##__VA_ARGS__)

struct kud {
	struct ib_device *ibdev;
	struct ib_pd *pd, *pd2;
	struct ib_cq *scq, *rcq;
	struct ib_qp *qp;
	struct rdma_ah_attr ah_attr;
	u8 *buf;		/* KUD_NRECV receive buffers, then the send buffer */
	u64 dma;
	u32 len;
};

static u8 *kud_rbuf(struct kud *k, int i)
{
	return k->buf + i * KUD_RBUF;
}

static u64 kud_rdma(struct kud *k, int i)
{
	return k->dma + i * KUD_RBUF;
}

static u8 *kud_sbuf(struct kud *k)
{
	return k->buf + KUD_NRECV * KUD_RBUF;
}

static u64 kud_sdma(struct kud *k)
{
	return k->dma + KUD_NRECV * KUD_RBUF;
}

/* one completion within @ms; 0 when there is none */
static int kud_poll(struct ib_cq *cq, struct ib_wc *wc, int ms)
{
	int i, n;

	for (i = 0; i < ms; i++) {
		n = ib_poll_cq(cq, 1, wc);
		if (n)
			return n;
		usleep_range(1000, 2000);
	}
	return 0;
}

static int kud_post_recv(struct kud *k, int i)
{
	const struct ib_recv_wr *bad;
	struct ib_recv_wr wr = {};
	struct ib_sge sge;

	memset(kud_rbuf(k, i), 0, KUD_RBUF);
	sge.addr = kud_rdma(k, i);
	sge.length = KUD_RBUF;
	sge.lkey = k->pd->local_dma_lkey;
	wr.wr_id = 100 + i;
	wr.sg_list = &sge;
	wr.num_sge = 1;
	return ib_post_recv(k->qp, &wr, &bad);
}

static int kud_send(struct kud *k, struct ib_ah *ah, u32 len, u32 qkey,
		    int nsge, bool imm, u64 id, const struct ib_send_wr **bad)
{
	struct ib_ud_wr wr = {};
	struct ib_sge sge[3];
	int i;

	for (i = 0; i < nsge; i++) {
		sge[i].addr = kud_sdma(k) + i * (len / nsge);
		sge[i].length = len / nsge;
		sge[i].lkey = k->pd->local_dma_lkey;
	}
	wr.wr.wr_id = id;
	wr.wr.sg_list = sge;
	wr.wr.num_sge = nsge;
	wr.wr.opcode = imm ? IB_WR_SEND_WITH_IMM : IB_WR_SEND;
	wr.wr.send_flags = IB_SEND_SIGNALED;
	if (imm)
		wr.wr.ex.imm_data = cpu_to_be32(0x12345678);
	wr.ah = ah;
	wr.remote_qpn = k->qp->qp_num;
	wr.remote_qkey = qkey;
	return ib_post_send(k->qp, &wr.wr, bad);
}

static int kud_modify(struct ib_qp *qp, enum ib_qp_state state)
{
	struct ib_qp_attr a = {};
	int mask = IB_QP_STATE;

	a.qp_state = state;
	if (state == IB_QPS_INIT) {
		a.pkey_index = 0;
		a.port_num = 1;
		a.qkey = KUD_QKEY;
		mask |= IB_QP_PKEY_INDEX | IB_QP_PORT | IB_QP_QKEY;
	} else if (state == IB_QPS_RTS) {
		a.sq_psn = 0;
		mask |= IB_QP_SQ_PSN;
	}
	return ib_modify_qp(qp, &a, mask);
}

static int kud_to_rts(struct ib_qp *qp)
{
	return kud_modify(qp, IB_QPS_INIT) ?: kud_modify(qp, IB_QPS_RTR) ?:
	       kud_modify(qp, IB_QPS_RTS);
}

/* The port's RoCE v2 GID of an IPv4 address, and the AH attribute to it. */
static int kud_find_gid(struct kud *k)
{
	const struct ib_gid_attr *attr;
	struct net_device *ndev;
	union ib_gid gid;
	int i;

	for (i = 0; i < 16; i++) {
		attr = rdma_get_gid_attr(k->ibdev, 1, i);
		if (IS_ERR(attr))
			continue;
		if (attr->gid_type == IB_GID_TYPE_ROCE_UDP_ENCAP &&
		    ipv6_addr_v4mapped((struct in6_addr *)attr->gid.raw))
			break;
		rdma_put_gid_attr(attr);
	}
	if (i == 16)
		return -ENOENT;
	memset(&k->ah_attr, 0, sizeof(k->ah_attr));
	k->ah_attr.type = RDMA_AH_ATTR_TYPE_ROCE;
	rdma_ah_set_port_num(&k->ah_attr, 1);
	gid = attr->gid;
	rdma_ah_set_grh(&k->ah_attr, &gid, 0, i, 64, 0);
	rcu_read_lock();
	ndev = rdma_read_gid_attr_ndev_rcu(attr);
	if (!IS_ERR(ndev))
		memcpy(k->ah_attr.roce.dmac, ndev->dev_addr, ETH_ALEN);
	rcu_read_unlock();
	pr_info("rnic_kud: GID %d %pI6 on %s\n", i, attr->gid.raw,
		IS_ERR(ndev) ? "?" : netdev_name(ndev));
	rdma_put_gid_attr(attr);
	return 0;
}

static void kud_loopback(struct kud *k, struct ib_ah *ah, bool imm,
			 const char *what)
{
	const struct ib_send_wr *bad;
	struct ib_wc s = {}, r = {};
	int err, i;

	for (i = 0; i < KUD_MSG; i++)
		kud_sbuf(k)[i] = (u8)(i * 7 + imm);
	err = kud_post_recv(k, 0) ?:
	      kud_send(k, ah, KUD_MSG, KUD_QKEY, 1, imm, 1, &bad);
	if (err) {
		kud_fail("%s: post: %d", what, err);
		return;
	}
	if (!kud_poll(k->scq, &s, 2000) || !kud_poll(k->rcq, &r, 2000)) {
		kud_fail("%s: no completion (send %d, receive %d)", what,
			 s.status, r.status);
		return;
	}
	if (s.status != IB_WC_SUCCESS || s.wr_id != 1 ||
	    s.opcode != IB_WC_SEND || r.status != IB_WC_SUCCESS ||
	    r.wr_id != 100 || r.opcode != IB_WC_RECV ||
	    r.byte_len != KUD_GRH + KUD_MSG || r.src_qp != k->qp->qp_num ||
	    !(r.wc_flags & IB_WC_GRH) ||
	    !!(r.wc_flags & IB_WC_WITH_IMM) != imm ||
	    (imm && r.ex.imm_data != cpu_to_be32(0x12345678)) ||
	    memcmp(kud_rbuf(k, 0) + KUD_GRH, kud_sbuf(k), KUD_MSG)) {
		kud_fail("%s: send %d/%llu, receive %d/%llu %u bytes from QP %u flags 0x%x",
			 what, s.status, s.wr_id, r.status, r.wr_id,
			 r.byte_len, r.src_qp, r.wc_flags);
		return;
	}
	kud_pass("%s: %u-byte receive from QP %u with the payload%s", what,
		 r.byte_len, r.src_qp, imm ? " and immediate 0x12345678" : "");
}

static void kud_bad_input(struct kud *k, struct ib_ah *ah)
{
	const struct ib_send_wr *bad = NULL;
	struct ib_wc s = {}, r = {};
	struct ib_ah *ah2;
	int err;

	/* no AH */
	err = kud_send(k, NULL, KUD_MSG, KUD_QKEY, 1, false, 2, &bad);
	if (err == -EINVAL && bad)
		kud_pass("UD send without an address handle: -EINVAL, bad_wr set");
	else
		kud_fail("UD send without an address handle: %d", err);

	/* an AH of another PD */
	ah2 = rdma_create_ah(k->pd2, &k->ah_attr, RDMA_CREATE_AH_SLEEPABLE);
	if (IS_ERR(ah2)) {
		kud_fail("AH on a second PD: %ld", PTR_ERR(ah2));
	} else {
		err = kud_send(k, ah2, KUD_MSG, KUD_QKEY, 1, false, 3, &bad);
		if (err == -EINVAL)
			kud_pass("UD send with an AH of another PD: -EINVAL");
		else
			kud_fail("UD send with an AH of another PD: %d", err);
		rdma_destroy_ah(ah2, RDMA_DESTROY_AH_SLEEPABLE);
	}

	/* more SGEs than the QP was made for */
	err = kud_send(k, ah, KUD_MSG, KUD_QKEY, 3, false, 4, &bad);
	if (err == -EINVAL)
		kud_pass("UD send of 3 SGEs on a QP made for 2: -EINVAL");
	else
		kud_fail("UD send of 3 SGEs on a QP made for 2: %d", err);

	/* a payload the device cannot send: an error completion */
	err = kud_post_recv(k, 1) ?:
	      kud_send(k, ah, KUD_BIG, KUD_QKEY, 1, false, 5, &bad);
	if (err) {
		kud_fail("16 KiB UD send: post %d", err);
	} else if (!kud_poll(k->scq, &s, 2000)) {
		kud_fail("16 KiB UD send: no completion");
	} else if (s.status != IB_WC_LOC_LEN_ERR || s.wr_id != 5) {
		kud_fail("16 KiB UD send: status %d (vendor %u) wr %llu",
			 s.status, s.vendor_err, s.wr_id);
	} else if (kud_poll(k->rcq, &r, 200)) {
		kud_fail("16 KiB UD send: delivered anyway (%u bytes)",
			 r.byte_len);
	} else {
		kud_pass("16 KiB UD send: IB_WC_LOC_LEN_ERR completion (vendor error %u), nothing delivered",
			 s.vendor_err);
	}

	/* a wrong Q_Key: the send completes, the receiver drops it */
	err = kud_send(k, ah, KUD_MSG, KUD_QKEY + 1, 1, false, 6, &bad);
	memset(&r, 0, sizeof(r));
	if (err || !kud_poll(k->scq, &s, 2000) || s.status != IB_WC_SUCCESS)
		kud_fail("UD send with a wrong Q_Key: post %d status %d",
			 err, s.status);
	else if (kud_poll(k->rcq, &r, 200))
		kud_fail("UD send with a wrong Q_Key: delivered (%u bytes)",
			 r.byte_len);
	else
		kud_pass("UD send with a wrong Q_Key: completes, not delivered");
	/* the receive of buffer 1 is still posted: a good send takes it */
	err = kud_send(k, ah, KUD_MSG, KUD_QKEY, 1, false, 7, &bad);
	memset(&r, 0, sizeof(r));
	if (err || !kud_poll(k->scq, &s, 2000) || s.status ||
	    !kud_poll(k->rcq, &r, 2000) || r.status || r.wr_id != 101)
		kud_fail("the QP after the bad sends: post %d send %d receive %d/%llu",
			 err, s.status, r.status, r.wr_id);
	else
		kud_pass("the QP still sends and receives after the bad sends");
}

/* An AH destroyed while its send is on the ring. */
static void kud_ah_in_use(struct kud *k)
{
	const struct ib_send_wr *bad;
	struct ib_wc s = {}, r = {};
	struct ib_ah *ah;
	int err;

	ah = rdma_create_ah(k->pd, &k->ah_attr, RDMA_CREATE_AH_SLEEPABLE);
	if (IS_ERR(ah)) {
		kud_fail("AH for the in-use test: %ld", PTR_ERR(ah));
		return;
	}
	err = kud_post_recv(k, 2) ?:
	      kud_send(k, ah, KUD_MSG, KUD_QKEY, 1, false, 8, &bad);
	rdma_destroy_ah(ah, RDMA_DESTROY_AH_SLEEPABLE);
	if (err || !kud_poll(k->scq, &s, 2000) || s.status ||
	    !kud_poll(k->rcq, &r, 2000) || r.status || r.wr_id != 102)
		kud_fail("AH destroyed with its send posted: post %d send %d receive %d/%llu",
			 err, s.status, r.status, r.wr_id);
	else
		kud_pass("AH destroyed with its send posted: the send completes and is delivered");
}

static void kud_run(struct kud *k)
{
	struct ib_qp_init_attr init = {};
	struct ib_cq_init_attr cqa = { .cqe = 64 };
	const struct ib_send_wr *bad;
	struct ib_wc wc;
	struct ib_ah *ah;
	int err, i;

	/* the core takes a kernel PD's local_dma_lkey from get_dma_mr() */
	if (!k->ibdev->ops.get_dma_mr) {
		kud_fail("%s has no DMA MR for kernel PDs (get_dma_mr)", dev);
		return;
	}
	k->pd = ib_alloc_pd(k->ibdev, 0);
	k->pd2 = ib_alloc_pd(k->ibdev, 0);
	if (IS_ERR(k->pd) || IS_ERR(k->pd2)) {
		kud_fail("kernel PDs: %ld/%ld", PTR_ERR(k->pd), PTR_ERR(k->pd2));
		return;
	}
	k->scq = ib_create_cq(k->ibdev, NULL, NULL, NULL, &cqa);
	k->rcq = ib_create_cq(k->ibdev, NULL, NULL, NULL, &cqa);
	if (IS_ERR(k->scq) || IS_ERR(k->rcq)) {
		kud_fail("kernel CQs: %ld/%ld", PTR_ERR(k->scq), PTR_ERR(k->rcq));
		return;
	}
	init.qp_type = IB_QPT_UD;
	init.send_cq = k->scq;
	init.recv_cq = k->rcq;
	init.sq_sig_type = IB_SIGNAL_REQ_WR;
	init.cap.max_send_wr = 16;
	init.cap.max_recv_wr = 16;
	init.cap.max_send_sge = 2;
	init.cap.max_recv_sge = 1;
	init.port_num = 1;
	k->qp = ib_create_qp(k->pd, &init);
	if (IS_ERR(k->qp)) {
		kud_fail("kernel UD QP: %ld", PTR_ERR(k->qp));
		return;
	}
	err = kud_to_rts(k->qp);
	if (err || kud_find_gid(k)) {
		kud_fail("UD QP %u to RTS (%d) and an IPv4 RoCE v2 GID",
			 k->qp->qp_num, err);
		return;
	}
	ah = rdma_create_ah(k->pd, &k->ah_attr, RDMA_CREATE_AH_SLEEPABLE);
	if (IS_ERR(ah)) {
		kud_fail("address handle: %ld", PTR_ERR(ah));
		return;
	}
	kud_pass("kernel UD QP %u in RTS on kernel CQs, AH to the port's own GID",
		 k->qp->qp_num);

	kud_loopback(k, ah, false, "UD loopback SEND");
	kud_loopback(k, ah, true, "UD loopback SEND with immediate");
	kud_ah_in_use(k);
	kud_bad_input(k, ah);

	/* RESET starts the rings over; the QP works again after RTS */
	err = kud_modify(k->qp, IB_QPS_RESET) ?: kud_to_rts(k->qp);
	if (err)
		kud_fail("UD QP RESET and back to RTS: %d", err);
	else
		kud_loopback(k, ah, false, "UD loopback after RESET -> RTS");

	/* leave work requests posted for the destroy */
	for (i = 0; i < KUD_NRECV; i++)
		err = err ?: kud_post_recv(k, i);
	err = err ?: kud_send(k, ah, KUD_MSG, KUD_QKEY ^ 1, 1, false, 9, &bad);
	err = err ?: kud_send(k, ah, KUD_MSG, KUD_QKEY ^ 1, 1, false, 10, &bad);
	rdma_destroy_ah(ah, RDMA_DESTROY_AH_SLEEPABLE);
	if (err)
		kud_fail("work requests left posted for the destroy: %d", err);
	else
		kud_pass("QP destroyed with %d receives and 2 sends posted, unpolled",
			 KUD_NRECV);
	/* a CQ poll after the QP is gone must not find its entries */
	ib_destroy_qp(k->qp);
	k->qp = NULL;
	if (ib_poll_cq(k->rcq, 1, &wc) > 0)
		kud_fail("the destroyed QP's receive completed on its CQ (wr %llu)",
			 wc.wr_id);
}

/* the device named dev=, found through a client (every kernel has those) */
static struct ib_device *kud_found;

static int kud_add(struct ib_device *ibdev)
{
	if (!strcmp(dev_name(&ibdev->dev), dev) && ib_device_try_get(ibdev))
		kud_found = ibdev;
	return 0;
}

static void kud_remove(struct ib_device *ibdev, void *data)
{
}

static struct ib_client kud_client = {
	.name = "rnic_kud",
	.add = kud_add,
	.remove = kud_remove,
};

static int __init rnic_kud_init(void)
{
	struct kud *k;
	int err;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	err = ib_register_client(&kud_client);
	if (err) {
		kfree(k);
		return err;
	}
	/* the device reference is ours now: no need to stay a client */
	ib_unregister_client(&kud_client);
	k->ibdev = kud_found;
	if (!k->ibdev) {
		kud_fail("no IB device %s", dev);
		goto out;
	}
	k->len = KUD_NRECV * KUD_RBUF + KUD_BIG;
	k->buf = kzalloc(k->len, GFP_KERNEL);
	if (!k->buf)
		goto put;
	k->dma = ib_dma_map_single(k->ibdev, k->buf, k->len, DMA_BIDIRECTIONAL);
	if (ib_dma_mapping_error(k->ibdev, k->dma)) {
		kud_fail("DMA mapping");
		goto free;
	}
	kud_run(k);
	if (k->qp && !IS_ERR(k->qp))
		ib_destroy_qp(k->qp);
	if (k->scq && !IS_ERR(k->scq))
		ib_destroy_cq(k->scq);
	if (k->rcq && !IS_ERR(k->rcq))
		ib_destroy_cq(k->rcq);
	if (k->pd2 && !IS_ERR(k->pd2))
		ib_dealloc_pd(k->pd2);
	if (k->pd && !IS_ERR(k->pd))
		ib_dealloc_pd(k->pd);
	ib_dma_unmap_single(k->ibdev, k->dma, k->len, DMA_BIDIRECTIONAL);
free:
	kfree(k->buf);
put:
	ib_device_put(k->ibdev);
out:
	kfree(k);
	pr_info("rnic_kud: done\n");
	return 0;
}

static void __exit rnic_kud_exit(void)
{
}

module_init(rnic_kud_init);
module_exit(rnic_kud_exit);
MODULE_DESCRIPTION("Kernel UD checks of an RNIC (test only)");
MODULE_LICENSE("GPL");
