// SPDX-License-Identifier: GPL-2.0-only
/*
 * Receive path: page_pool buffers posted one per RX WQE, completions taken
 * in ring order and unpacked (one packet, or several when the vPort has RX
 * CQE coalescing; docs/device-interface.md §3.11.3, §3.11.4), and the NAPI
 * poll that serves both CQs of a channel.
 */
#include <linux/bpf_trace.h>
#include <linux/dma-mapping.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <compat/net.h>

#include "eth.h"

/*
 * Store the lengths/hashes of a completion in ring order and check them:
 * the list ends at the first zero length and nothing may follow it.
 */
static int mana_rx_take(struct mana_rx_pkt pkts[], u32 slot, u32 len,
			u32 hash, u32 *count, bool *ended)
{
	if (!len) {
		*ended = true;
		return 0;
	}
	if (*ended)
		return -EPROTO;
	pkts[slot].len = len;
	pkts[slot].hash = hash;
	(*count)++;
	return 0;
}

/* The packet of a type-1 completion: 1, or 0 for a zero length. */
static __always_inline int mana_rx_cqe_one(const struct gdma_cqe *cqe,
					   struct mana_rx_pkt *pkt)
{
	pkt->len = FIELD_GET(MANA_RXC_PPI_LEN,
			     gdma_cqe_word(cqe, MANA_RXC_PPI_LEN_DW(0)));
	pkt->hash = gdma_cqe_word(cqe, MANA_RXC_PPI_HASH_DW(0));
	return pkt->len ? 1 : 0;
}

/**
 * mana_rx_cqe_unpack() - packets of an RX completion of type 1, 2 or 7
 * @ch: channel the completion belongs to
 * @cqe: the completion, in the CQ ring (each word read once)
 * @type: its type, as the caller read it from the first word
 * @pkts: out: MANA_RXC_MAX_PKTS entries, filled in ring order
 *
 * A type-1 completion with length 0 yields 0 packets (the caller counts it
 * as pkt_len0_err).  A coalesced completion without packets, with a packet
 * after the terminating zero length, or of type 7 from a device that does
 * not offer 8-packet coalescing is malformed.
 *
 * Return: number of packets, or -EPROTO for a malformed completion (logged,
 * rate limited).
 */
int mana_rx_cqe_unpack(const struct mana_channel *ch,
		       const struct gdma_cqe *cqe, u32 type,
		       struct mana_rx_pkt pkts[])
{
	struct mana_port *port = ch->port;
	bool ended = false;
	u32 i, n = 0;
	int err = 0;

	switch (type) {
	case MANA_CQE_RX_OKAY:
		return mana_rx_cqe_one(cqe, pkts);
	case MANA_CQE_RX_COALESCED_4:
		for (i = 0; i < MANA_RXC_NUM_PPI && !err; i++) {
			u32 len = gdma_cqe_word(cqe, MANA_RXC_PPI_LEN_DW(i));
			u32 hash = gdma_cqe_word(cqe, MANA_RXC_PPI_HASH_DW(i));

			err = mana_rx_take(pkts, n,
					   FIELD_GET(MANA_RXC_PPI_LEN, len),
					   hash, &n, &ended);
		}
		break;
	case MANA_CQE_RX_COALESCED_8:
		if (!port->eth->cqe8_coalescing) {
			err = -EPROTO;
			break;
		}
		for (i = 0; i < MANA_RXC_NUM_PPI && !err; i++) {
			u32 lens = gdma_cqe_word(cqe, MANA_RXC8_LENS_DW(i));
			u32 hash_a = gdma_cqe_word(cqe, MANA_RXC8_HASH_A_DW(i));
			u32 hash_b = gdma_cqe_word(cqe, MANA_RXC8_HASH_B_DW(i));

			err = mana_rx_take(pkts, n,
					   FIELD_GET(MANA_RXC8_LEN_A, lens),
					   hash_a, &n, &ended);
			if (!err)
				err = mana_rx_take(pkts, n,
						   FIELD_GET(MANA_RXC8_LEN_B, lens),
						   hash_b, &n, &ended);
		}
		break;
	default:
		return -EINVAL;
	}

