/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GDMA wire formats: everything the device reads or writes in memory.
 *
 * All fields are little-endian.  Packed sub-dword fields are described with
 * GENMASK() masks and built with FIELD_PREP()/FIELD_GET() on the CPU value,
 * never with C bitfields, so the layout does not depend on the compiler.
 * Every structure carries a static_assert on its size.
 *
 * Layout source: docs/mana-hw-spec.md sections 3.3 to 3.9.
 */
#ifndef _MANA_GDMA_WIRE_H
#define _MANA_GDMA_WIRE_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

/* ---- Queue entry sizes ------------------------------------------------- */

#define GDMA_EQE_SIZE			16
#define GDMA_CQE_SIZE			64
#define GDMA_WQE_BU_SIZE		32
#define GDMA_MAX_SQ_WQE_SIZE		512
#define GDMA_MAX_RQ_WQE_SIZE		256
#define GDMA_MIN_QUEUE_SIZE		4096
/* Unit in which DMA-region page lists are expressed. */
#define GDMA_PAGE_SHIFT			12
#define GDMA_PAGE_SIZE			BIT(GDMA_PAGE_SHIFT)

/* ---- Doorbells (one 64-bit write each) --------------------------------- */

#define GDMA_DB_SQ_OFFSET		0x000
#define GDMA_DB_RQ_OFFSET		0x400
#define GDMA_DB_CQ_OFFSET		0x800
#define GDMA_DB_EQ_OFFSET		0xff8

#define GDMA_DB_WQ_ID			GENMASK_ULL(23, 0)
#define GDMA_DB_RQ_WQE_CNT		GENMASK_ULL(31, 24)
#define GDMA_DB_WQ_TAIL			GENMASK_ULL(63, 32)
#define GDMA_DB_CQ_ID			GENMASK_ULL(23, 0)
#define GDMA_DB_CQ_TAIL			GENMASK_ULL(62, 32)
#define GDMA_DB_EQ_ID			GENMASK_ULL(15, 0)
#define GDMA_DB_EQ_TAIL			GENMASK_ULL(62, 32)
#define GDMA_DB_ARM			BIT_ULL(63)
/* Interrupt-moderation (DIM) doorbell of a CQ: new moderation values. */
#define GDMA_DB_DIM_OFFSET		0x820
#define GDMA_DB_DIM_CQ_ID		GENMASK_ULL(23, 0)
#define GDMA_DB_DIM_USEC		GENMASK_ULL(41, 32)
#define GDMA_DB_DIM_USEC_VALID		BIT_ULL(47)
#define GDMA_DB_DIM_COMPS		GENMASK_ULL(55, 48)
#define GDMA_DB_DIM_COMPS_VALID		BIT_ULL(63)

/* ---- Event queue entry ------------------------------------------------- */

struct gdma_eqe {
	__le32 details[3];
	__le32 info;
};

static_assert(sizeof(struct gdma_eqe) == GDMA_EQE_SIZE);

#define GDMA_EQE_INFO_TYPE		GENMASK(7, 0)
#define GDMA_EQE_INFO_CLIENT_ID		GENMASK(17, 16)
#define GDMA_EQE_INFO_OWNER		GENMASK(31, 29)

/* EQE types */
#define GDMA_EQE_COMPLETION		3
#define GDMA_EQE_TEST_EVENT		64
#define GDMA_EQE_HWC_INIT_EQ_ID_DB	129
#define GDMA_EQE_HWC_INIT_DATA		130
#define GDMA_EQE_HWC_INIT_DONE		131
#define GDMA_EQE_FPGA_RECONFIG		132
#define GDMA_EQE_SOC_RECONFIG_DATA	133
#define GDMA_EQE_SOC_SERVICE		134
#define GDMA_EQE_RESET_REQUEST		135
#define GDMA_EQE_RNIC_QP_FATAL		176

/* details[0] of a COMPLETION event */
#define GDMA_EQE_COMP_CQ_ID		GENMASK(23, 0)
/* details[0] of HWC_INIT_EQ_ID_DB */
#define GDMA_EQE_INIT_EQ_ID		GENMASK(15, 0)
#define GDMA_EQE_INIT_DB_ID		GENMASK(31, 16)
/* details[0] of HWC_INIT_DATA and SOC_RECONFIG_DATA */
#define GDMA_EQE_DATA_VALUE		GENMASK(23, 0)
#define GDMA_EQE_DATA_TYPE		GENMASK(31, 24)

