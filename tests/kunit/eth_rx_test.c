// SPDX-License-Identifier: GPL-2.0
/*
 * Ethernet receive path (spec 3.11.3, 3.11.4): channel 0 gets a real RQ and CQ with its
 * buffers posted; the test plays the device: it reads the receive WQEs from the ring, writes
 * frames at their SGE bus addresses, writes RX CQEs and lets mana_rx_poll() run (BHs off, as
 * in NAPI). Packets handed to GRO are captured, never delivered to the stack.
 *
 * RX WQE: 8-byte header (DW1 = 1 SGE | 8-byte OOB = 0x201), 8 OOB bytes, SGE {address after
 * the headroom, gpa_mkey, datasize = MTU + 14}, 32 bytes in all.
 * CQE data: DW0 [5:0] type (1 OK, 3 fence, 4 truncated); DW1 [11:0] VLAN id, [12] VLAN
 * present, [24:16] hash type (bits 1,2,4,5,7,8 = L4), [25] IP csum ok, [27] TCP ok,
 * [29] UDP ok; packet 0: length DW2 [15:0], hash DW4.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/io.h>
#include <linux/skbuff.h>
#include <compat/net.h>

#include "eth_env.h"

#define RX_BUFS		16
#define RX_VLAN_PRESENT	BIT(12)
#define RX_IP_OK	BIT(25)
#define RX_TCP_OK	BIT(27)
#define RX_TCP_BAD	BIT(28)
#define RX_UDP_OK	BIT(29)
#define RX_HASH(bit)	(BIT(bit) << 16)

/* bus address in the n-th receive WQE the driver posted */
static u64 rx_wqe_addr(struct eth_env *e, u32 n)
{
	struct gdma_queue *rq = e->ch->rx.rq;

	return eth_rd64(rq->ring, (n * 32) % rq->ring_size + 16);
}

/* RQ doorbell (page offset 0x400): id, free-running byte position in [63:32] */
static u64 rx_rq_doorbell(struct kunit *test)
{
	return env_bar_read64(mana_bp_env(test), env_db_off(ENV_DEV_DB_PAGE, 0x400));
}

/* a frame to our MAC, IPv4, patterned bytes; written where the device would put it */
static void rx_dev_frame(struct eth_env *e, u32 wqe, u8 *frame, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		frame[i] = (u8)(i * 13 + 5);
	ether_addr_copy(frame, e->ndev->dev_addr);
	frame[12] = 0x08;
	frame[13] = 0x00;
	memcpy(phys_to_virt(rx_wqe_addr(e, wqe)), frame, len);
}

static void rx_dev_cqe(struct eth_env *e, u32 k, u32 type, u32 flags, u32 len, u32 hash,
		       u32 wq, bool is_sq)
{
	u32 d[5] = { type, flags, len, 0, hash };
	struct gdma_queue *cq = e->ch->rx.cq;

	dev_put_cqe(cq->ring, cq->ring_size, k, d, 5, wq, is_sq);
}

static int rx_poll(struct eth_env *e)
{
	int n;

	local_bh_disable();
	n = mana_rx_poll(e->ch, 64);
	local_bh_enable();
	return n;
}

static struct eth_env *rx_env(struct kunit *test, u32 mtu)
{
	struct eth_env *e = eth_env_new(test, NULL, 1);

	e->ndev->mtu = mtu;
	eth_env_rx_rings(e, RX_BUFS);
	return e;
}

/*
 * every buffer posted at creation: 16 WQEs of one unit, 1514-byte SGEs for MTU 1500, one
 * doorbell at 16 x 32 = 512; buffers start after the 64-byte headroom (NET_SKB_PAD); when
 * two buffers share a page the second follows the first at alloc_size
 */