	if (err || !n) {
		net_err_ratelimited("%s: RX queue %u: malformed coalesced completion (type %u, %u packets%s), resetting the port\n",
				    port->ndev->name, ch->idx, type, n,
				    err ? ", packet after the end mark" : "");
		return -EPROTO;
	}
	return n;
}

/**
 * mana_rx_buf_layout() - receive buffer geometry for an MTU
 * @port: port (its XDP state decides the headroom)
 * @mtu: MTU
 * @datasize: out: bytes the device may write
 * @headroom: out: bytes before the data
 * @alloc_size: out: bytes of one buffer, or of the whole page (order
 *	included) when a buffer takes a page of its own
 * @use_frags: out: several buffers share a page
 */
void mana_rx_buf_layout(const struct mana_port *port, u32 mtu, u32 *datasize,
			u32 *headroom, u32 *alloc_size, bool *use_frags)
{
	bool xdp = mana_port_has_xdp(port);
	u32 size;

	*datasize = mtu + ETH_HLEN;
	*headroom = xdp ? XDP_PACKET_HEADROOM : NET_SKB_PAD;
	size = SKB_DATA_ALIGN(*headroom + *datasize) +
	       SKB_DATA_ALIGN(sizeof(struct skb_shared_info));

	/* XDP programs may grow the frame up to the page end: one per page.
	 * The full-page-rx private flag asks for one per page as well.
	 */
	*use_frags = MANA_COMPAT_PP_FRAGS && !xdp && size * 2 <= PAGE_SIZE &&
		     !(port->priv_flags & BIT(MANA_PRIV_FULL_PAGE_RX));
	if (*use_frags)
		*alloc_size = size;
	else
		*alloc_size = PAGE_SIZE << get_order(size);
}

static int mana_rx_buf_alloc(struct mana_rxq *rxq, struct mana_rx_buf *buf,
			     gfp_t gfp)
{
	unsigned int offset = 0;
	struct page *page;

	if (rxq->use_frags) {
		page = page_pool_dev_alloc_frag(rxq->pool, &rxq->frag_offset,
						rxq->alloc_size);
		offset = rxq->frag_offset;
	} else {
		page = page_pool_dev_alloc_pages(rxq->pool);
	}
	if (!page)
		return -ENOMEM;

	buf->page = page;
	buf->va = page_address(page) + offset;
	buf->dma = page_pool_get_dma_addr(page) + offset + rxq->headroom;
	return 0;
}

/* One buffer, one single-SGE WQE written straight into the RQ. */
static int mana_rx_post(struct mana_channel *ch, struct mana_rx_buf *buf)
{
	struct mana_rxq *rxq = &ch->rx;

	return gdma_rq_post_one_sge(rxq->rq, buf->dma,
				    ch->port->eth->gd->gpa_mkey, rxq->datasize);
}

/*
 * Re-posted buffers are announced in batches.  The RQ doorbell carries the
 * driver's free-running producer position in bytes, not a count
 * (docs/device-interface.md §3.3; its WQE count field is written as 0), so
 * one doorbell hands the device every WQE written below that position,
 * however many doorbells were skipped before it: the in-tree driver rings
 * once for all the buffers of a poll since v6.6 ("net: mana: Batch ringing
 * RX queue doorbell on receiving packets") and DPDK's mana PMD once per
 * burst.  A consumed buffer is always replaced in
 * the same poll (the old page is kept when no new one comes), so with at
 * most @db_batch - 1 held back, under 1/8 of the ring, the device keeps
 * 7/8 of it at the end of every poll: it is never left empty while the
 * driver holds buffers, and a packet never waits for a doorbell.  The
 * batch: mana_rx_db_batch().
 *
 * mana_rx_announce() rings the RQ doorbell for the buffers re-posted since
 * the last one: when they reach the batch, or (@all) whenever there are any.
 */
static void mana_rx_announce(struct mana_rxq *rxq, bool all)
{
	if (!rxq->unannounced || (!all && rxq->unannounced < rxq->db_batch))
		return;
	rxq->unannounced = 0;
	gdma_ring_wq(rxq->rq);
}

