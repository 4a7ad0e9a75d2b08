// SPDX-License-Identifier: GPL-2.0-only
/*
 * MANA-class management messages (docs/device-interface.md §3.10), each a small
 * function that fills the request, sends it over the hardware channel and
 * checks the answer.  All of them sleep.
 */
#include <linux/etherdevice.h>
#include <linux/slab.h>

#include "eth.h"

/**
 * mana_eth_send() - send a MANA-class request to this device
 * @eth: device
 * @req: request, header filled by gdma_init_req_hdr()
 * @req_len: request bytes
 * @resp: response buffer
 * @resp_len: response bytes expected
 *
 * Addresses the request to the MANA device and sends it on the GDMA
 * layer's checked path, which validates the whole answer and logs any
 * failure once, with the opcode: callers neither check the header nor log.
 *
 * Context: process context.
 * Return: 0 or the error of gdma_send_checked().
 */
int mana_eth_send(struct mana_eth *eth, void *req, u32 req_len, void *resp,
		  u32 resp_len)
{
	gdma_set_req_dev(req, eth->gd);
	return gdma_send_checked(eth->gc, req_len, req, resp_len, resp, 0);
}

/**
 * mana_query_dev_config() - QUERY_DEV_CONFIG
 * @eth: device
 * @num_vports: out: vPorts of the device (at least 1)
 * @adapter_mtu: out: largest frame including the Ethernet header
 * @bm_hostmode: out: bare-metal host mode (response v3)
 *
 * Return: 0 or a negative errno.
 */
int mana_query_dev_config(struct mana_eth *eth, u32 *num_vports,
			  u32 *adapter_mtu, bool *bm_hostmode)
{
	struct mana_dev_config_resp resp = {};
	struct mana_dev_config_req req = {};
	u32 mtu = MANA_DEFAULT_FRAME_SIZE;
	int err;

	gdma_init_req_hdr(&req.hdr, MANA_MSG_QUERY_DEV_CONFIG, sizeof(req),
			  sizeof(resp));
	req.hdr.resp.msg_version = cpu_to_le16(GDMA_MESSAGE_V3);
	req.proto_major = cpu_to_le32(MANA_PROTO_MAJOR);
	req.proto_minor = cpu_to_le32(MANA_PROTO_MINOR);
	req.proto_micro = cpu_to_le32(MANA_PROTO_MICRO);

	err = mana_eth_send(eth, &req, sizeof(req), &resp, sizeof(resp));
	if (err)
		return err;

	*num_vports = min_t(u32, le16_to_cpu(resp.max_num_vports),
			    MANA_MAX_VPORTS);
	if (!*num_vports) {
		dev_err(eth->dev, "the device reports no vPort\n");
		return -EPROTO;
	}

	if (le16_to_cpu(resp.hdr.response.msg_version) >= GDMA_MESSAGE_V2 &&
	    resp.adapter_mtu) {
		mtu = le16_to_cpu(resp.adapter_mtu);
		if (mtu < ETH_HLEN + ETH_MIN_MTU) {
			dev_err(eth->dev, "adapter MTU %u is too small\n", mtu);
			return -EPROTO;
		}
	}
	*adapter_mtu = mtu;
	eth->cqe8_coalescing = le64_to_cpu(resp.pf_cap_flags[0]) &
			       MANA_DEV_CAP_CQE8_COALESCING;
	*bm_hostmode = le16_to_cpu(resp.hdr.response.msg_version) >=
		       GDMA_MESSAGE_V3 && resp.bm_hostmode;
	return 0;
}

/**
 * mana_query_vport_config() - QUERY_VPORT_CONFIG of a port
 * @port: port; vport, max_queues and indir_size are filled in
 * @mac: out: the vPort's MAC address
 *
 * Return: 0 or a negative errno.
 */