static void rx_wqe_posting(struct kunit *test)
{
	struct eth_env *e = rx_env(test, 1500);
	struct gdma_queue *rq = e->ch->rx.rq;
	u32 i;

	for (i = 0; i < RX_BUFS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, eth_rd32(rq->ring, 32 * i), 0u, "WQE %u", i);
		KUNIT_EXPECT_EQ_MSG(test, eth_rd32(rq->ring, 32 * i + 4), 0x201u, "WQE %u", i);
		KUNIT_EXPECT_EQ_MSG(test, eth_rd32(rq->ring, 32 * i + 24), (u32)ETH_MKEY,
				    "WQE %u", i);
		KUNIT_EXPECT_EQ_MSG(test, eth_rd32(rq->ring, 32 * i + 28), 1514u, "WQE %u", i);
	}
	KUNIT_EXPECT_EQ(test, rx_rq_doorbell(test), (u64)ETH_RQ_ID | 512ULL << 32);
	KUNIT_EXPECT_EQ(test, rx_wqe_addr(e, 0) & 0xfff, 64ULL);
	if (e->ch->rx.use_frags) {
		KUNIT_EXPECT_EQ(test, rx_wqe_addr(e, 1) - rx_wqe_addr(e, 0),
				(u64)e->ch->rx.alloc_size);
		KUNIT_EXPECT_NE(test, rx_wqe_addr(e, 2) >> 12, rx_wqe_addr(e, 0) >> 12);
	} else {
		kunit_info(test, "this kernel's page_pool has no fragments: one buffer per page");
		KUNIT_EXPECT_EQ(test, rx_wqe_addr(e, 1) & 0xfff, 64ULL);
	}
	eth_env_free(e);
}

/* one good packet: the skb carries the frame, VLAN, hash and checksum result; re-posted */
static void rx_ok_packet_to_skb(struct kunit *test)
{
	struct eth_env *e = rx_env(test, 1500);
	u32 flags = 0x123 | RX_VLAN_PRESENT | RX_HASH(1) | RX_IP_OK | RX_TCP_OK;
	struct sk_buff_head got;
	struct sk_buff *skb;
	u8 frame[200];
	u64 buf0 = rx_wqe_addr(e, 0);

	KUNIT_EXPECT_EQ(test, flags, 0x0a021123u);
	eth_rx_capture_start(&got);
	rx_dev_frame(e, 0, frame, sizeof(frame));
	rx_dev_cqe(e, 0, 1, flags, sizeof(frame), 0xdeadbeef, ETH_RQ_ID, false);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
	skb = skb_dequeue(&got);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->len, 186u);
	KUNIT_EXPECT_EQ(test, memcmp(skb_mac_header(skb), frame, sizeof(frame)), 0);
	KUNIT_EXPECT_TRUE(test, skb->protocol == htons(ETH_P_IP));
	KUNIT_EXPECT_EQ(test, (int)skb->pkt_type, PACKET_HOST);
	KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_UNNECESSARY);
	KUNIT_EXPECT_EQ(test, skb->hash, 0xdeadbeefu);
	KUNIT_EXPECT_TRUE(test, skb->l4_hash);
	KUNIT_EXPECT_TRUE(test, skb_vlan_tag_present(skb));
	KUNIT_EXPECT_EQ(test, (u32)skb_vlan_tag_get_id(skb), 0x123u);
	KUNIT_EXPECT_TRUE(test, skb->vlan_proto == htons(ETH_P_8021Q));
	KUNIT_EXPECT_EQ(test, (u32)skb_get_rx_queue(skb), 0u);
	KUNIT_EXPECT_PTR_EQ(test, skb_dequeue(&got), (struct sk_buff *)NULL);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, e->ch->rx.stats.packets, 1ULL);
	KUNIT_EXPECT_EQ(test, e->ch->rx.stats.bytes, 200ULL);
	/*
	 * a fresh buffer went into WQE 16, the RQ tail moved; the doorbell waits for a
	 * second one (a 16-buffer ring announces them in twos, rx_doorbell_batch)
	 */
	KUNIT_EXPECT_EQ(test, e->ch->rx.next, 1u);
	KUNIT_EXPECT_EQ(test, e->ch->rx.rq->tail, 1u);
	KUNIT_EXPECT_EQ(test, e->ch->rx.unannounced, 1u);
	KUNIT_EXPECT_EQ(test, rx_rq_doorbell(test), (u64)ETH_RQ_ID | 512ULL << 32);
	KUNIT_EXPECT_EQ(test, eth_rd32(e->ch->rx.rq->ring, 16 * 32 + 28), 1514u);
	KUNIT_EXPECT_NE(test, rx_wqe_addr(e, 16), buf0);
	eth_rx_capture_stop();
	eth_env_free(e);
}

