/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mana_ib: RDMA driver of the Microsoft Azure Network Adapter, first
 * version: the raw-packet (DPDK) feature set.
 *
 * Attachment: the Ethernet layer of mana.ko creates an auxiliary device
 * "mana.rdma" per MANA Ethernet GDMA device (mana/eth/mana_ib_if.h).  We
 * register one IB device "mana_%d" on it with one IB port per Ethernet vPort
 * (IB port N = vPort N - 1), Ethernet link layer, raw-packet capability.
 *
 * Objects and what they send (docs/mana-hw-spec.md section 5.2):
 *   ucontext  ALLOCATE_RESOURCE_RANGE(doorbell page); mmap offset 0 maps it
 *   PD        CREATE_PD / DESTROY_PD
 *   MR        CREATE_DMA_REGION(+ADD_PAGES) of the pinned user pages, then
 *             CREATE_MR(GVA); the MR owns the region afterwards
 *   CQ, WQ    a DMA region of the user ring only; the device object is
 *             created with the QP that uses them (CREATE_WQ_OBJ)
 *   raw QP    CONFIG_VPORT_TX(PD, ucontext doorbell) on first use of the PD,
 *             region of the SQ ring, CREATE_WQ_OBJ(SQ) on the vPort
 *   RSS QP    CREATE_WQ_OBJ(RQ) per WQ of the indirection table, then
 *             CONFIG_VPORT_RX with the table and hash key
 * Raw and RSS QPs take the vPort from the Ethernet layer
 * (mana_eth_rdma_get_vport()): the netdev must be down while they exist.
 *
 * Two IB devices, as mainline splits them: the raw-packet device above
 * ("manae_%d", on the Ethernet GDMA device) and, when the function lists
 * the RDMA GDMA device (type 3), the RNIC ("mana_%d", rnic_*.c):
 *   adapter   REGISTER_DEVICE(type 3), GET_ADAPTER_CAP, a notify EQ and one
 *             EQ per completion vector, CREATE_ADAPTER, CONFIG_MAC_ADDR of
 *             port 1's vPort; GIDs follow the port netdev through the
 *             core's GID table callbacks (CONFIG_IP_ADDR)
 *   CQ        CREATE_CQ over the user ring when libmana asks for an RNIC CQ
 *   RC QP     four user rings (no FMR ring), CREATE_RC_QP, SET_QP_STATE
 * The RNIC shares contexts, PDs and MRs with the raw device's code.
 *
 *   counters  QUERY_VF_COUNTERS as port 1's hw counters, QUERY_DEVICE_COUNTERS
 *             as the device-wide set when the adapter has it (counters.c)
 *
 *   DMA MR    CREATE_MR(GPA) on a kernel PD (created with ALLOW_GPA_MR):
 *             local access to bus addresses, for kernel consumers
 *
 *   kernel CQ a ring of our own (CREATE_CQ), polled by poll_cq (rnic_kcq.c)
 *   UD, GSI   kernel QPs: two rings of our own, CREATE_UD_QP, SET_QP_STATE
 *             (version 3: Q_Key); post_send/post_recv write GDMA WQEs and
 *             keep the work requests in shadow rings the CQEs complete
 *             (rnic_ud.c); address handles are address vectors copied into
 *             each send (ah.c).  Port 1 announces MADs and the CM, so the MAD
 *             layer and rdma_cm use the GSI QP.
 *
 * Locking: the IB core serialises object creation and destruction per
 * object; a kernel CQ's lock (taken first) guards its QP lists and the
 * completion side of their shadow rings, a kernel QP's lock its posting;
 * struct mana_ib_pd.vport_lock serialises the vPort TX configuration of a
 * PD; the RNIC's QP table (an xarray, IRQ-safe lock)
 * lets the EQ handler find a QP, each QP's refcount keeps it alive while
 * an event is passed on.
 */
#ifndef _MANA_IB_H
#define _MANA_IB_H

#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <linux/netdevice.h>
#include <linux/sizes.h>
#include <compat/rdma.h>

#include "../eth/mana_ib_if.h"
#include "../gdma/gdma.h"
#include "mana_ib_abi.h"
#include "rnic_wire.h"

