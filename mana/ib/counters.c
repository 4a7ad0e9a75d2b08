// SPDX-License-Identifier: GPL-2.0-only
/*
 * Port counters of the RNIC (`rdma statistic`, sysfs hw_counters): the
 * adapter's QUERY_VF_COUNTERS, read when the core asks (it caches them for
 * its default lifespan).  Names and order follow the device's response.
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
	"nak_access_err",
	"nak_opn_err",
	"nak_inv_read",
	"responder_local_len_err",
	"requestor_local_prot_err",
	"responder_rem_access_err",
	"responder_local_qp_err",
	"responder_malformed_wqe",
	"general_hw_err",
	"requester_rnr_nak_retries_exceeded",
	"requester_retries_exceeded",
	"total_fatal_err",
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
#ifdef HAVE_RDMA_STAT_DESC
	/*
	 * "RDMA/counter: Add optional counter support" (5.16): descriptors
	 * instead of names; they live as long as the RNIC
	 */
	struct rdma_stat_desc *desc = to_mdev(ibdev)->rnic->stat_desc;
	int i;

	for (i = 0; i < MANA_IB_NUM_PORT_COUNTERS; i++)
		desc[i].name = mana_ib_port_stats[i];
	return rdma_alloc_hw_stats_struct(desc, MANA_IB_NUM_PORT_COUNTERS,
					  RDMA_HW_STATS_DEFAULT_LIFESPAN);
#else
	return rdma_alloc_hw_stats_struct(mana_ib_port_stats,
					  MANA_IB_NUM_PORT_COUNTERS,
					  RDMA_HW_STATS_DEFAULT_LIFESPAN);
#endif
}

/**
 * mana_ib_rnic_get_hw_stats() - QUERY_VF_COUNTERS into @stats
 * @ibdev: the RNIC device
 * @stats: the port's counter set
 * @port: port number
 * @index: first counter wanted (all are read)
 *
 * Return: the number of counters, or a negative errno.
 */
int mana_ib_rnic_get_hw_stats(struct ib_device *ibdev,
			      struct rdma_hw_stats *stats, u32 port, int index)
{
	struct mana_ib_dev *mdev = to_mdev(ibdev);
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
