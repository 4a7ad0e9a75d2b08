// SPDX-License-Identifier: GPL-2.0-only
/*
 * Queue life cycle of a port: the channels (SQ+CQ, RQ+CQ, NAPI) created at
 * open and destroyed at close, steering (CONFIG_VPORT_RX) and RQ fences
 * (docs/device-interface.md §4.3 and §4.4).
 */
#include <linux/ethtool.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <compat/net.h>

#include "eth.h"

static unsigned int tx_drain_timeout_ms = MANA_TX_DRAIN_TIMEOUT_MS;
module_param(tx_drain_timeout_ms, uint, 0644);
MODULE_PARM_DESC(tx_drain_timeout_ms,
		 "How long closing a port waits for the device to complete its sends before the function is reset (ms, default 3000)");

/*
 * Poll a channel as if the events of the given CQs had come: the poll
 * re-arms the CQs it finds disarmed.  Arming a CQ the device still counts
 * armed is harmless.  Process context.
 */
static void mana_channel_kick(struct mana_channel *ch, bool tx, bool rx)
{
	if (tx)
		WRITE_ONCE(ch->tx_cq_armed, false);
	if (rx)
		WRITE_ONCE(ch->rx_cq_armed, false);
	local_bh_disable();
	napi_schedule(&ch->napi);
	local_bh_enable();
}

/* CQ handler: hard-IRQ context, the NAPI poll does the work. */
static void mana_cq_event(void *ctx, struct gdma_queue *cq)
{
	struct mana_channel *ch = ctx;

	/* The device disarmed this CQ when it posted the event. */
	if (cq == ch->tx.cq) {
		WRITE_ONCE(ch->tx_cq_armed, false);
		mana_dim_count_event(&ch->tx_dim);
	} else {
		WRITE_ONCE(ch->rx_cq_armed, false);
		mana_dim_count_event(&ch->rx_dim);
	}
	napi_schedule(&ch->napi);
}

/**
 * mana_cq_stuck() - a CQ holds completions nobody polls
 * @cq: completion queue of an up channel
 * @last: its consumer position at the previous check (updated)
 *
 * The consumer position did not move for a whole check period although an
 * entry waits: the completion event was lost (the device counts the CQ as
 * notified, the driver counts it armed) or never came.
 *
 * Return: true when the CQ must be polled.
 */
bool mana_cq_stuck(const struct gdma_queue *cq, u32 *last)
{
	u32 head = READ_ONCE(cq->head);
	bool stuck = head == *last && gdma_cq_pending(cq);

	*last = head;
	return stuck;
}

/*
 * An EQ of the port's channels whose interrupt was lost: the device raised
 * it and waits for a re-arm, so nothing arrives from it again unless its
 * events are handled here.  The EQs are shared by the ports; the first port
 * to look handles them.
 */
static void mana_eq_watch(struct mana_port *port)
{
	struct mana_eth *eth = port->eth;
	unsigned long period = msecs_to_jiffies(MANA_CQ_WATCH_MS);
	struct gdma_queue *eq;
	u32 i;
	int n;

	if (!eth->eqs)
		return;
	for (i = 0; i < min(port->num_queues, eth->num_eqs); i++) {
		eq = eth->eqs[i];
		if (!eq || !gdma_eq_stalled(eq, period))
			continue;
		n = gdma_eq_rescue(eq);
		if (n)
			net_warn_ratelimited("%s: EQ %u held events but got no interrupt for %u ms: handled %d and re-armed it (%u times)\n",
					     port->ndev->name, eq->id,
					     MANA_CQ_WATCH_MS, n,
					     eq->eq.rescues);
	}
}

/**
 * mana_cq_watch_work() - poll the CQs and EQs of an up port whose events or
 *	interrupts went missing
 * @work: the port's cq_watch
 *
 * Runs every MANA_CQ_WATCH_MS while the port's channels exist (started by
 * mana_port_open_queues(), cancelled by mana_port_close_queues()).  It costs
 * three ring reads per channel and period and nothing on the data path.
 */