/* Page sizes a DMA region may use (4 KiB .. 2 MiB) */
#define MANA_IB_PAGE_SIZES						\
	(SZ_4K | SZ_8K | SZ_16K | SZ_32K | SZ_64K | SZ_128K | SZ_256K |	\
	 SZ_512K | SZ_1M | SZ_2M)

/* Limits of the raw-packet device (no adapter capability query) */
#define MANA_IB_MAX_PD			0x6000
#define MANA_IB_MAX_QP_WR		(SZ_1M / GDMA_MAX_SQ_WQE_SIZE)
#define MANA_IB_MAX_SEND_SGE		30
#define MANA_IB_MAX_RECV_SGE		15
#define MANA_IB_CQE_SIZE		GDMA_CQE_SIZE
#define MANA_IB_MAX_IND_TABLE_LOG	6	/* 64 entries */
/*
 * User rings: a power of two of at least one GDMA page (what the device
 * takes and what libmana allocates); the upper bound keeps a bad request
 * from pinning much memory and is far above libmana's largest ring
 * (2048 send WRs of 512 bytes = 1 MiB).
 */
#define MANA_IB_MIN_QUEUE_SIZE		GDMA_MIN_QUEUE_SIZE
#define MANA_IB_MAX_QUEUE_SIZE		SZ_16M

/* mana_ib_create_mr_req() iova of a zero-based (ZBVA) MR */
#define MANA_IB_ZERO_BASED_IOVA		U64_MAX

/* GDMA access flags of CREATE_MR */
#define MANA_IB_ACCESS_LOCAL_READ	BIT(0)
#define MANA_IB_ACCESS_LOCAL_WRITE	BIT(1)
#define MANA_IB_ACCESS_REMOTE_READ	BIT(2)
#define MANA_IB_ACCESS_REMOTE_WRITE	BIT(3)

/**
 * struct mana_ib_rnic_caps - what GET_ADAPTER_CAP announced (CPU order)
 * @max_qp: QPs
 * @max_cq: CQs
 * @max_mr: MRs
 * @max_pd: PDs
 * @max_qp_wr: work requests per queue (smaller of the SQ and RQ bounds)
 * @max_send_sge: SGEs per send WR
 * @max_recv_sge: SGEs per receive WR
 * @max_inline: inline data bytes
 * @max_rd_in: incoming RDMA READs in flight per QP
 * @max_rd_out: outgoing RDMA READs in flight per QP
 * @features: MANA_IB_FEATURE_* bits
 */
struct mana_ib_rnic_caps {
	u32 max_qp;
	u32 max_cq;
	u32 max_mr;
	u32 max_pd;
	u32 max_qp_wr;
	u32 max_send_sge;
	u32 max_recv_sge;
	u32 max_inline;
	u32 max_rd_in;
	u32 max_rd_out;
	u64 features;
};

/**
 * struct mana_ib_rnic - state of the RNIC device (rnic_adapter.c)
 * @mdev: the IB device this state belongs to
 * @adapter: adapter handle from CREATE_ADAPTER
 * @notify_eq: EQ the device raises QP-fatal events on
 * @eqs: one completion EQ per completion vector
 * @num_eqs: entries of @eqs
 * @eq_watch: every MANA_IB_EQ_WATCH_MS, handles the events of an EQ whose
 *	interrupt was lost (rnic_adapter.c)
 * @caps: adapter limits
 * @mac: MAC configured on the adapter (port 1's vPort)
 * @qps: RC QPs by QP number (IRQ-safe lock: the EQ handler looks them up)
 * @stat_desc: descriptors of port 1's counters (counters.c)
 * @dev_stat_desc: descriptors of the device-wide counters (counters.c)
 */
struct mana_ib_rnic {
	struct mana_ib_dev *mdev;
	u64 adapter;
	struct gdma_queue *notify_eq;
	struct gdma_queue **eqs;
	u32 num_eqs;
	struct delayed_work eq_watch;
	struct mana_ib_rnic_caps caps;
	u8 mac[ETH_ALEN];
	struct xarray qps;
#ifdef HAVE_RDMA_STAT_DESC
	struct rdma_stat_desc stat_desc[MANA_IB_VF_COUNTERS];
	struct rdma_stat_desc dev_stat_desc[MANA_IB_DEV_COUNTERS];
#endif
};