/* DW1 flags -> skb fields, one packet per CQE */
static void rx_offload_flags(struct kunit *test)
{
	static const struct {
		u32 flags;
		bool features;	/* RXCSUM, RXHASH, CTAG_RX on */
		int ip_summed;
		bool hash, l4;
		bool vlan;
	} t[] = {
		{ RX_HASH(0) | RX_IP_OK | RX_UDP_OK, true, CHECKSUM_UNNECESSARY,
		  true, false, false },
		{ RX_HASH(2) | RX_IP_OK | RX_UDP_OK, true, CHECKSUM_UNNECESSARY,
		  true, true, false },
		{ RX_HASH(4) | RX_IP_OK | RX_TCP_OK, true, CHECKSUM_UNNECESSARY,
		  true, true, false },
		{ RX_HASH(3) | RX_IP_OK | RX_TCP_BAD, true, CHECKSUM_NONE, true, false, false },
		{ RX_HASH(8) | RX_TCP_OK, true, CHECKSUM_NONE, true, true, false },
		{ RX_IP_OK, true, CHECKSUM_NONE, false, false, false },
		{ 0x7 | RX_VLAN_PRESENT, true, CHECKSUM_NONE, false, false, true },
		{ 0x7 | RX_VLAN_PRESENT | RX_HASH(1) | RX_IP_OK | RX_TCP_OK, false, CHECKSUM_NONE,
		  false, false, false },
	};
	struct eth_env *e = rx_env(test, 1500);
	netdev_features_t on = e->ndev->features;
	struct sk_buff_head got;
	struct sk_buff *skb;
	u8 frame[100];
	u32 i;

	eth_rx_capture_start(&got);
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		e->ndev->features = t[i].features ? on : 0;
		rx_dev_frame(e, i, frame, sizeof(frame));
		rx_dev_cqe(e, i, 1, t[i].flags, sizeof(frame), 0x1000 + i, ETH_RQ_ID, false);
		KUNIT_EXPECT_EQ_MSG(test, rx_poll(e), 1, "packet %u", i);
		skb = skb_dequeue(&got);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
		KUNIT_EXPECT_EQ_MSG(test, (int)skb->ip_summed, t[i].ip_summed, "packet %u", i);
		KUNIT_EXPECT_EQ_MSG(test, skb->hash, t[i].hash ? 0x1000 + i : 0, "packet %u", i);
		KUNIT_EXPECT_EQ_MSG(test, (bool)skb->l4_hash, t[i].l4, "packet %u", i);
		KUNIT_EXPECT_EQ_MSG(test, (bool)skb_vlan_tag_present(skb), t[i].vlan,
				    "packet %u", i);
		if (t[i].vlan)
			KUNIT_EXPECT_EQ(test, (u32)skb_vlan_tag_get_id(skb), 7u);
		kfree_skb(skb);
	}
	eth_rx_capture_stop();
	eth_env_free(e);
}

/* type 4 (truncated): dropped, consumes one WQE that is posted again */
static void rx_truncated(struct kunit *test)
{
	struct eth_env *e = rx_env(test, 1500);
	struct sk_buff_head got;

	eth_rx_capture_start(&got);
	rx_dev_cqe(e, 0, 4, RX_IP_OK, 1514, 0, ETH_RQ_ID, false);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&got), 0u);
	KUNIT_EXPECT_EQ(test, atomic64_read(&e->port->stats.rx_dropped), 1LL);
	KUNIT_EXPECT_EQ(test, e->ch->rx.next, 1u);
	KUNIT_EXPECT_EQ(test, rx_wqe_addr(e, 16), rx_wqe_addr(e, 0));	/* same buffer again */
	KUNIT_EXPECT_EQ(test, e->ch->rx.unannounced, 1u);	/* posted, not yet rung */
	KUNIT_EXPECT_EQ(test, e->ch->rx.stats.packets, 0ULL);
	eth_rx_capture_stop();
	eth_env_free(e);
}