int mana_query_vport_config(struct mana_port *port, u8 *mac)
{
	struct mana_vport_config_resp resp = {};
	struct mana_vport_config_req req = {};
	u32 n_sq, n_rq, tab;
	int err;

	gdma_init_req_hdr(&req.hdr, MANA_MSG_QUERY_VPORT_CONFIG, sizeof(req),
			  sizeof(resp));
	req.vport_index = cpu_to_le32(port->port_idx);
	err = mana_eth_send(port->eth, &req, sizeof(req), &resp, sizeof(resp));
	if (err)
		return err;

	n_sq = le32_to_cpu(resp.max_num_sq);
	n_rq = le32_to_cpu(resp.max_num_rq);
	if (!n_sq || !n_rq) {
		netdev_err(port->ndev, "vPort %u offers no queue (SQ %u, RQ %u)\n",
			   port->port_idx, n_sq, n_rq);
		return -EPROTO;
	}
	port->max_queues = min(n_sq, n_rq);

	tab = le32_to_cpu(resp.num_indirection_ent);
	if (tab && is_power_of_2(tab) && tab <= MANA_MAX_INDIR_SIZE)
		port->indir_size = tab;
	else
		port->indir_size = MANA_DEFAULT_INDIR_SIZE;

	port->vport_cfg = le64_to_cpu(resp.vport);
	port->vport = port->vport_cfg;
	ether_addr_copy(mac, resp.mac_addr);
	return 0;
}

/**
 * mana_config_vport_tx() - CONFIG_VPORT_TX: bind the vPort to our PD and
 *	doorbell page
 * @port: port; tx_vport_offset is filled in
 *
 * Return: 0 or a negative errno.
 */
int mana_config_vport_tx(struct mana_port *port)
{
	struct mana_vport_tx_resp resp = {};
	struct mana_vport_tx_req req = {};
	struct gdma_dev *gd = port->eth->gd;
	int err;

	gdma_init_req_hdr(&req.hdr, MANA_MSG_CONFIG_VPORT_TX, sizeof(req),
			  sizeof(resp));
	req.vport = cpu_to_le64(port->vport);
	req.pdid = cpu_to_le32(gd->pdid);
	req.doorbell_id = cpu_to_le32(gd->doorbell);
	err = mana_eth_send(port->eth, &req, sizeof(req), &resp, sizeof(resp));
	if (err)
		return err;

	port->tx_vport_offset = le16_to_cpu(resp.tx_vport_offset);
	return 0;
}

/* ---- Coalescing fields of the requests (settings: coalesce.c) ---------- */

/**
 * mana_coal_fill_wq_obj() - moderation fields of a CREATE_WQ_OBJ request
 * @port: port
 * @rx: the request creates an RQ (else an SQ)
 * @req: request; its v1 part is already filled
 *
 * Return: the request length to send: the v3 size with the CQ's starting
 * moderation when the device offers moderation, else the v1 size.
 */
static u32 mana_coal_fill_wq_obj(const struct mana_port *port, bool rx,
				 struct mana_wq_obj_req_v3 *req)
{
	const struct mana_coal_cfg *cfg = &port->coal;

	if (!mana_coal_moderation_offered(port->eth))
		return sizeof(req->v1);
	req->v1.hdr.req.msg_version = cpu_to_le16(GDMA_MESSAGE_V3);
	req->cq_moderation = 1;
	req->cq_moderation_usec = cpu_to_le16(rx ? cfg->rx_usecs :
						   cfg->tx_usecs);
	req->cq_moderation_comps = cpu_to_le16(rx ? cfg->rx_frames :
						    cfg->tx_frames);
	return sizeof(*req);
}

/**
 * mana_coal_fill_vport_rx() - coalescing fields of an enabling CONFIG_VPORT_RX
 * @port: port (port->coal.cqe_frames as mana_coal_cqe_frames_update() left it)
 * @req: request (version 2 unless 8-packet coalescing needs version 5)
 */
static void mana_coal_fill_vport_rx(const struct mana_port *port,
				    struct mana_vport_rx_req *req)
{
	const struct mana_coal_cfg *cfg = &port->coal;

	req->cqe_coalescing_enable = cfg->cqe_frames >= MANA_RXC_NUM_PPI;
	if (cfg->cqe_frames == MANA_RXC_MAX_PKTS) {
		req->hdr.req.msg_version = cpu_to_le16(MANA_VPORT_RX_REQ_V5);
		req->rss_hash_types = cpu_to_le16(MANA_RSS_HASH_TYPES_V5);
		req->cqe8_coalescing_enable = 1;
	}
}

