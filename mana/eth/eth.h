/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ethernet layer of mana.ko: internal objects shared by the files of
 * mana/eth/.
 *
 * DESIGN NOTE
 *
 *   struct mana_eth      One per MANA GDMA device (gdma_client probe).  Owns
 *                        the device-wide data EQs (one per queue index, all
 *                        vPorts share them) and the netdevs, one per vPort.
 *   struct mana_port     netdev_priv() of a vPort netdev.  Configuration
 *                        (channel count, ring sizes, RSS key/table, MTU) is
 *                        changed under RTNL; the queues exist only while the
 *                        port is up.
 *   struct mana_channel  One per channel of an up port: a TX queue (SQ + CQ)
 *                        and an RX queue (RQ + CQ), both CQs on the EQ of the
 *                        channel index, served by one NAPI context.
 *
 * Reconfiguration (MTU, channels, rings, XDP on/off, TX-timeout recovery) is
 * "close the queues, change, open them again" under RTNL; ethtool -X only
 * re-sends CONFIG_VPORT_RX.
 */
#ifndef _MANA_ETH_H
#define _MANA_ETH_H

#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/xdp.h>

#include "../gdma/gdma.h"
#include "coalesce.h"
#include "eth_client.h"
#include "eth_wire.h"
#include "mana_ib_if.h"

/* Ring sizes in WQEs (TX) and buffers (RX). */
#define MANA_TX_RING_DEFAULT		256
#define MANA_RX_RING_DEFAULT		512
#define MANA_RING_MIN			128
#define MANA_TX_RING_MAX		16384
#define MANA_RX_RING_MAX		8192

#define MANA_EQ_SIZE			(32 * 1024)
#define MANA_MAX_TX_SGE			30
/* Completions taken per gdma_poll_cq() call of the NAPI poll */
#define MANA_POLL_COMPS			8
/* Stop a TX queue when less than one maximal WQE fits. */
#define MANA_TX_STOP_SPACE		GDMA_MAX_SQ_WQE_SIZE
#define MANA_CQ_POLL_BATCH		64
#define MANA_NAPI_WEIGHT		64
#define MANA_FENCE_TIMEOUT_MS		10000
/* Fence wait once a fence of the same close went unanswered. */
#define MANA_FENCE_RETRY_MS		100
/*
 * A device that serves its send queues completes every posted send in far
 * less; lost completion events are polled at once by the drain.
 */
#define MANA_TX_DRAIN_TIMEOUT_MS	3000
/* Period of the missed-completion-event check of an up port. */
#define MANA_CQ_WATCH_MS		1000
#define MANA_TX_WATCHDOG_SEC		15
#define MANA_MIN_MTU			ETH_MIN_MTU
/* adapter_mtu of devices that do not report one. */
#define MANA_DEFAULT_FRAME_SIZE		1514
/* Most packets one RX completion may carry (CQE coalescing). */
#define MANA_RX_COAL_MAX		8

/* ethtool private flags (bit numbers), names in ethtool.c */
enum mana_priv_flag {
	MANA_PRIV_FULL_PAGE_RX,		/* "full-page-rx" */
	MANA_PRIV_NUM_FLAGS
};

/* QUERY_PHY_STAT counters shown by ethtool -S: 2 drops + 8 TCs x 6. */
#define MANA_PHY_NUM_STATS		(2 + MANA_PHY_NUM_TC * 6)

struct mana_eth;
struct mana_port;

/**
 * struct mana_tx_slot - one posted send WQE, in posting order
 * @skb: the packet
 * @wqe_bu: ring units the WQE used
 * @num_sge: mapped entries in @dma / @len
 * @head_mapped: entries 0..@head_mapped-1 map the linear part (single)
 * @dma: bus addresses
 * @len: mapping lengths
 */
