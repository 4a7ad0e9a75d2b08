/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RNIC (MANA_IB device, type 3): objects shared by its control plane
 * (mgmt_ib.c: adapter, EQ use, GIDs, MACs, CQs, counters; rnic_qp.c: queue
 * pairs and their state) and its data engine (rnic_engine.c: RC requester and
 * responder; rnic_ud.c: kernel UD/GSI queues, CQE and event helpers).
 *
 * Every object lives in the single table RN below and is protected by M.lock
 * like the rest of the device.
 */
#ifndef MANA_MODEL_RNIC_H
#define MANA_MODEL_RNIC_H

#include "model.h"

/* REQ_HDR_LEN, RESP_HDR_LEN, REQ_AT(), RESP_AT(): model.h */

#define IB_MAX_ADAPTERS	4
#define IB_MAX_MACS	MODEL_MAX_VPORTS
#define IB_MAX_GIDS	64
#define IB_MAX_CQS	128
#define IB_MAX_QPS	64		/* QP slots: queue ids 0 .. 4 * IB_MAX_QPS - 1 */
#define IB_MAX_WR	1024		/* per queue, announced through the queue sizes */
#define IB_MAX_SEND_SGE	30
#define IB_MAX_RECV_SGE	15
#define IB_MAX_RD	8		/* inbound/outbound RDMA READs in flight */
#define SQE_MAX_SIZE	512		/* max_qp_wr = sq size / 512 = rq size / 256 */
#define RQE_MAX_SIZE	256
#define IB_MAX_MSG	(16u << 20)	/* port max_msg_sz */

/* verbs QP types as the device sees them */
#define VERBS_QPT_GSI	1
#define VERBS_QPT_RC	2
#define VERBS_QPT_UD	4

enum { QPS_RESET, QPS_INIT, QPS_RTR, QPS_RTS, QPS_SQD, QPS_SQE, QPS_ERR };

/* verbs access flags (SET_QP_STATE v3 access_flags) */
#define VERBS_ACCESS_LOCAL_WRITE	(1u << 0)
#define VERBS_ACCESS_REMOTE_WRITE	(1u << 1)
#define VERBS_ACCESS_REMOTE_READ	(1u << 2)

/* GDMA MR access flags (CREATE_MR) */
#define MR_ACCESS_LOCAL_READ	(1u << 0)
#define MR_ACCESS_LOCAL_WRITE	(1u << 1)
#define MR_ACCESS_REMOTE_READ	(1u << 2)
#define MR_ACCESS_REMOTE_WRITE	(1u << 3)

/*
 * The queues of a QP. UD/GSI use the first two; RC all four (the FMR queue
 * of the wire request is not used by user RC QPs and is never created).
 */
enum rnic_q {
	RQ_SEND = 0,		/* UD SQ / RC send requester: the WQEs posted by verbs */
	RQ_RECV = 1,		/* UD RQ / RC recv responder: receive buffers, qp_num */
	RQ_SEND_RESP = 2,	/* RC send responder (device-internal, unused here) */
	RQ_RECV_REQ = 3,	/* RC recv requester: READ response buffers, armed CQEs */
	RQ_NQ = 4,
};

struct ib_gid {
	u32 refs;
	u32 type;
	u8 addr[16];			/* as sent: byte-reversed */
};

struct ib_adapter {
	bool used;
	u64 handle;
	u32 notify_eq;
	u64 features;
	u32 nmacs;
	u8 macs[IB_MAX_MACS][6];	/* in wire order (reversed) */
	struct ib_gid gids[IB_MAX_GIDS];
};

struct ib_cq {
	bool used;
	u64 handle, adapter;
	u32 cq_id;			/* index into M.cqs */
};

/* one work queue of a QP: the ring and the device's view of it */
struct rnic_wq {
	bool present;
	u32 id;
	int region;
	u32 size;			/* ring bytes (power of two) */
	u32 head;			/* device consumer, free-running bytes */
	u32 tail;			/* last doorbell, free-running bytes */
};