/**
 * mana_coal_vport_rx_done() - take the hold time from a CONFIG_VPORT_RX answer
 * @port: port
 * @resp: successful response
 */
static void mana_coal_vport_rx_done(struct mana_port *port,
				    const struct mana_vport_rx_resp *resp)
{
	if (le16_to_cpu(resp->hdr.response.msg_version) >= GDMA_MESSAGE_V2)
		port->coal.cqe_timeout_ns =
			le32_to_cpu(resp->cqe_coalescing_timeout_ns);
	else
		port->coal.cqe_timeout_ns = 0;
}

/**
 * mana_create_wq_obj() - CREATE_WQ_OBJ: create an SQ or RQ with its CQ
 * @port: port
 * @wq_type: MANA_WQ_TYPE_SQ or MANA_WQ_TYPE_RQ
 * @wq: work queue memory from gdma_create_queue_mem()
 * @cq: completion queue memory from gdma_create_queue_mem()
 * @eq_id: parent EQ of the CQ
 * @obj: out: object handle
 *
 * On success both queues are activated with the ids the device returned.
 *
 * Return: 0 or a negative errno (nothing is left on the device).
 */
int mana_create_wq_obj(struct mana_port *port, u32 wq_type,
		       struct gdma_queue *wq, struct gdma_queue *cq,
		       u32 eq_id, u64 *obj)
{
	struct mana_wq_obj_resp resp = {};
	struct mana_wq_obj_req_v3 req3 = {};
	struct mana_wq_obj_req *req = &req3.v1;
	u64 handle;
	u32 len;
	int err;

	gdma_init_req_hdr(&req->hdr, MANA_MSG_CREATE_WQ_OBJ, sizeof(*req),
			  sizeof(resp));
	req->vport = cpu_to_le64(port->vport);
	req->wq_type = cpu_to_le32(wq_type);
	req->wq_dma_region = cpu_to_le64(wq->dma_region);
	req->cq_dma_region = cpu_to_le64(cq->dma_region);
	req->wq_size = cpu_to_le32(wq->ring_size);
	req->cq_size = cpu_to_le32(cq->ring_size);
	req->cq_parent_eq_id = cpu_to_le32(eq_id);
	len = mana_coal_fill_wq_obj(port, wq_type == MANA_WQ_TYPE_RQ, &req3);
	req->hdr.req.msg_size = cpu_to_le32(len);
	err = mana_eth_send(port->eth, &req3, len, &resp, sizeof(resp));
	if (err)
		return err;

	handle = le64_to_cpu(resp.wq_obj);
	if (handle == MANA_INVALID_HANDLE) {
		netdev_err(port->ndev, "CREATE_WQ_OBJ returned an invalid handle\n");
		return -EPROTO;
	}

	err = gdma_queue_activate(wq, le32_to_cpu(resp.wq_id));
	if (!err)
		err = gdma_queue_activate(cq, le32_to_cpu(resp.cq_id));
	if (err) {
		netdev_err(port->ndev, "queue ids %u/%u from the device unusable: %d\n",
			   le32_to_cpu(resp.wq_id), le32_to_cpu(resp.cq_id), err);
		mana_destroy_wq_obj(port, wq_type, handle);
		return err;
	}
	*obj = handle;
	return 0;
}

/**
 * mana_destroy_wq_obj() - DESTROY_WQ_OBJ
 * @port: port
 * @wq_type: MANA_WQ_TYPE_SQ or MANA_WQ_TYPE_RQ
 * @obj: object handle; MANA_INVALID_HANDLE is ignored
 *
 * The device frees the WQ, its CQ and their DMA regions.  When it does not
 * confirm that, it may still own them: a reset of the function is asked
 * for, which makes the device drop every object (a function that is gone
 * needs none).
 *
 * Return: 0 when the device no longer owns the queues (destroyed, no
 * object, or the function is gone), else the request's error: the caller
 * must then keep their memory (gdma_park_queue()).
 */
