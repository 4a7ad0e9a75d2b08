// SPDX-License-Identifier: GPL-2.0-only
/*
 * Send path: one WQE per packet (per GSO super-packet), completions matched
 * to packets in posting order (docs/device-interface.md §3.11.1, §3.11.2).
 */
#include <linux/dma-mapping.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/ip6_checksum.h>

#include "eth.h"

/**
 * mana_txq_init() - allocate the slot ring of a TX queue
 * @txq: queue (zeroed)
 * @ring_size: WQE slots, power of two
 *
 * Return: 0 or -ENOMEM.
 */
int mana_txq_init(struct mana_txq *txq, u32 ring_size)
{
	txq->slots = kvcalloc(ring_size, sizeof(*txq->slots), GFP_KERNEL);
	if (!txq->slots)
		return -ENOMEM;
	txq->num_slots = ring_size;
	txq->sq_obj = MANA_INVALID_HANDLE;
	atomic_set(&txq->pending, 0);
	txq->wqe_off_seen = false;
	txq->db_owed = false;
	u64_stats_init(&txq->stats.syncp);
	return 0;
}

/**
 * mana_txq_free() - free the slot ring of a TX queue
 * @txq: queue with no pending packet
 */
void mana_txq_free(struct mana_txq *txq)
{
	kvfree(txq->slots);
	txq->slots = NULL;
}

static noinline void mana_tx_unmap_sges(struct device *dev,
					const struct mana_tx_slot *slot,
					u32 n, u32 head)
{
	u32 i;

	for (i = 0; i < n; i++) {
		if (i < head)
			dma_unmap_single(dev, slot->dma[i], slot->len[i],
					 DMA_TO_DEVICE);
		else
			dma_unmap_page(dev, slot->dma[i], slot->len[i],
				       DMA_TO_DEVICE);
	}
}

/*
 * A linear packet (most sends) is one unmap, called last so that it needs
 * no stack frame here; several SGEs go through mana_tx_unmap_sges().
 */
static void mana_tx_unmap(struct device *dev, struct mana_tx_slot *slot)
{
	u32 n = slot->num_sge, head = slot->head_mapped;

	slot->num_sge = 0;
	slot->head_mapped = 0;
	if (n == 1 && head)
		dma_unmap_single(dev, slot->dma[0], slot->len[0],
				 DMA_TO_DEVICE);
	else
		mana_tx_unmap_sges(dev, slot, n, head);
}

/*
 * Map the packet and write its SGEs into the SQ from ring offset @off (a
 * WQE started with gdma_sq_wqe_start() for mana_tx_wqe_sges() entries).
 * With a GSO header length the linear part is split: SGE0 covers only the
 * headers, the rest of the linear area gets its own SGE (same mapping).
 */
static int mana_tx_map(struct mana_port *port, struct sk_buff *skb,
		       u32 hdr_len, struct mana_tx_slot *slot,
		       const struct gdma_queue *sq, u32 off)
{
	struct device *dev = port->eth->dev;
	u32 mkey = port->eth->gd->gpa_mkey;
	u32 head = skb_headlen(skb), i;
	dma_addr_t da;

	if (head) {
		da = dma_map_single(dev, skb->data, head, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, da)) {
			slot->num_sge = 0;
			slot->head_mapped = 0;
			return -ENOMEM;
		}
		slot->dma[0] = da;
		slot->len[0] = head;
		slot->num_sge = 1;
		slot->head_mapped = 1;
		if (hdr_len && hdr_len < head) {
			off = gdma_wqe_put_sge(sq, off, da, mkey, hdr_len);
			off = gdma_wqe_put_sge(sq, off, da + hdr_len, mkey,
					       head - hdr_len);
		} else {
			off = gdma_wqe_put_sge(sq, off, da, mkey, head);
		}
	} else {
		slot->num_sge = 0;
		slot->head_mapped = 0;
	}

	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		u32 len = skb_frag_size(frag);

		da = skb_frag_dma_map(dev, frag, 0, len, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, da)) {
			mana_tx_unmap(dev, slot);
			return -ENOMEM;
		}
		slot->dma[slot->num_sge] = da;
		slot->len[slot->num_sge] = len;
		slot->num_sge++;
		off = gdma_wqe_put_sge(sq, off, da, mkey, len);
	}
	return 0;
}