/**
 * struct mana_ib_dev - one IB device on a "mana.rdma" auxiliary device
 * @ib_dev: the IB device (first: allocated by ib_alloc_device())
 * @eth: Ethernet state of the MANA device (opaque: read through the
 *	accessors of mana_ib_if.h)
 * @gd: the Ethernet GDMA device (target of MANA-class requests)
 * @gc: the PCI function
 * @dev: the PCI device (DMA, messages)
 * @num_ports: IB ports = Ethernet vPorts
 * @nb: netdev notifier keeping each port's netdev the primary one
 * @tx_owner_lock: protects @tx_owner and @rss_owner
 * @tx_owner: per port, the PD whose send QPs configured the vPort TX
 *	(the device serves one PD and doorbell per vPort), or NULL
 * @rss_owner: per port, the RSS QP that steers the vPort's receive side
 *	(one CONFIG_VPORT_RX per vPort: a second RSS QP would silently take
 *	the steering over and lose it for both when either goes), or NULL
 * @removing: the IB device is being unregistered (driver remove, reset
 *	cycle, RDMA servicing): the core destroys every user object and
 *	cannot keep one whose destroy request fails
 * @rnic: the RNIC state when this is the RNIC device, else NULL
 * @rnic_dev: on the raw device: its RNIC companion, or NULL
 */
struct mana_ib_dev {
	struct ib_device ib_dev;
	struct mana_eth *eth;
	struct gdma_dev *gd;
	struct gdma_context *gc;
	struct device *dev;
	u32 num_ports;
	struct notifier_block nb;
	struct mutex tx_owner_lock;	/* @tx_owner, @rss_owner */
	struct mana_ib_pd **tx_owner;
	struct mana_ib_qp **rss_owner;
	bool removing;
	struct mana_ib_rnic *rnic;
	struct mana_ib_dev *rnic_dev;
};

/**
 * struct mana_ib_ucontext - a user context
 * @ibucontext: core object
 * @doorbell: index of the doorbell page allocated for this context
 */
struct mana_ib_ucontext {
	struct ib_ucontext ibucontext;
	u32 doorbell;
};

/**
 * struct mana_ib_pd - a protection domain
 * @ibpd: core object
 * @handle: device handle of the PD
 * @pdn: PD id (used as pdid of CONFIG_VPORT_TX)
 * @vport_lock: protects the vPort fields below
 * @vport_users: raw send QPs of this PD
 * @vport_port: IB port whose vPort TX is configured for the PD
 * @tx_vp_offset: vPort offset the device returned for user TX WQEs
 */
struct mana_ib_pd {
	struct ib_pd ibpd;
	u64 handle;
	u32 pdn;
	struct mutex vport_lock;	/* vport_users, vport_port, tx_vp_offset */
	u32 vport_users;
	u32 vport_port;
	u16 tx_vp_offset;
};

/**
 * struct mana_ib_mr - a memory region (user memory, dma-buf or DMA MR)
 * @ibmr: core object
 * @umem: pinned user memory; NULL for a DMA MR
 * @handle: device handle of the MR
 */
struct mana_ib_mr {
	struct ib_mr ibmr;
	struct ib_umem *umem;
	u64 handle;
};

/**
 * struct mana_ib_uqueue - a user ring described to the device
 * @umem: pinned ring memory
 * @region: DMA region handle; GDMA_INVALID_DMA_REGION once a device
 *	object owns it
 * @size: ring size in bytes
 * @id: device queue id once the object exists, else GDMA_INVALID_ID
 */
struct mana_ib_uqueue {
	struct ib_umem *umem;
	u64 region;
	u32 size;
	u32 id;
};

/**
 * struct mana_ib_kwr - a kernel work request in a shadow ring
 * @wr_id: the caller's id
 * @wqe_bu: 32-byte units its WQE took on the ring
 * @len: bytes of its buffers (receive) or payload (send)
 * @byte_len: receive: bytes the device wrote
 * @src_qp: receive: source QP
 * @imm: receive: immediate data (network order, as the core wants it)
 * @status: enum ib_wc_status once completed
 * @vendor_err: the device's error code
 * @report: completion is reported (signaled send, every receive)
 * @with_imm: receive: @imm is valid
 */
struct mana_ib_kwr {
	u64 wr_id;
	u32 wqe_bu;
	u32 len;
	u32 byte_len;
	u32 src_qp;
	__be32 imm;
	u8 status;
	u8 vendor_err;
	bool report;
	bool with_imm;
};