void mana_cq_watch_work(struct work_struct *work)
{
	struct mana_port *port = container_of(to_delayed_work(work),
					      struct mana_port, cq_watch);
	struct mana_channel *ch;
	bool tx, rx;
	u32 i;

	mana_eq_watch(port);
	for (i = 0; i < port->num_queues; i++) {
		ch = &port->channels[i];
		if (READ_ONCE(ch->cq_err))
			continue;
		tx = mana_cq_stuck(ch->tx.cq, &ch->tx_watch_head);
		rx = mana_cq_stuck(ch->rx.cq, &ch->rx_watch_head);
		if (!tx && !rx)
			continue;
		ch->missed_events++;
		net_warn_ratelimited("%s: queue %u: %s%s%s CQ holds completions but got no event for %u ms, polling it (%u times)\n",
				     port->ndev->name, i, tx ? "TX" : "",
				     tx && rx ? "+" : "", rx ? "RX" : "",
				     MANA_CQ_WATCH_MS, ch->missed_events);
		mana_channel_kick(ch, tx, rx);
	}
	queue_delayed_work(system_wq, &port->cq_watch,
			   msecs_to_jiffies(MANA_CQ_WATCH_MS));
}

static struct gdma_queue *mana_channel_eq(struct mana_channel *ch)
{
	struct mana_eth *eth = ch->port->eth;

	return eth->eqs[ch->idx % eth->num_eqs];
}

/* Create a WQ and its CQ in memory, then as one object on the device. */
static int mana_create_wq_pair(struct mana_channel *ch, u32 wq_type,
			       u32 wq_size, u32 cq_size,
			       struct gdma_queue **wq, struct gdma_queue **cq,
			       u64 *obj)
{
	struct gdma_queue *eq = mana_channel_eq(ch);
	struct gdma_dev *gd = ch->port->eth->gd;
	struct gdma_queue_spec spec = {};
	int err;

	spec.type = wq_type == MANA_WQ_TYPE_SQ ? GDMA_SQ : GDMA_RQ;
	spec.ring_size = max_t(u32, wq_size, GDMA_MIN_QUEUE_SIZE);
	err = gdma_create_queue_mem(gd, &spec, wq);
	if (err)
		return err;

	memset(&spec, 0, sizeof(spec));
	spec.type = GDMA_CQ;
	spec.ring_size = max_t(u32, cq_size, GDMA_MIN_QUEUE_SIZE);
	spec.cq.handler = mana_cq_event;
	spec.cq.ctx = ch;
	spec.cq.parent_eq = eq;
	err = gdma_create_queue_mem(gd, &spec, cq);
	if (err)
		goto destroy_wq_mem;

	err = mana_create_wq_obj(ch->port, wq_type, *wq, *cq, eq->id, obj);
	if (err)
		goto destroy_cq_mem;
	return 0;

destroy_cq_mem:
	gdma_destroy_queue(*cq);
	*cq = NULL;
destroy_wq_mem:
	gdma_destroy_queue(*wq);
	*wq = NULL;
	return err;
}

/*
 * A WQ and CQ whose destroy the device did not confirm keep their memory
 * until the function is reset (gdma_park_queue()): the device may still
 * write completions and read WQEs.  So do the receive buffers posted to an
 * RQ and the sends pending on an SQ: the device may still write or read
 * them (mana_rxq_park(), mana_txq_park()).
 */
static void mana_destroy_wq_pair(struct mana_channel *ch, u32 wq_type,
				 struct gdma_queue **wq, struct gdma_queue **cq,
				 u64 *obj)
{
	if (mana_destroy_wq_obj(ch->port, wq_type, *obj)) {
		gdma_park_queue(*cq);
		if (wq_type == MANA_WQ_TYPE_RQ)
			mana_rxq_park(ch);
		else
			mana_txq_park(ch);
	} else {
		gdma_destroy_queue(*cq);
		gdma_destroy_queue(*wq);
	}
	*obj = MANA_INVALID_HANDLE;
	*cq = NULL;
	*wq = NULL;
}