/* HWC_INIT_DATA item types (bits 31:24 of details[0]) */
#define HWC_INIT_DATA_CQID		0x01	/* HWC CQ id */
#define HWC_INIT_DATA_RQID		0x02	/* HWC RQ id */
#define HWC_INIT_DATA_SQID		0x03	/* HWC SQ id */
#define HWC_INIT_DATA_QUEUE_DEPTH	0x04	/* informational */
#define HWC_INIT_DATA_MAX_REQUEST	0x05	/* informational */
#define HWC_INIT_DATA_MAX_RESPONSE	0x06	/* informational */
#define HWC_INIT_DATA_MAX_NUM_CQS	0x07	/* size of the CQ-id table */
#define HWC_INIT_DATA_PDID		0x08	/* HWC protection domain */
#define HWC_INIT_DATA_GPA_MKEY		0x09	/* key for message buffers */
#define HWC_INIT_DATA_PF_DEST_RQ_ID	0x0a	/* PF: request routing */
#define HWC_INIT_DATA_PF_DEST_CQ_ID	0x0b	/* PF: request routing */

/* SOC_RECONFIG_DATA item types */
#define GDMA_RECONFIG_HWC_TIMEOUT	1
#define GDMA_RECONFIG_LINK_UP		2
#define GDMA_RECONFIG_LINK_DOWN		3

/* details[0] of SOC_SERVICE: [27:0] value, [31:28] service type */
#define GDMA_EQE_SERVICE_TYPE		GENMASK(31, 28)
#define GDMA_SERVICE_RDMA_SUSPEND	1
#define GDMA_SERVICE_RDMA_RESUME	2

/* ---- Completion queue entry -------------------------------------------- */

#define GDMA_CQE_DATA_SIZE		60

struct gdma_cqe {
	__le32 data[GDMA_CQE_DATA_SIZE / 4];
	__le32 info;
};

static_assert(sizeof(struct gdma_cqe) == GDMA_CQE_SIZE);

#define GDMA_CQE_INFO_WQ_NUM		GENMASK(23, 0)
#define GDMA_CQE_INFO_IS_SQ		BIT(24)
#define GDMA_CQE_INFO_OWNER		GENMASK(31, 29)

/* Width of the owner (phase) counter in EQEs and CQEs. */
#define GDMA_OWNER_BITS			3
#define GDMA_OWNER_MASK			(BIT(GDMA_OWNER_BITS) - 1)

/* ---- Work queue entry -------------------------------------------------- */

struct gdma_wqe_hdr {
	__le32 dw0;
	__le32 dw1;
};

static_assert(sizeof(struct gdma_wqe_hdr) == 8);

#define GDMA_WQE_DW0_LAST_VBYTES	GENMASK(31, 24)
#define GDMA_WQE_DW1_NUM_SGE		GENMASK(7, 0)
#define GDMA_WQE_DW1_OOB_SIZE_DIV4	GENMASK(10, 8)
#define GDMA_WQE_DW1_OOB_IN_SGL		BIT(11)
#define GDMA_WQE_DW1_CLIENT_DATA_UNIT	GENMASK(29, 16)

#define GDMA_WQE_OOB_SMALL		8
#define GDMA_WQE_OOB_LARGE		24

/* Scatter-gather entry as it sits in a WQE. */
struct gdma_wire_sge {
	__le64 address;
	__le32 mem_key;
	__le32 size;
};

static_assert(sizeof(struct gdma_wire_sge) == 16);

/* ---- Hardware channel in-band data -------------------------------------- */

/* Inline OOB of every HWC send WQE. */
struct hwc_tx_oob {
	__le32 reserved[2];
	__le32 dest;		/* [23:0] virtual RQ id, [31:24] VF id */
	__le32 dest_rcq;	/* [23:0] virtual RCQ id */
	__le32 src_cq;		/* [23:0] CQ id of the sending SQ, [24] loopback */
	__le32 src_sq;		/* [23:0] sending SQ id */
};

static_assert(sizeof(struct hwc_tx_oob) == GDMA_WQE_OOB_LARGE);

#define HWC_TX_OOB_QUEUE_ID		GENMASK(23, 0)

/* First 32 bytes of the data of a HWC completion. */
struct hwc_rx_oob {
	__le32 dw0;		/* type, eom, som, vendor error */
	__le32 src;		/* source virtual WQ / VF id */
	__le32 reserved;
	__le32 wqe_offset;	/* byte offset of the consumed WQE in its ring */
	__le32 wqe_addr_hi;
	__le32 client_data_unit;
	__le32 tx_oob_data_size; /* length of the received message */
	__le32 chunk_offset;
};

static_assert(sizeof(struct hwc_rx_oob) == 32);

/* ---- Management message headers ---------------------------------------- */