/**
 * struct mana_ib_kring - shadow ring of a kernel queue's work requests
 * @wr: @size entries, a power of two
 * @size: entries
 * @head: posted (free running)
 * @done: completed by the device or flushed; [@done, @head) outstanding
 * @tail: handed to poll_cq; [@tail, @done) wait to be reported
 */
struct mana_ib_kring {
	struct mana_ib_kwr *wr;
	u32 size;
	u32 head;
	u32 done;
	u32 tail;
};

/**
 * struct mana_ib_kqp - the kernel side of a UD or GSI QP (rnic_ud.c)
 * @ibqp: the QP
 * @wq: the SQ and RQ rings (GDMA queues of the RNIC device)
 * @ring: their shadow rings
 * @lock: posting; taken under the CQs' locks on the completion side
 * @av: one address vector slot per send ring entry (coherent DMA)
 * @av_dma: bus address of @av
 * @qkey: the QP's Q_Key (modify_qp)
 * @sq_psn: PSN of the next send
 * @max_sge: SGEs per WR accepted on the SQ and RQ
 * @sig_all: every send is reported
 * @flushed: the sends were flushed with an error (teardown): no more
 *	sends, and late send CQEs are dropped
 * @send_node: on the send CQ's list
 * @recv_node: on the receive CQ's list
 */
struct mana_ib_kqp {
	struct ib_qp *ibqp;
	struct gdma_queue *wq[MANA_IB_UD_QUEUES];
	struct mana_ib_kring ring[MANA_IB_UD_QUEUES];
	spinlock_t lock;	/* posting, the shadow rings */
	void *av;
	dma_addr_t av_dma;
	u32 qkey;
	u32 sq_psn;
	u32 max_sge[MANA_IB_UD_QUEUES];
	bool sig_all;
	bool flushed;
	struct list_head send_node;
	struct list_head recv_node;
};

/**
 * struct mana_ib_cq - a user completion queue
 * @ibcq: core object
 * @queue: the user ring
 * @cqe: entries
 * @comp_vector: completion vector (selects the parent EQ)
 * @events: while a QP's device object uses the CQ, its entry in the GDMA
 *	CQ table that passes completion events on to the core's handler
 *	(completion channels), else NULL
 * @handle: RNIC CQ object handle, MANA_INVALID_HANDLE for a ring only
 * @kq: kernel CQ: its ring (NULL for a user CQ)
 * @lock: kernel CQ: polling, arming and the QP lists
 * @send_qps: kernel CQ: QPs whose sends complete here
 * @recv_qps: kernel CQ: QPs whose receives complete here
 * @dying: kernel CQ: being destroyed, events are no longer passed on
 */
struct mana_ib_cq {
	struct ib_cq ibcq;
	struct mana_ib_uqueue queue;
	int cqe;
	u32 comp_vector;
	struct gdma_queue *events;
	u64 handle;
	struct gdma_queue *kq;
	spinlock_t lock;	/* kernel CQ: polling, the QP lists */
	struct list_head send_qps;
	struct list_head recv_qps;
	bool dying;
};

/**
 * struct mana_ib_ah - an address handle (kernel UD/GSI sends)
 * @ibah: core object
 * @av: the address vector each send copies into its WQE's slot
 */
struct mana_ib_ah {
	struct ib_ah ibah;
	struct mana_ib_ud_av av;
};

/**
 * struct mana_ib_wq - a user receive work queue (RSS member)
 * @ibwq: core object
 * @queue: the user ring
 * @rx_obj: RQ object handle while an RSS QP uses it, else MANA_INVALID_HANDLE
 */
struct mana_ib_wq {
	struct ib_wq ibwq;
	struct mana_ib_uqueue queue;
	u64 rx_obj;
};

/**
 * struct mana_ib_rwq_ind_table - an RWQ indirection table (core-managed)
 * @ib_ind_table: core object
 */
struct mana_ib_rwq_ind_table {
	struct ib_rwq_ind_table ib_ind_table;
};