/* SGEs mana_tx_map() writes: the linear part (split for GSO), the frags */
static u32 mana_tx_wqe_sges(const struct sk_buff *skb, u32 hdr_len)
{
	u32 head = skb_headlen(skb), n = skb_shinfo(skb)->nr_frags;

	if (head)
		n += (hdr_len && hdr_len < head) ? 2 : 1;
	return n;
}

/* SGEs the packet needs (linear part split for GSO). */
static u32 mana_tx_sge_count(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->nr_frags + 1 + (skb_is_gso(skb) ? 1 : 0);
}

/*
 * GSO: the device rebuilds lengths and checksums of every segment; it wants
 * the IP lengths zeroed and the TCP checksum seeded with the pseudo-header
 * sum over a zero length.
 */
static int mana_tso_prepare(struct sk_buff *skb, bool ipv4)
{
	int err = skb_cow_head(skb, 0);

	if (err)
		return err;
	if (ipv4) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = 0;
		iph->check = 0;
		tcp_hdr(skb)->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr,
							 0, IPPROTO_TCP, 0);
	} else {
		struct ipv6hdr *ip6 = ipv6_hdr(skb);

		ip6->payload_len = 0;
		tcp_hdr(skb)->check = ~csum_ipv6_magic(&ip6->saddr, &ip6->daddr,
						       0, IPPROTO_TCP, 0);
	}
	return 0;
}

/*
 * Network protocol under in-band VLAN tags.  Out of line: it reads the tags
 * through a stack buffer, which would give mana_tx_post() a stack canary
 * on every packet.
 */
static noinline __be16 mana_tx_vlan_proto(struct sk_buff *skb)
{
	return vlan_get_protocol(skb);
}

/* Checksum request bits for a CHECKSUM_PARTIAL packet, 0 = do it in software. */
static u32 mana_tx_csum_bits(struct sk_buff *skb, u32 *trans_off)
{
	__be16 proto = skb->protocol;
	u32 ipbit;
	u8 l4;

	if (unlikely(eth_type_vlan(proto)))
		proto = mana_tx_vlan_proto(skb);
	if (proto == htons(ETH_P_IP)) {
		ipbit = MANA_TXO_OUTER_IPV4;
		l4 = ip_hdr(skb)->protocol;
	} else if (proto == htons(ETH_P_IPV6)) {
		ipbit = MANA_TXO_OUTER_IPV6;
		l4 = ipv6_hdr(skb)->nexthdr;
	} else {
		return 0;
	}

	if (l4 == IPPROTO_TCP) {
		*trans_off = skb_transport_offset(skb);
		return ipbit | MANA_TXO_COMP_TCP_CSUM;
	}
	if (l4 == IPPROTO_UDP)
		return ipbit | MANA_TXO_COMP_UDP_CSUM;
	return 0;
}

/*
 * Counters of a posted packet: the flags are added as 0/1 rather than
 * tested, the short format is derived (mana_txq_short_pkt_fmt()), and
 * XDP sends are counted by their caller.
 */
static void mana_tx_count(struct mana_txq *txq, const struct sk_buff *skb,
			  bool gso, bool long_fmt, bool csum)
{
	struct mana_txq_stats *st = &txq->stats;

	u64_stats_update_begin(&st->syncp);
	st->packets++;
	st->bytes += skb->len;
	st->long_pkt_fmt += long_fmt;
	st->csum_partial += csum;
	if (unlikely(gso)) {
		st->tso_packets++;
		st->tso_bytes += skb->len;
		st->tso_inner_packets += skb_shinfo(skb)->gso_segs;
		st->tso_inner_bytes += skb->len - skb_transport_offset(skb) -
				       tcp_hdrlen(skb);
	}
	u64_stats_update_end(&st->syncp);
}

static void mana_tx_count_map_err(struct mana_txq *txq)
{
	u64_stats_update_begin(&txq->stats.syncp);
	txq->stats.map_err++;
	u64_stats_update_end(&txq->stats.syncp);
}