/**
 * mana_rxq_init() - create the page pool and buffers of a channel's RX side
 * @ch: channel; port MTU and ring size decide the layout
 *
 * Return: 0 or a negative errno (nothing left allocated).
 */
int mana_rxq_init(struct mana_channel *ch)
{
	struct mana_port *port = ch->port;
	struct mana_rxq *rxq = &ch->rx;
	struct page_pool_params pp = {};
	u32 i;
	int err;

	mana_rx_buf_layout(port, port->ndev->mtu, &rxq->datasize,
			   &rxq->headroom, &rxq->alloc_size, &rxq->use_frags);
	rxq->num_bufs = port->rx_ring_size;
	rxq->db_batch = mana_rx_db_batch(rxq->num_bufs);
	rxq->unannounced = 0;
	rxq->rq_obj = MANA_INVALID_HANDLE;
	init_completion(&rxq->fence_done);
	rxq->wqe_off_seen = false;
	u64_stats_init(&rxq->stats.syncp);

	rxq->bufs = kvcalloc(rxq->num_bufs, sizeof(*rxq->bufs), GFP_KERNEL);
	if (!rxq->bufs)
		return -ENOMEM;

	pp.flags = PP_FLAG_DMA_MAP |
		   (rxq->use_frags ? MANA_COMPAT_PP_FLAG_FRAG : 0);
	pp.order = rxq->use_frags ? 0 : get_order(rxq->alloc_size);
	pp.pool_size = rxq->num_bufs;
	pp.nid = dev_to_node(port->eth->dev);
	pp.dev = port->eth->dev;
	pp.dma_dir = DMA_FROM_DEVICE;
	rxq->pool = page_pool_create(&pp);
	if (IS_ERR(rxq->pool)) {
		err = PTR_ERR(rxq->pool);
		rxq->pool = NULL;
		goto free_bufs;
	}

	err = mana_compat_xdp_rxq_info_reg(&rxq->xdp_rxq, port->ndev, ch->idx,
					   ch->napi.napi_id);
	if (err)
		goto destroy_pool;
	err = xdp_rxq_info_reg_mem_model(&rxq->xdp_rxq, MEM_TYPE_PAGE_POOL,
					 rxq->pool);
	if (err)
		goto unreg_rxq_info;

	for (i = 0; i < rxq->num_bufs; i++) {
		err = mana_rx_buf_alloc(rxq, &rxq->bufs[i], GFP_KERNEL);
		if (err)
			goto free_pages;
	}
	return 0;

free_pages:
	while (i--)
		page_pool_put_full_page(rxq->pool, rxq->bufs[i].page, false);
unreg_rxq_info:
	xdp_rxq_info_unreg(&rxq->xdp_rxq);
destroy_pool:
	page_pool_destroy(rxq->pool);
	rxq->pool = NULL;
free_bufs:
	kvfree(rxq->bufs);
	rxq->bufs = NULL;
	return err;
}

/* Return the buffers to their pool, then the pool (its DMA mappings go). */
static void mana_rx_bufs_release(struct page_pool *pool,
				 struct mana_rx_buf *bufs, u32 num_bufs)
{
	u32 i;

	for (i = 0; i < num_bufs; i++)
		if (bufs[i].page)
			page_pool_put_full_page(pool, bufs[i].page, false);
	page_pool_destroy(pool);
	kvfree(bufs);
}

/**
 * mana_rxq_free() - release the buffers and pool of a channel
 * @ch: channel whose RQ object is destroyed (or was never created), or
 *	whose buffers went with its parked RQ (mana_rxq_park())
 */
void mana_rxq_free(struct mana_channel *ch)
{
	struct mana_rxq *rxq = &ch->rx;

	/* the XDP registration holds a reference of its own on the pool */
	if (xdp_rxq_info_is_reg(&rxq->xdp_rxq))
		xdp_rxq_info_unreg(&rxq->xdp_rxq);
	if (!rxq->bufs)
		return;
	mana_rx_bufs_release(rxq->pool, rxq->bufs, rxq->num_bufs);
	rxq->pool = NULL;
	rxq->bufs = NULL;
}

