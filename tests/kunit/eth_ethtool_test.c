// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool statistics of a vPort: get_sset_count() agrees with what get_strings() writes for
 * any channel count, the names are the mainline (7.3) mana names in mainline order, and
 * get_ethtool_stats() puts each device counter of QUERY_GF_STAT (spec 3.10: response order
 * rx discards no WQE ... tx mcast bytes, tx err GDMA last, at 40 + 8 i) under its name.
 */
#include <linux/ethtool.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "eth_env.h"
#include "fake_hwc.h"

/* mainline mana's driver counters and device counters, in ethtool -S order */
static const char * const eth_port_names[] = {
	"stop_queue", "wake_queue", "tx_cq_err", "tx_cqe_unknown_type", "tx_linear_pkt_cnt",
	"rx_cqe_unknown_type",
};

static const char * const eth_hc_names[] = {
	"hc_rx_discards_no_wqe", "hc_rx_err_vport_disabled", "hc_rx_bytes", "hc_rx_ucast_pkts",
	"hc_rx_ucast_bytes", "hc_rx_bcast_pkts", "hc_rx_bcast_bytes", "hc_rx_mcast_pkts",
	"hc_rx_mcast_bytes", "hc_tx_err_gf_disabled", "hc_tx_err_vport_disabled",
	"hc_tx_err_inval_vportoffset_pkt", "hc_tx_err_vlan_enforcement",
	"hc_tx_err_eth_type_enforcement", "hc_tx_err_sa_enforcement",
	"hc_tx_err_sqpdid_enforcement", "hc_tx_err_cqpdid_enforcement",
	"hc_tx_err_mtu_violation", "hc_tx_err_inval_oob", "hc_tx_err_gdma", "hc_tx_bytes",
	"hc_tx_ucast_pkts", "hc_tx_ucast_bytes", "hc_tx_bcast_pkts", "hc_tx_bcast_bytes",
	"hc_tx_mcast_pkts", "hc_tx_mcast_bytes",
};

static const char * const eth_rxq_names[] = {
	"packets", "bytes", "xdp_drop", "xdp_tx", "xdp_redirect", "pkt_len0_err",
};

static const char * const eth_txq_names[] = {
	"packets", "bytes", "xdp_xmit", "tso_packets", "tso_bytes", "tso_inner_packets",
	"tso_inner_bytes", "long_pkt_fmt", "short_pkt_fmt", "csum_partial", "mana_map_err",
};

/* the strings for the port's current channel count; one guard entry of 0xa5 after them */
static char *eth_strings(struct kunit *test, struct eth_env *e, int *count)
{
	char *buf;

	*count = mana_ethtool_ops.get_sset_count(e->ndev, ETH_SS_STATS);
	KUNIT_ASSERT_GT(test, *count, 0);
	buf = kunit_kmalloc(test, (*count + 1) * ETH_GSTRING_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memset(buf, 0xa5, (*count + 1) * ETH_GSTRING_LEN);
	mana_ethtool_ops.get_strings(e->ndev, ETH_SS_STATS, (u8 *)buf);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(buf + *count * ETH_GSTRING_LEN, 0xa5,
					     ETH_GSTRING_LEN), (void *)NULL);
	return buf;
}

static int eth_find(const char *buf, int count, const char *name)
{
	int i;

	for (i = 0; i < count; i++)
		if (!strncmp(buf + i * ETH_GSTRING_LEN, name, ETH_GSTRING_LEN))
			return i;
	return -1;
}

