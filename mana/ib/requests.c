// SPDX-License-Identifier: GPL-2.0-only
/*
 * Management requests mana_ib sends: GDMA-class PD and MR messages (no
 * device id) and the MANA-class vPort and work-queue-object messages that
 * raw-packet QPs need (addressed to the Ethernet GDMA device).
 */
#include <linux/random.h>
#include <linux/slab.h>

#include "mana_ib.h"

/**
 * mana_ib_send() - send one management request and check the answer
 * @mdev: IB device
 * @target: GDMA device the message is addressed to, or NULL (adapter-wide)
 * @req: request, starting with an initialised struct gdma_req_hdr
 * @req_len: request bytes
 * @resp: response buffer, starting with struct gdma_resp_hdr
 * @resp_len: response bytes expected
 *
 * Return: 0, or a negative errno (logged) when the device refused the
 * request, did not answer, or answered with a malformed header.
 */
int mana_ib_send(struct mana_ib_dev *mdev, struct gdma_dev *target,
		 void *req, u32 req_len, void *resp, u32 resp_len)
{
	struct gdma_req_hdr *rq = req;
	struct gdma_resp_hdr *rs = resp;
	u32 code = le32_to_cpu(rq->req.msg_type);
	int err;

	if (target)
		gdma_set_req_dev(rq, target);
	err = gdma_send_request(mdev->gc, req_len, req, resp_len, resp);
	if (err) {
		if (err == -EPROTO)
			ibdev_err(&mdev->ib_dev,
				  "request 0x%x refused: status 0x%x\n", code,
				  le32_to_cpu(rs->status));
		else
			ibdev_err(&mdev->ib_dev, "request 0x%x failed: %d\n",
				  code, err);
		return err;
	}
	if (le32_to_cpu(rs->response.msg_type) != code ||
	    le32_to_cpu(rs->response.msg_size) < resp_len) {
		ibdev_err(&mdev->ib_dev,
			  "request 0x%x: malformed response (type 0x%x size %u)\n",
			  code, le32_to_cpu(rs->response.msg_type),
			  le32_to_cpu(rs->response.msg_size));
		return -EPROTO;
	}
	return 0;
}

/**
 * mana_ib_create_pd_req() - CREATE_PD
 * @mdev: IB device
 * @flags: GDMA_PD_FLAG_*
 * @handle: out: PD handle
 * @pdn: out: PD id
 *
 * Return: 0 or a negative errno.
 */
int mana_ib_create_pd_req(struct mana_ib_dev *mdev, u32 flags, u64 *handle,
			  u32 *pdn)
{
	struct gdma_create_pd_resp resp = {};
	struct gdma_create_pd_req req = {};
	int err;

	gdma_init_req_hdr(&req.hdr, GDMA_CREATE_PD, sizeof(req), sizeof(resp));
	req.flags = cpu_to_le32(flags);
	err = mana_ib_send(mdev, NULL, &req, sizeof(req), &resp, sizeof(resp));
	if (err)
		return err;
	*handle = le64_to_cpu(resp.pd_handle);
	*pdn = le32_to_cpu(resp.pd_id);
	return 0;
}

/**
 * mana_ib_destroy_pd_req() - DESTROY_PD
 * @mdev: IB device
 * @handle: PD handle
 *
 * Return: 0 or a negative errno.
 */
int mana_ib_destroy_pd_req(struct mana_ib_dev *mdev, u64 handle)
{
	struct gdma_general_resp resp = {};
	struct gdma_destroy_pd_req req = {};

	gdma_init_req_hdr(&req.hdr, GDMA_DESTROY_PD, sizeof(req), sizeof(resp));
	req.pd_handle = cpu_to_le64(handle);
	return mana_ib_send(mdev, NULL, &req, sizeof(req), &resp, sizeof(resp));
}

/**
 * mana_ib_create_mr_req() - CREATE_MR of type GVA or ZBVA (user memory)
 * @mdev: IB device
 * @pd_handle: PD of the MR
 * @region: DMA region of the pinned pages (owned by the MR on success)
 * @iova: virtual address of the first byte; U64_MAX for a zero-based MR
 *	(ZBVA: the keys address the MR from 0)
 * @access: MANA_IB_ACCESS_* bits
 * @handle: out: MR handle
 * @lkey: out: local key
 * @rkey: out: remote key
 *
 * Return: 0 or a negative errno.
 */
int mana_ib_create_mr_req(struct mana_ib_dev *mdev, u64 pd_handle,
			  u64 region, u64 iova, u32 access, u64 *handle,
			  u32 *lkey, u32 *rkey)
{
	struct gdma_create_mr_resp resp = {};
	struct gdma_create_mr_req req = {};
	int err;

	gdma_init_req_hdr(&req.hdr, GDMA_CREATE_MR, sizeof(req), sizeof(resp));
	req.pd_handle = cpu_to_le64(pd_handle);
	req.param[0] = cpu_to_le64(region);
	if (iova == MANA_IB_ZERO_BASED_IOVA) {
		/* ZBVA parameters: region handle, access flags */
		req.mr_type = cpu_to_le32(GDMA_MR_TYPE_ZBVA);
		req.param[1] = cpu_to_le64(access);
	} else {
		/* GVA parameters: region handle, virtual address, access flags */
		req.mr_type = cpu_to_le32(GDMA_MR_TYPE_GVA);
		req.param[1] = cpu_to_le64(iova);
		req.param[2] = cpu_to_le64(access);
	}
	err = mana_ib_send(mdev, NULL, &req, sizeof(req), &resp, sizeof(resp));
	if (err)
		return err;
	*handle = le64_to_cpu(resp.mr_handle);
	*lkey = le32_to_cpu(resp.lkey);
	*rkey = le32_to_cpu(resp.rkey);
	return 0;
}