struct mana_tx_slot {
	struct sk_buff *skb;
	u16 wqe_bu;
	u8 num_sge;
	u8 head_mapped;
	dma_addr_t dma[MANA_MAX_TX_SGE];
	u32 len[MANA_MAX_TX_SGE];
};

/* Per TX queue counters (ethtool -S names in the comments). */
struct mana_txq_stats {
	u64 packets;		/* tx_N_packets */
	u64 bytes;		/* tx_N_bytes */
	u64 xdp_xmit;		/* tx_N_xdp_xmit */
	u64 tso_packets;	/* tx_N_tso_packets */
	u64 tso_bytes;		/* tx_N_tso_bytes */
	u64 tso_inner_packets;	/* tx_N_tso_inner_packets */
	u64 tso_inner_bytes;	/* tx_N_tso_inner_bytes */
	u64 long_pkt_fmt;	/* tx_N_long_pkt_fmt */
	u64 csum_partial;	/* tx_N_csum_partial */
	u64 map_err;		/* tx_N_mana_map_err */
	struct u64_stats_sync syncp;
};

/*
 * tx_N_short_pkt_fmt: every packet counted in @packets went out in the
 * short or the long format, so the short ones are not counted apart (one
 * counter less per packet sent).
 */
static inline u64 mana_txq_short_pkt_fmt(const struct mana_txq_stats *s)
{
	return s->packets - s->long_pkt_fmt;
}

#define MANA_TXQ_NUM_STATS		11

/**
 * struct mana_txq - send side of a channel
 * @sq: send queue
 * @cq: its completion queue
 * @sq_obj: device object handle (CREATE_WQ_OBJ)
 * @slots: ring of posted WQEs, @num_slots entries
 * @num_slots: power of two
 * @prod: slots produced (xmit path, under the netdev queue lock)
 * @cons: slots consumed (NAPI)
 * @pending: WQEs posted and not completed yet
 * @wqe_off_seen: the device reported a non-zero tx_wqe_offset that matched
 *	the oldest pending WQE: from then on every completion's offset is checked
 * @db_owed: WQEs were posted after the last SQ doorbell (under the netdev
 *	queue lock): XDP sends wait for mana_xdp_tx_flush(), a send with
 *	xmit_more for the last one of its batch; any doorbell covers them all,
 *	as it carries the producer position
 * @stats: counters
 *
 * A packet's SGL is written straight into the SQ (gdma_sq_wqe_start()).
 */
struct mana_txq {
	struct gdma_queue *sq;
	struct gdma_queue *cq;
	u64 sq_obj;
	struct mana_tx_slot *slots;
	u32 num_slots;
	u32 prod;
	u32 cons;
	atomic_t pending;
	bool wqe_off_seen;
	bool db_owed;
	struct mana_txq_stats stats;
};

/**
 * struct mana_rx_buf - one posted receive buffer
 * @page: page_pool page holding it
 * @va: start of the buffer (headroom included)
 * @dma: bus address of the data area (after the headroom)
 */
struct mana_rx_buf {
	struct page *page;
	void *va;
	dma_addr_t dma;
};

/* One packet of an RX completion. */
struct mana_rx_pkt {
	u32 len;
	u32 hash;
};

/* Per RX queue counters (ethtool -S names in the comments). */
struct mana_rxq_stats {
	u64 packets;		/* rx_N_packets */
	u64 bytes;		/* rx_N_bytes */
	u64 xdp_drop;		/* rx_N_xdp_drop */
	u64 xdp_tx;		/* rx_N_xdp_tx */
	u64 xdp_redirect;	/* rx_N_xdp_redirect */
	u64 pkt_len0_err;	/* rx_N_pkt_len0_err */
	/* rx_N_coalesced_cqe_2 .. _8: completions that carried 2..8 packets */
	u64 coalesced_cqe[MANA_RX_COAL_MAX - 1];
	struct u64_stats_sync syncp;
};

#define MANA_RXQ_NUM_STATS		(6 + MANA_RX_COAL_MAX - 1)