/*
 * Post one packet on a channel's SQ.  Caller holds the netdev TX queue lock
 * of the channel.  The skb is consumed in every case; returns true when a
 * WQE was posted (doorbell owed).
 */
static bool mana_tx_post(struct mana_port *port, struct mana_channel *ch,
			 struct sk_buff *skb)
{
	struct mana_txq *txq = &ch->tx;
	struct gdma_queue *sq = txq->sq;
	bool gso = skb_is_gso(skb), long_fmt, csum = false;
	u32 dw0 = 0, trans_off = 0, hdr_len = 0, wqe_bu, flags = 0, mss = 0;
	struct mana_tx_slot *slot;
	__le32 *oob;
	int off;

	if (mana_tx_sge_count(skb) > MANA_MAX_TX_SGE) {
		if (__skb_linearize(skb))
			goto drop;
		atomic64_inc(&port->stats.tx_linear_pkt_cnt);
	}

	if (gso) {
		bool ipv4 = skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4;

		hdr_len = skb_transport_offset(skb) + tcp_hdrlen(skb);
		if (!pskb_may_pull(skb, hdr_len) || mana_tso_prepare(skb, ipv4))
			goto drop;
		dw0 = (ipv4 ? MANA_TXO_OUTER_IPV4 | MANA_TXO_COMP_IP_CSUM :
			      MANA_TXO_OUTER_IPV6) | MANA_TXO_COMP_TCP_CSUM;
		trans_off = skb_transport_offset(skb);
		flags = GDMA_WQE_FLAG_OOB_IN_SGL | GDMA_WQE_FLAG_PAD_BY_SGE0;
		mss = skb_shinfo(skb)->gso_size;
	} else if (skb->ip_summed == CHECKSUM_PARTIAL) {
		dw0 = mana_tx_csum_bits(skb, &trans_off);
		if (!dw0 && skb_checksum_help(skb))
			goto drop;
		csum = !!dw0;
	}

	if (txq->prod - txq->cons >= txq->num_slots)
		goto drop;
	slot = &txq->slots[txq->prod & (txq->num_slots - 1)];

	/*
	 * The WQE is built in the ring: header, OOB, then the SGEs as the
	 * buffers are mapped; SGE0 (the pad length of a GSO WQE) is the
	 * header part of the split linear area.
	 */
	long_fmt = skb_vlan_tag_present(skb) ||
		   port->tx_vport_offset > MANA_SHORT_VP_OFFSET_MAX;
	off = gdma_sq_wqe_start(sq, long_fmt ? MANA_TX_OOB_LONG_SIZE :
					       MANA_TX_OOB_SHORT_SIZE,
				mana_tx_wqe_sges(skb, hdr_len), flags, mss,
				hdr_len, &wqe_bu);
	if (off < 0) {
		net_err_ratelimited("%s: TX queue %u: cannot post a WQE: %d\n",
				    port->ndev->name, ch->idx, off);
		goto drop;
	}

	dw0 |= FIELD_PREP(MANA_TXO_PKT_FMT, long_fmt ? MANA_PKT_FMT_LONG :
						       MANA_PKT_FMT_SHORT) |
	       FIELD_PREP(MANA_TXO_VCQ_NUM, txq->cq->id);
	oob = gdma_wqe_oob(sq, off);
	oob[0] = cpu_to_le32(dw0);
	oob[1] = cpu_to_le32(FIELD_PREP(MANA_TXO_TRANS_OFF, trans_off) |
			     FIELD_PREP(MANA_TXO_VSQ_FRAME, sq->id >> 10) |
			     FIELD_PREP(MANA_TXO_SHORT_VP_OFFSET,
					long_fmt ? 0 : port->tx_vport_offset));
	if (long_fmt) {
		u16 tci = skb_vlan_tag_get(skb);
		u32 dei = (tci & VLAN_CFI_MASK) ? 1 : 0;

		oob[2] = skb_vlan_tag_present(skb) ?
			cpu_to_le32(MANA_TXO_INSERT_VLAN |
				FIELD_PREP(MANA_TXO_VLAN_PCP, tci >> VLAN_PRIO_SHIFT) |
				FIELD_PREP(MANA_TXO_VLAN_DEI, dei) |
				FIELD_PREP(MANA_TXO_VLAN_ID, tci & VLAN_VID_MASK)) :
			0;
		oob[3] = cpu_to_le32(FIELD_PREP(MANA_TXO_LONG_VP_OFFSET,
						port->tx_vport_offset));
		oob[4] = 0;
		oob[5] = 0;
	}

