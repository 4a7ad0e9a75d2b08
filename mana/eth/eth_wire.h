/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MANA Ethernet wire formats: management message bodies of the MANA class
 * (opcodes 0x2xxxx) and the data-path structures (TX OOB, TX/RX completion
 * data).  Little-endian; sub-dword fields are GENMASK() masks used with
 * FIELD_PREP()/FIELD_GET(), never C bitfields.
 *
 * Layout source: docs/device-interface.md §3.10 and §3.11.
 */
#ifndef _MANA_ETH_WIRE_H
#define _MANA_ETH_WIRE_H

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/if_ether.h>
#include <linux/types.h>

#include "../gdma/gdma_wire.h"

/* MANA-class opcodes */
enum mana_msg_code {
	MANA_MSG_QUERY_DEV_CONFIG	= 0x20001,
	MANA_MSG_QUERY_GF_STAT		= 0x20002,
	MANA_MSG_CONFIG_VPORT_TX	= 0x20003,
	MANA_MSG_CREATE_WQ_OBJ		= 0x20004,
	MANA_MSG_DESTROY_WQ_OBJ		= 0x20005,
	MANA_MSG_FENCE_RQ		= 0x20006,
	MANA_MSG_CONFIG_VPORT_RX	= 0x20007,
	MANA_MSG_QUERY_VPORT_CONFIG	= 0x20008,
	MANA_MSG_QUERY_LINK_CONFIG	= 0x2000a,
	MANA_MSG_SET_BW_CLAMP		= 0x2000b,
	MANA_MSG_QUERY_PHY_STAT		= 0x2000c,
	/* PF only */
	MANA_MSG_REGISTER_FILTER	= 0x28000,
	MANA_MSG_DEREGISTER_FILTER	= 0x28001,
	MANA_MSG_REGISTER_HW_PORT	= 0x28003,
	MANA_MSG_DEREGISTER_HW_PORT	= 0x28004,
};

/* Protocol version announced in QUERY_DEV_CONFIG. */
#define MANA_PROTO_MAJOR		0
#define MANA_PROTO_MINOR		1
#define MANA_PROTO_MICRO		1

#define MANA_HASH_KEY_SIZE		40
#define MANA_DEFAULT_INDIR_SIZE		64
#define MANA_MAX_INDIR_SIZE		512
#define MANA_MAX_VPORTS			256

/* Object handle value the device never hands out. */
#define MANA_INVALID_HANDLE		U64_MAX

/* ---- QUERY_DEV_CONFIG --------------------------------------------------- */

struct mana_dev_config_req {
	struct gdma_req_hdr hdr;
	__le64 drv_cap_flags[4];
	__le32 proto_major;
	__le32 proto_minor;
	__le32 proto_micro;
	__le32 reserved;
};

static_assert(sizeof(struct mana_dev_config_req) == 88);

struct mana_dev_config_resp {
	struct gdma_resp_hdr hdr;
	__le64 pf_cap_flags[4];
	__le16 max_num_vports;
	u8 bm_hostmode;		/* response v3 */
	u8 reserved1;
	__le32 max_num_eqs;
	__le16 adapter_mtu;	/* response v2: frame size incl. Ethernet header */
	__le16 reserved2;
	__le32 reserved3;
};

static_assert(sizeof(struct mana_dev_config_resp) == 80);

/* pf_cap_flags[0] of QUERY_DEV_CONFIG */
#define MANA_DEV_CAP_CQE8_COALESCING	BIT_ULL(5)

/* ---- QUERY_VPORT_CONFIG ------------------------------------------------- */

struct mana_vport_config_req {
	struct gdma_req_hdr hdr;
	__le32 vport_index;
};

static_assert(sizeof(struct mana_vport_config_req) == 44);

struct mana_vport_config_resp {
	struct gdma_resp_hdr hdr;
	__le32 max_num_sq;
	__le32 max_num_rq;
	__le32 num_indirection_ent;
	__le32 reserved1;
	u8 mac_addr[ETH_ALEN];
	u8 reserved2[2];
	__le64 vport;
};

static_assert(sizeof(struct mana_vport_config_resp) == 64);

/* ---- CONFIG_VPORT_TX ---------------------------------------------------- */

struct mana_vport_tx_req {
	struct gdma_req_hdr hdr;
	__le64 vport;
	__le32 pdid;
	__le32 doorbell_id;
};

static_assert(sizeof(struct mana_vport_tx_req) == 56);

struct mana_vport_tx_resp {
	struct gdma_resp_hdr hdr;
	__le16 tx_vport_offset;
	u8 short_form_allowed;
	u8 reserved;
};

static_assert(sizeof(struct mana_vport_tx_resp) == 36);

/* ---- CREATE_WQ_OBJ / DESTROY_WQ_OBJ ------------------------------------- */