/**
 * struct mana_rxq - receive side of a channel
 * @rq: receive queue
 * @cq: its completion queue
 * @rq_obj: device object handle
 * @pool: page_pool the buffers come from
 * @bufs: posted buffers in ring order, @num_bufs entries
 * @num_bufs: ring size in buffers
 * @next: index (modulo @num_bufs) of the buffer the next packet lands in
 * @unannounced: buffers re-posted since the last RQ doorbell
 * @db_batch: @unannounced count that rings the RQ doorbell (mana_rx_db_batch())
 * @datasize: bytes the device may write per buffer
 * @headroom: bytes reserved before the data
 * @alloc_size: bytes of one buffer (headroom, data, skb_shared_info)
 * @use_frags: several buffers share a page
 * @fence_done: completed by the RX_OBJECT_FENCE completion
 * @wqe_off_seen: the device reported a non-zero rx_wqe_offset that matched
 *	the expected WQE: from then on every completion's offset is checked
 * @xdp_rxq: XDP receive-queue info
 * @xdp_flush: a redirect happened during this poll
 * @xdp_tx_owed: an XDP_TX frame was posted during this poll, its SQ
 *	doorbell is rung at the end of the poll (mana_xdp_tx_flush())
 * @stats: counters
 * @pkts: packets of the completion being handled (NAPI poll only); not on
 *	the stack: kernels built with CONFIG_INIT_STACK_ALL_ZERO (Debian's)
 *	would clear it on every poll
 * @frag_offset: page offset page_pool_dev_alloc_frag() returns, kept here
 *	(NAPI poll, or setup before NAPI runs) and not on the stack, where
 *	its address would give the refill a stack canary
 */
struct mana_rxq {
	struct gdma_queue *rq;
	struct gdma_queue *cq;
	u64 rq_obj;
	struct page_pool *pool;
	struct mana_rx_buf *bufs;
	u32 num_bufs;
	u32 next;
	u32 unannounced;
	u32 db_batch;
	u32 datasize;
	u32 headroom;
	u32 alloc_size;
	bool use_frags;
	struct completion fence_done;
	bool wqe_off_seen;
	struct xdp_rxq_info xdp_rxq;
	bool xdp_flush;
	bool xdp_tx_owed;
	struct mana_rxq_stats stats;
	struct mana_rx_pkt pkts[MANA_RXC_MAX_PKTS];
	unsigned int frag_offset;
};

#define MANA_RX_DB_BATCH_MAX	32

/**
 * mana_rx_db_batch() - re-posted buffers that ring the RQ doorbell
 * @num_bufs: RX ring size in buffers
 *
 * Return: 1/8 of the ring, at least 1 and at most %MANA_RX_DB_BATCH_MAX
 * (16 for the smallest ring ethtool -G allows, %MANA_RING_MIN).
 */
static inline u32 mana_rx_db_batch(u32 num_bufs)
{
	return clamp_t(u32, num_bufs / 8, 1, MANA_RX_DB_BATCH_MAX);
}

/**
 * struct mana_channel - a TX/RX queue pair with its NAPI context
 * @port: owning port
 * @idx: channel index (= netdev TX/RX queue index)
 * @napi: polls both CQs
 * @tx: send side
 * @rx: receive side
 * @cq_err: a CQ reported overflow; the port needs a reset
 * @tx_cq_armed: the TX CQ is armed (cleared by its completion event)
 * @rx_cq_armed: the RX CQ is armed (cleared by its completion event)
 * @rx_cqes: completions the last mana_rx_poll() consumed
 * @tx_watch_head: TX CQ consumer position at the last watchdog check
 * @rx_watch_head: RX CQ consumer position at the last watchdog check
 * @missed_events: times the watchdog found a CQ with completions but no
 *	event and polled it
 * @rx_dim: adaptive moderation of the RX CQ
 * @tx_dim: adaptive moderation of the TX CQ
 * @cqes: completions of one gdma_take_cqes() call of the NAPI poll, read in
 *	place in the CQ ring (only the poll uses them); not on the stack, so
 *	that the poll needs no stack canary
 */