	if (mana_tx_map(port, skb, hdr_len, slot, sq,
			gdma_wqe_first_sge(off, long_fmt ?
					   MANA_TX_OOB_LONG_SIZE :
					   MANA_TX_OOB_SHORT_SIZE))) {
		mana_tx_count_map_err(txq);
		goto drop;
	}
	gdma_wqe_commit(sq, wqe_bu);

	mana_tx_count(txq, skb, gso, long_fmt, csum);
	slot->skb = skb;
	slot->wqe_bu = wqe_bu;
	txq->prod++;
	atomic_inc(&txq->pending);
	return true;

drop:
	atomic64_inc(&port->stats.tx_dropped);
	dev_kfree_skb_any(skb);
	return false;
}

/*
 * Room for the largest WQE and a free slot?  Inline with the ring counters
 * instead of gdma_wq_avail_space() (a call per packet); counters that
 * claim more than the ring in use also answer "no room".
 */
static inline bool mana_txq_has_room(const struct mana_txq *txq)
{
	const struct gdma_queue *sq = txq->sq;
	u32 used = (sq->head - sq->tail) * GDMA_WQE_BU_SIZE;

	return used <= sq->ring_size &&
	       sq->ring_size - used >= MANA_TX_STOP_SPACE &&
	       txq->prod - txq->cons < txq->num_slots;
}

/*
 * SQ doorbell for every WQE posted so far (it carries the producer position).
 * Caller holds the netdev TX queue lock of the channel.
 */
static __always_inline void mana_tx_ring(struct mana_txq *txq)
{
	gdma_ring_sq(txq->sq);
	txq->db_owed = false;
}

static __always_inline void mana_tx_maybe_stop(struct mana_port *port,
					       struct mana_txq *txq,
					       struct netdev_queue *nq)
{
	if (likely(mana_txq_has_room(txq)))
		return;

	netif_tx_stop_queue(nq);
	atomic64_inc(&port->stats.stop_queue);
	/* Pairs with the barrier in mana_tx_poll() before the wake test. */
	smp_mb();
	if (mana_txq_has_room(txq)) {
		netif_tx_wake_queue(nq);
		atomic64_inc(&port->stats.wake_queue);
	}
}

/**
 * mana_start_xmit() - ndo_start_xmit
 * @skb: packet
 * @ndev: netdev
 *
 * Return: NETDEV_TX_OK (the packet is sent or dropped and counted).
 */
netdev_tx_t mana_start_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct mana_port *port = netdev_priv(ndev);
	u16 qidx = skb_get_queue_mapping(skb);
	struct netdev_queue *nq;
	struct mana_txq *txq;

	if (unlikely(!port->up || qidx >= port->num_queues)) {
		atomic64_inc(&port->stats.tx_dropped);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}

	txq = &port->channels[qidx].tx;
	nq = netdev_get_tx_queue(ndev, qidx);
	/*
	 * The doorbell is owed for this packet and for any WQE posted before
	 * it without one (xmit_more, XDP sends of a poll still running): the
	 * last packet of a batch rings even when it is itself dropped.
	 */
	if (mana_tx_post(port, &port->channels[qidx], skb))
		txq->db_owed = true;
	mana_tx_maybe_stop(port, txq, nq);
	if (txq->db_owed && (!netdev_xmit_more() || netif_xmit_stopped(nq)))
		mana_tx_ring(txq);
	return NETDEV_TX_OK;
}