/**
 * mana_ib_destroy_mr_req() - DESTROY_MR
 * @mdev: IB device
 * @handle: MR handle
 *
 * Return: 0 or a negative errno.
 */
int mana_ib_destroy_mr_req(struct mana_ib_dev *mdev, u64 handle)
{
	struct gdma_general_resp resp = {};
	struct gdma_destroy_mr_req req = {};

	gdma_init_req_hdr(&req.hdr, GDMA_DESTROY_MR, sizeof(req), sizeof(resp));
	req.mr_handle = cpu_to_le64(handle);
	return mana_ib_send(mdev, NULL, &req, sizeof(req), &resp, sizeof(resp));
}

/**
 * mana_ib_vport_tx_req() - CONFIG_VPORT_TX for user send queues
 * @mdev: IB device
 * @vport: vPort handle
 * @pdid: PD id the send queues use
 * @doorbell: doorbell page of the user context
 * @tx_vp_offset: out: vPort offset for the TX OOB of user WQEs
 *
 * Return: 0 or a negative errno.
 */
int mana_ib_vport_tx_req(struct mana_ib_dev *mdev, u64 vport, u32 pdid,
			 u32 doorbell, u16 *tx_vp_offset)
{
	struct mana_vport_tx_resp resp = {};
	struct mana_vport_tx_req req = {};
	int err;

	gdma_init_req_hdr(&req.hdr, MANA_MSG_CONFIG_VPORT_TX, sizeof(req),
			  sizeof(resp));
	req.vport = cpu_to_le64(vport);
	req.pdid = cpu_to_le32(pdid);
	req.doorbell_id = cpu_to_le32(doorbell);
	err = mana_ib_send(mdev, mdev->gd, &req, sizeof(req), &resp,
			   sizeof(resp));
	if (err)
		return err;
	*tx_vp_offset = le16_to_cpu(resp.tx_vport_offset);
	return 0;
}

/**
 * mana_ib_create_wq_obj_req() - CREATE_WQ_OBJ for a user SQ or RQ
 * @mdev: IB device
 * @vport: vPort handle
 * @wq_type: MANA_WQ_TYPE_SQ or MANA_WQ_TYPE_RQ
 * @wq: the work queue ring (its region moves to the device)
 * @cq: its completion queue (its region moves to the device)
 * @obj: out: object handle
 *
 * On success both rings get the ids the device assigned and no longer own
 * their DMA regions.
 *
 * Return: 0, -EINVAL when a ring already serves another object, or a
 * request error.
 */
int mana_ib_create_wq_obj_req(struct mana_ib_dev *mdev, u64 vport,
			      u32 wq_type, struct mana_ib_uqueue *wq,
			      struct mana_ib_cq *cq, u64 *obj)
{
	struct mana_wq_obj_resp resp = {};
	struct mana_wq_obj_req req = {};
	u32 eq_id;
	int err;

	err = mana_eth_eq_id(mdev->eth, cq->comp_vector, &eq_id);
	if (err)
		return err;
	/* A ring serves one device object: its region goes with the first. */
	if (wq->region == GDMA_INVALID_DMA_REGION ||
	    cq->queue.region == GDMA_INVALID_DMA_REGION)
		return -EINVAL;

	gdma_init_req_hdr(&req.hdr, MANA_MSG_CREATE_WQ_OBJ, sizeof(req),
			  sizeof(resp));
	req.vport = cpu_to_le64(vport);
	req.wq_type = cpu_to_le32(wq_type);
	req.wq_dma_region = cpu_to_le64(wq->region);
	req.cq_dma_region = cpu_to_le64(cq->queue.region);
	req.wq_size = cpu_to_le32(wq->size);
	req.cq_size = cpu_to_le32(cq->queue.size);
	req.cq_moderation_ctx_id = 0;
	req.cq_parent_eq_id = cpu_to_le32(eq_id);
	err = mana_ib_send(mdev, mdev->gd, &req, sizeof(req), &resp,
			   sizeof(resp));
	if (err)
		return err;

	*obj = le64_to_cpu(resp.wq_obj);
	wq->region = GDMA_INVALID_DMA_REGION;
	wq->id = le32_to_cpu(resp.wq_id);
	cq->queue.region = GDMA_INVALID_DMA_REGION;
	cq->queue.id = le32_to_cpu(resp.cq_id);
	return 0;
}