struct mana_channel {
	struct mana_port *port;
	unsigned int idx;
	struct napi_struct napi;
	struct mana_txq tx;
	struct mana_rxq rx;
	bool cq_err;
	bool tx_cq_armed;
	bool rx_cq_armed;
	u32 rx_cqes;
	u32 tx_watch_head;
	u32 rx_watch_head;
	u32 missed_events;
	struct mana_cq_dim rx_dim;
	struct mana_cq_dim tx_dim;
	const struct gdma_cqe *cqes[MANA_POLL_COMPS];
};

/* Port-wide driver counters: ethtool -S names, except the two drop counters
 * that feed ndo_get_stats64.
 */
struct mana_port_stats {
	atomic64_t stop_queue;		/* stop_queue */
	atomic64_t wake_queue;		/* wake_queue */
	atomic64_t tx_cqe_err;		/* tx_cq_err */
	atomic64_t tx_cqe_unknown_type;	/* tx_cqe_unknown_type */
	atomic64_t tx_linear_pkt_cnt;	/* tx_linear_pkt_cnt */
	atomic64_t rx_cqe_unknown_type;	/* rx_cqe_unknown_type */
	atomic64_t tx_dropped;
	atomic64_t rx_dropped;
};

/**
 * struct mana_port - private data of a vPort netdev
 * @eth: owning device
 * @ndev: the netdev
 * @port_idx: vPort index
 * @vport: vPort handle for requests: from QUERY_VPORT_CONFIG, or on a PF
 *	the hardware port handle while the port is up
 * @vport_cfg: vPort handle from QUERY_VPORT_CONFIG
 * @filter: PF: MAC filter handle while the port is up
 * @hw_port: PF: @vport is a registered hardware port
 * @max_queues: most channels this port may use
 * @indir_size: RSS indirection table entries (power of two)
 * @tx_vport_offset: from CONFIG_VPORT_TX, goes into every TX OOB
 * @num_queues: configured channel count
 * @tx_ring_size: WQE slots per TX queue
 * @rx_ring_size: buffers per RX queue
 * @rss_key: Toeplitz key
 * @indir: indirection table, channel indexes
 * @channels: the channels while the port is up, NULL otherwise; set and
 *	cleared under RTNL and @channels_lock. ndo_start_xmit reads it without
 *	a lock: it runs under its TX queue lock and checks @up first, and
 *	mana_port_close_queues() clears @up and calls netif_tx_disable()
 *	(which takes every TX queue lock) before the array goes.
 *	ndo_xdp_xmit also checks @up first; its callers run in a NAPI poll
 *	(an RCU read section) that the synchronize_net() after it waits for
 * @up: queues exist and traffic flows
 * @xdp_prog: attached XDP program (RTNL to change, RCU to read)
 * @stats: driver counters
 * @hc_stats: last QUERY_GF_STAT answer (periodic poll, stats_poll.c)
 * @reset_work: TX-timeout / error recovery
 * @cq_watch: missed-completion-event check while the port is up
 * @link_speed_mbps: from QUERY_LINK_CONFIG, 0 if unknown
 * @phy_stats: last QUERY_PHY_STAT answer, in ethtool -S order
 * @priv_flags: BIT(enum mana_priv_flag) set by ethtool --set-priv-flags
 * @link_lock: serialises QUERY_LINK_CONFIG/SET_BW_CLAMP and the fields
 *	below (ethtool runs under RTNL, net_shaper under the netdev lock)
 * @clamp_mbps: bandwidth clamp set through net_shaper, 0 if none
 * @shaper_id: handle id of the one net_shaper the port accepts
 * @msg_enable: netif_msg bits
 * @channels_lock: protects @channels and @closed_stats for stats readers
 * @closed_stats: traffic totals of channels already destroyed
 * @rdma_users: mana_ib objects using the vPort directly (raw and RSS
 *	QPs); while non-zero the netdev cannot be opened (under RTNL)
 * @coal: RX CQE coalescing and interrupt moderation settings
 */