struct ib_qp {
	bool used;
	u64 handle, adapter, pd;
	u64 send_cq, recv_cq;
	u32 type;
	u32 state;
	u32 db_page;
	struct rnic_wq q[RQ_NQ];
	u32 max_wr[2], max_sge[2];	/* RQ_SEND, RQ_RECV */
	/* SET_QP_STATE attributes */
	u32 qkey, sq_psn, rq_psn, dest_qpn, mtu_enum;
	u32 retry_cnt, rnr_retry, min_rnr_timer;
	u32 access;			/* verbs access flags */
	bool access_known;		/* a v3 message set them (K612's v1 has none) */
	u8 av[56];			/* address block as last sent */
	/* RC requester: acknowledged PSN and the armed-completion request */
	u32 acked_psn;
	u32 arm_psn;
	bool armed;
	/* RC responder: next PSN expected */
	u32 epsn;
	bool rnr_waiting;		/* requester stalled on the peer's empty RQ */
	bool fatal_sent;
	u64 doorbells, modifies;
};

/* counters of QUERY_VF_COUNTERS (34 u64, order of the wire response) */
enum rnic_cnt {
	CNT_REQ_TIMEOUT, CNT_REQ_OOS_NAK, CNT_REQ_RNR_NAK, CNT_RESP_RNR_NAK, CNT_RESP_OOS,
	CNT_RESP_DUP, CNT_REQ_IMPLICIT_NAK, CNT_REQ_READ_RESP_PSN, CNT_NAK_INV_REQ,
	CNT_NAK_ACCESS_ERR, CNT_NAK_OPN_ERR, CNT_NAK_INV_READ, CNT_RESP_LOCAL_LEN_ERR,
	CNT_REQ_LOCAL_PROT_ERR, CNT_RESP_REM_ACCESS_ERR, CNT_RESP_LOCAL_QP_ERR,
	CNT_RESP_MALFORMED_WQE, CNT_GENERAL_HW_ERR, CNT_REQ_RNR_RETRIES_EXC,
	CNT_REQ_RETRIES_EXC, CNT_TOTAL_FATAL_ERR, CNT_RECEIVED_CNPS, CNT_QP_CONGESTED,
	CNT_RATE_INC, CNT_QP_RECOVERED, CNT_CURRENT_RATE, CNT_DUP_RX_REQ, CNT_TX_BYTES,
	CNT_RX_BYTES, CNT_RX_SEND_REQ, CNT_RX_WRITE_REQ, CNT_RX_READ_REQ, CNT_TX_PACKETS,
	CNT_RX_PACKETS, CNT_NUM,
};

struct rnic_state {
	struct ib_adapter ad[IB_MAX_ADAPTERS];
	struct ib_cq cq[IB_MAX_CQS];
	struct ib_qp qp[IB_MAX_QPS];
	u64 cnt[CNT_NUM];
	u64 ud_drops;			/* UD/GSI datagrams with no receiver or no WQE */
	u64 ud_rx;			/* UD/GSI datagrams delivered */
	bool work;			/* a doorbell asked the engine to run */
};

extern struct rnic_state RN;

/* the client part of an RDMA CQE */
struct rnic_cqe {
	u32 dw0;				/* [7:0] type, [15:8] vendor error */
	union {
		u32 data[11];
		struct {
			u32 msg_len;
			u32 psn_or_src_qpn;	/* RC: PSN; UD: source QPN */
			u32 imm;
			u32 rx_wqe_offset;
		} recv;				/* RC SEND(_IMM), WRITE_IMM, UD receive */
		struct {
			u32 wqe_offset;		/* [4:0] SGE offset, [31:5] WQE offset (BU) */
			u32 sge_byte_offset;
		} ud_send;
		struct {
			u32 msn_syndrome;	/* [23:0] MSN, [31:24] AETH syndrome */
			u32 psn;
			u32 read_resp_psn;
		} armed;			/* RC requester */
	};
	u32 timestamp_hi, timestamp_lo, reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct rnic_cqe) == 60, "RDMA CQE");