static int mana_channel_create(struct mana_port *port, struct mana_channel *ch)
{
	u32 rq_size, rx_cq_size;
	int err;

	mana_compat_netif_napi_add(port->ndev, &ch->napi, mana_napi_poll);

	err = mana_txq_init(&ch->tx, port->tx_ring_size);
	if (err)
		goto del_napi;
	err = mana_create_wq_pair(ch, MANA_WQ_TYPE_SQ,
				  port->tx_ring_size * GDMA_WQE_BU_SIZE,
				  port->tx_ring_size * GDMA_CQE_SIZE,
				  &ch->tx.sq, &ch->tx.cq, &ch->tx.sq_obj);
	if (err)
		goto free_txq;

	err = mana_rxq_init(ch);
	if (err)
		goto destroy_sq;
	/* One spare CQE for the fence completion. */
	rq_size = roundup_pow_of_two(port->rx_ring_size * GDMA_WQE_BU_SIZE);
	rx_cq_size = roundup_pow_of_two(port->rx_ring_size + 1) * GDMA_CQE_SIZE;
	err = mana_create_wq_pair(ch, MANA_WQ_TYPE_RQ, rq_size, rx_cq_size,
				  &ch->rx.rq, &ch->rx.cq, &ch->rx.rq_obj);
	if (err)
		goto free_rxq;
	err = mana_rxq_post_all(ch);
	if (err)
		goto destroy_rq;
	mana_dim_channel_init(ch);
	return 0;

destroy_rq:
	mana_destroy_wq_pair(ch, MANA_WQ_TYPE_RQ, &ch->rx.rq, &ch->rx.cq,
			     &ch->rx.rq_obj);
free_rxq:
	mana_rxq_free(ch);
destroy_sq:
	mana_destroy_wq_pair(ch, MANA_WQ_TYPE_SQ, &ch->tx.sq, &ch->tx.cq,
			     &ch->tx.sq_obj);
free_txq:
	mana_txq_free(&ch->tx);
del_napi:
	mana_compat_netif_napi_del(&ch->napi);
	return err;
}

/* The channel's NAPI is disabled (or was never enabled). */
static void mana_channel_destroy(struct mana_port *port,
				 struct mana_channel *ch)
{
	mana_dim_channel_stop(ch);
	mana_destroy_wq_pair(ch, MANA_WQ_TYPE_RQ, &ch->rx.rq, &ch->rx.cq,
			     &ch->rx.rq_obj);
	mana_destroy_wq_pair(ch, MANA_WQ_TYPE_SQ, &ch->tx.sq, &ch->tx.cq,
			     &ch->tx.sq_obj);
	mana_compat_netif_napi_del(&ch->napi);
	mana_tx_drop_pending(ch);
	mana_txq_free(&ch->tx);
	mana_rxq_free(ch);
}

/*
 * A request of the close timed out: the device does not answer.  Waiting
 * for each further request would hold RTNL for a second or more per
 * request; give the function up instead (the reset cycle rebuilds it).
 */
static void mana_port_check_answer(struct mana_port *port, int err,
				   const char *what)
{
	if (err != -ETIMEDOUT || gdma_requests_abandoned(port->eth->gc))
		return;
	netdev_err(port->ndev, "closing: %s got no answer\n", what);
	gdma_abandon_requests(port->eth->gc, "closing a port: device not answering");
}

/*
 * Fence every RQ and wait for the fence completions (NAPI must run).  Once
 * one fence goes unanswered the others get a short wait only, and none at
 * all when the function is gone: a dead device must not hold RTNL for
 * 10 s per RQ.  When @closing, a fence request that times out gives the
 * function up (mana_port_check_answer()).
 */
static void mana_port_fence_rqs(struct mana_port *port, bool closing)
{
	u32 wait_ms = MANA_FENCE_TIMEOUT_MS;
	u32 i;
	int err;

	for (i = 0; i < port->num_queues; i++) {
		struct mana_channel *ch = &port->channels[i];

		if (ch->cq_err)
			continue;
		reinit_completion(&ch->rx.fence_done);
		err = mana_fence_rq(port, ch->rx.rq_obj);
		if (closing)
			mana_port_check_answer(port, err, "an RQ fence");
		if (err)
			continue;
		err = gdma_wait_alive(port->eth->gc, &ch->rx.fence_done,
				      wait_ms);
		if (!err)
			continue;
		if (err == -ENODEV)
			return;
		netdev_warn(port->ndev, "RX queue %u: no fence completion\n", i);
		wait_ms = MANA_FENCE_RETRY_MS;
	}
}

/**
 * mana_port_default_rss() - spread the indirection table over the channels
 * @port: port
 */
void mana_port_default_rss(struct mana_port *port)
{
	u32 i;

	for (i = 0; i < port->indir_size; i++)
		port->indir[i] = ethtool_rxfh_indir_default(i, port->num_queues);
}

/**
 * mana_port_apply_rss() - send the RSS key and table of an up port
 * @port: port
 * @update_key: the key changed too
 *
 * Context: RTNL held.
 * Return: 0 or a negative errno.
 */
