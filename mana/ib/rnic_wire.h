/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IB-class management messages of the RDMA GDMA device (type 3): what the
 * RNIC half of mana_ib sends.  Every message starts with the GDMA request
 * or response header and is addressed to the RDMA device; handles are the
 * adapter's (from CREATE_ADAPTER) plus the PD, CQ and QP handles the
 * device returned.  Byte strings (MACs, addresses) go on the wire in
 * reverse order.  Sizes are pinned: the device checks them.
 */
#ifndef _MANA_IB_RNIC_WIRE_H
#define _MANA_IB_RNIC_WIRE_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/if_ether.h>
#include <linux/types.h>

#include "../gdma/gdma_wire.h"

/* Request codes */
#define MANA_IB_GET_ADAPTER_CAP		0x30001
#define MANA_IB_CREATE_ADAPTER		0x30002
#define MANA_IB_DESTROY_ADAPTER		0x30003
#define MANA_IB_CONFIG_IP_ADDR		0x30004
#define MANA_IB_CONFIG_MAC_ADDR		0x30005
#define MANA_IB_CREATE_UD_QP		0x30006
#define MANA_IB_DESTROY_UD_QP		0x30007
#define MANA_IB_CREATE_CQ		0x30008
#define MANA_IB_DESTROY_CQ		0x30009
#define MANA_IB_CREATE_RC_QP		0x3000a
#define MANA_IB_DESTROY_RC_QP		0x3000b
#define MANA_IB_SET_QP_STATE		0x3000d
#define MANA_IB_QUERY_VF_COUNTERS	0x30022
#define MANA_IB_QUERY_DEVICE_COUNTERS	0x30023

/* EQE type the device raises on the adapter's notify EQ */
#define MANA_IB_EQE_QP_FATAL		GDMA_EQE_RNIC_QP_FATAL

/* GET_ADAPTER_CAP, answered as message version 4 (3 plus the features) */
#define MANA_IB_CAPS_MSG_VERSION	4

struct mana_ib_caps_resp {
	struct gdma_resp_hdr hdr;
	__le32 max_sq_id;
	__le32 max_rq_id;
	__le32 max_cq_id;
	__le32 max_qp_count;
	__le32 max_cq_count;
	__le32 max_mr_count;
	__le32 max_pd_count;
	__le32 max_inbound_read_limit;
	__le32 max_outbound_read_limit;
	__le32 mw_count;
	__le32 max_srq_count;
	__le32 max_requester_sq_size;
	__le32 max_responder_sq_size;
	__le32 max_requester_rq_size;
	__le32 max_responder_rq_size;
	__le32 max_send_sge_count;
	__le32 max_recv_sge_count;
	__le32 max_inline_data_size;
	__le64 feature_flags;
};

static_assert(sizeof(struct mana_ib_caps_resp) == 112);

/* GET_ADAPTER_CAP feature_flags */
#define MANA_IB_FEATURE_DEV_COUNTERS	BIT_ULL(5)	/* QUERY_DEVICE_COUNTERS */

/* CREATE_ADAPTER, request message version 2 */
struct mana_ib_create_adapter_req {
	struct gdma_req_hdr hdr;
	__le32 notify_eq_id;
	__le32 reserved;
	__le64 feature_flags;
};

static_assert(sizeof(struct mana_ib_create_adapter_req) == 56);

struct mana_ib_create_adapter_resp {
	struct gdma_resp_hdr hdr;
	__le64 adapter;
};

static_assert(sizeof(struct mana_ib_create_adapter_resp) == 40);

/* DESTROY_ADAPTER; also the layout of every "adapter + one handle" destroy */
struct mana_ib_adapter_req {
	struct gdma_req_hdr hdr;
	__le64 adapter;
};

static_assert(sizeof(struct mana_ib_adapter_req) == 48);

struct mana_ib_destroy_obj_req {
	struct gdma_req_hdr hdr;
	__le64 adapter;
	__le64 handle;
};

static_assert(sizeof(struct mana_ib_destroy_obj_req) == 56);

/* CONFIG_IP_ADDR / CONFIG_MAC_ADDR operations and address types */
#define MANA_IB_ADDR_ADD		1
#define MANA_IB_ADDR_REMOVE		2
#define MANA_IB_ADDR_IPV4		1
#define MANA_IB_ADDR_IPV6		2

struct mana_ib_config_ip_req {
	struct gdma_req_hdr hdr;
	__le64 adapter;
	__le32 op;
	__le32 addr_type;
	u8 addr[16];		/* the GID, byte-reversed */
};