struct mana_port {
	struct mana_eth *eth;
	struct net_device *ndev;
	u32 port_idx;
	u64 vport;
	u64 vport_cfg;
	u64 filter;
	bool hw_port;
	u32 max_queues;
	u32 indir_size;
	u16 tx_vport_offset;
	u32 num_queues;
	u32 tx_ring_size;
	u32 rx_ring_size;
	u8 rss_key[MANA_HASH_KEY_SIZE];
	u32 indir[MANA_MAX_INDIR_SIZE];
	struct mana_channel *channels;
	bool up;
	struct bpf_prog __rcu *xdp_prog;
	struct mana_port_stats stats;
	u64 hc_stats[MANA_GF_NUM_COUNTERS];
	struct work_struct reset_work;
	struct delayed_work cq_watch;
	u32 link_speed_mbps;
	u64 phy_stats[MANA_PHY_NUM_STATS];
	u32 priv_flags;
	struct mutex link_lock;		/* link config and bandwidth clamp */
	u32 clamp_mbps;
	u32 shaper_id;
	u32 msg_enable;
	spinlock_t channels_lock;	/* @channels vs. stats readers */
	struct {
		u64 rx_packets;
		u64 rx_bytes;
		u64 tx_packets;
		u64 tx_bytes;
	} closed_stats;
	u32 rdma_users;
	struct mana_coal_cfg coal;
};

/**
 * struct mana_eth - Ethernet state of one MANA GDMA device
 * @gd: the GDMA device
 * @gc: its function
 * @dev: device for DMA mappings and messages
 * @eqs: data-path EQs, one per queue index
 * @num_eqs: entries of @eqs
 * @num_ports: vPorts (and netdevs)
 * @adapter_mtu: largest frame incl. Ethernet header
 * @pf_mode: physical function that registers hardware ports and MAC filters
 * @link_down: the device reported the link down (SOC_RECONFIG_DATA)
 * @link_work: applies link changes to the netdevs (process context)
 * @ports: netdevs, @num_ports entries
 * @rdma_adev: the "rdma" auxiliary device for mana_ib, or NULL
 * @rdma_lock: serialises adding and removing @rdma_adev (rdma_aux.c)
 * @rdma_service_off: the device suspended RDMA (SOC_SERVICE type 1)
 * @rdma_work: applies @rdma_service_off
 * @gf_work: periodic QUERY_GF_STAT (stats_poll.c)
 * @suspended: device objects freed by a reset cycle or PM suspend; the
 *	netdevs are detached (RTNL to change)
 * @cqe8_coalescing: the device can put 8 packets into one RX completion
 * @node: in the list of Ethernet devices (device.c, for port re-creation)
 * @port_lock: serialises replacing a port's netdev (re-creation), the
 *	deferred registration and the reset cycle; taken before rtnl
 * @register_work: registers the ports that wait for their partner NIC
 * @register_start: jiffies when the first port started waiting
 * @register_deadline: jiffies after which waiting ports register anyway
 * @ports_waiting: ports allocated and not registered yet (@port_lock)
 */
struct mana_eth {
	struct gdma_dev *gd;
	struct gdma_context *gc;
	struct device *dev;
	struct gdma_queue **eqs;
	u32 num_eqs;
	u32 num_ports;
	u32 adapter_mtu;
	bool pf_mode;
	bool link_down;
	struct work_struct link_work;
	struct net_device **ports;
	struct mana_rdma_adev *rdma_adev;
	struct mutex rdma_lock;	/* @rdma_adev add/remove */
	bool rdma_service_off;
	struct work_struct rdma_work;
	struct delayed_work gf_work;
	bool suspended;
	bool cqe8_coalescing;
	struct list_head node;
	struct mutex port_lock;	/* see above */
	struct delayed_work register_work;
	unsigned long register_start;
	unsigned long register_deadline;
	u32 ports_waiting;
};