/*
 * The receive buffers of an RQ the device did not confirm destroying: they
 * stay posted, mapped and out of the allocator's reach with the parked RQ.
 */
struct mana_rx_parked {
	struct device *dev;
	struct page_pool *pool;
	struct mana_rx_buf *bufs;
	u32 num_bufs;
};

static void mana_rx_parked_release(void *ctx)
{
	struct mana_rx_parked *p = ctx;

	mana_rx_bufs_release(p->pool, p->bufs, p->num_bufs);
	dev_info(p->dev, "released the %u receive buffers of a parked RQ\n",
		 p->num_bufs);
	kfree(p);
}

/**
 * mana_rxq_park() - park the channel's RQ together with its buffers
 * @ch: channel whose DESTROY_WQ_OBJ of the RQ failed
 *
 * The device may still write received packets into every buffer posted to
 * the RQ until the function is reset, so the buffers (pages and DMA
 * mappings) must not go back to the allocator before that: they are
 * handed to the parked RQ (gdma_park_queue_with()) and released when its
 * memory is.  Without memory for that hand-over they are leaked rather
 * than reused.
 * Afterwards mana_rxq_free() finds no buffers.
 *
 * Context: process context, the channel's NAPI disabled.
 */
void mana_rxq_park(struct mana_channel *ch)
{
	struct device *dev = ch->port->eth->dev;
	struct mana_rxq *rxq = &ch->rx;
	struct mana_rx_parked *p;

	if (!rxq->bufs) {
		gdma_park_queue(rxq->rq);
		return;
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p) {
		/* the buffers are leaked: the allocator warned already */
		gdma_park_queue(rxq->rq);
	} else {
		p->dev = dev;
		p->pool = rxq->pool;
		p->bufs = rxq->bufs;
		p->num_bufs = rxq->num_bufs;
		dev_warn(dev, "RQ %u parked with its %u receive buffers until the function is reset\n",
			 rxq->rq->id, rxq->num_bufs);
		gdma_park_queue_with(rxq->rq, mana_rx_parked_release, p);
	}
	rxq->pool = NULL;
	rxq->bufs = NULL;
}

/**
 * mana_rxq_post_all() - post every buffer of the ring (queue creation)
 * @ch: channel with an active RQ
 *
 * Return: 0 or the posting error.
 */
int mana_rxq_post_all(struct mana_channel *ch)
{
	struct mana_rxq *rxq = &ch->rx;
	u32 i;
	int err;

	for (i = 0; i < rxq->num_bufs; i++) {
		err = mana_rx_post(ch, &rxq->bufs[i]);
		if (err)
			return err;
	}
	rxq->next = 0;
	rxq->unannounced = 0;
	gdma_ring_wq(rxq->rq);
	return 0;
}

static void mana_rx_count(struct mana_rxq *rxq, u32 len, u64 *field)
{
	u64_stats_update_begin(&rxq->stats.syncp);
	if (field) {
		(*field)++;
	} else {
		rxq->stats.packets++;
		rxq->stats.bytes += len;
	}
	u64_stats_update_end(&rxq->stats.syncp);
}

static struct sk_buff *mana_rx_copy_skb(struct mana_channel *ch,
					const void *data, u32 len)
{
	struct sk_buff *skb = napi_alloc_skb(&ch->napi, len);

	if (skb)
		skb_put_data(skb, data, len);
	return skb;
}

/* mana_rx_run_xdp()'s answer for XDP_PASS: the packet's place in the buffer */
#define MANA_RX_XDP_PASS	BIT_ULL(63)
#define MANA_RX_XDP_OFFSET	GENMASK_ULL(62, 32)
#define MANA_RX_XDP_LEN		GENMASK_ULL(31, 0)

/*
 * Run the XDP program on a received buffer.  XDP_PASS returns
 * MANA_RX_XDP_PASS with the packet's new offset and length in the buffer;
 * every other verdict returns 0 with the page dealt with.  Out of line and
 * given no pointer to the caller's locals, so that its xdp_buff (cleared
 * on entry on Debian kernels) and the stack canary it brings stay off the
 * path of packets that meet no program.
 */