/* type 3 (fence, the FENCE_RQ answer): completes the fence, consumes no WQE */
static void rx_fence(struct kunit *test)
{
	struct eth_env *e = rx_env(test, 1500);

	KUNIT_EXPECT_FALSE(test, try_wait_for_completion(&e->ch->rx.fence_done));
	rx_dev_cqe(e, 0, 3, 0, 0, 0, ETH_RQ_ID, false);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 0);
	KUNIT_EXPECT_TRUE(test, try_wait_for_completion(&e->ch->rx.fence_done));
	KUNIT_EXPECT_EQ(test, e->ch->rx.next, 0u);
	KUNIT_EXPECT_EQ(test, rx_rq_doorbell(test), (u64)ETH_RQ_ID | 512ULL << 32);
	KUNIT_EXPECT_FALSE(test, e->ch->cq_err);
	eth_env_free(e);
}

/* a type the spec does not define: counted, nothing consumed, the queue keeps working */
static void rx_unknown_type(struct kunit *test)
{
	struct eth_env *e = rx_env(test, 1500);
	struct sk_buff_head got;
	u8 frame[80];

	eth_rx_capture_start(&got);
	rx_dev_cqe(e, 0, 6, 0, 80, 0, ETH_RQ_ID, false);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&e->port->stats.rx_cqe_unknown_type), 1LL);
	KUNIT_EXPECT_EQ(test, e->ch->rx.next, 0u);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&got), 0u);
	KUNIT_EXPECT_FALSE(test, e->ch->cq_err);
	/* the next good completion still lands in buffer 0 */
	rx_dev_frame(e, 0, frame, sizeof(frame));
	rx_dev_cqe(e, 1, 1, 0, sizeof(frame), 0, ETH_RQ_ID, false);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&got), 1u);
	eth_rx_capture_stop();
	eth_env_free(e);
}

/* a completion for another queue or a send queue: the CQ is broken, the port is reset */
static void rx_foreign_completion(struct kunit *test)
{
	struct eth_env *e = rx_env(test, 1500);

	rx_dev_cqe(e, 0, 1, 0, 64, 0, ETH_RQ_ID + 1, false);
	KUNIT_EXPECT_EQ(test, rx_poll(e), -EPROTO);
	KUNIT_EXPECT_TRUE(test, e->ch->cq_err);
	KUNIT_EXPECT_EQ(test, eth_env_resets_seen(e), 1);
	KUNIT_EXPECT_EQ(test, e->ch->rx.next, 0u);
	eth_env_free(e);

	e = rx_env(test, 1500);
	rx_dev_cqe(e, 0, 1, 0, 64, 0, ETH_RQ_ID, true);
	KUNIT_EXPECT_EQ(test, rx_poll(e), -EPROTO);
	KUNIT_EXPECT_TRUE(test, e->ch->cq_err);
	eth_env_free(e);
}

/* length 0 (counted as pkt_len0_err) and longer than the buffer (dropped): WQE consumed */
static void rx_bad_lengths(struct kunit *test)
{
	struct eth_env *e = rx_env(test, 1500);
	struct sk_buff_head got;

	eth_rx_capture_start(&got);
	rx_dev_cqe(e, 0, 1, 0, 0, 0, ETH_RQ_ID, false);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
	KUNIT_EXPECT_EQ(test, e->ch->rx.stats.pkt_len0_err, 1ULL);
	KUNIT_EXPECT_EQ(test, e->ch->rx.next, 1u);
	rx_dev_cqe(e, 1, 1, 0, 1515, 0, ETH_RQ_ID, false);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&e->port->stats.rx_dropped), 1LL);
	KUNIT_EXPECT_EQ(test, e->ch->rx.next, 2u);
	KUNIT_EXPECT_EQ(test, rx_wqe_addr(e, 17), rx_wqe_addr(e, 1));
	KUNIT_EXPECT_EQ(test, skb_queue_len(&got), 0u);
	KUNIT_EXPECT_EQ(test, e->ch->rx.stats.packets, 0ULL);
	eth_rx_capture_stop();
	eth_env_free(e);
}