int mana_destroy_wq_obj(struct mana_port *port, u32 wq_type, u64 obj)
{
	struct mana_wq_obj_destroy_req req = {};
	struct gdma_general_resp resp = {};
	int err;

	if (obj == MANA_INVALID_HANDLE)
		return 0;
	gdma_init_req_hdr(&req.hdr, MANA_MSG_DESTROY_WQ_OBJ, sizeof(req),
			  sizeof(resp));
	req.wq_type = cpu_to_le32(wq_type);
	req.wq_obj = cpu_to_le64(obj);
	/* a failure is logged on the request path (with the opcode) */
	err = mana_eth_send(port->eth, &req, sizeof(req), &resp, sizeof(resp));
	if (!err || err == -ENODEV)
		return 0;
	gdma_schedule_reset(port->eth->gc, "a WQ object left on the device");
	return err;
}

/**
 * mana_fence_rq() - FENCE_RQ: ask for a fence completion on an RQ's CQ
 * @port: port
 * @rq_obj: RQ object handle
 *
 * Return: 0 or a negative errno.
 */
int mana_fence_rq(struct mana_port *port, u64 rq_obj)
{
	struct gdma_general_resp resp = {};
	struct mana_fence_rq_req req = {};

	gdma_init_req_hdr(&req.hdr, MANA_MSG_FENCE_RQ, sizeof(req),
			  sizeof(resp));
	req.wq_obj = cpu_to_le64(rq_obj);
	return mana_eth_send(port->eth, &req, sizeof(req), &resp, sizeof(resp));
}

/**
 * mana_config_vport_rx() - CONFIG_VPORT_RX: steering of the vPort
 * @port: port with its channels (when @enable)
 * @enable: deliver traffic (with RSS when more than one channel)
 * @update_key: send port->rss_key
 * @update_table: send port->indir (as RQ object handles)
 *
 * Return: 0 or a negative errno.
 */
int mana_config_vport_rx(struct mana_port *port, bool enable,
			 bool update_key, bool update_table)
{
	struct mana_vport_rx_cfg cfg = {
		.vport = port->vport,
		.enable = enable,
		.rss = enable && port->num_queues > 1,
		.update_key = update_key,
		.update_table = update_table,
		.key = port->rss_key,
		.indir = port->indir,
		.table_size = port->indir_size,
	};
	struct mana_vport_rx_resp resp = {};
	struct mana_vport_rx_req *req;
	u64 *rq_objs = NULL;
	u32 i, len;
	int err;

	if (enable) {
		rq_objs = kcalloc(port->num_queues, sizeof(*rq_objs),
				  GFP_KERNEL);
		if (!rq_objs)
			return -ENOMEM;
		for (i = 0; i < port->num_queues; i++)
			rq_objs[i] = port->channels[i].rx.rq_obj;
		cfg.rq_objs = rq_objs;
		cfg.num_rq_objs = port->num_queues;
	}
	req = mana_vport_rx_req_build(&cfg, &len);
	kfree(rq_objs);
	if (IS_ERR(req))
		return PTR_ERR(req);
	if (enable) {
		mana_coal_cqe_frames_update(port);
		mana_coal_fill_vport_rx(port, req);
	}

	err = mana_eth_send(port->eth, req, len, &resp, sizeof(resp));
	kfree(req);
	if (!err && enable)
		mana_coal_vport_rx_done(port, &resp);
	return err;
}

/**
 * mana_query_gf_stats() - QUERY_GF_STAT into port->hc_stats
 * @port: port
 *
 * Return: 0 or a negative errno (the old values stay).
 */
int mana_query_gf_stats(struct mana_port *port)
{
	struct mana_gf_stat_resp resp = {};
	struct mana_gf_stat_req req = {};
	int err, i;

	gdma_init_req_hdr(&req.hdr, MANA_MSG_QUERY_GF_STAT, sizeof(req),
			  sizeof(resp));
	req.hdr.resp.msg_version = cpu_to_le16(GDMA_MESSAGE_V2);
	req.req_stats = cpu_to_le64(MANA_GF_REQ_ALL);
	err = mana_eth_send(port->eth, &req, sizeof(req), &resp, sizeof(resp));
	if (err)
		return err;

	for (i = 0; i < MANA_GF_NUM_COUNTERS; i++)
		port->hc_stats[i] = le64_to_cpu(resp.counters[i]);
	return 0;
}

