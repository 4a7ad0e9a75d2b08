/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Environment of the Ethernet-layer suites: a mana_eth on the test's gdma_dev, one vPort
 * netdev (allocated, never registered) and optionally one channel whose TX and/or RX side
 * has real rings, so the data path under test posts WQEs and polls CQEs exactly as on a
 * device. The test plays the device: it reads the WQEs from the rings, reads and writes
 * packet bytes at the SGE bus addresses, and writes CQEs with test_dev.c.
 *
 * Packets the receive path hands to GRO are captured (ut_eth_rx.c) instead of entering the
 * network stack.
 */
#ifndef MANA_BP_ETH_ENV_H
#define MANA_BP_ETH_ENV_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "test_dev.h"
#include "../../mana/eth/eth.h"

/* ids the tests give the data-path queues (TX SQ id has bits above 10 for vsq_frame) */
#define ETH_SQ_ID	0x12c05
#define ETH_TX_CQ_ID	0x345
#define ETH_RQ_ID	0x2a7
#define ETH_RX_CQ_ID	0x346
#define ETH_MKEY	0x00c0ffee	/* env_gd()'s gpa_mkey */

struct fhw;

/**
 * struct eth_env - one vPort of a MANA device for a test case
 * @test: the case
 * @gc: GDMA context (from fhw_up() when the case talks to the device, else env_gc())
 * @gd: the MANA GDMA device
 * @eth: Ethernet state of @gd
 * @ndev: the vPort netdev (not registered)
 * @port: its private data
 * @ch: channel 0, with rings when requested
 * @reset_requests: times the code under test scheduled the port reset work
 */
struct eth_env {
	struct kunit *test;
	struct gdma_context *gc;
	struct gdma_dev *gd;
	struct mana_eth *eth;
	struct net_device *ndev;
	struct mana_port *port;
	struct mana_channel *ch;
	atomic_t reset_requests;
};

struct eth_env *eth_env_new(struct kunit *test, struct gdma_context *gc, u32 num_queues);
void eth_env_free(struct eth_env *e);
void eth_env_tx_rings(struct eth_env *e, u32 slots);
void eth_env_rx_rings(struct eth_env *e, u32 bufs);
int eth_env_resets_seen(struct eth_env *e);

/* Received packets (ut_eth_rx.c renames rx.c's napi_gro_receive to this). */
gro_result_t eth_rx_capture(struct napi_struct *napi, struct sk_buff *skb);
void eth_rx_capture_start(struct sk_buff_head *list);
void eth_rx_capture_stop(void);

/* Static helper of tx.c made reachable by ut_eth_tx.c. */
u32 ut_mana_tx_sge_count(const struct sk_buff *skb);

/* little-endian reads from rings and messages */
static inline u32 eth_rd32(const void *p, u32 off)
{
	return le32_to_cpu(*(const __le32 *)(p + off));
}

static inline u64 eth_rd64(const void *p, u32 off)
{
	return le64_to_cpu(*(const __le64 *)(p + off));
}

extern struct kunit_suite mana_bp_eth_tx_suite;
extern struct kunit_suite mana_bp_eth_rx_suite;
extern struct kunit_suite mana_bp_eth_requests_suite;
extern struct kunit_suite mana_bp_eth_ethtool_suite;
extern struct kunit_suite mana_bp_eth_dim_suite;

#endif