/*
 * buffer geometry per MTU (spec 3.11.3: datasize = MTU + 14). One buffer = headroom + data
 * rounded to 64 + the aligned skb_shared_info (sh); two share a 4 KiB page when they fit
 * and no XDP program may grow the frame. Headroom 64 (NET_SKB_PAD), with XDP 256.
 *   MTU 1500:        64 + 1514 = 1578 -> 1600 + sh <= 2048 -> fragments of 1600 + sh
 *   MTU 1500 + XDP: 256 + 1514 = 1770 -> 1792 + sh  -> a page each (4096)
 *   MTU 3000:        64 + 3014 = 3078 -> 3136 + sh  -> a page each (4096)
 *   MTU 4000:        64 + 4014 = 4078 -> 4096 + sh  -> order-1 pages (8192)
 *   MTU 9000:        64 + 9014 = 9078 -> 9088 + sh  -> order-2 pages (16384)
 */
static void rx_buffer_layout(struct kunit *test)
{
	struct eth_env *e = eth_env_new(test, NULL, 1);
	u32 sh = SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
	u32 data, head, size;
	bool frags;
	static const struct {
		u32 mtu, data, head, size;
		bool frags;
	} t[] = {
		{ 3000, 3014, 64, 4096, false },
		{ 4000, 4014, 64, 8192, false },
		{ 9000, 9014, 64, 16384, false },
	};
	u32 i;

	/* the table holds for any shared-info size up to 384 bytes */
	KUNIT_ASSERT_LE(test, sh, 384u);
	KUNIT_ASSERT_EQ(test, (u32)PAGE_SIZE, 4096u);

	mana_rx_buf_layout(e->port, 1500, &data, &head, &size, &frags);
	KUNIT_EXPECT_EQ(test, data, 1514u);
	KUNIT_EXPECT_EQ(test, head, 64u);
	KUNIT_EXPECT_EQ(test, frags, (bool)MANA_COMPAT_PP_FRAGS);
	KUNIT_EXPECT_EQ(test, size, MANA_COMPAT_PP_FRAGS ? 1600 + sh : 4096u);
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		mana_rx_buf_layout(e->port, t[i].mtu, &data, &head, &size, &frags);
		KUNIT_EXPECT_EQ_MSG(test, data, t[i].data, "MTU %u", t[i].mtu);
		KUNIT_EXPECT_EQ_MSG(test, head, t[i].head, "MTU %u", t[i].mtu);
		KUNIT_EXPECT_EQ_MSG(test, size, t[i].size, "MTU %u", t[i].mtu);
		KUNIT_EXPECT_EQ_MSG(test, frags, t[i].frags, "MTU %u", t[i].mtu);
	}

	/* XDP: only the pointer's presence matters to the layout; never dereferenced */
	RCU_INIT_POINTER(e->port->xdp_prog, (struct bpf_prog *)e);
	mana_rx_buf_layout(e->port, 1500, &data, &head, &size, &frags);
	RCU_INIT_POINTER(e->port->xdp_prog, NULL);
	KUNIT_EXPECT_EQ(test, data, 1514u);
	KUNIT_EXPECT_EQ(test, head, 256u);
	KUNIT_EXPECT_EQ(test, size, 4096u);
	KUNIT_EXPECT_FALSE(test, frags);
	eth_env_free(e);
}

/* MTU 9000: one order-2 buffer per WQE, SGE length 9014, data after the 64-byte headroom */
static void rx_jumbo_buffers(struct kunit *test)
{
	struct eth_env *e = rx_env(test, 9000);
	struct sk_buff_head got;
	struct sk_buff *skb;
	u8 *frame;

	frame = kunit_kzalloc(test, 9014, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, frame);
	KUNIT_EXPECT_EQ(test, eth_rd32(e->ch->rx.rq->ring, 28), 9014u);
	KUNIT_EXPECT_EQ(test, rx_wqe_addr(e, 0) & 0x3fff, 64ULL);
	eth_rx_capture_start(&got);
	rx_dev_frame(e, 0, frame, 9014);
	rx_dev_cqe(e, 0, 1, 0, 9014, 0, ETH_RQ_ID, false);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
	skb = skb_dequeue(&got);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->len, 9000u);
	KUNIT_EXPECT_EQ(test, memcmp(skb_mac_header(skb), frame, 9014), 0);
	kfree_skb(skb);
	eth_rx_capture_stop();
	eth_env_free(e);
}