/**
 * struct mana_ib_qp - a raw-packet QP (send QP or RSS receive QP) or an RC QP
 * @ibqp: core object
 * @port: IB port (vPort + 1)
 * @vport: vPort handle
 * @sq: send ring (raw send QP)
 * @sq_obj: SQ object handle (raw send QP)
 * @rc: the rings of an RC QP (the FMR ring stays unused for user QPs)
 * @handle: RC QP object handle
 * @refs: RC QP: references of the QP table and of running event handlers
 * @freed: RC QP: completed when @refs drops to zero
 * @state: RC QP: state the device has (what modify_qp moved it to)
 * @kqp: UD/GSI QP: the kernel rings (also for RC-style @refs and @state)
 */
struct mana_ib_qp {
	struct ib_qp ibqp;
	u32 port;
	u64 vport;
	struct mana_ib_uqueue sq;
	u64 sq_obj;
	struct mana_ib_uqueue rc[MANA_IB_RC_QUEUES];
	u64 handle;
	refcount_t refs;
	struct completion freed;
	enum ib_qp_state state;
	struct mana_ib_kqp *kqp;
};

static inline struct mana_ib_dev *to_mdev(struct ib_device *ibdev)
{
	return container_of(ibdev, struct mana_ib_dev, ib_dev);
}

static inline struct mana_ib_pd *to_mpd(struct ib_pd *ibpd)
{
	return container_of(ibpd, struct mana_ib_pd, ibpd);
}

static inline struct mana_ib_cq *to_mcq(struct ib_cq *ibcq)
{
	return container_of(ibcq, struct mana_ib_cq, ibcq);
}

static inline struct mana_ib_wq *to_mwq(struct ib_wq *ibwq)
{
	return container_of(ibwq, struct mana_ib_wq, ibwq);
}

static inline struct mana_ib_qp *to_mqp(struct ib_qp *ibqp)
{
	return container_of(ibqp, struct mana_ib_qp, ibqp);
}

/*
 * The checks every RNIC modify_qp makes first: the caller's idea of the
 * current state matches ours (a QP-fatal event may have moved it to ERR),
 * the verbs state machine allows the transition with this mask, and a port
 * number is one the device has.  On success *next is the state to go to.
 */
static inline int mana_ib_qp_transition(struct ib_qp *ibqp,
					struct ib_qp_attr *attr, int mask,
					enum ib_qp_state *next)
{
	enum ib_qp_state state = READ_ONCE(to_mqp(ibqp)->state);
	enum ib_qp_state cur;

	cur = mask & IB_QP_CUR_STATE ? attr->cur_qp_state : state;
	*next = mask & IB_QP_STATE ? attr->qp_state : cur;
	if (cur != state ||
	    !ib_modify_qp_is_ok(cur, *next, ibqp->qp_type, mask)) {
		ibdev_dbg(ibqp->device,
			  "QP %u: transition %d -> %d with mask 0x%x refused\n",
			  ibqp->qp_num, cur, *next, mask);
		return -EINVAL;
	}
	if ((mask & IB_QP_PORT) &&
	    (attr->port_num < 1 || attr->port_num > ibqp->device->phys_port_cnt))
		return -EINVAL;
	return 0;
}

static inline struct mana_ib_ah *to_mah(struct ib_ah *ibah)
{
	return container_of(ibah, struct mana_ib_ah, ibah);
}

/* Byte strings of IB-class messages go on the wire last byte first. */
static inline void mana_ib_reverse(u8 *dst, const u8 *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[len - 1 - i] = src[i];
}

/* context.c */
int mana_ib_alloc_ucontext(struct ib_ucontext *uctx, struct ib_udata *udata);
void mana_ib_dealloc_ucontext(struct ib_ucontext *uctx);
void mana_ib_disassociate_ucontext(struct ib_ucontext *uctx);
int mana_ib_mmap(struct ib_ucontext *uctx, struct vm_area_struct *vma);
int mana_ib_alloc_pd(struct ib_pd *ibpd, struct ib_udata *udata);
int mana_ib_dealloc_pd(struct ib_pd *ibpd, struct ib_udata *udata);

/* mr.c */
int mana_ib_region_from_umem(struct mana_ib_dev *mdev, struct ib_umem *umem,
			     u64 virt, bool zero_offset, u64 *region);
struct ib_mr *mana_ib_mr_reg_user(struct ib_pd *ibpd, u64 start, u64 length,
				  u64 iova, int access, struct ib_udata *udata);