static_assert(sizeof(struct mana_ib_config_ip_req) == 72);

struct mana_ib_config_mac_req {
	struct gdma_req_hdr hdr;
	__le64 adapter;
	__le32 op;
	u8 mac[ETH_ALEN];	/* byte-reversed */
	u8 reserved[6];
};

static_assert(sizeof(struct mana_ib_config_mac_req) == 64);

/* CREATE_CQ: an RNIC CQ over a DMA region, events on an EQ of the device */
struct mana_ib_create_cq_req {
	struct gdma_req_hdr hdr;
	__le64 adapter;
	__le64 region;
	__le32 eq_id;
	__le32 doorbell;
};

static_assert(sizeof(struct mana_ib_create_cq_req) == 64);

struct mana_ib_create_cq_resp {
	struct gdma_resp_hdr hdr;
	__le64 cq_handle;
	__le32 cq_id;
	__le32 reserved;
};

static_assert(sizeof(struct mana_ib_create_cq_resp) == 48);

/* The five rings of an RC QP, in wire order */
enum mana_ib_rc_queue {
	MANA_IB_RC_SQ_REQUESTER,
	MANA_IB_RC_SQ_RESPONDER,
	MANA_IB_RC_SQ_FMR,
	MANA_IB_RC_RQ_REQUESTER,
	MANA_IB_RC_RQ_RESPONDER,
	MANA_IB_RC_QUEUES
};

/* CREATE_RC_QP flags: no fast-memory-registration ring (user QPs) */
#define MANA_IB_RC_FLAG_NO_FMR		BIT(1)

struct mana_ib_create_rc_qp_req {
	struct gdma_req_hdr hdr;
	__le64 adapter;
	__le64 pd_handle;
	__le64 send_cq_handle;
	__le64 recv_cq_handle;
	__le64 region[MANA_IB_RC_QUEUES];
	__le64 unused[2];
	__le64 flags;
	__le32 doorbell;
	__le32 max_send_wr;
	__le32 max_recv_wr;
	__le32 max_send_sge;
	__le32 max_recv_sge;
	__le32 reserved;
};

static_assert(sizeof(struct mana_ib_create_rc_qp_req) == 160);

struct mana_ib_create_rc_qp_resp {
	struct gdma_resp_hdr hdr;
	__le64 qp_handle;
	__le32 queue_id[MANA_IB_RC_QUEUES];
	__le32 reserved;
};

static_assert(sizeof(struct mana_ib_create_rc_qp_resp) == 64);

/* Address vector of SET_QP_STATE (RoCE v2: UDP destination port 4791) */
struct mana_ib_wire_av {
	u8 src_addr[16];	/* byte-reversed, like every address below */
	u8 dest_addr[16];
	u8 src_mac[ETH_ALEN];
	u8 dest_mac[ETH_ALEN];
	u8 src_addr_type;
	u8 dest_addr_type;
	u8 hop_limit;
	u8 traffic_class;	/* DSCP: the GRH traffic class >> 2 */
	__le16 src_port;
	__le16 dest_port;
	__le32 reserved;
};

static_assert(sizeof(struct mana_ib_wire_av) == 56);

/* SET_QP_STATE, message version 1; attr_mask and qp_state are the verbs' */
struct mana_ib_set_qp_state_req {
	struct gdma_req_hdr hdr;
	__le64 adapter;
	__le64 qp_handle;
	__le64 attr_mask;
	__le32 qp_state;
	__le32 path_mtu;
	__le32 rq_psn;
	__le32 sq_psn;
	__le32 dest_qpn;
	__le32 max_dest_rd_atomic;
	__le32 retry_cnt;
	__le32 rnr_retry;
	__le32 min_rnr_timer;
	__le32 reserved;
	struct mana_ib_wire_av av;
};

static_assert(sizeof(struct mana_ib_set_qp_state_req) == 160);

/*
 * SET_QP_STATE, message version 3: version 1 plus the Q_Key, access flags
 * and READ depth (what UD and GSI QPs need: their Q_Key)
 */
struct mana_ib_set_qp_state_v3_req {
	struct mana_ib_set_qp_state_req v1;
	__le64 reserved;
	__le32 qkey;
	__le32 access_flags;
	u8 local_ack_timeout;
	u8 max_rd_atomic;
	__le16 reserved2;
	__le32 reserved3;
};

static_assert(sizeof(struct mana_ib_set_qp_state_v3_req) == 184);