static noinline u64 mana_rx_run_xdp(struct mana_channel *ch,
				    struct bpf_prog *prog,
				    struct page *page, void *va, u32 offset,
				    u32 len)
{
	struct net_device *ndev = ch->port->ndev;
	struct mana_rxq *rxq = &ch->rx;
	struct sk_buff *skb;
	struct xdp_buff xdp;
	u32 act;

	xdp_init_buff(&xdp, rxq->alloc_size, &rxq->xdp_rxq);
	xdp_prepare_buff(&xdp, va, offset, len, false);
	act = bpf_prog_run_xdp(prog, &xdp);

	switch (act) {
	case XDP_PASS:
		return MANA_RX_XDP_PASS |
		       FIELD_PREP(MANA_RX_XDP_OFFSET, xdp.data - va) |
		       FIELD_PREP(MANA_RX_XDP_LEN, xdp.data_end - xdp.data);
	case XDP_TX:
		skb = mana_rx_copy_skb(ch, xdp.data, xdp.data_end - xdp.data);
		page_pool_put_full_page(rxq->pool, page, true);
		if (skb) {
			skb->protocol = eth_type_trans(skb, ndev);
			skb_push(skb, ETH_HLEN);
			skb_set_queue_mapping(skb, ch->idx);
			if (mana_xdp_tx_skb(ch->port, ch->idx, skb)) {
				rxq->xdp_tx_owed = true;
				mana_rx_count(rxq, 0, &rxq->stats.xdp_tx);
				return 0;
			}
		}
		mana_rx_count(rxq, 0, &rxq->stats.xdp_drop);
		return 0;
	case XDP_REDIRECT:
		if (!xdp_do_redirect(ndev, &xdp, prog)) {
			rxq->xdp_flush = true;
			mana_rx_count(rxq, 0, &rxq->stats.xdp_redirect);
			return 0;
		}
		trace_xdp_exception(ndev, prog, act);
		break;
	default:
		mana_compat_bpf_warn_invalid_xdp_action(ndev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		trace_xdp_exception(ndev, prog, act);
		break;
	case XDP_DROP:
		break;
	}
	page_pool_put_full_page(rxq->pool, page, true);
	mana_rx_count(rxq, 0, &rxq->stats.xdp_drop);
	return 0;
}

static void mana_rx_set_offloads(struct net_device *ndev, struct sk_buff *skb,
				 u32 flags, u32 hash)
{
	u32 htype = FIELD_GET(MANA_RXC_HASH_TYPE, flags);

	if ((ndev->features & NETIF_F_RXCSUM) &&
	    (flags & MANA_RXC_IP_CSUM_OK) &&
	    (flags & (MANA_RXC_TCP_CSUM_OK | MANA_RXC_UDP_CSUM_OK)))
		skb->ip_summed = CHECKSUM_UNNECESSARY;

	if ((ndev->features & NETIF_F_RXHASH) && htype)
		skb_set_hash(skb, hash, (htype & MANA_HASH_L4_TYPES) ?
			     PKT_HASH_TYPE_L4 : PKT_HASH_TYPE_L3);

	if ((ndev->features & NETIF_F_HW_VLAN_CTAG_RX) &&
	    (flags & MANA_RXC_VLAN_PRESENT))
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q),
				       FIELD_GET(MANA_RXC_VLAN_ID, flags));
}

/*
 * One received packet in the buffer at rxq->next.  The buffer is replaced
 * by a new one (or reused when the packet is dropped) and re-posted.
 */