struct ib_mr *mana_ib_mr_reg_dmabuf(struct ib_pd *ibpd, u64 offset,
				    u64 length, u64 iova, int fd, int access,
				    struct ib_udata *udata);
struct ib_mr *mana_ib_get_dma_mr(struct ib_pd *ibpd, int access);
int mana_ib_dereg_mr(struct ib_mr *ibmr, struct ib_udata *udata);

/* queues.c */
int mana_ib_uqueue_create(struct mana_ib_dev *mdev, u64 addr, u32 size,
			  struct mana_ib_uqueue *q);
int mana_ib_uqueue_pin(struct mana_ib_dev *mdev, u64 addr, u32 size,
		       struct mana_ib_uqueue *q);
void mana_ib_uqueue_destroy(struct mana_ib_dev *mdev,
			    struct mana_ib_uqueue *q);
int mana_ib_cq_create(struct ib_cq *ibcq, const struct ib_cq_init_attr *attr,
		      struct ib_udata *udata);
int mana_ib_destroy_cq(struct ib_cq *ibcq, struct ib_udata *udata);
int mana_ib_cq_events_on(struct mana_ib_dev *mdev, struct mana_ib_cq *cq);
void mana_ib_cq_events_off(struct mana_ib_cq *cq);
struct ib_wq *mana_ib_create_wq(struct ib_pd *ibpd,
				struct ib_wq_init_attr *attr,
				struct ib_udata *udata);
int mana_ib_destroy_wq(struct ib_wq *ibwq, struct ib_udata *udata);
int mana_ib_modify_wq(struct ib_wq *ibwq, struct ib_wq_attr *attr,
		      u32 mask, struct ib_udata *udata);
int mana_ib_create_rwq_ind_table(struct ib_rwq_ind_table *table,
				 struct ib_rwq_ind_table_init_attr *attr,
				 struct ib_udata *udata);
int mana_ib_destroy_rwq_ind_table(struct ib_rwq_ind_table *table);

/* qp.c */
int mana_ib_create_qp(struct ib_qp *ibqp, struct ib_qp_init_attr *attr,
		      struct ib_udata *udata);
int mana_ib_modify_qp(struct ib_qp *ibqp, struct ib_qp_attr *attr,
		      int mask, struct ib_udata *udata);
int mana_ib_destroy_qp(struct ib_qp *ibqp, struct ib_udata *udata);

/* port.c */
void mana_ib_port_attr_from_ndev(struct ib_device *ibdev, u32 port,
				 struct net_device *ndev, int gids,
				 struct ib_port_attr *props);
int mana_ib_query_pkey(struct ib_device *ibdev, u32 port, u16 index,
		       u16 *pkey);
enum rdma_link_layer mana_ib_get_link_layer(struct ib_device *ibdev, u32 port);
int mana_ib_port_tables(struct ib_device *ibdev, u32 port,
			struct ib_port_immutable *immutable);

/* rnic_adapter.c */
int mana_ib_rnic_add(struct mana_ib_dev *raw);
void mana_ib_rnic_remove(struct mana_ib_dev *raw);

/* counters.c */
struct rdma_hw_stats *mana_ib_rnic_alloc_port_stats(struct ib_device *ibdev,
						    u32 port);
int mana_ib_rnic_get_hw_stats(struct ib_device *ibdev,
			      struct rdma_hw_stats *stats, u32 port, int index);
void mana_ib_rnic_set_stats_ops(struct mana_ib_dev *mdev);

/* rnic_cq.c */
int mana_ib_rnic_cq_create(struct ib_cq *ibcq,
			   const struct ib_cq_init_attr *attr,
			   struct ib_udata *udata);
int mana_ib_rnic_destroy_cq(struct ib_cq *ibcq, struct ib_udata *udata);

/* rnic_qp.c */
int mana_ib_rnic_create_qp(struct ib_qp *ibqp, struct ib_qp_init_attr *attr,
			   struct ib_udata *udata);
int mana_ib_rnic_modify_qp(struct ib_qp *ibqp, struct ib_qp_attr *attr,
			   int mask, struct ib_udata *udata);
int mana_ib_rnic_destroy_qp(struct ib_qp *ibqp, struct ib_udata *udata);