/**
 * mana_xdp_tx_skb() - post a packet built by the XDP path, doorbell deferred
 * @port: port
 * @qidx: channel
 * @skb: packet
 *
 * Takes the netdev TX queue lock of the channel.  The SQ doorbell is rung
 * here only when the queue stops (the completions that wake it need the
 * device to have the WQEs); otherwise the caller rings it once for its
 * batch with mana_xdp_tx_flush() (the NAPI poll at its end, ndo_xdp_xmit
 * after its frames), unless a normal send on the queue rang it before.
 *
 * Return: true if the packet was posted.
 */
bool mana_xdp_tx_skb(struct mana_port *port, u32 qidx, struct sk_buff *skb)
{
	struct netdev_queue *nq = netdev_get_tx_queue(port->ndev, qidx);
	struct mana_channel *ch = &port->channels[qidx];
	struct mana_txq *txq = &ch->tx;
	bool posted;

	__netif_tx_lock(nq, smp_processor_id());
	if (netif_xmit_stopped(nq)) {
		__netif_tx_unlock(nq);
		atomic64_inc(&port->stats.tx_dropped);
		dev_kfree_skb_any(skb);
		return false;
	}
	posted = mana_tx_post(port, ch, skb);
	if (posted) {
		u64_stats_update_begin(&txq->stats.syncp);
		txq->stats.xdp_xmit++;
		u64_stats_update_end(&txq->stats.syncp);
		txq->db_owed = true;
	}
	mana_tx_maybe_stop(port, txq, nq);
	if (txq->db_owed && netif_xmit_stopped(nq))
		mana_tx_ring(txq);
	__netif_tx_unlock(nq);
	return posted;
}

/**
 * mana_xdp_tx_flush() - ring the SQ doorbell owed for XDP sends
 * @port: port
 * @qidx: channel the sends went to with mana_xdp_tx_skb()
 *
 * Rings only if no doorbell covered the sends meanwhile.  Called in the
 * NAPI poll (or ndo_xdp_xmit) that posted them, so nothing stays unrung
 * once the poll is over: a close or reset, which disables NAPI first,
 * finds no WQE the device was not told about.
 */
void mana_xdp_tx_flush(struct mana_port *port, u32 qidx)
{
	struct netdev_queue *nq = netdev_get_tx_queue(port->ndev, qidx);
	struct mana_txq *txq = &port->channels[qidx].tx;

	__netif_tx_lock(nq, smp_processor_id());
	if (txq->db_owed)
		mana_tx_ring(txq);
	__netif_tx_unlock(nq);
}

/* mana_features_check() for GSO and VLAN-protocol packets, out of line */
static noinline netdev_features_t
mana_features_check_slow(struct sk_buff *skb, netdev_features_t features)
{
	if (skb_is_gso(skb) &&
	    (mana_tx_sge_count(skb) > MANA_MAX_TX_SGE ||
	     skb_transport_offset(skb) + tcp_hdrlen(skb) >
		FIELD_MAX(GDMA_WQE_DW0_LAST_VBYTES)))
		features &= ~NETIF_F_GSO_MASK;
	return vlan_features_check(skb, features);
}

/**
 * mana_features_check() - ndo_features_check
 * @skb: packet
 * @ndev: netdev
 * @features: features the stack would use
 *
 * GSO is done in software when the header does not fit the 8-bit header
 * length of the WQE or the packet needs more SGEs than a WQE carries.
 * A packet that is not GSO and whose protocol is not a VLAN type (so it has
 * at most the one tag in its metadata) keeps every feature: that test comes
 * first, as it answers for nearly every packet; the rest is out of line.
 *
 * Return: the usable features.
 */
netdev_features_t mana_features_check(struct sk_buff *skb,
				      struct net_device *ndev,
				      netdev_features_t features)
{
	if (likely(!skb_is_gso(skb) && !eth_type_vlan(skb->protocol)))
		return features;
	return mana_features_check_slow(skb, features);
}

/*
 * Does a send completion name the WQE of the oldest pending send?  As for
 * receive (rx.c), only a device that showed it reports the offset (one
 * non-zero offset that matched) is checked: a completion up to half a ring
 * behind is a duplicate of one already handled and is skipped; any other
 * offset means device and driver no longer agree on the ring.
 *
 * Return: 0 to complete the send, 1 to skip the completion, -EPROTO.
 */