static void mana_rx_packet(struct mana_channel *ch, u32 len, u32 flags,
			   u32 hash)
{
	struct mana_port *port = ch->port;
	struct net_device *ndev = port->ndev;
	struct mana_rxq *rxq = &ch->rx;
	struct mana_rx_buf *buf = &rxq->bufs[rxq->next];
	u32 offset = rxq->headroom;
	struct mana_rx_buf old = *buf;
	struct bpf_prog *prog;
	struct sk_buff *skb;

	if (len > rxq->datasize) {
		net_err_ratelimited("%s: RX queue %u: %u-byte packet in a %u-byte buffer\n",
				    ndev->name, ch->idx, len, rxq->datasize);
		goto drop_keep_buf;
	}

	if (mana_rx_buf_alloc(rxq, buf, GFP_ATOMIC)) {
		*buf = old;
		goto drop_keep_buf;
	}

	dma_sync_single_for_cpu(port->eth->dev, old.dma, len, DMA_FROM_DEVICE);

	rcu_read_lock();
	prog = rcu_dereference(port->xdp_prog);
	if (prog) {
		u64 pass = mana_rx_run_xdp(ch, prog, old.page, old.va,
					   offset, len);

		if (!pass) {
			rcu_read_unlock();
			return;
		}
		offset = FIELD_GET(MANA_RX_XDP_OFFSET, pass);
		len = FIELD_GET(MANA_RX_XDP_LEN, pass);
	}
	rcu_read_unlock();

	skb = napi_build_skb(old.va, rxq->alloc_size);
	if (!skb) {
		page_pool_put_full_page(rxq->pool, old.page, true);
		atomic64_inc(&port->stats.rx_dropped);
		return;
	}
	mana_compat_skb_recycle(skb, rxq->pool, old.page);
	skb_reserve(skb, offset);
	skb_put(skb, len);
	skb->protocol = eth_type_trans(skb, ndev);
	skb_record_rx_queue(skb, ch->idx);
	mana_rx_set_offloads(ndev, skb, flags, hash);
	mana_rx_count(rxq, len, NULL);
	napi_gro_receive(&ch->napi, skb);
	return;

drop_keep_buf:
	atomic64_inc(&port->stats.rx_dropped);
}

/* Give the buffer at rxq->next back to the device and move on. */
static int mana_rx_repost_next(struct mana_channel *ch)
{
	struct mana_rxq *rxq = &ch->rx;
	int err;

	gdma_wq_advance_tail(rxq->rq, 1);
	err = mana_rx_post(ch, &rxq->bufs[rxq->next]);
	rxq->next = (rxq->next + 1) % rxq->num_bufs;
	rxq->unannounced += !err;
	return err;
}

/*
 * The packets of a completion of type 1, 2 or 7, each in the next buffer in
 * ring order; all share the flags (VLAN, checksum, hash type) of data[1].
 */
static int mana_rx_cqe_packets(struct mana_channel *ch,
			       const struct gdma_cqe *cqe, u32 type, u32 flags)
{
	struct mana_rxq *rxq = &ch->rx;
	struct mana_rx_pkt *pkts = rxq->pkts;
	int n, i;

	/*
	 * One packet (type 1) is nearly every completion: its length and hash
	 * are read here; coalesced ones go through mana_rx_cqe_unpack().
	 */
	if (likely(type == MANA_CQE_RX_OKAY)) {
		n = mana_rx_cqe_one(cqe, pkts);
	} else {
		n = mana_rx_cqe_unpack(ch, cqe, type, pkts);
		if (n < 0)
			return -EPROTO;
	}
	if (!n) {
		mana_rx_count(rxq, 0, &rxq->stats.pkt_len0_err);
		return mana_rx_repost_next(ch) ? -EPROTO : 1;
	}
	for (i = 0; i < n; i++) {
		mana_rx_packet(ch, pkts[i].len, flags, pkts[i].hash);
		if (mana_rx_repost_next(ch))
			return -EPROTO;
	}
	if (n > 1)
		mana_rx_count(rxq, 0, &rxq->stats.coalesced_cqe[n - 2]);
	return n;
}

/*
 * Does a packet completion name the WQE at the driver's ring position?  A
 * device that reports the offset (one non-zero offset that matched is
 * taken as proof; one that leaves it zero is not checked) must name the
 * next WQE.  An offset up to half the ring behind is a completion of a
 * WQE already taken (a duplicate): it is dropped, counted as an RX drop.
 * Any other offset means device and driver no longer agree on the ring;
 * only a reset of the port's queues makes them agree again.
 *
 * Return: 0 to handle the completion, 1 to drop it, -EPROTO to reset.
 */