#define MANA_WQ_TYPE_SQ			1
#define MANA_WQ_TYPE_RQ			2

struct mana_wq_obj_req {
	struct gdma_req_hdr hdr;
	__le64 vport;
	__le32 wq_type;
	__le32 reserved;
	__le64 wq_dma_region;
	__le64 cq_dma_region;
	__le32 wq_size;
	__le32 cq_size;
	__le32 cq_moderation_ctx_id;
	__le32 cq_parent_eq_id;
};

static_assert(sizeof(struct mana_wq_obj_req) == 88);

/* Request v3: the CQ starts with the given interrupt moderation. */
struct mana_wq_obj_req_v3 {
	struct mana_wq_obj_req v1;
	u8 allow_rq_chaining;
	u8 cq_moderation;
	__le16 cq_moderation_comps;
	__le16 cq_moderation_usec;
	__le16 reserved;
};

static_assert(sizeof(struct mana_wq_obj_req_v3) == 96);

struct mana_wq_obj_resp {
	struct gdma_resp_hdr hdr;
	__le32 wq_id;
	__le32 cq_id;
	__le64 wq_obj;
};

static_assert(sizeof(struct mana_wq_obj_resp) == 48);

struct mana_wq_obj_destroy_req {
	struct gdma_req_hdr hdr;
	__le32 wq_type;
	__le32 reserved;
	__le64 wq_obj;
};

static_assert(sizeof(struct mana_wq_obj_destroy_req) == 56);

/* ---- FENCE_RQ ----------------------------------------------------------- */

struct mana_fence_rq_req {
	struct gdma_req_hdr hdr;
	__le64 wq_obj;
};

static_assert(sizeof(struct mana_fence_rq_req) == 48);

/* ---- CONFIG_VPORT_RX (request v2/v5: table at byte 120) ------------------ */

/* rss_hash_types of request v5: IPv4, TCP4, UDP4, IPv6, TCP6, UDP6 */
#define MANA_RSS_HASH_TYPES_V5		0x3f
/* Request version that carries rss_hash_types and cqe8_coalescing_enable */
#define MANA_VPORT_RX_REQ_V5		5

struct mana_vport_rx_req {
	struct gdma_req_hdr hdr;
	__le64 vport;
	__le16 num_indir_entries;
	__le16 indir_tab_offset;
	__le32 rx_enable;
	__le32 rss_enable;
	u8 update_default_rxobj;
	u8 update_hashkey;
	u8 update_indir_tab;
	u8 reserved1;
	__le64 default_rxobj;
	u8 hashkey[MANA_HASH_KEY_SIZE];
	u8 cqe_coalescing_enable;
	u8 reserved2[3];
	__le16 rss_hash_types;
	u8 cqe8_coalescing_enable;
	u8 reserved3;
	__le64 indir_tab[];	/* RQ object handles */
};

static_assert(sizeof(struct mana_vport_rx_req) == 120);

struct mana_vport_rx_resp {
	struct gdma_resp_hdr hdr;
	__le32 cqe_coalescing_timeout_ns;
	__le32 reserved;
};

static_assert(sizeof(struct mana_vport_rx_resp) == 40);

/* ---- QUERY_GF_STAT ------------------------------------------------------ */

/* Counters of the response, in response order. */
enum mana_gf_counter {
	MANA_GF_RX_DISCARDS_NO_WQE,
	MANA_GF_RX_ERR_VPORT_DISABLED,
	MANA_GF_RX_BYTES,
	MANA_GF_RX_UCAST_PKTS,
	MANA_GF_RX_UCAST_BYTES,
	MANA_GF_RX_BCAST_PKTS,
	MANA_GF_RX_BCAST_BYTES,
	MANA_GF_RX_MCAST_PKTS,
	MANA_GF_RX_MCAST_BYTES,
	MANA_GF_TX_ERR_GF_DISABLED,
	MANA_GF_TX_ERR_VPORT_DISABLED,
	MANA_GF_TX_ERR_INVAL_VPORT_OFFSET,
	MANA_GF_TX_ERR_VLAN_ENFORCEMENT,
	MANA_GF_TX_ERR_ETHTYPE_ENFORCEMENT,
	MANA_GF_TX_ERR_SA_ENFORCEMENT,
	MANA_GF_TX_ERR_SQPDID_ENFORCEMENT,
	MANA_GF_TX_ERR_CQPDID_ENFORCEMENT,
	MANA_GF_TX_ERR_MTU_VIOLATION,
	MANA_GF_TX_ERR_INVAL_OOB,
	MANA_GF_TX_BYTES,
	MANA_GF_TX_UCAST_PKTS,
	MANA_GF_TX_UCAST_BYTES,
	MANA_GF_TX_BCAST_PKTS,
	MANA_GF_TX_BCAST_BYTES,
	MANA_GF_TX_MCAST_PKTS,
	MANA_GF_TX_MCAST_BYTES,
	MANA_GF_TX_ERR_GDMA,
	MANA_GF_NUM_COUNTERS
};

