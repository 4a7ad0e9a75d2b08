// SPDX-License-Identifier: GPL-2.0-only
/*
 * Port counters of the RNIC (`rdma statistic`, sysfs hw_counters): the
 * adapter's QUERY_VF_COUNTERS, read when the core asks (it caches them for
 * its default lifespan).  Names and order follow the device's response.
 */
#include "mana_ib.h"

#define MANA_IB_PORT_COUNTERS(C)				\
	C(requester_timeout) C(requester_oos_nak)		\
	C(requester_rnr_nak) C(responder_rnr_nak)		\
	C(responder_oos) C(responder_dup_request)		\
	C(requester_implicit_nak)				\
	C(requester_readresp_psn_mismatch)			\
	C(nak_inv_req) C(nak_access_err) C(nak_opn_err)		\
	C(nak_inv_read) C(responder_local_len_err)		\
	C(requestor_local_prot_err)				\
	C(responder_rem_access_err)				\
	C(responder_local_qp_err) C(responder_malformed_wqe)	\
	C(general_hw_err)					\
	C(requester_rnr_nak_retries_exceeded)			\
	C(requester_retries_exceeded) C(total_fatal_err)	\
	C(received_cnps) C(num_qps_congested)			\
	C(rate_inc_events) C(num_qps_recovered)			\
	C(current_rate) C(dup_rx_requests) C(tx_bytes)		\
	C(rx_bytes) C(rx_send_requests) C(rx_write_requests)	\
	C(rx_read_requests) C(tx_packets) C(rx_packets)

static const mana_compat_stat_desc mana_ib_port_stats[] = {
	MANA_IB_PORT_COUNTERS(MANA_COMPAT_STAT)
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
	return rdma_alloc_hw_stats_struct(mana_ib_port_stats,
					  MANA_IB_NUM_PORT_COUNTERS,
					  RDMA_HW_STATS_DEFAULT_LIFESPAN);
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