int mana_port_apply_rss(struct mana_port *port, bool update_key)
{
	int err;

	ASSERT_RTNL();
	if (!port->up)
		return 0;
	err = mana_config_vport_rx(port, true, update_key, true);
	if (!err)
		mana_port_fence_rqs(port, false);
	return err;
}

/**
 * mana_port_open_queues() - create the channels and start traffic
 * @port: a down port
 *
 * Context: RTNL held.
 * Return: 0 or a negative errno (the port stays down, nothing leaked).
 */
int mana_port_open_queues(struct mana_port *port)
{
	struct net_device *ndev = port->ndev;
	struct mana_channel *channels;
	u32 i, n = port->num_queues;
	int err;

	ASSERT_RTNL();
	if (port->up)
		return 0;
	/* A reset cycle or PM suspend freed the EQs; resume re-opens. */
	if (port->eth->suspended)
		return -ENODEV;

	if (port->eth->pf_mode) {
		err = mana_pf_register_port(port);
		if (err)
			goto carrier_off;
	}
	err = mana_config_vport_tx(port);
	if (err)
		goto deregister_hw_port;

	channels = kcalloc(n, sizeof(*channels), GFP_KERNEL);
	if (!channels) {
		err = -ENOMEM;
		goto deregister_hw_port;
	}

	for (i = 0; i < n; i++) {
		channels[i].port = port;
		channels[i].idx = i;
		err = mana_channel_create(port, &channels[i]);
		if (err)
			goto destroy_channels;
	}

	for (i = 0; i < n; i++) {
		mana_compat_napi_enable(&channels[i].napi);
		WRITE_ONCE(channels[i].tx_cq_armed, true);
		gdma_ring_cq(channels[i].tx.cq, true);
		WRITE_ONCE(channels[i].rx_cq_armed, true);
		gdma_ring_cq(channels[i].rx.cq, true);
	}

	spin_lock_bh(&port->channels_lock);
	port->channels = channels;
	spin_unlock_bh(&port->channels_lock);

	err = netif_set_real_num_tx_queues(ndev, n);
	if (!err)
		err = netif_set_real_num_rx_queues(ndev, n);
	if (!err)
		err = mana_config_vport_rx(port, true, true, true);
	if (err)
		goto disable_napi;
	mana_port_fence_rqs(port, false);
	if (port->eth->pf_mode) {
		err = mana_pf_register_filter(port);
		if (err)
			goto disable_rx;
	}

	WRITE_ONCE(port->up, true);
	queue_delayed_work(system_wq, &port->cq_watch,
			   msecs_to_jiffies(MANA_CQ_WATCH_MS));
	netif_tx_wake_all_queues(ndev);
	if (!READ_ONCE(port->eth->link_down))
		netif_carrier_on(ndev);
	return 0;

disable_rx:
	mana_config_vport_rx(port, false, false, false);
	mana_port_fence_rqs(port, false);
disable_napi:
	spin_lock_bh(&port->channels_lock);
	port->channels = NULL;
	spin_unlock_bh(&port->channels_lock);
	for (i = 0; i < n; i++)
		mana_compat_napi_disable(&channels[i].napi);
	i = n;
destroy_channels:
	while (i--)
		mana_channel_destroy(port, &channels[i]);
	kfree(channels);
deregister_hw_port:
	mana_pf_deregister_port(port);
carrier_off:
	netif_carrier_off(ndev);
	return err;
}

/*
 * Wait until the device completed every posted send (NAPI is running).  A
 * device that does not drain in tx_drain_timeout_ms gets a function-level
 * reset and is given up (gdma_abandon_requests(): the rest of the close
 * sends nothing, the reset cycle rebuilds the function); a function that is
 * gone or already given up is not waited for.  Sends still pending
 * afterwards are freed by mana_tx_drop_pending().
 */
