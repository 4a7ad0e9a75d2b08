// SPDX-License-Identifier: GPL-2.0
/* Environment of the Ethernet-layer suites (see eth_env.h). */
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include <compat/net.h>

#include "eth_env.h"

static atomic_t eth_env_resets = ATOMIC_INIT(0);
static struct sk_buff_head *eth_rx_sink;

/* the port reset work of the code under test: counted, nothing else */
static void eth_env_reset_work(struct work_struct *work)
{
	atomic_inc(&eth_env_resets);
}

/**
 * eth_env_new - a vPort netdev of a MANA device, no rings yet
 * @test: the case
 * @gc: GDMA context (fhw_up()'s when the case sends requests), or NULL for a plain one
 * @num_queues: channels of the port (0 allowed)
 *
 * Return: the environment; the case is aborted if it cannot be built.
 */
struct eth_env *eth_env_new(struct kunit *test, struct gdma_context *gc, u32 num_queues)
{
	static const u8 mac[ETH_ALEN] = { 0x00, 0x15, 0x5d, 0x01, 0x02, 0x03 };
	struct eth_env *e;
	u32 i;

	e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, e);
	e->test = test;
	e->gc = gc ? gc : env_gc(test);
	e->gd = env_gd(test, e->gc);
	e->eth = kunit_kzalloc(test, sizeof(*e->eth), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, e->eth);
	e->eth->gd = e->gd;
	e->eth->gc = e->gc;
	e->eth->dev = e->gc->dev;
	e->eth->num_eqs = max(num_queues, 1u);
	e->eth->num_ports = 1;
	e->eth->adapter_mtu = 1514;

	e->ndev = alloc_etherdev_mq(sizeof(struct mana_port), max(num_queues, 1u));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, e->ndev);
	e->port = netdev_priv(e->ndev);
	e->port->eth = e->eth;
	e->port->ndev = e->ndev;
	e->port->vport = 0x0000beef00001234ULL;
	e->port->vport_cfg = e->port->vport;
	e->port->filter = MANA_INVALID_HANDLE;
	e->port->num_queues = num_queues;
	e->port->max_queues = max(num_queues, 1u);
	e->port->indir_size = MANA_DEFAULT_INDIR_SIZE;
	e->port->tx_ring_size = MANA_TX_RING_DEFAULT;
	e->port->rx_ring_size = MANA_RX_RING_DEFAULT;
	spin_lock_init(&e->port->channels_lock);
	INIT_WORK(&e->port->reset_work, eth_env_reset_work);
	e->ndev->mtu = 1500;
	e->ndev->features = NETIF_F_RXCSUM | NETIF_F_RXHASH | NETIF_F_HW_VLAN_CTAG_RX;
	eth_hw_addr_set(e->ndev, mac);
	atomic_set(&eth_env_resets, 0);

	e->port->channels = kunit_kcalloc(test, max(num_queues, 1u), sizeof(struct mana_channel),
					  GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, e->port->channels);
	for (i = 0; i < max(num_queues, 1u); i++) {
		e->port->channels[i].port = e->port;
		e->port->channels[i].idx = i;
		e->port->channels[i].tx.sq_obj = MANA_INVALID_HANDLE;
		e->port->channels[i].rx.rq_obj = MANA_INVALID_HANDLE;
	}
	e->ch = &e->port->channels[0];
	return e;
}

/**
 * eth_env_tx_rings - give channel 0 a 4 KiB SQ and CQ (ids ETH_SQ_ID / ETH_TX_CQ_ID)
 * @e: environment
 * @slots: TX slots (power of two)
 *
 * The port is marked up, so ndo_start_xmit posts on channel 0.
 */
void eth_env_tx_rings(struct eth_env *e, u32 slots)
{
	struct mana_channel *ch = e->ch;

	ch->tx.sq = env_queue(e->test, e->gd, GDMA_SQ, 4096, ETH_SQ_ID);
	ch->tx.cq = env_queue(e->test, e->gd, GDMA_CQ, 4096, ETH_TX_CQ_ID);
	KUNIT_ASSERT_EQ(e->test, mana_txq_init(&ch->tx, slots), 0);
	if (!e->port->num_queues)
		e->port->num_queues = 1;
	e->port->up = true;
}

/**
 * eth_env_rx_rings - give channel 0 a 4 KiB RQ and CQ, its buffers, all posted
 * @e: environment (MTU and XDP state decide the buffer layout)
 * @bufs: RX buffers
 */
void eth_env_rx_rings(struct eth_env *e, u32 bufs)
{
	struct mana_channel *ch = e->ch;

	e->port->rx_ring_size = bufs;
	ch->rx.rq = env_queue(e->test, e->gd, GDMA_RQ, 4096, ETH_RQ_ID);
	ch->rx.cq = env_queue(e->test, e->gd, GDMA_CQ, 4096, ETH_RX_CQ_ID);
	mana_compat_netif_napi_add(e->ndev, &ch->napi, mana_napi_poll);
	KUNIT_ASSERT_EQ(e->test, mana_rxq_init(ch), 0);
	KUNIT_ASSERT_EQ(e->test, mana_rxq_post_all(ch), 0);
}

/**
 * eth_env_free - release what the environment and the code under test still hold
 * @e: environment
 */
void eth_env_free(struct eth_env *e)
{
	struct mana_channel *ch = e->ch;

	if (ch->tx.slots) {
		mana_tx_drop_pending(ch);
		mana_txq_free(&ch->tx);
	}
	if (ch->rx.rq) {
		mana_rxq_free(ch);
		netif_napi_del(&ch->napi);
	}
	env_queue_free(ch->tx.sq);
	env_queue_free(ch->tx.cq);
	env_queue_free(ch->rx.rq);
	env_queue_free(ch->rx.cq);
	cancel_work_sync(&e->port->reset_work);
	free_netdev(e->ndev);
}

/**
 * eth_env_resets_seen - port resets the code under test asked for since eth_env_new()
 * @e: environment
 *
 * Return: the count (the work has run, it is flushed first).
 */
int eth_env_resets_seen(struct eth_env *e)
{
	flush_work(&e->port->reset_work);
	return atomic_read(&eth_env_resets);
}

gro_result_t eth_rx_capture(struct napi_struct *napi, struct sk_buff *skb)
{
	if (eth_rx_sink)
		skb_queue_tail(eth_rx_sink, skb);
	else
		kfree_skb(skb);
	return GRO_NORMAL;
}

void eth_rx_capture_start(struct sk_buff_head *list)
{
	skb_queue_head_init(list);
	eth_rx_sink = list;
}

void eth_rx_capture_stop(void)
{
	if (eth_rx_sink)
		skb_queue_purge(eth_rx_sink);
	eth_rx_sink = NULL;
}