/**
 * mana_dim_poll_done() - feed lib/dim at the end of a NAPI poll
 * @ch: channel, called before napi_complete_done() so that net_dim() never
 *	runs twice at the same time for a CQ
 * @tx: the send CQ had an event since the last sample
 * @rx: the receive CQ had an event since the last sample
 *
 * Inline in the poll: most polls only find that lib/dim wants no sample.
 */
static inline void mana_dim_poll_done(struct mana_channel *ch, bool tx, bool rx)
{
	struct mana_port *port = ch->port;

	/* Acquire pairs with the release in mana_coal_apply_adaptive(). */
	if (rx && smp_load_acquire(&port->coal.rx_adaptive) &&
	    mana_dim_wants_sample(&ch->rx_dim))
		mana_dim_feed(&ch->rx_dim, ch->rx.stats.packets,
			      ch->rx.stats.bytes);
	/* Same pairing for the TX direction. */
	if (tx && smp_load_acquire(&port->coal.tx_adaptive) &&
	    mana_dim_wants_sample(&ch->tx_dim))
		mana_dim_feed(&ch->tx_dim, ch->tx.stats.packets,
			      ch->tx.stats.bytes);
}

/* struct mana_vport_rx_cfg, mana_vport_rx_req_build(): mana_ib_if.h */

/* requests.c */
int mana_eth_send(struct mana_eth *eth, void *req, u32 req_len, void *resp,
		  u32 resp_len);
int mana_query_dev_config(struct mana_eth *eth, u32 *num_vports,
			  u32 *adapter_mtu, bool *bm_hostmode);
int mana_query_vport_config(struct mana_port *port, u8 *mac);
int mana_config_vport_tx(struct mana_port *port);
int mana_create_wq_obj(struct mana_port *port, u32 wq_type,
		       struct gdma_queue *wq, struct gdma_queue *cq,
		       u32 eq_id, u64 *obj);
int mana_destroy_wq_obj(struct mana_port *port, u32 wq_type, u64 obj);
int mana_fence_rq(struct mana_port *port, u64 rq_obj);
int mana_config_vport_rx(struct mana_port *port, bool enable,
			 bool update_key, bool update_table);
int mana_query_gf_stats(struct mana_port *port);
int mana_query_link_config(struct mana_port *port);
int mana_pf_register_port(struct mana_port *port);
void mana_pf_deregister_port(struct mana_port *port);
int mana_pf_register_filter(struct mana_port *port);
void mana_pf_deregister_filter(struct mana_port *port);

/* queues.c */
int mana_port_open_queues(struct mana_port *port);
void mana_port_close_queues(struct mana_port *port);
bool mana_cq_stuck(const struct gdma_queue *cq, u32 *last);
void mana_cq_watch_work(struct work_struct *work);
int mana_port_apply_rss(struct mana_port *port, bool update_key);
void mana_port_default_rss(struct mana_port *port);

/* port.c */
int mana_port_reconfigure(struct mana_port *port);
extern const struct net_device_ops mana_netdev_ops;

/* tx.c */
netdev_tx_t mana_start_xmit(struct sk_buff *skb, struct net_device *ndev);
netdev_features_t mana_features_check(struct sk_buff *skb,
				      struct net_device *ndev,
				      netdev_features_t features);