/* rnic_qp_table.c */
void mana_ib_rnic_qp_fatal(struct mana_ib_dev *mdev, u32 qpn);
int mana_ib_rnic_qp_track(struct mana_ib_dev *mdev, struct mana_ib_qp *qp);
void mana_ib_rnic_qp_untrack(struct mana_ib_dev *mdev, struct mana_ib_qp *qp);

/* rnic_kcq.c */
int mana_ib_kcq_create(struct mana_ib_dev *mdev, struct mana_ib_cq *cq,
		       const struct ib_cq_init_attr *attr);
void mana_ib_kcq_destroy(struct mana_ib_dev *mdev, struct mana_ib_cq *cq);
void mana_ib_kcq_attach(struct mana_ib_cq *scq, struct mana_ib_cq *rcq,
			struct mana_ib_kqp *kqp);
void mana_ib_kcq_detach(struct mana_ib_cq *scq, struct mana_ib_cq *rcq,
			struct mana_ib_kqp *kqp);
int mana_ib_poll_cq(struct ib_cq *ibcq, int num_entries, struct ib_wc *wc);
int mana_ib_req_notify_cq(struct ib_cq *ibcq, enum ib_cq_notify_flags flags);

/* rnic_ud.c */
int mana_ib_ud_create_qp(struct ib_qp *ibqp, struct ib_qp_init_attr *attr);
int mana_ib_ud_modify_qp(struct ib_qp *ibqp, struct ib_qp_attr *attr,
			 int mask);
void mana_ib_ud_destroy_qp(struct ib_qp *ibqp);
void mana_ib_ud_flush_sends(struct mana_ib_kqp *kqp);
void mana_ib_rnic_flush_gsi(struct mana_ib_dev *mdev);
int mana_ib_post_send(struct ib_qp *ibqp, const struct ib_send_wr *wr,
		      const struct ib_send_wr **bad_wr);
int mana_ib_post_recv(struct ib_qp *ibqp, const struct ib_recv_wr *wr,
		      const struct ib_recv_wr **bad_wr);

/* ah.c */
int mana_ib_create_ah(struct ib_ah *ibah, struct rdma_ah_init_attr *attr,
		      struct ib_udata *udata);
int mana_ib_destroy_ah(struct ib_ah *ibah, u32 flags);

/* requests.c */
int mana_ib_send(struct mana_ib_dev *mdev, struct gdma_dev *target,
		 void *req, u32 req_len, void *resp, u32 resp_len);
int mana_ib_rnic_send(struct mana_ib_dev *mdev, u32 code, void *req,
		      u32 req_len, void *resp, u32 resp_len);
int mana_ib_rnic_send_v(struct mana_ib_dev *mdev, u32 code, u16 resp_version,
			void *req, u32 req_len, void *resp, u32 resp_len);
int mana_ib_rnic_destroy_obj(struct mana_ib_dev *mdev, u32 code, u64 handle);
int mana_ib_create_pd_req(struct mana_ib_dev *mdev, u32 flags, u64 *handle,
			  u32 *pdn);
int mana_ib_destroy_pd_req(struct mana_ib_dev *mdev, u64 handle);
int mana_ib_create_mr_req(struct mana_ib_dev *mdev, u64 pd_handle,
			  u64 region, u64 iova, u32 access, u64 *handle,
			  u32 *lkey, u32 *rkey);
int mana_ib_create_gpa_mr_req(struct mana_ib_dev *mdev, u64 pd_handle,
			      u64 *handle, u32 *lkey, u32 *rkey);
int mana_ib_destroy_mr_req(struct mana_ib_dev *mdev, u64 handle);
int mana_ib_vport_tx_req(struct mana_ib_dev *mdev, u64 vport, u32 pdid,
			 u32 doorbell, u16 *tx_vp_offset);
int mana_ib_create_wq_obj_req(struct mana_ib_dev *mdev, u64 vport,
			      u32 wq_type, struct mana_ib_uqueue *wq,
			      struct mana_ib_cq *cq, u64 *obj);
int mana_ib_destroy_wq_obj_req(struct mana_ib_dev *mdev, u32 wq_type,
			       u64 obj);
int mana_ib_vport_rx_req(struct mana_ib_dev *mdev, u64 vport, bool enable,
			 const u64 *rx_objs, u32 log_size, const u8 *key);

#endif /* _MANA_IB_H */