/* One direction of a message: the request and response halves look alike. */
struct gdma_msg_hdr {
	__le32 hdr_type;
	__le32 msg_type;
	__le16 msg_version;
	__le16 hwc_msg_id;
	__le32 msg_size;
};

static_assert(sizeof(struct gdma_msg_hdr) == 16);

struct gdma_wire_dev_id {
	__le16 type;
	__le16 instance;
};

static_assert(sizeof(struct gdma_wire_dev_id) == 4);

struct gdma_req_hdr {
	struct gdma_msg_hdr req;
	struct gdma_msg_hdr resp;	/* what the caller wants back */
	struct gdma_wire_dev_id dev_id;
	__le32 activity_id;
};

static_assert(sizeof(struct gdma_req_hdr) == 40);

struct gdma_resp_hdr {
	struct gdma_msg_hdr response;
	struct gdma_wire_dev_id dev_id;
	__le32 activity_id;
	__le32 status;
	__le32 reserved;
};

static_assert(sizeof(struct gdma_resp_hdr) == 32);

#define GDMA_STANDARD_HEADER_TYPE	0
#define GDMA_MESSAGE_V1			1
#define GDMA_MESSAGE_V2			2
#define GDMA_MESSAGE_V3			3

/* Response status values the HWC layer knows about. */
#define GDMA_STATUS_SUCCESS		0
#define GDMA_STATUS_MORE_ENTRIES	0x105
#define GDMA_STATUS_CMD_UNSUPPORTED	0xffffffff

/* Largest request and response carried by the hardware channel. */
#define GDMA_MAX_REQUEST_SIZE		4096
#define GDMA_MAX_RESPONSE_SIZE		4096

/* GDMA-class opcodes (docs/device-interface.md §3.8) */
enum gdma_request_type {
	GDMA_VERIFY_VF_DRIVER_VERSION	= 0x01,
	GDMA_QUERY_MAX_RESOURCES	= 0x02,
	GDMA_LIST_DEVICES		= 0x03,
	GDMA_REGISTER_DEVICE		= 0x04,
	GDMA_DEREGISTER_DEVICE		= 0x05,
	GDMA_GENERATE_TEST_EQE		= 0x0a,
	GDMA_CREATE_QUEUE		= 0x0c,
	GDMA_DISABLE_QUEUE		= 0x0d,
	GDMA_ALLOCATE_RESOURCE_RANGE	= 0x16,
	GDMA_DESTROY_RESOURCE_RANGE	= 0x18,
	GDMA_CREATE_DMA_REGION		= 0x19,
	GDMA_DMA_REGION_ADD_PAGES	= 0x1a,
	GDMA_DESTROY_DMA_REGION		= 0x1b,
	GDMA_CREATE_PD			= 0x1d,
	GDMA_DESTROY_PD			= 0x1e,
	GDMA_CREATE_MR			= 0x1f,
	GDMA_DESTROY_MR			= 0x20,
	GDMA_QUERY_HWC_TIMEOUT		= 0x54,
	GDMA_ALLOC_DM			= 0x60,
	GDMA_DESTROY_DM			= 0x61,
};

/* ---- GDMA-class message bodies ----------------------------------------- */

/* Bare request / response: just the header. */
struct gdma_general_req {
	struct gdma_req_hdr hdr;
};

struct gdma_general_resp {
	struct gdma_resp_hdr hdr;
};

#define GDMA_PROTOCOL_V1		1
#define GDMA_OS_TYPE_LINUX		0x10
#define GDMA_OS_VER_STR_LEN		128

struct gdma_verify_ver_req {
	struct gdma_req_hdr hdr;
	__le64 protocol_ver_min;
	__le64 protocol_ver_max;
	__le64 drv_cap_flags[4];
	__le64 drv_ver;
	__le32 os_type;
	__le32 reserved;
	__le32 os_ver_major;
	__le32 os_ver_minor;
	__le32 os_ver_build;
	__le32 os_ver_platform;
	__le64 reserved_2;
	u8 os_ver_str1[GDMA_OS_VER_STR_LEN];
	u8 os_ver_str2[GDMA_OS_VER_STR_LEN];
	u8 os_ver_str3[GDMA_OS_VER_STR_LEN];
	u8 os_ver_str4[GDMA_OS_VER_STR_LEN];
};

static_assert(sizeof(struct gdma_verify_ver_req) == 640);

struct gdma_verify_ver_resp {
	struct gdma_resp_hdr hdr;
	__le64 gdma_protocol_ver;
	__le64 pf_cap_flags[4];
};

static_assert(sizeof(struct gdma_verify_ver_resp) == 72);