enum {
	CQE_UD_SEND = 1, CQE_UD_SEND_IMM = 2, CQE_RC_SEND = 3, CQE_RC_SEND_IMM = 4,
	CQE_RC_WRITE_IMM = 6, CQE_ARMED_CMPL = 7,
};

/* verbs WC status values carried as the vendor error of a failed request */
enum {
	WC_LOC_LEN_ERR = 1, WC_LOC_QP_OP_ERR = 2, WC_LOC_PROT_ERR = 4, WC_WR_FLUSH_ERR = 5, WC_REM_INV_REQ_ERR = 9,
	WC_REM_ACCESS_ERR = 10, WC_REM_OP_ERR = 11, WC_RETRY_EXC_ERR = 12, WC_RNR_RETRY_EXC_ERR = 13,
};

/* mgmt_ib.c: message helpers and lookups */
bool ib_req_body(const struct req_ctx *c, void *body, size_t size, size_t min);
void ib_resp_body(struct req_ctx *c, const void *body, size_t size);
bool ib_version_ok(struct req_ctx *c, u16 max);
struct ib_adapter *ib_adapter_get(u64 handle);
struct ib_cq *ib_cq_get(u64 adapter, u64 handle);
bool ib_db_page_ok(u32 page);
int ib_ring_region(u64 handle, u32 *size, bool pow2);
bool ib_gid_known(const u8 gid[16]);

/* rnic_qp.c: queue pairs */
u32 rnic_create_ud_qp(struct req_ctx *c);
u32 rnic_create_rc_qp(struct req_ctx *c);
u32 rnic_destroy_qp(struct req_ctx *c);
u32 rnic_set_qp_state(struct req_ctx *c);
struct ib_qp *rnic_qp_by_qpn(u32 qpn);
struct ib_qp *ib_qp_get(u64 adapter, u64 handle);
bool rnic_cq_in_use(u64 cq_handle);
u32 rnic_qp_num(const struct ib_qp *qp);
const char *rnic_state_name(u32 state);

/* rnic_ud.c: WQE parsing, CQEs, events, kernel UD/GSI traffic */
struct rnic_sge {
	u64 addr;
	u32 key;
	u32 len;
};

#define RNIC_MAX_SGE	32

struct rnic_wqe {
	u32 off;			/* free-running byte offset of the WQE */
	u32 size;			/* bytes, multiple of 32 */
	u32 nsge;			/* data SGEs (padding removed) */
	u32 oob_len;
	bool oob_in_sgl;
	u32 data_unit;			/* SQ: client_data_unit (MTU bytes) */
	u8 oob[40];			/* inline client OOB (40: extra-large) */
	struct rnic_sge sge[RNIC_MAX_SGE];
};

int rnic_wqe_peek(const struct rnic_wq *wq, bool is_sq, struct rnic_wqe *w);
void rnic_wq_consume(struct rnic_wq *wq, const struct rnic_wqe *w);
int rnic_sge_copy(const struct ib_qp *qp, const struct rnic_sge *sge, u32 n, u8 *buf,
		  u32 len, bool to_sge);
u32 rnic_sge_total(const struct rnic_sge *sge, u32 n);
int rnic_mr_check(u64 pd, u32 key, u64 addr, u64 len, u32 need_access);
void rnic_post_cqe(u64 adapter, u64 cq_handle, const void *cqe_data, u32 wq_id, bool is_sq);
void rnic_qp_fatal(struct ib_qp *qp, const char *why);
void rnic_ud_send(struct ib_qp *qp);

/* rnic_engine.c: the RC engine */
void rnic_rc_send(struct ib_qp *qp);
void rnic_rc_arm(struct ib_qp *qp, u32 psn);
void rnic_process(void);

#endif