/* count = strings written, every string set and unique; linear in the channel count */
static void ethtool_sset_count_consistency(struct kunit *test)
{
	struct eth_env *e = eth_env_new(test, NULL, 3);
	int count[4], i, j, q;
	const char *s;
	char *buf;

	for (q = 0; q <= 3; q++) {
		e->port->num_queues = q;
		buf = eth_strings(test, e, &count[q]);
		for (i = 0; i < count[q]; i++) {
			s = buf + i * ETH_GSTRING_LEN;
			KUNIT_EXPECT_GT_MSG(test, (int)strnlen(s, ETH_GSTRING_LEN), 0,
					    "string %d", i);
			KUNIT_EXPECT_LT_MSG(test, (int)strnlen(s, ETH_GSTRING_LEN), ETH_GSTRING_LEN,
					    "string %d not terminated", i);
			for (j = 0; j < i; j++)
				KUNIT_EXPECT_NE_MSG(test, strncmp(s, buf + j * ETH_GSTRING_LEN,
								  ETH_GSTRING_LEN), 0,
						    "strings %d and %d: %.32s", j, i, s);
		}
	}
	/* the port counters, the 27 device counters, 6 + 11 per channel at least */
	KUNIT_EXPECT_GE(test, count[0], 33);
	KUNIT_EXPECT_GE(test, count[1] - count[0], 17);
	KUNIT_EXPECT_EQ(test, count[2] - count[0], 2 * (count[1] - count[0]));
	KUNIT_EXPECT_EQ(test, count[3] - count[0], 3 * (count[1] - count[0]));
	KUNIT_EXPECT_EQ(test, mana_ethtool_ops.get_sset_count(e->ndev, ETH_SS_TEST), -EOPNOTSUPP);
	eth_env_free(e);
}

/* the names and their order, as mainline mana reports them */
static void ethtool_stat_names(struct kunit *test)
{
	struct eth_env *e = eth_env_new(test, NULL, 2);
	int count, i, q, at, first_tx;
	char name[ETH_GSTRING_LEN];
	char *buf;

	buf = eth_strings(test, e, &count);
	for (i = 0; i < ARRAY_SIZE(eth_port_names); i++)
		KUNIT_EXPECT_STREQ(test, buf + i * ETH_GSTRING_LEN, eth_port_names[i]);
	for (i = 0; i < ARRAY_SIZE(eth_hc_names); i++)
		KUNIT_EXPECT_STREQ(test, buf + (6 + i) * ETH_GSTRING_LEN, eth_hc_names[i]);

	/* per channel: the RX blocks, then the TX blocks; each block's names consecutive */
	first_tx = eth_find(buf, count, "tx_0_packets");
	KUNIT_ASSERT_GE(test, first_tx, 0);
	for (q = 0; q < 2; q++) {
		snprintf(name, sizeof(name), "rx_%d_packets", q);
		at = eth_find(buf, count, name);
		KUNIT_ASSERT_GE_MSG(test, at, 33, "%s", name);
		KUNIT_EXPECT_LT(test, at, first_tx);
		for (i = 0; i < ARRAY_SIZE(eth_rxq_names); i++) {
			snprintf(name, sizeof(name), "rx_%d_%s", q, eth_rxq_names[i]);
			KUNIT_EXPECT_STREQ(test, buf + (at + i) * ETH_GSTRING_LEN, name);
		}
		snprintf(name, sizeof(name), "tx_%d_packets", q);
		at = eth_find(buf, count, name);
		KUNIT_ASSERT_GE_MSG(test, at, first_tx, "%s", name);
		for (i = 0; i < ARRAY_SIZE(eth_txq_names); i++) {
			snprintf(name, sizeof(name), "tx_%d_%s", q, eth_txq_names[i]);
			KUNIT_EXPECT_STREQ(test, buf + (at + i) * ETH_GSTRING_LEN, name);
		}
	}
	KUNIT_EXPECT_STREQ(test, buf + (count - 1) * ETH_GSTRING_LEN, "tx_1_mana_map_err");
	eth_env_free(e);
}

/* device counter i answers 0x1000 + i; other requests get a zero body */
static long eth_gf_answer(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 len)
{
	u32 i;

	if (fhw_get32(req->msg, 4) == 0x20002 && len >= 256) {
		fhw_put64(resp, 32, 0x7ffffff);
		for (i = 0; i < 27; i++)
			fhw_put64(resp, 40 + 8 * i, 0x1000 + i);
	}
	return 0;
}