struct gdma_query_max_resources_resp {
	struct gdma_resp_hdr hdr;
	__le32 status;
	__le32 max_sq;
	__le32 max_rq;
	__le32 max_cq;
	__le32 max_eq;
	__le32 max_db;
	__le32 max_mst;
	__le32 max_cq_mod_ctx;
	__le32 max_mod_cq;
	__le32 max_msix;
};

static_assert(sizeof(struct gdma_query_max_resources_resp) == 72);

#define GDMA_DEV_LIST_SIZE		64

struct gdma_list_devices_resp {
	struct gdma_resp_hdr hdr;
	__le32 num_of_devs;
	__le32 reserved;
	struct gdma_wire_dev_id devs[GDMA_DEV_LIST_SIZE];
};

static_assert(sizeof(struct gdma_list_devices_resp) == 296);

struct gdma_register_device_resp {
	struct gdma_resp_hdr hdr;
	__le32 pdid;
	__le32 gpa_mkey;
	__le32 db_id;
};

static_assert(sizeof(struct gdma_register_device_resp) == 44);

struct gdma_generate_test_eqe_req {
	struct gdma_req_hdr hdr;
	__le32 queue_index;
};

static_assert(sizeof(struct gdma_generate_test_eqe_req) == 44);

struct gdma_create_queue_req {
	struct gdma_req_hdr hdr;
	__le32 type;
	__le32 reserved1;
	__le32 pdid;
	__le32 doorbell_id;
	__le64 gdma_region;
	__le32 reserved2;
	__le32 queue_size;
	__le32 log2_throttle_limit;
	__le32 eq_pci_msix_index;
	__le32 cq_mod_ctx_id;
	__le32 cq_parent_eq_id;
	u8 rq_drop_on_overrun;
	u8 rq_err_on_wqe_overflow;
	u8 rq_chain_rec_wqes;
	u8 sq_hw_db;
	__le32 reserved3;
};

static_assert(sizeof(struct gdma_create_queue_req) == 96);

struct gdma_create_queue_resp {
	struct gdma_resp_hdr hdr;
	__le32 queue_index;
};

static_assert(sizeof(struct gdma_create_queue_resp) == 36);

struct gdma_disable_queue_req {
	struct gdma_req_hdr hdr;
	__le32 type;
	__le32 queue_index;
	__le32 alloc_res_id_on_creation;
};

static_assert(sizeof(struct gdma_disable_queue_req) == 52);

/* gdma_page_type: log2(page size) - 12 */
#define GDMA_PAGE_TYPE_4K		0

struct gdma_create_dma_region_req {
	struct gdma_req_hdr hdr;
	__le64 length;
	__le32 offset_in_page;
	__le32 gdma_page_type;
	__le32 page_count;
	__le32 page_addr_list_len;
	__le64 page_addr_list[];
};

static_assert(sizeof(struct gdma_create_dma_region_req) == 64);

struct gdma_create_dma_region_resp {
	struct gdma_resp_hdr hdr;
	__le64 dma_region_handle;
};

static_assert(sizeof(struct gdma_create_dma_region_resp) == 40);

struct gdma_dma_region_add_pages_req {
	struct gdma_req_hdr hdr;
	__le64 dma_region_handle;
	__le32 page_addr_list_len;
	__le32 reserved;
	__le64 page_addr_list[];
};

static_assert(sizeof(struct gdma_dma_region_add_pages_req) == 56);

struct gdma_destroy_dma_region_req {
	struct gdma_req_hdr hdr;
	__le64 dma_region_handle;
};

static_assert(sizeof(struct gdma_destroy_dma_region_req) == 48);

/* Page addresses that fit in the first and in each follow-up message. */
#define GDMA_REGION_FIRST_MAX_PAGES \
	((GDMA_MAX_REQUEST_SIZE - sizeof(struct gdma_create_dma_region_req)) / 8)
#define GDMA_REGION_ADD_MAX_PAGES \
	((GDMA_MAX_REQUEST_SIZE - sizeof(struct gdma_dma_region_add_pages_req)) / 8)

struct gdma_query_hwc_timeout_req {
	struct gdma_req_hdr hdr;
	__le32 timeout_ms;
	__le32 reserved;
};

static_assert(sizeof(struct gdma_query_hwc_timeout_req) == 48);

struct gdma_query_hwc_timeout_resp {
	struct gdma_resp_hdr hdr;
	__le32 timeout_ms;
	__le32 reserved;
};

static_assert(sizeof(struct gdma_query_hwc_timeout_resp) == 40);