static int mana_tx_check_wqe(struct mana_channel *ch,
			     const struct gdma_cqe *cqe)
{
	struct mana_txq *txq = &ch->tx;
	u32 size = txq->sq->ring_size;
	u32 want = (txq->sq->tail * GDMA_WQE_BU_SIZE) & (size - 1);
	u32 got = gdma_cqe_word(cqe, MANA_TXC_WQE_OFFSET_DW) &
		  MANA_TXC_WQE_OFFSET;
	u32 behind = (want - got) & (size - 1);

	if (got == want && txq->cons != txq->prod) {
		if (want)
			txq->wqe_off_seen = true;
		return 0;
	}
	if (!txq->wqe_off_seen)
		return 0;
	if (got < size && behind && behind <= size / 2) {
		net_warn_ratelimited("%s: TX queue %u: completion for WQE offset %u, already completed (next is %u): skipped\n",
				     ch->port->ndev->name, ch->idx, got, want);
		return 1;
	}
	net_err_ratelimited("%s: TX queue %u: completion for WQE offset %u, the oldest pending WQE is at %u: resetting the port\n",
			    ch->port->ndev->name, ch->idx, got, want);
	return -EPROTO;
}

/* Return: 0 to complete the oldest send, 1 to skip the completion, -EPROTO. */
static int mana_tx_cqe_ok(struct mana_port *port, struct mana_channel *ch,
			  const struct gdma_cqe *cqe)
{
	u32 info = gdma_cqe_info(cqe);
	u32 d0 = gdma_cqe_word(cqe, 0);
	u32 type = FIELD_GET(MANA_CQE_TYPE, d0);
	int r;

	if (!gdma_cqe_is_sq(info) || gdma_cqe_wq(info) != ch->tx.sq->id ||
	    FIELD_GET(MANA_CQE_CLIENT_TYPE, d0) != MANA_CQE_CLIENT_COMPLETION)
		goto malformed;
	r = mana_tx_check_wqe(ch, cqe);
	if (r)
		return r;
	if (ch->tx.cons == ch->tx.prod)
		goto malformed;

	if (type == MANA_CQE_TX_OKAY)
		return 0;
	if (type > MANA_CQE_TX_OKAY && type <= MANA_CQE_TX_LAST_ERROR) {
		atomic64_inc(&port->stats.tx_cqe_err);
		net_dbg_ratelimited("%s: TX completion error %u (vendor 0x%x)\n",
				    port->ndev->name, type,
				    (u32)FIELD_GET(MANA_CQE_VENDOR_ERR, d0));
	} else {
		atomic64_inc(&port->stats.tx_cqe_unknown_type);
	}
	return 0;

malformed:
	net_err_ratelimited("%s: TX queue %u: malformed completion (wq %u type %u client %u), resetting the port\n",
			    port->ndev->name, ch->idx, gdma_cqe_wq(info), type,
			    (u32)FIELD_GET(MANA_CQE_CLIENT_TYPE, d0));
	return -EPROTO;
}

/**
 * mana_tx_poll() - handle the send completions of a channel
 * @ch: channel
 * @budget: NAPI budget (0 from netpoll)
 *
 * Return: completions handled, or -EPROTO when the CQ is unusable (the port
 * reset is scheduled).
 */
int mana_tx_poll(struct mana_channel *ch, int budget)
{
	const struct gdma_cqe **cqes = ch->cqes;
	struct mana_port *port = ch->port;
	struct mana_txq *txq = &ch->tx;
	struct netdev_queue *nq;
	int n, i, total = 0;

	do {
		n = gdma_take_cqes(txq->cq, cqes, MANA_POLL_COMPS);
		if (n < 0)
			goto broken;
		for (i = 0; i < n; i++) {
			struct mana_tx_slot *slot;
			int r = mana_tx_cqe_ok(port, ch, cqes[i]);

			if (r < 0)
				goto broken;
			if (r)
				continue;
			slot = &txq->slots[txq->cons & (txq->num_slots - 1)];
			mana_tx_unmap(port->eth->dev, slot);
			napi_consume_skb(slot->skb, budget);
			slot->skb = NULL;
			gdma_wq_advance_tail(txq->sq, slot->wqe_bu);
			txq->cons++;
			atomic_dec(&txq->pending);
		}
		total += n;
	} while (n == MANA_POLL_COMPS && total < MANA_CQ_POLL_BATCH);

	if (!total)
		return 0;
	nq = netdev_get_tx_queue(port->ndev, ch->idx);
	/* Pairs with the barrier in mana_tx_maybe_stop(). */
	smp_mb();
	if (netif_tx_queue_stopped(nq) && READ_ONCE(port->up) &&
	    gdma_wq_avail_space(txq->sq) >= MANA_TX_STOP_SPACE) {
		netif_tx_wake_queue(nq);
		atomic64_inc(&port->stats.wake_queue);
	}
	return total;

broken:
	ch->cq_err = true;
	schedule_work(&port->reset_work);
	return -EPROTO;
}