/* Request mask: all 27 counters (the bit order differs from the above). */
#define MANA_GF_REQ_ALL			GENMASK_ULL(26, 0)

struct mana_gf_stat_req {
	struct gdma_req_hdr hdr;
	__le64 req_stats;
};

static_assert(sizeof(struct mana_gf_stat_req) == 48);

struct mana_gf_stat_resp {
	struct gdma_resp_hdr hdr;
	__le64 reported_stats;
	__le64 counters[MANA_GF_NUM_COUNTERS];
};

static_assert(sizeof(struct mana_gf_stat_resp) == 256);

/* ---- QUERY_LINK_CONFIG -------------------------------------------------- */

struct mana_link_config_req {
	struct gdma_req_hdr hdr;
	__le64 vport;
};

static_assert(sizeof(struct mana_link_config_req) == 48);

struct mana_link_config_resp {
	struct gdma_resp_hdr hdr;
	__le32 qos_speed_mbps;
	u8 qos_unconfigured;
	u8 reserved1[3];
	__le32 link_speed_mbps;
	__le32 reserved2;
};

static_assert(sizeof(struct mana_link_config_resp) == 48);

/* ---- SET_BW_CLAMP ------------------------------------------------------- */

/* Values of mana_bw_clamp_req.enable (a tri-state on the wire). */
#define MANA_BW_CLAMP_OFF		0
#define MANA_BW_CLAMP_ON		1

struct mana_bw_clamp_req {
	struct gdma_req_hdr hdr;
	__le64 vport;
	__le32 enable;
	__le32 speed_mbps;	/* a multiple of 100 */
};

static_assert(sizeof(struct mana_bw_clamp_req) == 56);

struct mana_bw_clamp_resp {
	struct gdma_resp_hdr hdr;
	u8 qos_not_configured;	/* the clamp is stored but has no effect yet */
	u8 rsvd[7];
};

static_assert(sizeof(struct mana_bw_clamp_resp) == 40);

/* ---- QUERY_PHY_STAT ----------------------------------------------------- */

#define MANA_PHY_NUM_TC			8

/**
 * struct mana_phy_tc_pair - one receive/transmit counter pair of a traffic
 * class
 * @rx: receive direction
 * @tx: transmit direction
 */
struct mana_phy_tc_pair {
	__le64 rx;
	__le64 tx;
};

struct mana_phy_stat_req {
	struct gdma_req_hdr hdr;
	__le64 req_stats;	/* sent as 0 */
};

static_assert(sizeof(struct mana_phy_stat_req) == 48);

struct mana_phy_stat_resp {
	struct gdma_resp_hdr hdr;
	__le64 reported_stats;
	__le64 rx_drops;
	__le64 tx_drops;
	struct mana_phy_tc_pair tc_pkts[MANA_PHY_NUM_TC];
	struct mana_phy_tc_pair tc_bytes[MANA_PHY_NUM_TC];
	struct mana_phy_tc_pair tc_pause[MANA_PHY_NUM_TC];
};

static_assert(sizeof(struct mana_phy_stat_resp) == 440);

/* ---- PF-only vPort registration ----------------------------------------- */

struct mana_hw_port_req {
	struct gdma_req_hdr hdr;
	__le16 attached_gfid;
	u8 is_pf_default_vport;
	u8 reserved1;
	u8 allow_all_ether_types;
	u8 reserved2[3];
};

static_assert(sizeof(struct mana_hw_port_req) == 48);

/* Answer of REGISTER_HW_PORT and REGISTER_FILTER: the new handle. */
struct mana_handle_resp {
	struct gdma_resp_hdr hdr;
	__le64 handle;
};

static_assert(sizeof(struct mana_handle_resp) == 40);

struct mana_filter_req {
	struct gdma_req_hdr hdr;
	__le64 vport;
	u8 mac_addr[ETH_ALEN];
	u8 reserved[18];
};

static_assert(sizeof(struct mana_filter_req) == 72);

/* DEREGISTER_HW_PORT and DEREGISTER_FILTER: the handle to release. */
struct mana_handle_req {
	struct gdma_req_hdr hdr;
	__le64 handle;
};

static_assert(sizeof(struct mana_handle_req) == 48);

/* ---- TX OOB (inline in every send WQE) ---------------------------------- */

#define MANA_TX_OOB_SHORT_SIZE		8
#define MANA_TX_OOB_LONG_SIZE		24

struct mana_tx_oob {
	__le32 dw[6];
};