/**
 * mana_ib_destroy_wq_obj_req() - DESTROY_WQ_OBJ
 * @mdev: IB device
 * @wq_type: MANA_WQ_TYPE_SQ or MANA_WQ_TYPE_RQ
 * @obj: object handle
 *
 * Return: 0 or a negative errno.
 */
int mana_ib_destroy_wq_obj_req(struct mana_ib_dev *mdev, u32 wq_type,
			       u64 obj)
{
	struct mana_wq_obj_destroy_req req = {};
	struct gdma_general_resp resp = {};

	gdma_init_req_hdr(&req.hdr, MANA_MSG_DESTROY_WQ_OBJ, sizeof(req),
			  sizeof(resp));
	req.wq_type = cpu_to_le32(wq_type);
	req.wq_obj = cpu_to_le64(obj);
	return mana_ib_send(mdev, mdev->gd, &req, sizeof(req), &resp,
			    sizeof(resp));
}

/**
 * mana_ib_vport_rx_req() - CONFIG_VPORT_RX for an RSS QP
 * @mdev: IB device
 * @vport: vPort handle
 * @enable: steer to @rx_objs (true) or stop receiving (false)
 * @rx_objs: RQ objects of the indirection table, 1 << @log_size entries
 * @log_size: log2 of the table size (0: a single RQ, no RSS)
 * @key: Toeplitz key, MANA_HASH_KEY_SIZE bytes, or NULL for a random one
 *
 * The device table always has MANA_DEFAULT_INDIR_SIZE entries: the user
 * table is repeated to fill it.
 *
 * Return: 0 or a negative errno.
 */
int mana_ib_vport_rx_req(struct mana_ib_dev *mdev, u64 vport, bool enable,
			 const u64 *rx_objs, u32 log_size, const u8 *key)
{
	struct mana_vport_rx_cfg cfg = {
		.vport = vport,
		.enable = enable,
		.rss = log_size > 0,
		.update_key = true,
		.update_table = true,
		.cqe_coalescing = true,
		.key = key,
		.rq_objs = rx_objs,
		.num_rq_objs = BIT(log_size),
		.table_size = MANA_DEFAULT_INDIR_SIZE,
	};
	struct mana_vport_rx_resp resp = {};
	u8 random_key[MANA_HASH_KEY_SIZE];
	struct mana_vport_rx_req *req;
	u32 len;
	int err;

	if (enable && !key) {
		get_random_bytes(random_key, sizeof(random_key));
		cfg.key = random_key;
	}
	req = mana_vport_rx_req_build(&cfg, &len);
	if (IS_ERR(req))
		return PTR_ERR(req);
	err = mana_ib_send(mdev, mdev->gd, req, len, &resp, sizeof(resp));
	kfree(req);
	return err;
}

/**
 * mana_ib_rnic_send() - send an IB-class request to the RNIC's adapter
 * @mdev: the RNIC device
 * @code: MANA_IB_* request code
 * @req: request whose first field after the header is the adapter handle;
 *	header and handle are filled in here (message version 1)
 * @req_len: request bytes
 * @resp: response buffer
 * @resp_len: response bytes expected
 *
 * Return: 0 or a negative errno (logged by mana_ib_send()).
 */
int mana_ib_rnic_send(struct mana_ib_dev *mdev, u32 code, void *req,
		      u32 req_len, void *resp, u32 resp_len)
{
	return mana_ib_rnic_send_v(mdev, code, GDMA_MESSAGE_V1, req, req_len,
				   resp, resp_len);
}

/**
 * mana_ib_rnic_send_v() - mana_ib_rnic_send() asking for a response version
 * @mdev: the RNIC device
 * @code: MANA_IB_* request code
 * @resp_version: GDMA_MESSAGE_* version of the response
 * @req: request (see mana_ib_rnic_send())
 * @req_len: request bytes
 * @resp: response buffer
 * @resp_len: response bytes expected
 *
 * Return: 0 or a negative errno (logged by mana_ib_send()).
 */
int mana_ib_rnic_send_v(struct mana_ib_dev *mdev, u32 code, u16 resp_version,
			void *req, u32 req_len, void *resp, u32 resp_len)
{
	struct mana_ib_adapter_req *areq = req;

	gdma_init_req_hdr(&areq->hdr, code, req_len, resp_len);
	areq->hdr.resp.msg_version = cpu_to_le16(resp_version);
	areq->adapter = cpu_to_le64(mdev->rnic->adapter);
	return mana_ib_send(mdev, mdev->gd, req, req_len, resp, resp_len);
}

/**
 * mana_ib_rnic_destroy_obj() - DESTROY_CQ / DESTROY_RC_QP of one handle
 * @mdev: the RNIC device
 * @code: MANA_IB_DESTROY_CQ or MANA_IB_DESTROY_RC_QP
 * @handle: object handle
 *
 * Return: 0 or a negative errno (logged).
 */
int mana_ib_rnic_destroy_obj(struct mana_ib_dev *mdev, u32 code, u64 handle)
{
	struct mana_ib_destroy_obj_req req = {};
	struct gdma_general_resp resp = {};

	req.handle = cpu_to_le64(handle);
	return mana_ib_rnic_send(mdev, code, &req, sizeof(req), &resp,
				 sizeof(resp));
}