static int mana_rx_check_wqe(struct mana_channel *ch,
			     const struct gdma_cqe *cqe)
{
	struct mana_rxq *rxq = &ch->rx;
	u32 size = rxq->rq->ring_size;
	u32 want = (rxq->rq->tail * GDMA_WQE_BU_SIZE) & (size - 1);
	u32 got = gdma_cqe_word(cqe, MANA_RXC_WQE_OFFSET_DW);
	u32 behind = (want - got) & (size - 1);

	if (got == want) {
		if (want)
			rxq->wqe_off_seen = true;
		return 0;
	}
	if (!rxq->wqe_off_seen)
		return 0;
	if (got < size && !(got % GDMA_WQE_BU_SIZE) && behind <= size / 2) {
		atomic64_inc(&ch->port->stats.rx_dropped);
		net_warn_ratelimited("%s: RX queue %u: completion for WQE offset %u, already taken (next is %u): dropped\n",
				     ch->port->ndev->name, ch->idx, got, want);
		return 1;
	}
	net_err_ratelimited("%s: RX queue %u: completion for WQE offset %u, the next WQE is at %u: resetting the port\n",
			    ch->port->ndev->name, ch->idx, got, want);
	return -EPROTO;
}

/*
 * Handle one RX completion.  Returns the packets it carried (each consumed
 * one WQE, in ring order), or -EPROTO for an unusable completion.
 */
static int mana_rx_cqe(struct mana_channel *ch, const struct gdma_cqe *cqe)
{
	struct mana_port *port = ch->port;
	struct mana_rxq *rxq = &ch->rx;
	u32 info = gdma_cqe_info(cqe);
	u32 type = FIELD_GET(MANA_CQE_TYPE, gdma_cqe_word(cqe, 0));
	u32 flags;
	int r;

	if (gdma_cqe_is_sq(info) || gdma_cqe_wq(info) != rxq->rq->id) {
		net_err_ratelimited("%s: RX queue %u: completion for WQ %u (%s), resetting the port\n",
				    port->ndev->name, ch->idx, gdma_cqe_wq(info),
				    gdma_cqe_is_sq(info) ? "send" : "receive");
		return -EPROTO;
	}

	switch (type) {
	case MANA_CQE_RX_OBJECT_FENCE:
		complete(&rxq->fence_done);
		return 0;
	case MANA_CQE_RX_TRUNCATED:
	case MANA_CQE_RX_OKAY:
	case MANA_CQE_RX_COALESCED_4:
	case MANA_CQE_RX_COALESCED_8:
		break;
	default:
		atomic64_inc(&port->stats.rx_cqe_unknown_type);
		net_err_ratelimited("%s: RX queue %u: unknown completion type %u\n",
				    port->ndev->name, ch->idx, type);
		return 0;
	}

	r = mana_rx_check_wqe(ch, cqe);
	if (r)
		return r < 0 ? r : 0;
	if (type == MANA_CQE_RX_TRUNCATED) {
		atomic64_inc(&port->stats.rx_dropped);
		return mana_rx_repost_next(ch) ? -EPROTO : 1;
	}
	flags = gdma_cqe_word(cqe, 1);
	return mana_rx_cqe_packets(ch, cqe, type, flags);
}

/*
 * End of the XDP work of a poll: the redirected frames go out
 * (xdp_do_flush()), and the XDP_TX frames posted on the channel's SQ get
 * their one doorbell.  Also on a broken CQ: the frames already posted are
 * sent, and the flags start clear after the reset.
 */
static void mana_rx_xdp_done(struct mana_channel *ch)
{
	if (ch->rx.xdp_tx_owed) {
		ch->rx.xdp_tx_owed = false;
		mana_xdp_tx_flush(ch->port, ch->idx);
	}
	if (ch->rx.xdp_flush) {
		ch->rx.xdp_flush = false;
		xdp_do_flush();
	}
}

/**
 * mana_rx_poll() - handle the receive completions of a channel
 * @ch: channel
 * @budget: most packets to handle
 *
 * Return: packets handled, or -EPROTO when the queue is unusable (the port
 * reset is scheduled).
 */