/* Resource ranges (doorbell pages for RDMA user contexts). */
#define GDMA_RESOURCE_DOORBELL_PAGE	27

struct gdma_allocate_resource_range_req {
	struct gdma_req_hdr hdr;
	__le32 resource_type;
	__le32 num_resources;
	__le32 alignment;
	__le32 allocated_resources;
};

static_assert(sizeof(struct gdma_allocate_resource_range_req) == 56);

struct gdma_allocate_resource_range_resp {
	struct gdma_resp_hdr hdr;
	__le32 allocated_resources;
};

static_assert(sizeof(struct gdma_allocate_resource_range_resp) == 36);

struct gdma_destroy_resource_range_req {
	struct gdma_req_hdr hdr;
	__le32 resource_type;
	__le32 num_resources;
	__le32 allocated_resources;
};

static_assert(sizeof(struct gdma_destroy_resource_range_req) == 52);

/* Protection domains and memory regions (used by the RDMA layer). */
#define GDMA_PD_FLAG_ALLOW_GPA_MR	BIT(0)
#define GDMA_PD_FLAG_SHORT_PDN		BIT(2)

struct gdma_create_pd_req {
	struct gdma_req_hdr hdr;
	__le32 flags;
	__le32 reserved;
};

static_assert(sizeof(struct gdma_create_pd_req) == 48);

struct gdma_create_pd_resp {
	struct gdma_resp_hdr hdr;
	__le64 pd_handle;
	__le32 pd_id;
	__le32 reserved;
};

static_assert(sizeof(struct gdma_create_pd_resp) == 48);

struct gdma_destroy_pd_req {
	struct gdma_req_hdr hdr;
	__le64 pd_handle;
};

static_assert(sizeof(struct gdma_destroy_pd_req) == 48);

#define GDMA_MR_TYPE_GPA		1
#define GDMA_MR_TYPE_GVA		2
#define GDMA_MR_TYPE_ZBVA		4
#define GDMA_MR_TYPE_DM			5
#define GDMA_MR_TYPE_MW1		6
#define GDMA_MR_TYPE_MW2		7

struct gdma_create_mr_req {
	struct gdma_req_hdr hdr;
	__le64 pd_handle;
	__le32 mr_type;
	__le32 reserved;
	__le64 param[4];	/* type-specific (device-interface.md §3.9) */
};

static_assert(sizeof(struct gdma_create_mr_req) == 88);

struct gdma_create_mr_resp {
	struct gdma_resp_hdr hdr;
	__le64 mr_handle;
	__le32 lkey;
	__le32 rkey;
};

static_assert(sizeof(struct gdma_create_mr_resp) == 48);

struct gdma_destroy_mr_req {
	struct gdma_req_hdr hdr;
	__le64 mr_handle;
};

static_assert(sizeof(struct gdma_destroy_mr_req) == 48);

/* Capability bits the driver announces in drv_cap_flags[0]. */
#define GDMA_DRV_CAP_EQ_SHARING		BIT_ULL(0)
#define GDMA_DRV_CAP_NAPI_WKDONE_FIX	BIT_ULL(2)
#define GDMA_DRV_CAP_HWC_TIMEOUT_RECONF	BIT_ULL(3)
#define GDMA_DRV_CAP_VARIABLE_INDIR_TBL	BIT_ULL(5)
#define GDMA_DRV_CAP_LINK_AWARE		BIT_ULL(6)
#define GDMA_DRV_CAP_DEV_LIST_HOLES	BIT_ULL(11)
#define GDMA_DRV_CAP_RESET_ON_EQE	BIT_ULL(14)
#define GDMA_DRV_CAP_FPGA_RECONFIG_EQE	BIT_ULL(17)
#define GDMA_DRV_CAP_STALLED_SQ_RESET	BIT_ULL(18)
#define GDMA_DRV_CAP_SKB_LINEARIZE	BIT_ULL(20)
#define GDMA_DRV_CAP_PERIODIC_STATS	BIT_ULL(21)
#define GDMA_DRV_CAP_PROBE_RECOVERY	BIT_ULL(22)
#define GDMA_DRV_CAP_HWC_TIMEOUT_RESET	BIT_ULL(25)
#define GDMA_DRV_CAP_INTR_MODERATION	BIT_ULL(28)

/* Capability bits the device reports in pf_cap_flags[0]. */
#define GDMA_PF_CAP_HWC_TIMEOUT_QUERY	BIT_ULL(3)
#define GDMA_PF_CAP_LARGE_PAGES		BIT_ULL(4)
#define GDMA_PF_CAP_DIM			BIT_ULL(15)

#endif /* _MANA_GDMA_WIRE_H */