/**
 * mana_query_link_config() - QUERY_LINK_CONFIG into port->link_speed_mbps
 * @port: port
 *
 * Context: port->link_lock held.
 * Return: 0, or a negative errno (-EOPNOTSUPP when the device lacks it).
 */
int mana_query_link_config(struct mana_port *port)
{
	struct mana_link_config_resp resp = {};
	struct mana_link_config_req req = {};
	int err;

	lockdep_assert_held(&port->link_lock);
	gdma_init_req_hdr(&req.hdr, MANA_MSG_QUERY_LINK_CONFIG, sizeof(req),
			  sizeof(resp));
	req.hdr.resp.msg_version = cpu_to_le16(GDMA_MESSAGE_V2);
	req.vport = cpu_to_le64(port->vport);
	err = mana_eth_send(port->eth, &req, sizeof(req), &resp, sizeof(resp));
	if (err)
		return err;

	port->link_speed_mbps = resp.qos_unconfigured ? 0 :
				le32_to_cpu(resp.qos_speed_mbps);
	return 0;
}

/* Release a PF handle with DEREGISTER_HW_PORT or DEREGISTER_FILTER. */
static void mana_pf_release(struct mana_port *port, u32 code, u64 handle)
{
	struct gdma_general_resp resp = {};
	struct mana_handle_req req = {};

	gdma_init_req_hdr(&req.hdr, code, sizeof(req), sizeof(resp));
	req.handle = cpu_to_le64(handle);
	/* a failure is logged on the request path */
	mana_eth_send(port->eth, &req, sizeof(req), &resp, sizeof(resp));
}

/**
 * mana_pf_register_port() - REGISTER_HW_PORT (PF, before CONFIG_VPORT_TX)
 * @port: port; on success port->vport is the hardware port handle
 *
 * Return: 0 or a negative errno.
 */
int mana_pf_register_port(struct mana_port *port)
{
	struct mana_handle_resp resp = {};
	struct mana_hw_port_req req = {};
	int err;

	gdma_init_req_hdr(&req.hdr, MANA_MSG_REGISTER_HW_PORT, sizeof(req),
			  sizeof(resp));
	req.attached_gfid = cpu_to_le16(1);
	req.is_pf_default_vport = 1;
	req.allow_all_ether_types = 1;
	err = mana_eth_send(port->eth, &req, sizeof(req), &resp, sizeof(resp));
	if (err)
		return err;
	port->vport = le64_to_cpu(resp.handle);
	port->hw_port = true;
	return 0;
}

/**
 * mana_pf_deregister_port() - DEREGISTER_HW_PORT
 * @port: port; its vPort handle goes back to the QUERY_VPORT_CONFIG one
 */
void mana_pf_deregister_port(struct mana_port *port)
{
	if (!port->hw_port)
		return;
	mana_pf_release(port, MANA_MSG_DEREGISTER_HW_PORT, port->vport);
	port->vport = port->vport_cfg;
	port->hw_port = false;
}

/**
 * mana_pf_register_filter() - REGISTER_FILTER for the port's MAC (PF)
 * @port: port
 *
 * Return: 0 or a negative errno.
 */
int mana_pf_register_filter(struct mana_port *port)
{
	struct mana_handle_resp resp = {};
	struct mana_filter_req req = {};
	int err;

	gdma_init_req_hdr(&req.hdr, MANA_MSG_REGISTER_FILTER, sizeof(req),
			  sizeof(resp));
	req.vport = cpu_to_le64(port->vport);
	ether_addr_copy(req.mac_addr, port->ndev->dev_addr);
	err = mana_eth_send(port->eth, &req, sizeof(req), &resp, sizeof(resp));
	if (err)
		return err;
	port->filter = le64_to_cpu(resp.handle);
	return 0;
}

/**
 * mana_pf_deregister_filter() - DEREGISTER_FILTER
 * @port: port
 */
void mana_pf_deregister_filter(struct mana_port *port)
{
	if (port->filter == MANA_INVALID_HANDLE)
		return;
	mana_pf_release(port, MANA_MSG_DEREGISTER_FILTER, port->filter);
	port->filter = MANA_INVALID_HANDLE;
}