int mana_rx_poll(struct mana_channel *ch, int budget)
{
	const struct gdma_cqe **cqes = ch->cqes;
	int done = 0, n, i, r;
	bool posted = false;

	ch->rx_cqes = 0;
	while (done < budget) {
		n = gdma_take_cqes(ch->rx.cq, cqes,
				   min_t(int, MANA_POLL_COMPS, budget - done));
		if (n < 0)
			goto broken;
		ch->rx_cqes += n;
		for (i = 0; i < n; i++) {
			r = mana_rx_cqe(ch, cqes[i]);
			if (r < 0)
				goto broken;
			posted |= r > 0;
			done += r;
		}
		if (n < MANA_POLL_COMPS)
			break;
	}

	if (posted)
		mana_rx_announce(&ch->rx, false);
	mana_rx_xdp_done(ch);
	return min(done, budget);

broken:
	if (posted)
		mana_rx_announce(&ch->rx, true);
	mana_rx_xdp_done(ch);
	ch->cq_err = true;
	schedule_work(&ch->port->reset_work);
	return -EPROTO;
}

/*
 * CQ doorbell at the end of a poll.  A CQ is armed again only when its event
 * disarmed it (the flag is set before the doorbell: an event right after it
 * clears the flag again); otherwise the doorbell only reports the consumer
 * position, and only when entries were taken.  Entries taken from a CQ that
 * is still armed (the poll ran for the other CQ) need no doorbell: the device
 * raised an event for them, and the poll it schedules re-arms with the new
 * position.
 */
static void mana_cq_doorbell(struct gdma_queue *cq, bool *armed, bool consumed,
			     bool rearm)
{
	if (READ_ONCE(*armed))
		return;
	if (rearm) {
		WRITE_ONCE(*armed, true);
		gdma_ring_cq(cq, true);
	} else if (consumed) {
		gdma_ring_cq(cq, false);
	}
}

/**
 * mana_napi_poll() - NAPI poll of a channel: send then receive completions
 * @napi: the channel's NAPI context
 * @budget: receive budget
 *
 * Only the CQs whose events fired are polled (an armed CQ has nothing new:
 * its first completion raises an event, which schedules this poll again),
 * except for netpoll (budget 0: the send CQ is reclaimed whatever its state)
 * and busy polling (no event drives it: both CQs are polled).  CQs whose
 * events fired are re-armed when the work is done; a CQ reported broken
 * stays unarmed until the port reset rebuilds it.
 *
 * Return: receive work done.
 */
int mana_napi_poll(struct napi_struct *napi, int budget)
{
	struct mana_channel *ch = container_of(napi, struct mana_channel, napi);
	bool tx_ev = !READ_ONCE(ch->tx_cq_armed);
	bool rx_ev = !READ_ONCE(ch->rx_cq_armed);
	bool all, complete, busy;
	int tx = 0, rx = 0;

	all = !budget || test_bit(NAPI_STATE_IN_BUSY_POLL, &napi->state);
	ch->rx_cqes = 0;
	if (tx_ev || all)
		tx = mana_tx_poll(ch, budget);
	if (budget > 0 && tx >= 0 && (rx_ev || all))
		rx = mana_rx_poll(ch, budget);

	if (tx < 0 || rx < 0) {
		napi_complete_done(napi, 0);
		return 0;
	}

	/*
	 * A poll that is not complete runs again at once and rings then; only
	 * when the budget ran out (sustained load) is progress reported now.
	 * This keeps an event of the other CQ during the poll (NAPI "missed")
	 * from costing an extra doorbell.  lib/dim is fed for the CQs whose
	 * events brought this poll: its samples count events, and a CQ
	 * without a new event would only repeat the last sample.
	 */
	busy = rx >= budget;
	if (!busy)
		mana_dim_poll_done(ch, tx_ev, rx_ev);
	complete = !busy && napi_complete_done(napi, rx);
	mana_cq_doorbell(ch->tx.cq, &ch->tx_cq_armed, busy && tx > 0, complete);
	mana_cq_doorbell(ch->rx.cq, &ch->rx_cq_armed, busy && ch->rx_cqes > 0,
			 complete);
	return rx;
}
