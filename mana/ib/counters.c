// SPDX-License-Identifier: GPL-2.0-only
/*
 * Counters of the RNIC (`rdma statistic`, sysfs hw_counters), read when the
 * core asks (it caches them for its default lifespan):
 *   port 1   the adapter's QUERY_VF_COUNTERS, in the order of the response
 *   device   QUERY_DEVICE_COUNTERS (congestion control), only when the
 *            adapter announces it in its features
 * The names are mainline's, so tools and scripts see the same set on every
 * kernel. The device has no per-QP counters: `rdma statistic qp` gets the
 * core's "not supported", as with mainline.
 */
#include "mana_ib.h"

static const char * const mana_ib_port_stats[] = {
	"requester_timeout",
	"requester_oos_nak",
	"requester_rnr_nak",
	"responder_rnr_nak",
	"responder_oos",
	"responder_dup_request",
	"requester_implicit_nak",
	"requester_readresp_psn_mismatch",
	"nak_inv_req",
	"nak_access_error",
	"nak_opp_error",
	"nak_inv_read",
	"responder_local_len_error",
	"requestor_local_prot_error",
	"responder_rem_access_error",
	"responder_local_qp_error",
	"responder_malformed_wqe",
	"general_hw_error",
	"requester_rnr_nak_retries_exceeded",
	"requester_retries_exceeded",
	"total_fatal_error",
	"received_cnps",
	"num_qps_congested",
	"rate_inc_events",
	"num_qps_recovered",
	"current_rate",
	"dup_rx_requests",
	"tx_bytes",
	"rx_bytes",
	"rx_send_requests",
	"rx_write_requests",
	"rx_read_requests",
	"tx_packets",
	"rx_packets",
};

#define MANA_IB_NUM_PORT_COUNTERS	ARRAY_SIZE(mana_ib_port_stats)

static_assert(MANA_IB_NUM_PORT_COUNTERS == MANA_IB_VF_COUNTERS);

/* the device-wide set, one name per used field of the response */
static const char * const mana_ib_dev_stats[] = {
	"sent_cnps",
	"received_ecns",
	"received_cnp_count",
	"qp_congested_events",
	"qp_recovered_events",
	"rate_inc_events",
};

static_assert(ARRAY_SIZE(mana_ib_dev_stats) == MANA_IB_DEV_COUNTERS);

/* a counter set: the device-wide one or port 1's */
static struct rdma_hw_stats *mana_ib_alloc_stats(struct mana_ib_dev *mdev,
						 bool dev_set)
{
	const char * const *names = dev_set ? mana_ib_dev_stats :
					      mana_ib_port_stats;
	int num = dev_set ? MANA_IB_DEV_COUNTERS : MANA_IB_NUM_PORT_COUNTERS;
#ifdef HAVE_RDMA_STAT_DESC
	/*
	 * "RDMA/counter: Add optional counter support" (5.16): descriptors
	 * instead of names; they live as long as the RNIC
	 */
	struct rdma_stat_desc *desc = dev_set ? mdev->rnic->dev_stat_desc :
						mdev->rnic->stat_desc;
	int i;

	for (i = 0; i < num; i++)
		desc[i].name = names[i];
	return rdma_alloc_hw_stats_struct(desc, num,
					  RDMA_HW_STATS_DEFAULT_LIFESPAN);
#else
	return rdma_alloc_hw_stats_struct(names, num,
					  RDMA_HW_STATS_DEFAULT_LIFESPAN);
#endif
}

/**
 * mana_ib_rnic_alloc_port_stats() - the counter set of port 1
 * @ibdev: the RNIC device
 * @port: port number
 *
 * Return: the counter set, or NULL.
 */
struct rdma_hw_stats *mana_ib_rnic_alloc_port_stats(struct ib_device *ibdev,
						    u32 port)
{
	return mana_ib_alloc_stats(to_mdev(ibdev), false);
}