/* values land under their names; nothing is written past the count */
static void ethtool_stat_values(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct eth_env *e = eth_env_new(test, hw->gc, 2);
	struct ethtool_stats st = {};
	int count, i, gf = -1;
	u64 *data;
	char *buf;

	buf = eth_strings(test, e, &count);
	data = kunit_kcalloc(test, count + 1, sizeof(*data), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, data);
	data[count] = 0x5a5a5a5a5a5a5a5aULL;
	atomic64_set(&e->port->stats.wake_queue, 5);
	atomic64_set(&e->port->stats.rx_cqe_unknown_type, 6);
	e->port->channels[1].rx.stats.xdp_tx = 11;
	e->port->channels[1].tx.stats.map_err = 22;
	e->port->channels[0].tx.stats.tso_bytes = 33;

	fhw_start_responder(hw, eth_gf_answer, NULL);
	/* the GF counters come from the periodic poll's query, not from ethtool -S */
	KUNIT_EXPECT_EQ(test, mana_query_gf_stats(e->port), 0);
	mana_ethtool_ops.get_ethtool_stats(e->ndev, &st, data);
	fhw_stop_responder(hw);
	KUNIT_EXPECT_EQ(test, data[count], 0x5a5a5a5a5a5a5a5aULL);

	KUNIT_EXPECT_EQ(test, data[eth_find(buf, count, "wake_queue")], 5ULL);
	KUNIT_EXPECT_EQ(test, data[eth_find(buf, count, "rx_cqe_unknown_type")], 6ULL);
	KUNIT_EXPECT_EQ(test, data[eth_find(buf, count, "rx_1_xdp_tx")], 11ULL);
	KUNIT_EXPECT_EQ(test, data[eth_find(buf, count, "tx_1_mana_map_err")], 22ULL);
	KUNIT_EXPECT_EQ(test, data[eth_find(buf, count, "tx_0_tso_bytes")], 33ULL);
	KUNIT_EXPECT_EQ(test, data[eth_find(buf, count, "hc_rx_discards_no_wqe")], 0x1000ULL);
	KUNIT_EXPECT_EQ(test, data[eth_find(buf, count, "hc_rx_bcast_pkts")], 0x1005ULL);
	KUNIT_EXPECT_EQ(test, data[eth_find(buf, count, "hc_tx_err_inval_oob")], 0x1012ULL);
	KUNIT_EXPECT_EQ(test, data[eth_find(buf, count, "hc_tx_bytes")], 0x1013ULL);
	KUNIT_EXPECT_EQ(test, data[eth_find(buf, count, "hc_tx_mcast_bytes")], 0x1019ULL);
	KUNIT_EXPECT_EQ(test, data[eth_find(buf, count, "hc_tx_err_gdma")], 0x101aULL);

	/* QUERY_GF_STAT: 48 bytes, all 27 counters requested, v2 response of 256 bytes */
	for (i = 0; i < min(hw->nreq, FHW_MAX_LOG); i++)
		if (fhw_get32(hw->log[i].msg, 4) == 0x20002)
			gf = i;
	KUNIT_ASSERT_GE(test, gf, 0);
	KUNIT_EXPECT_EQ(test, hw->log[gf].len, 48u);
	KUNIT_EXPECT_EQ(test, fhw_get16(hw->log[gf].msg, 24), 2);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[gf].msg, 28), 256u);
	KUNIT_EXPECT_EQ(test, fhw_get64(hw->log[gf].msg, 40), 0x7ffffffULL);
	eth_env_free(e);
	fhw_down(hw);
}

static struct kunit_case eth_ethtool_cases[] = {
	KUNIT_CASE(ethtool_sset_count_consistency),
	KUNIT_CASE(ethtool_stat_names),
	KUNIT_CASE(ethtool_stat_values),
	{}
};

struct kunit_suite mana_bp_eth_ethtool_suite = {
	.name = "mana_bp_eth_ethtool",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = eth_ethtool_cases,
};