static_assert(sizeof(struct mana_tx_oob) == MANA_TX_OOB_LONG_SIZE);

/* dw[0] */
#define MANA_TXO_PKT_FMT		GENMASK(1, 0)
#define MANA_TXO_OUTER_IPV4		BIT(2)
#define MANA_TXO_OUTER_IPV6		BIT(3)
#define MANA_TXO_COMP_IP_CSUM		BIT(4)
#define MANA_TXO_COMP_TCP_CSUM		BIT(5)
#define MANA_TXO_COMP_UDP_CSUM		BIT(6)
#define MANA_TXO_SUPPRESS_CQE		BIT(7)
#define MANA_TXO_VCQ_NUM		GENMASK(31, 8)
/* dw[1] */
#define MANA_TXO_TRANS_OFF		GENMASK(9, 0)
#define MANA_TXO_VSQ_FRAME		GENMASK(23, 10)
#define MANA_TXO_SHORT_VP_OFFSET	GENMASK(31, 24)
/* dw[2] (long format) */
#define MANA_TXO_INSERT_VLAN		BIT(3)
#define MANA_TXO_VLAN_PCP		GENMASK(18, 16)
#define MANA_TXO_VLAN_DEI		BIT(19)
#define MANA_TXO_VLAN_ID		GENMASK(31, 20)
/* dw[3] (long format) */
#define MANA_TXO_LONG_VP_OFFSET		GENMASK(27, 16)

#define MANA_PKT_FMT_SHORT		0
#define MANA_PKT_FMT_LONG		1

/* Largest vPort offset the short OOB can carry. */
#define MANA_SHORT_VP_OFFSET_MAX	255

/* ---- Completion data (the 60 client bytes of a CQE) --------------------- */

#define MANA_CQE_TYPE			GENMASK(5, 0)
#define MANA_CQE_CLIENT_TYPE		GENMASK(7, 6)
#define MANA_CQE_VENDOR_ERR		GENMASK(31, 8)

/* TX completion types */
#define MANA_CQE_TX_OKAY		32
#define MANA_CQE_TX_LAST_ERROR		41
#define MANA_CQE_CLIENT_COMPLETION	1

/* RX completion types */
#define MANA_CQE_RX_OKAY		1
#define MANA_CQE_RX_COALESCED_4		2
#define MANA_CQE_RX_OBJECT_FENCE	3
#define MANA_CQE_RX_TRUNCATED		4
#define MANA_CQE_RX_COALESCED_8		7

/* Packets one RX completion can carry (type 2 / type 7). */
#define MANA_RXC_NUM_PPI		4
#define MANA_RXC_MAX_PKTS		8

/* RX completion data[1] */
#define MANA_RXC_VLAN_ID		GENMASK(11, 0)
#define MANA_RXC_VLAN_PRESENT		BIT(12)
#define MANA_RXC_HASH_TYPE		GENMASK(24, 16)
#define MANA_RXC_IP_CSUM_OK		BIT(25)
#define MANA_RXC_TCP_CSUM_OK		BIT(27)
#define MANA_RXC_UDP_CSUM_OK		BIT(29)

/* Hash-type bits that mean the hash covered the L4 ports. */
#define MANA_HASH_L4_TYPES		(BIT(1) | BIT(2) | BIT(4) | BIT(5) | \
					 BIT(7) | BIT(8))

/* Per-packet info i of an RX completion: length in data[2 + 3i][15:0],
 * hash in data[4 + 3i].
 */
#define MANA_RXC_PPI_LEN		GENMASK(15, 0)
#define MANA_RXC_PPI_LEN_DW(i)		(2 + 3 * (i))
#define MANA_RXC_PPI_HASH_DW(i)		(4 + 3 * (i))

/* Type 7 packs two packets into PPI i: hash A in data[2 + 3i], lengths
 * A and B in data[3 + 3i], hash B in data[4 + 3i].
 */
#define MANA_RXC8_HASH_A_DW(i)		(2 + 3 * (i))
#define MANA_RXC8_LENS_DW(i)		(3 + 3 * (i))
#define MANA_RXC8_HASH_B_DW(i)		(4 + 3 * (i))
#define MANA_RXC8_LEN_A			GENMASK(15, 0)
#define MANA_RXC8_LEN_B			GENMASK(31, 16)

/* TX completion data[2]: [31:5] byte offset in the SQ of the completed WQE */
#define MANA_TXC_WQE_OFFSET_DW		2
#define MANA_TXC_WQE_OFFSET		GENMASK(31, 5)

/* RX completion data[14]: byte offset in the RQ of the first WQE it consumed */
#define MANA_RXC_WQE_OFFSET_DW		14

#endif /* _MANA_ETH_WIRE_H */
