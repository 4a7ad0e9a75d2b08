/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) */
/*
 * User-space ABI of mana_ib (driver data of the uverbs commands), as the
 * rdma-core "mana" provider (libmana) lays it out.  Kernels before 6.2 have
 * no <rdma/mana-abi.h>, so the package carries the layouts itself; every
 * structure is pinned by a size assertion.  All fields little-endian host
 * order (x86-64), naturally aligned.
 */
#ifndef _MANA_IB_ABI_H
#define _MANA_IB_ABI_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

/* Bump only for changes that break existing user space. */
#define MANA_IB_ABI_VERSION		1

/* mana_ib_ucreate_cq.flags: the CQ is an RNIC CQ (not supported here) */
#define MANA_IB_UCQ_FLAG_RNIC		BIT(0)

/* Hash function bits of mana_ib_ucreate_qp_rss.hash_function */
#define MANA_IB_UHASH_TOEPLITZ		BIT(0)

#define MANA_IB_UHASH_KEY_SIZE		40
#define MANA_IB_URSS_MAX_ENTRIES	64

/*
 * create_cq request: the CQ ring in user memory (cqe * 64 bytes); older
 * providers send buf_addr only (flags then read as 0).
 */
struct mana_ib_ucreate_cq {
	__aligned_u64 buf_addr;
	__u16 flags;
	__u16 reserved0;
	__u32 reserved1;
};

static_assert(sizeof(struct mana_ib_ucreate_cq) == 16);

/* create_cq response (RNIC CQs only) */
struct mana_ib_ucreate_cq_resp {
	__u32 cqid;
	__u32 reserved;
};

static_assert(sizeof(struct mana_ib_ucreate_cq_resp) == 8);

/* create_qp request of a raw-packet send QP */
struct mana_ib_ucreate_qp {
	__aligned_u64 sq_buf_addr;
	__u32 sq_buf_size;
	__u32 port;
};

static_assert(sizeof(struct mana_ib_ucreate_qp) == 16);

/* create_qp response of a raw-packet send QP */
struct mana_ib_ucreate_qp_resp {
	__u32 sqid;
	__u32 cqid;
	__u32 tx_vp_offset;
	__u32 reserved;
};

static_assert(sizeof(struct mana_ib_ucreate_qp_resp) == 16);

/* create_wq request: the receive WQ ring in user memory */
struct mana_ib_ucreate_wq {
	__aligned_u64 wq_buf_addr;
	__u32 wq_buf_size;
	__u32 reserved;
};

static_assert(sizeof(struct mana_ib_ucreate_wq) == 16);

/* create_qp request of an RSS raw-packet QP over an RWQ indirection table */
struct mana_ib_ucreate_qp_rss {
	__aligned_u64 hash_fields_mask;
	__u8 hash_function;
	__u8 reserved[7];
	__u32 hash_key_len;
	__u8 hash_key[MANA_IB_UHASH_KEY_SIZE];
	__u32 port;
};

static_assert(sizeof(struct mana_ib_ucreate_qp_rss) == 64);

/* one receive queue of an RSS QP and its completion queue */
struct mana_ib_urss_entry {
	__u32 cqid;
	__u32 wqid;
};

static_assert(sizeof(struct mana_ib_urss_entry) == 8);

/* create_qp response of an RSS raw-packet QP */
struct mana_ib_ucreate_qp_rss_resp {
	__aligned_u64 num_entries;
	struct mana_ib_urss_entry entries[MANA_IB_URSS_MAX_ENTRIES];
};

static_assert(sizeof(struct mana_ib_ucreate_qp_rss_resp) == 520);

/*
 * RC QP rings libmana allocates, in the order of the arrays below: requester
 * send, responder send, requester receive, responder receive (the device's
 * FMR ring is not used by user QPs).
 */
#define MANA_IB_URC_QUEUES		4

/* create_qp request of an RC QP (RNIC device, rdma-core 50 and later) */
struct mana_ib_ucreate_rc_qp {
	__aligned_u64 queue_buf[MANA_IB_URC_QUEUES];
	__u32 queue_size[MANA_IB_URC_QUEUES];
};

static_assert(sizeof(struct mana_ib_ucreate_rc_qp) == 48);

/* create_qp response of an RC QP: the device ids of the four rings */
struct mana_ib_ucreate_rc_qp_resp {
	__u32 queue_id[MANA_IB_URC_QUEUES];
};

static_assert(sizeof(struct mana_ib_ucreate_rc_qp_resp) == 16);

#endif /* _MANA_IB_ABI_H */