/*
 * The sends an SQ held when the device did not confirm destroying it: the
 * device may still read them, so they stay mapped until the function is
 * reset.
 */
struct mana_tx_parked {
	struct device *dev;
	struct mana_tx_slot *slots;
	u32 num_slots;
	u32 cons;
	u32 prod;
};

static void mana_tx_parked_release(void *ctx)
{
	struct mana_tx_parked *p = ctx;
	u32 n = p->prod - p->cons;

	for (; p->cons != p->prod; p->cons++) {
		struct mana_tx_slot *slot;

		slot = &p->slots[p->cons & (p->num_slots - 1)];
		mana_tx_unmap(p->dev, slot);
		dev_kfree_skb_any(slot->skb);
	}
	dev_info(p->dev, "released the %u pending sends of a parked SQ\n", n);
	kvfree(p->slots);
	kfree(p);
}

/**
 * mana_txq_park() - park the channel's SQ together with its pending sends
 * @ch: channel whose DESTROY_WQ_OBJ of the SQ failed
 *
 * Packets posted and not completed stay mapped (the device may still read
 * them) and are freed with the parked SQ's memory, at the reset of the
 * function (gdma_park_queue_with()).  They no longer hold their socket or
 * route meanwhile.  Without memory to track them they are never freed.
 * Afterwards the TX queue has nothing pending and no slot ring.
 *
 * Context: process context, the channel's NAPI disabled.
 */
void mana_txq_park(struct mana_channel *ch)
{
	struct device *dev = ch->port->eth->dev;
	struct mana_txq *txq = &ch->tx;
	struct mana_tx_parked *p;
	u32 i;

	if (txq->cons == txq->prod || !txq->slots) {
		gdma_park_queue(txq->sq);
		return;
	}
	for (i = txq->cons; i != txq->prod; i++) {
		struct sk_buff *skb = txq->slots[i & (txq->num_slots - 1)].skb;

		skb_dst_drop(skb);
		skb_orphan(skb);
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p) {
		/* the sends are leaked: the allocator warned already */
		gdma_park_queue(txq->sq);
	} else {
		p->dev = dev;
		p->slots = txq->slots;
		p->num_slots = txq->num_slots;
		p->cons = txq->cons;
		p->prod = txq->prod;
		dev_warn(dev, "SQ %u parked with its %u pending sends until the function is reset\n",
			 txq->sq->id, txq->prod - txq->cons);
		gdma_park_queue_with(txq->sq, mana_tx_parked_release, p);
	}
	txq->slots = NULL;
	txq->cons = txq->prod;
	atomic_set(&txq->pending, 0);
}

/**
 * mana_tx_drop_pending() - free packets the device never completed
 * @ch: channel whose SQ object is already destroyed
 */
void mana_tx_drop_pending(struct mana_channel *ch)
{
	struct mana_txq *txq = &ch->tx;

	if (!txq->slots)	/* went with the parked SQ */
		return;
	while (txq->cons != txq->prod) {
		struct mana_tx_slot *slot;

		slot = &txq->slots[txq->cons & (txq->num_slots - 1)];
		mana_tx_unmap(ch->port->eth->dev, slot);
		dev_kfree_skb_any(slot->skb);
		slot->skb = NULL;
		txq->cons++;
	}
	atomic_set(&txq->pending, 0);
}