/* an RX OK completion for the WQE at byte offset @off of the RQ (data[14]) */
static void rx_dev_cqe_at(struct eth_env *e, u32 k, u32 len, u32 off)
{
	u32 d[15] = { 1, 0, len, 0, 0 };
	struct gdma_queue *cq = e->ch->rx.cq;

	d[14] = off;
	dev_put_cqe(cq->ring, cq->ring_size, k, d, 15, ETH_RQ_ID, false);
}

/*
 * a duplicated completion (fuzz seed 12346, "cqe duplicate"): once the device has shown that
 * it reports rx_wqe_offset (a non-zero offset that matched), a completion naming a WQE already
 * taken is dropped and counted; the next good one still lands in the right buffer
 */
static void rx_duplicate_completion(struct kunit *test)
{
	struct eth_env *e = rx_env(test, 1500);
	struct sk_buff_head got;
	struct sk_buff *skb;
	u8 frame[3][80];

	eth_rx_capture_start(&got);
	rx_dev_frame(e, 0, frame[0], 80);
	rx_dev_frame(e, 1, frame[1], 80);
	rx_dev_cqe_at(e, 0, 80, 0);
	rx_dev_cqe_at(e, 1, 80, 32);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 2);
	KUNIT_EXPECT_TRUE(test, e->ch->rx.wqe_off_seen);
	/* the second completion again: nothing consumed, counted as a drop */
	rx_dev_cqe_at(e, 2, 80, 32);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 0);
	KUNIT_EXPECT_EQ(test, e->ch->rx.next, 2u);
	KUNIT_EXPECT_EQ(test, atomic64_read(&e->port->stats.rx_dropped), 1LL);
	KUNIT_EXPECT_FALSE(test, e->ch->cq_err);
	/* the next packet is read from buffer 2, where the device put it */
	rx_dev_frame(e, 2, frame[2], 80);
	frame[2][20] = 0x5a;
	memcpy(phys_to_virt(rx_wqe_addr(e, 2)), frame[2], 80);
	rx_dev_cqe_at(e, 3, 80, 64);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&got), 3u);
	kfree_skb(skb_dequeue(&got));
	kfree_skb(skb_dequeue(&got));
	skb = skb_dequeue(&got);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, memcmp(skb_mac_header(skb), frame[2], 80), 0);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, eth_env_resets_seen(e), 0);
	eth_rx_capture_stop();
	eth_env_free(e);
}

/*
 * a completion for a WQE ahead of the driver's position (WQEs skipped, or garbage): ring
 * state no longer shared, the port is reset; a device that leaves the offset zero is not
 * checked at all
 */
static void rx_wqe_offset_mismatch(struct kunit *test)
{
	struct eth_env *e = rx_env(test, 1500);

	rx_dev_cqe_at(e, 0, 80, 0);
	rx_dev_cqe_at(e, 1, 80, 32);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 2);
	rx_dev_cqe_at(e, 2, 80, 96);
	KUNIT_EXPECT_EQ(test, rx_poll(e), -EPROTO);
	KUNIT_EXPECT_TRUE(test, e->ch->cq_err);
	KUNIT_EXPECT_EQ(test, eth_env_resets_seen(e), 1);
	eth_env_free(e);

	e = rx_env(test, 1500);
	rx_dev_cqe_at(e, 0, 80, 0);
	rx_dev_cqe_at(e, 1, 80, 0);
	rx_dev_cqe_at(e, 2, 80, 0);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 3);
	KUNIT_EXPECT_FALSE(test, e->ch->rx.wqe_off_seen);
	KUNIT_EXPECT_FALSE(test, e->ch->cq_err);
	eth_env_free(e);
}

/*
 * missed-event watchdog (fuzz seeds 492866068, 782: a data CQ's event lost): a CQ with an
 * entry and a consumer position that did not move since the last check is polled (both
 * armed flags it concerns cleared, so the poll re-arms); an empty CQ or one that moved is not
 */