static void mana_port_drain_tx(struct mana_port *port)
{
	unsigned long end = jiffies +
			    msecs_to_jiffies(READ_ONCE(tx_drain_timeout_ms));
	struct gdma_context *gc = port->eth->gc;
	unsigned int polls = 0;
	u32 i;
	int err;

	/* sends whose completion event was lost complete now, not at the timeout */
	for (i = 0; i < port->num_queues; i++)
		if (atomic_read(&port->channels[i].tx.pending))
			mana_channel_kick(&port->channels[i], true, false);

	for (i = 0; i < port->num_queues; i++) {
		struct mana_channel *ch = &port->channels[i];

		while (atomic_read(&ch->tx.pending) && !ch->cq_err) {
			if (gdma_requests_abandoned(gc))
				return;
			/* one BAR read per ~100 ms; a gone device completes nothing */
			if (!(++polls % 64) && gdma_device_gone(gc)) {
				netdev_warn(port->ndev, "device gone: not waiting for %d sends of TX queue %u\n",
					    atomic_read(&ch->tx.pending), i);
				return;
			}
			if (time_after(jiffies, end)) {
				netdev_err(port->ndev,
					   "TX queue %u: %d sends never completed, resetting the function\n",
					   i, atomic_read(&ch->tx.pending));
				err = gdma_function_reset(gc);
				if (err)
					netdev_err(port->ndev, "function reset failed: %d\n",
						   err);
				gdma_abandon_requests(gc, "TX drain timeout");
				return;
			}
			usleep_range(1000, 2000);
		}
	}
}

/*
 * Take every CQ of the port out of the CQ table, then wait once until no
 * completion handler can still be running on a channel (it is freed after
 * this).  One grace period for the port instead of one per CQ in
 * gdma_destroy_queue(); under RTNL synchronize_net() waits for an expedited
 * one.  NAPI is disabled and the RQs are fenced and the sends drained: an
 * event that still comes would only have scheduled a disabled NAPI.
 */
static void mana_port_unlink_cqs(struct mana_port *port)
{
	bool wait = false;
	u32 i;

	for (i = 0; i < port->num_queues; i++) {
		wait |= gdma_cq_unlink(port->channels[i].tx.cq);
		wait |= gdma_cq_unlink(port->channels[i].rx.cq);
	}
	if (wait)
		synchronize_net();
}

static void mana_port_save_counters(struct mana_port *port)
{
	u32 i;

	for (i = 0; i < port->num_queues; i++) {
		struct mana_channel *ch = &port->channels[i];

		port->closed_stats.rx_packets += ch->rx.stats.packets;
		port->closed_stats.rx_bytes += ch->rx.stats.bytes;
		port->closed_stats.tx_packets += ch->tx.stats.packets;
		port->closed_stats.tx_bytes += ch->tx.stats.bytes;
	}
}

/**
 * mana_port_close_queues() - stop traffic and destroy the channels
 * @port: port (nothing happens when it is down)
 *
 * Context: RTNL held.
 */
void mana_port_close_queues(struct mana_port *port)
{
	struct net_device *ndev = port->ndev;
	struct mana_channel *channels = port->channels;
	u32 i;
	int err;

	ASSERT_RTNL();
	if (!port->up)
		return;

	/*
	 * The carrier stays as it is: a reconfiguration is not a link flap.
	 * ndo_stop turns it off.
	 */
	WRITE_ONCE(port->up, false);
	/*
	 * With the carrier on, the netdev watchdog calls a queue hung once it
	 * is stopped and its last transmit is older than the timeout: an idle
	 * queue would look hung at once.  Stopping counts as a transmit here.
	 */
	for (i = 0; i < ndev->num_tx_queues; i++)
		WRITE_ONCE(netdev_get_tx_queue(ndev, i)->trans_start, jiffies);
	netif_tx_disable(ndev);
	/* ndo_xdp_xmit callers run under RCU (NAPI of other devices). */
	synchronize_net();
	mana_pf_deregister_filter(port);

	mana_port_drain_tx(port);
	err = mana_config_vport_rx(port, false, false, false);
	mana_port_check_answer(port, err, "disabling RX");
	mana_port_fence_rqs(port, true);
	/* it helped the drain and the fences; the channels go away now */
	cancel_delayed_work_sync(&port->cq_watch);

	for (i = 0; i < port->num_queues; i++)
		mana_compat_napi_disable(&channels[i].napi);
	/* A poll that ran before napi_disable() may have woken a queue. */
	netif_tx_disable(ndev);
	mana_port_unlink_cqs(port);

	spin_lock_bh(&port->channels_lock);
	mana_port_save_counters(port);
	port->channels = NULL;
	spin_unlock_bh(&port->channels_lock);

	for (i = 0; i < port->num_queues; i++)
		mana_channel_destroy(port, &channels[i]);
	kfree(channels);
	mana_pf_deregister_port(port);
}