bool mana_xdp_tx_skb(struct mana_port *port, u32 qidx, struct sk_buff *skb);
void mana_xdp_tx_flush(struct mana_port *port, u32 qidx);
int mana_tx_poll(struct mana_channel *ch, int budget);
void mana_tx_drop_pending(struct mana_channel *ch);
int mana_txq_init(struct mana_txq *txq, u32 ring_size);
void mana_txq_free(struct mana_txq *txq);
void mana_txq_park(struct mana_channel *ch);

/* rx.c */
int mana_rx_cqe_unpack(const struct mana_channel *ch,
		       const struct gdma_cqe *cqe, u32 type,
		       struct mana_rx_pkt pkts[]);
int mana_rxq_init(struct mana_channel *ch);
void mana_rxq_free(struct mana_channel *ch);
void mana_rxq_park(struct mana_channel *ch);
int mana_rxq_post_all(struct mana_channel *ch);
int mana_rx_poll(struct mana_channel *ch, int budget);
int mana_napi_poll(struct napi_struct *napi, int budget);
void mana_rx_buf_layout(const struct mana_port *port, u32 mtu, u32 *datasize,
			u32 *headroom, u32 *alloc_size, bool *use_frags);

/* xdp.c */
int mana_bpf(struct net_device *ndev, struct netdev_bpf *bpf);
int mana_xdp_xmit(struct net_device *ndev, int n, struct xdp_frame **frames,
		  u32 flags);
u32 mana_xdp_max_mtu(const struct net_device *ndev);
void mana_xdp_set_features(struct net_device *ndev);

/* ethtool.c */
extern const struct ethtool_ops mana_ethtool_ops;

/* inline: the RX path reads it per poll, xdp.c and port.c on changes */
/**
 * mana_port_has_xdp() - an XDP program is attached
 * @port: port
 *
 * Return: true if a program is attached.
 */
static inline bool mana_port_has_xdp(const struct mana_port *port)
{
	return !!rcu_access_pointer(port->xdp_prog);
}

/* phy_stats.c */
void mana_phy_stats_strings(u8 **data);
void mana_query_phy_stats(struct mana_port *port);

/* shaper.c */
int mana_set_bw_clamp(struct mana_port *port, bool enable, u32 speed_mbps);
#ifdef HAVE_NET_SHAPER
struct net_shaper_ops;
extern const struct net_shaper_ops mana_shaper_ops;
#endif

/* eqs.c */
int mana_eth_create_eqs(struct mana_eth *eth);
void mana_eth_destroy_eqs(struct mana_eth *eth);

/* pm.c */
void mana_eth_suspend(struct gdma_dev *gd);
int mana_eth_resume(struct gdma_dev *gd);

/* stats_poll.c */
void mana_eth_stats_poll_init(struct mana_eth *eth);
void mana_eth_stats_poll_start(struct mana_eth *eth);
void mana_eth_stats_poll_stop(struct mana_eth *eth);

/* rdma_aux.c (RDMA service events; the auxiliary device is in rdma_aux.h) */
void mana_eth_service_event(struct mana_eth *eth, const struct gdma_event *ev);
void mana_eth_rdma_init(struct mana_eth *eth);
void mana_eth_rdma_start(struct mana_eth *eth);
void mana_eth_rdma_stop(struct mana_eth *eth);

/*
 * What runs while the device is up with every port registered: the RDMA
 * auxiliary device and the statistics poll (probe, remove, suspend/resume,
 * port re-creation start and stop them together).
 */
static inline void mana_eth_recovery_init(struct mana_eth *eth)
{
	mana_eth_stats_poll_init(eth);
	mana_eth_rdma_init(eth);
}

static inline void mana_eth_recovery_start(struct mana_eth *eth)
{
	mana_eth_rdma_start(eth);
	mana_eth_stats_poll_start(eth);
}

/* mana_ib is unbound first: it uses the ports and EQs. */
static inline void mana_eth_recovery_stop(struct mana_eth *eth)
{
	mana_eth_rdma_stop(eth);
	mana_eth_stats_poll_stop(eth);
}

#endif /* _MANA_ETH_H */