static void rx_missed_event_watchdog(struct kunit *test)
{
	struct eth_env *e = rx_env(test, 1500);
	struct gdma_queue *cq = e->ch->rx.cq;
	u32 last = cq->head + 1;

	KUNIT_EXPECT_FALSE(test, mana_cq_stuck(cq, &last));	/* empty */
	KUNIT_EXPECT_EQ(test, last, cq->head);
	rx_dev_cqe(e, 0, 1, 0, 64, 0, ETH_RQ_ID, false);
	last = cq->head + 1;
	KUNIT_EXPECT_FALSE(test, mana_cq_stuck(cq, &last));	/* moved since */
	KUNIT_EXPECT_TRUE(test, mana_cq_stuck(cq, &last));	/* still there */
	KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
	KUNIT_EXPECT_FALSE(test, mana_cq_stuck(cq, &last));	/* polled */

	/* the work: flags cleared and counted; the TX side here shares the RX CQ's ring */
	e->ch->tx.cq = cq;
	e->port->num_queues = 1;
	WRITE_ONCE(e->ch->rx_cq_armed, true);
	WRITE_ONCE(e->ch->tx_cq_armed, true);
	INIT_DELAYED_WORK(&e->port->cq_watch, mana_cq_watch_work);
	e->ch->rx_watch_head = cq->head;
	e->ch->tx_watch_head = cq->head + 1;
	rx_dev_cqe(e, 1, 1, 0, 64, 0, ETH_RQ_ID, false);
	mana_cq_watch_work(&e->port->cq_watch.work);
	cancel_delayed_work_sync(&e->port->cq_watch);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(e->ch->rx_cq_armed));
	KUNIT_EXPECT_TRUE(test, READ_ONCE(e->ch->tx_cq_armed));
	KUNIT_EXPECT_EQ(test, e->ch->missed_events, 1u);
	e->ch->tx.cq = NULL;
	eth_env_free(e);
}

/* CQEs k .. k + n - 1: good 64-byte packets (no frame written, the content is not read) */
static void rx_dev_cqes(struct eth_env *e, u32 k, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		rx_dev_cqe(e, k + i, 1, 0, 64, 0, ETH_RQ_ID, false);
}

/* receive buffers the device may still fill: announced by the doorbell, not yet consumed */
static u32 rx_dev_bufs(struct kunit *test, struct eth_env *e)
{
	return (u32)(rx_rq_doorbell(test) >> 32) / 32 - e->ch->rx.rq->tail;
}

/*
 * RQ doorbell batching (docs/device-interface.md 3.3: the doorbell carries the byte producer
 * position, so one covers every WQE below it): re-posted buffers are announced when 1/8 of
 * the ring (at most 32, at least 1) is waiting, so the device always holds more than 7/8 of
 * the ring after a poll; a poll that finds the queue broken announces whatever is waiting,
 * and posting the whole ring (queue creation) starts the count again
 */