/* The two rings of a kernel UD or GSI QP, in wire order */
enum mana_ib_ud_queue {
	MANA_IB_UD_SQ,
	MANA_IB_UD_RQ,
	MANA_IB_UD_QUEUES
};

/* CREATE_UD_QP: qp_type is the verbs type (IB_QPT_GSI or IB_QPT_UD) */
struct mana_ib_create_ud_qp_req {
	struct gdma_req_hdr hdr;
	__le64 adapter;
	__le64 pd_handle;
	__le64 send_cq_handle;
	__le64 recv_cq_handle;
	__le64 region[MANA_IB_UD_QUEUES];
	__le32 qp_type;
	__le32 doorbell;
	__le32 max_send_wr;
	__le32 max_recv_wr;
	__le32 max_send_sge;
	__le32 max_recv_sge;
};

static_assert(sizeof(struct mana_ib_create_ud_qp_req) == 112);

struct mana_ib_create_ud_qp_resp {
	struct gdma_resp_hdr hdr;
	__le64 qp_handle;
	__le32 queue_id[MANA_IB_UD_QUEUES];
};

static_assert(sizeof(struct mana_ib_create_ud_qp_resp) == 48);

/*
 * Inline OOB of a kernel UD send WQE (24 bytes); SGE0 of the WQE carries
 * the address vector below, the payload follows in SGE1..
 */
#define MANA_IB_UD_OOB_TYPE		GENMASK(4, 0)
#define MANA_IB_UD_OOB_FENCE		BIT(5)
#define MANA_IB_UD_OOB_SIGNALED		BIT(6)
#define MANA_IB_UD_OOB_SOLICITED	BIT(7)
#define MANA_IB_UD_OOB_PSN		GENMASK(31, 8)
#define MANA_IB_UD_OOB_QPN		GENMASK(23, 0)
#define MANA_IB_WQE_UD_SEND		0
#define MANA_IB_WQE_UD_SEND_IMM		1

struct mana_ib_ud_send_oob {
	__le32 dw0;
	__le32 remote_qpn;
	__le32 remote_qkey;
	__le32 imm;
	__le32 reserved[2];
};

static_assert(sizeof(struct mana_ib_ud_send_oob) == 24);

/* Address vector of a kernel UD send; addresses byte-reversed */
#define MANA_IB_AV_HOP_LIMIT		GENMASK(7, 0)
#define MANA_IB_AV_DSCP			GENMASK(25, 20)
#define MANA_IB_AV_IPV6			BIT(31)

struct mana_ib_ud_av {
	u8 dest_ip[16];
	u8 dest_mac[ETH_ALEN];
	__le16 udp_src_port;
	u8 src_ip[16];
	__le32 flags;
	__le32 reserved;
};

static_assert(sizeof(struct mana_ib_ud_av) == 48);

/*
 * RDMA CQE (the 60 client bytes of a GDMA CQE, as u32 words): word 0 holds
 * the type and the vendor error (the verbs WC status of a failed request);
 * a UD receive adds the message length (GRH area included), the source QP
 * and the immediate data.
 */
#define MANA_IB_CQE_TYPE		GENMASK(7, 0)
#define MANA_IB_CQE_VENDOR_ERR		GENMASK(16, 8)
#define MANA_IB_CQE_UD_SEND		1
#define MANA_IB_CQE_UD_SEND_IMM		2
#define MANA_IB_CQE_W_MSG_LEN		1
#define MANA_IB_CQE_W_SRC_QPN		2
#define MANA_IB_CQE_W_IMM		3
#define MANA_IB_CQE_SRC_QPN		GENMASK(23, 0)

/* QUERY_VF_COUNTERS (an adapter request), answered as message version 2 */
#define MANA_IB_VF_COUNTERS		34

struct mana_ib_vf_counters_resp {
	struct gdma_resp_hdr hdr;
	__le64 counter[MANA_IB_VF_COUNTERS];
};

static_assert(sizeof(struct mana_ib_vf_counters_resp) == 304);

/* QUERY_DEVICE_COUNTERS (an adapter request): six congestion-control counts */
#define MANA_IB_DEV_COUNTERS		6

struct mana_ib_dev_counters_resp {
	struct gdma_resp_hdr hdr;
	__le32 sent_cnps;
	__le32 received_ecns;
	__le32 reserved1;
	__le32 received_cnp_count;
	__le32 qp_congested_events;
	__le32 qp_recovered_events;
	__le32 rate_inc_events;
	__le32 reserved2;
};

static_assert(sizeof(struct mana_ib_dev_counters_resp) == 64);

#endif /* _MANA_IB_RNIC_WIRE_H */