#ifdef HAVE_IB_ALLOC_HW_DEVICE_STATS
static struct rdma_hw_stats *mana_ib_rnic_alloc_dev_stats(struct ib_device *ibdev)
{
	return mana_ib_alloc_stats(to_mdev(ibdev), true);
}

static const struct ib_device_ops mana_ib_rnic_dev_stats_ops = {
	.alloc_hw_device_stats	= mana_ib_rnic_alloc_dev_stats,
};
#endif

/**
 * mana_ib_rnic_set_stats_ops() - offer the device-wide counter set
 * @mdev: the RNIC, its adapter caps known, not yet registered
 *
 * Only an adapter that announces QUERY_DEVICE_COUNTERS gets the set; the
 * port set needs no feature.
 */
void mana_ib_rnic_set_stats_ops(struct mana_ib_dev *mdev)
{
#ifdef HAVE_IB_ALLOC_HW_DEVICE_STATS
	if (mdev->rnic->caps.features & MANA_IB_FEATURE_DEV_COUNTERS)
		ib_set_device_ops(&mdev->ib_dev, &mana_ib_rnic_dev_stats_ops);
#endif
}

static int mana_ib_rnic_port_counters(struct mana_ib_dev *mdev,
				      struct rdma_hw_stats *stats)
{
	struct mana_ib_vf_counters_resp *resp;
	struct mana_ib_adapter_req req = {};
	int err, i;

	if (stats->num_counters != MANA_IB_NUM_PORT_COUNTERS)
		return -EINVAL;
	resp = kzalloc_obj(*resp, GFP_KERNEL);
	if (!resp)
		return -ENOMEM;
	err = mana_ib_rnic_send_v(mdev, MANA_IB_QUERY_VF_COUNTERS,
				  GDMA_MESSAGE_V2, &req, sizeof(req), resp,
				  sizeof(*resp));
	if (!err) {
		for (i = 0; i < MANA_IB_NUM_PORT_COUNTERS; i++)
			stats->value[i] = le64_to_cpu(resp->counter[i]);
		err = MANA_IB_NUM_PORT_COUNTERS;
	}
	kfree(resp);
	return err;
}

static int mana_ib_rnic_dev_counters(struct mana_ib_dev *mdev,
				     struct rdma_hw_stats *stats)
{
	struct mana_ib_dev_counters_resp resp = {};
	struct mana_ib_adapter_req req = {};
	int err;

	if (stats->num_counters != MANA_IB_DEV_COUNTERS)
		return -EINVAL;
	err = mana_ib_rnic_send(mdev, MANA_IB_QUERY_DEVICE_COUNTERS, &req,
				sizeof(req), &resp, sizeof(resp));
	if (err)
		return err;
	stats->value[0] = le32_to_cpu(resp.sent_cnps);
	stats->value[1] = le32_to_cpu(resp.received_ecns);
	stats->value[2] = le32_to_cpu(resp.received_cnp_count);
	stats->value[3] = le32_to_cpu(resp.qp_congested_events);
	stats->value[4] = le32_to_cpu(resp.qp_recovered_events);
	stats->value[5] = le32_to_cpu(resp.rate_inc_events);
	return MANA_IB_DEV_COUNTERS;
}

/**
 * mana_ib_rnic_get_hw_stats() - read a counter set from the adapter
 * @ibdev: the RNIC device
 * @stats: the set: port 1's, or the device's for @port 0
 * @port: port number, 0 for the device-wide set
 * @index: first counter wanted (all are read)
 *
 * Return: the number of counters, or a negative errno.
 */
int mana_ib_rnic_get_hw_stats(struct ib_device *ibdev,
			      struct rdma_hw_stats *stats, u32 port, int index)
{
	struct mana_ib_dev *mdev = to_mdev(ibdev);

	if (!port)
		return mana_ib_rnic_dev_counters(mdev, stats);
	return mana_ib_rnic_port_counters(mdev, stats);
}