static void rx_doorbell_batch(struct kunit *test)
{
	struct eth_env *e;
	u32 i, k = 0;

	KUNIT_EXPECT_EQ(test, mana_rx_db_batch(4), 1u);
	KUNIT_EXPECT_EQ(test, mana_rx_db_batch(16), 2u);
	KUNIT_EXPECT_EQ(test, mana_rx_db_batch(128), 16u);	/* ethtool -G minimum */
	KUNIT_EXPECT_EQ(test, mana_rx_db_batch(256), 32u);
	KUNIT_EXPECT_EQ(test, mana_rx_db_batch(8192), 32u);	/* maximum */

	/* 128 buffers (the whole 4 KiB RQ): a doorbell per 16 */
	e = eth_env_new(test, NULL, 1);
	e->ndev->mtu = 1500;
	eth_env_rx_rings(e, 128);
	KUNIT_EXPECT_EQ(test, e->ch->rx.db_batch, 16u);
	KUNIT_EXPECT_EQ(test, rx_rq_doorbell(test), (u64)ETH_RQ_ID | 4096ULL << 32);
	/* one packet per poll (a request/response load): 15 polls ring nothing */
	for (i = 0; i < 15; i++) {
		rx_dev_cqes(e, k++, 1);
		KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
		KUNIT_EXPECT_EQ(test, rx_rq_doorbell(test), (u64)ETH_RQ_ID | 4096ULL << 32);
		KUNIT_EXPECT_GE(test, rx_dev_bufs(test, e), 128u - 15u);
	}
	KUNIT_EXPECT_EQ(test, e->ch->rx.unannounced, 15u);
	/* the 16th announces all 16 with one doorbell at (128 + 16) x 32 */
	rx_dev_cqes(e, k++, 1);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
	KUNIT_EXPECT_EQ(test, rx_rq_doorbell(test), (u64)ETH_RQ_ID | 4608ULL << 32);
	KUNIT_EXPECT_EQ(test, rx_dev_bufs(test, e), 128u);
	KUNIT_EXPECT_EQ(test, e->ch->rx.unannounced, 0u);
	/* a burst of 40 in one poll: rung once at its end, for all 40 */
	rx_dev_cqes(e, k, 40);
	k += 40;
	KUNIT_EXPECT_EQ(test, rx_poll(e), 40);
	KUNIT_EXPECT_EQ(test, rx_rq_doorbell(test), (u64)ETH_RQ_ID | 5888ULL << 32);
	KUNIT_EXPECT_EQ(test, rx_dev_bufs(test, e), 128u);
	/* 3 waiting, then a broken completion: the 3 are announced before the reset */
	rx_dev_cqes(e, k, 3);
	k += 3;
	KUNIT_EXPECT_EQ(test, rx_poll(e), 3);
	KUNIT_EXPECT_EQ(test, rx_rq_doorbell(test), (u64)ETH_RQ_ID | 5888ULL << 32);
	rx_dev_cqes(e, k++, 1);
	rx_dev_cqe(e, k++, 1, 0, 64, 0, ETH_RQ_ID + 1, false);
	KUNIT_EXPECT_EQ(test, rx_poll(e), -EPROTO);
	KUNIT_EXPECT_EQ(test, rx_rq_doorbell(test), (u64)ETH_RQ_ID | 6016ULL << 32);
	KUNIT_EXPECT_EQ(test, e->ch->rx.unannounced, 0u);
	KUNIT_EXPECT_EQ(test, eth_env_resets_seen(e), 1);
	eth_env_free(e);

	/* 16 buffers, batch 2; the ring posted again (a new RQ) starts from zero */
	e = rx_env(test, 1500);
	rx_dev_cqes(e, 0, 1);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
	KUNIT_EXPECT_EQ(test, rx_rq_doorbell(test), (u64)ETH_RQ_ID | 512ULL << 32);
	rx_dev_cqes(e, 1, 1);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
	KUNIT_EXPECT_EQ(test, rx_rq_doorbell(test), (u64)ETH_RQ_ID | 576ULL << 32);
	rx_dev_cqes(e, 2, 1);
	KUNIT_EXPECT_EQ(test, rx_poll(e), 1);
	KUNIT_EXPECT_EQ(test, e->ch->rx.unannounced, 1u);
	e->ch->rx.rq->head = 0;
	e->ch->rx.rq->tail = 0;
	KUNIT_EXPECT_EQ(test, mana_rxq_post_all(e->ch), 0);
	KUNIT_EXPECT_EQ(test, e->ch->rx.unannounced, 0u);
	KUNIT_EXPECT_EQ(test, rx_rq_doorbell(test), (u64)ETH_RQ_ID | 512ULL << 32);
	eth_env_free(e);
}

static struct kunit_case eth_rx_cases[] = {
	KUNIT_CASE(rx_wqe_posting),
	KUNIT_CASE(rx_ok_packet_to_skb),
	KUNIT_CASE(rx_offload_flags),
	KUNIT_CASE(rx_truncated),
	KUNIT_CASE(rx_fence),
	KUNIT_CASE(rx_unknown_type),
	KUNIT_CASE(rx_foreign_completion),
	KUNIT_CASE(rx_bad_lengths),
	KUNIT_CASE(rx_buffer_layout),
	KUNIT_CASE(rx_jumbo_buffers),
	KUNIT_CASE(rx_duplicate_completion),
	KUNIT_CASE(rx_wqe_offset_mismatch),
	KUNIT_CASE(rx_missed_event_watchdog),
	KUNIT_CASE(rx_doorbell_batch),
	{}
};

struct kunit_suite mana_bp_eth_rx_suite = {
	.name = "mana_bp_eth_rx",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = eth_rx_cases,
};
