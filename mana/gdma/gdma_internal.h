/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interfaces of the GDMA hardware layer.  Shared by the files in
 * mana/gdma/ and by the KUnit tests; not for the upper layers.
 *
 * Nothing here touches PCI: a test can build a gdma_context on a kzalloc'd
 * buffer standing for BAR0 and a plain struct device with a 64-bit DMA mask.
 */
#ifndef _MANA_GDMA_INTERNAL_H
#define _MANA_GDMA_INTERNAL_H

#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/pm.h>
#include <linux/rcupdate.h>
#include <linux/semaphore.h>
#include <linux/workqueue.h>

#include "gdma.h"

/* ---- BAR0 register map (docs/device-interface.md §3.2) ---- */

#define GDMA_REG_DB_PAGE_OFFSET		0x08
#define GDMA_REG_DB_PAGE_SIZE		0x10
#define GDMA_REG_SHM_OFFSET		0x18

#define GDMA_PF_REG_DB_PAGE_SIZE	0xd0
#define GDMA_PF_REG_DB_PAGE_OFF		0xc8
#define GDMA_PF_REG_SRIOV_BASE		0x108
#define GDMA_PF_SRIOV_SHM_OFF		0x70

#define GDMA_SMC_APERTURE_SIZE		32
#define GDMA_MIN_DB_PAGE_SIZE		4096

/* ---- Shared-memory channel (docs/device-interface.md §3.4) ---- */

#define SMC_MSG_ESTABLISH_HWC		1
#define SMC_MSG_DESTROY_HWC		2
#define SMC_MSG_VERSION			0

#define SMC_HDR_MSG_TYPE		GENMASK(2, 0)
#define SMC_HDR_MSG_VERSION		GENMASK(5, 3)
#define SMC_HDR_DIRECTION		BIT(7)
#define SMC_HDR_STATUS			GENMASK(15, 8)
#define SMC_HDR_RESET_VF		BIT(24)
#define SMC_HDR_OWNER_IS_PF		BIT(31)

#define SMC_NUM_DWORDS			8
#define SMC_HDR_DWORD			7
/* DW7 value read back after a function reset: accepted as "released". */
#define SMC_RESET_PATTERN		0xffffffffU

#define SMC_PFN_LOW_BITS		48
#define SMC_PFN_HIGH_BITS		4

#define GDMA_SMC_TIMEOUT_MS		30000

/* ---- Hardware channel ---------------------------------------------------- */

#define HWC_QUEUE_SIZE			4096
#define HWC_MAX_INFLIGHT		1
#define HWC_BUF_SIZE			4096
#define HWC_EQ_LOG2_THROTTLE		4
#define HWC_INIT_TIMEOUT_MS		60000
#define HWC_DEFAULT_TIMEOUT_MS		30000
/* Wait per request once the device has stopped answering (fast failure). */
#define HWC_DEGRADED_TIMEOUT_MS		1000
/*
 * Bounds for a request timeout the device sets (event or QUERY_HWC_TIMEOUT).
 * Nearly every request is sent under RTNL (open, close, ethtool, the reset
 * cycle), so one lost answer holds RTNL for the whole timeout.  The device
 * may shorten it but not stretch it past the default it is built for: a
 * longer wait would meet the hung-task detector (120 s) and every other
 * RTNL user, and a request that does take longer is handled like a lost
 * answer (late response taken, a closing port gives the function up).
 */
#define HWC_MIN_TIMEOUT_MS		1000
#define HWC_MAX_TIMEOUT_MS		HWC_DEFAULT_TIMEOUT_MS
/* EQ events handled per interrupt, CQEs handled per HWC completion event. */
#define GDMA_EQ_BUDGET			5
#define HWC_CQ_BUDGET			4
#define GDMA_TEST_EQE_TIMEOUT_MS	30000
/* Long waits look at the device this often (surprise removal ends them). */
#define GDMA_ALIVE_CHECK_MS		200
#define GDMA_DEFAULT_EQ_THROTTLE	3
/* Most data-path queues (and EQs) per port. */
#define GDMA_MAX_QUEUES			64

/* What this driver announces in VERIFY_VF_DRIVER_VERSION. */
#define GDMA_DRV_CAP_FLAGS1		(GDMA_DRV_CAP_EQ_SHARING | \
					 GDMA_DRV_CAP_NAPI_WKDONE_FIX | \
					 GDMA_DRV_CAP_HWC_TIMEOUT_RECONF | \
					 GDMA_DRV_CAP_VARIABLE_INDIR_TBL | \
					 GDMA_DRV_CAP_LINK_AWARE | \
					 GDMA_DRV_CAP_DEV_LIST_HOLES | \
					 GDMA_DRV_CAP_RESET_ON_EQE | \
					 GDMA_DRV_CAP_FPGA_RECONFIG_EQE | \
					 GDMA_DRV_CAP_STALLED_SQ_RESET | \
					 GDMA_DRV_CAP_SKB_LINEARIZE | \
					 GDMA_DRV_CAP_PERIODIC_STATS | \
					 GDMA_DRV_CAP_PROBE_RECOVERY | \
					 GDMA_DRV_CAP_HWC_TIMEOUT_RESET | \
					 GDMA_DRV_CAP_INTR_MODERATION)

/**
 * struct hwc_slot - state of one in-flight HWC request
 * @done: completed by the response path
 * @resp: caller's response buffer; NULL when nobody waits
 * @resp_len: size of @resp
 * @msg_type: opcode of the request (for messages)
 * @status: status field of the response
 * @err: 0, or a negative errno from response validation
 * @busy: slot is allocated to a request
 */
struct hwc_slot {
	struct completion done;
	void *resp;
	u32 resp_len;
	u32 msg_type;
	u32 status;
	int err;
	bool busy;
};

/**
 * struct gdma_hwc - the hardware channel
 * @gc: owning context
 * @eq: HWC event queue (MSI-X vector 0)
 * @cq: HWC completion queue, shared by @sq and @rq
 * @rq: receive queue (responses)
 * @sq: send queue (requests)
 * @req_buf: request buffers, one HWC_BUF_SIZE block per slot
 * @req_buf_dma: bus address of @req_buf
 * @resp_buf: response buffers, one per posted receive WQE
 * @resp_buf_dma: bus address of @resp_buf
 * @init_done: completed by the HWC_INIT_DONE event
 * @init_finished: HWC_INIT_DONE arrived; later init events are rejected
 * @established: SMC ESTABLISH_HWC succeeded (DESTROY_HWC is owed)
 * @init_items: bit n set when init data type n arrived; bit 0 = EQ id/doorbell
 * @max_num_cqs: size of the device CQ-id table from init data
 * @queue_depth: device-reported depth (informational)
 * @max_req_size: device-reported maximum request size (informational)
 * @max_resp_size: device-reported maximum response size (informational)
 * @pf_dest_rq_id: PF only: destination virtual RQ for requests
 * @pf_dest_cq_id: PF only: destination virtual CQ for requests
 * @timeout_ms: per-request timeout
 * @degraded: a request timed out and no response arrived since; requests
 *	wait only HWC_DEGRADED_TIMEOUT_MS so teardown cannot hang
 * @abandoned: a client gave the device up (gdma_abandon_requests()): every
 *	request fails at once until the reset cycle replaces this channel
 * @resetting: a reset cycle tears the function down over this channel: a
 *	request waits at most HWC_DEGRADED_TIMEOUT_MS, and the first one left
 *	unanswered abandons the rest (a device that asked for a reset may stop
 *	answering, as mainline's reset cycle assumes)
 * @slot_sem: counts free slots
 * @slot_lock: protects @slots
 * @slots: in-flight request table
 * @num_slots: entries in @slots
 * @activity_id: counter stamped into MANA-class requests
 */
struct gdma_hwc {
	struct gdma_context *gc;
	struct gdma_queue *eq;
	struct gdma_queue *cq;
	struct gdma_queue *rq;
	struct gdma_queue *sq;
	void *req_buf;
	dma_addr_t req_buf_dma;
	void *resp_buf;
	dma_addr_t resp_buf_dma;
	struct completion init_done;
	bool init_finished;
	bool established;
	u32 init_items;
	u32 max_num_cqs;
	u32 queue_depth;
	u32 max_req_size;
	u32 max_resp_size;
	u32 pf_dest_rq_id;
	u32 pf_dest_cq_id;
	u32 timeout_ms;
	bool degraded;
	bool abandoned;
	bool resetting;
	struct semaphore slot_sem;
	spinlock_t slot_lock;	/* protects slots[] */
	struct hwc_slot slots[HWC_MAX_INFLIGHT];
	u32 num_slots;
};

/**
 * struct gdma_vector - one MSI-X vector and the EQs that share it
 * @eqs: EQs attached to the vector (RCU list)
 * @lock: serialises writers of @eqs
 * @irq: Linux IRQ number, 0 when not requested
 * @name: IRQ name
 */
struct gdma_vector {
	struct list_head eqs;
	spinlock_t lock;	/* protects writers of eqs */
	unsigned int irq;
	char name[40];
};

/**
 * struct gdma_context - one PCI function
 * @dev: device for DMA allocations and messages
 * @bar0: mapped BAR0
 * @bar0_size: length of BAR0
 * @bar0_pa: physical address of BAR0 (for mapping doorbell pages to users)
 * @is_pf: function uses PF messaging (device 0x00b9 or 0x00c1)
 * @pf_reg_layout: BAR0 uses the PF register layout (0x00b9)
 * @db_page_base: BAR0 + doorbell page 0 offset
 * @db_page_size: bytes per doorbell page
 * @db_page_off: offset of doorbell page 0 inside BAR0
 * @smc_base: BAR0 + SMC aperture offset
 * @smc_timeout_ms: SMC ownership wait (tests may shorten it)
 * @hwc: the hardware channel
 * @hwc_dev: GDMA device of the HWC (type 1, instance 0)
 * @devs: devices reported by LIST_DEVICES
 * @num_devs: entries used in @devs
 * @res: QUERY_MAX_RESOURCES answer
 * @gdma_protocol_ver: protocol version from VERIFY_VF_DRIVER_VERSION
 * @pf_cap_flags1: device capabilities from VERIFY_VF_DRIVER_VERSION
 * @max_num_cqs: entries in @cq_table
 * @cq_table: CQ id -> CQ, RCU protected
 * @vectors: MSI-X vectors (NULL in tests without interrupts)
 * @num_vectors: vectors allocated
 * @num_msix_usable: vectors the device lets us use
 * @max_num_queues: data-path queues per port the function supports
 * @test_lock: serialises test-event checks
 * @test_done: completed when a TEST_EVENT arrives
 * @test_eq_id: EQ id the TEST_EVENT arrived on
 * @list_node: entry in the global list of functions
 * @clients_attached: devices were offered to clients
 * @clients_suspended: the attached clients are suspended (reset cycle, PM)
 * @keep_devs: LIST_DEVICES must report the devices the clients hold
 * @function_reset: PCI layer's function-level reset, or NULL
 * @svc_lock: orders service requests against @svc_flags stop
 * @svc_flags: GDMA_SVC_* bits
 * @svc_type: event type (or GDMA_SVC_CLIENT_REQUEST) that started the cycle
 * @svc_attempts: bring-up attempts of the running cycle
 * @svc_down_work: first half of a cycle: clients suspended, HWC destroyed
 * @svc_up_work: second half, delayed: bring-up and clients resumed
 * @gone: the function fell off the bus (BAR0 reads all-ones, or the PCI core
 *	said so); latched, every later wait on the device ends at once
 */
struct gdma_context {
	struct device *dev;
	void __iomem *bar0;
	u64 bar0_size;
	phys_addr_t bar0_pa;
	bool is_pf;
	bool pf_reg_layout;
	void __iomem *db_page_base;
	u32 db_page_size;
	u64 db_page_off;
	void __iomem *smc_base;
	u32 smc_timeout_ms;

	struct gdma_hwc *hwc;
	struct gdma_dev hwc_dev;
	struct gdma_dev devs[GDMA_MAX_DEVS];
	u32 num_devs;

	struct gdma_resources res;
	u64 gdma_protocol_ver;
	u64 pf_cap_flags1;

	u32 max_num_cqs;
	struct gdma_queue __rcu **cq_table;

	struct gdma_vector *vectors;
	unsigned int num_vectors;
	unsigned int num_msix_usable;
	unsigned int max_num_queues;

	struct mutex test_lock;	/* one test event at a time */
	struct completion test_done;
	u32 test_eq_id;

	struct list_head list_node;
	bool clients_attached;
	bool clients_suspended;
	bool keep_devs;

	int (*function_reset)(struct gdma_context *gc);
	spinlock_t svc_lock;	/* service requests vs. GDMA_SVC_STOP */
	unsigned long svc_flags;
	u32 svc_type;
	unsigned int svc_attempts;
	struct work_struct svc_down_work;
	struct delayed_work svc_up_work;
	bool gone;
	spinlock_t parked_lock;	/* parked_queues */
	struct list_head parked_queues;
};

/* gdma_context.svc_flags */
#define GDMA_SVC_BUSY		0	/* a cycle or a bring-up is running */
#define GDMA_SVC_EVENT		1	/* a request came while busy */
#define GDMA_SVC_STOP		2	/* no new cycles (remove, PM suspend) */
/* gdma_context.svc_type of a cycle a client asked for */
#define GDMA_SVC_CLIENT_REQUEST	0

/* ---- regs.c: BAR0 and doorbells ------------------------------------------ */

int gdma_read_bar0_layout(struct gdma_context *gc);

/* gdma_doorbell_value() is in gdma.h (the per-packet doorbells are inline) */

int gdma_doorbell_offset(enum gdma_queue_type type);
void gdma_ring_doorbell(struct gdma_context *gc, u32 db_index,
			enum gdma_queue_type type, u32 id, u32 tail, bool arm);
void __cold gdma_doorbell_refused(struct gdma_context *gc, u32 db_index,
				  const char *what, u32 id);

/**
 * gdma_write_doorbell() - write a 64-bit value into a doorbell page
 * @gc: context
 * @db_index: doorbell page
 * @reg: offset of the doorbell inside the page
 * @val: value
 * @what: doorbell name for the error message
 * @id: queue id for the error message
 *
 * Orders all earlier writes to queue memory before the doorbell.  A page
 * index that would put the doorbell outside BAR0 is refused (logged): the
 * index comes from the device.  Inline: it runs several times per packet.
 */
static inline void gdma_write_doorbell(struct gdma_context *gc, u32 db_index,
				       u32 reg, u64 val, const char *what,
				       u32 id)
{
	u64 off = gc->db_page_off + (u64)gc->db_page_size * db_index + reg;

	if (unlikely(!gc->db_page_base || off >= gc->bar0_size ||
		     gc->bar0_size - off < sizeof(u64))) {
		gdma_doorbell_refused(gc, db_index, what, id);
		return;
	}
	wmb(); /* queue entries must be visible before the device reads them */
	writeq(val, gc->bar0 + off);
}

void gdma_dev_set_doorbell(struct gdma_dev *gd, u32 db_index);

/**
 * gdma_write_dev_doorbell() - write a doorbell in a device's own page
 * @gd: the queue's device
 * @reg: offset of the doorbell inside the page
 * @val: value
 * @what: doorbell name for the error message
 * @id: queue id for the error message
 *
 * The per-packet form of gdma_write_doorbell(): the page was checked against
 * BAR0 once, when the device got it (@gd->db_page); without one (the HWC
 * before its doorbell page is known) the checked path is taken.
 */
static inline void gdma_write_dev_doorbell(struct gdma_dev *gd, u32 reg,
					   u64 val, const char *what, u32 id)
{
	void __iomem *page = gd->db_page;

	if (unlikely(!page)) {
		gdma_write_doorbell(gd->gc, gd->doorbell, reg, val, what, id);
		return;
	}
	wmb(); /* queue entries must be visible before the device reads them */
	writeq(val, page + reg);
}

/* ---- smc.c: shared-memory channel --------------------------------------- */

void smc_encode_establish(u32 dw[SMC_NUM_DWORDS], u64 eq_addr, u64 cq_addr,
			  u64 rq_addr, u64 sq_addr, u16 msix_index);
void smc_encode_destroy(u32 dw[SMC_NUM_DWORDS]);
int smc_check_response(u32 resp_hdr, u32 req_hdr);
int smc_send(struct gdma_context *gc, const u32 dw[SMC_NUM_DWORDS]);
int smc_establish_hwc(struct gdma_context *gc, u64 eq_addr, u64 cq_addr,
		      u64 rq_addr, u64 sq_addr, u16 msix_index);
int smc_destroy_hwc(struct gdma_context *gc);

/* ---- queue.c: rings, WQEs, EQ dispatch ----------------------------------- */

/* gdma_owner_check() and its answers are in gdma.h (CQ polling is inline) */
u32 gdma_ring_tail_ptr(u32 head, u32 num_entries);
int gdma_wqe_size(u32 inline_oob_size, u32 num_sge);
int gdma_write_wqe(void *ring, u32 ring_size, u32 head_bu,
		   const struct gdma_wqe_request *req, bool is_sq);
int gdma_eq_next_event(struct gdma_queue *eq, struct gdma_event *ev);
void gdma_eq_overflowed(struct gdma_queue *eq, u32 info);

/*
 * The entry at an EQ's consumer position when it holds a new event (owner
 * checked, details readable after it), NULL when the EQ is empty,
 * ERR_PTR(-EPROTO) when the device lapped it.  Inline in
 * gdma_eq_process() (once per interrupt and event); the overflow message
 * is out of line.
 */
static __always_inline const struct gdma_eqe *
gdma_eq_peek(struct gdma_queue *eq, u32 *info)
{
	const struct gdma_eqe *ring = eq->ring;
	u32 n = eq->ring_size / GDMA_EQE_SIZE;
	const struct gdma_eqe *eqe = &ring[eq->head % n];

	*info = le32_to_cpu(READ_ONCE(eqe->info));
	switch (gdma_owner_check(FIELD_GET(GDMA_EQE_INFO_OWNER, *info),
				 eq->head, n)) {
	case GDMA_OWNER_EMPTY:
		return NULL;
	case GDMA_OWNER_OVERFLOW:
		gdma_eq_overflowed(eq, *info);
		return ERR_PTR(-EPROTO);
	case GDMA_OWNER_NEW:
		break;
	}

	dma_rmb(); /* owner first, then the details */
	return eqe;
}

/* Copy a peeked entry into @ev and consume it. */
static __always_inline void gdma_eq_consume(struct gdma_queue *eq,
					    const struct gdma_eqe *eqe,
					    u32 info, struct gdma_event *ev)
{
	unsigned int i;

	ev->type = FIELD_GET(GDMA_EQE_INFO_TYPE, info);
	for (i = 0; i < ARRAY_SIZE(ev->details); i++)
		ev->details[i] = le32_to_cpu(eqe->details[i]);
	eq->head++;
}

int gdma_eq_process(struct gdma_queue *eq);
void gdma_vector_dispatch(struct gdma_vector *vec);
void gdma_vector_init(struct gdma_vector *vec);
int gdma_queue_alloc(struct gdma_dev *gd, const struct gdma_queue_spec *spec,
		     struct gdma_queue **queue);
void gdma_queue_free(struct gdma_queue *queue);
void gdma_free_parked_queues(struct gdma_context *gc);
void gdma_eq_attach_vector(struct gdma_queue *eq);
void gdma_eq_detach_vector(struct gdma_queue *eq);
int gdma_cq_publish(struct gdma_queue *cq);
void gdma_cq_unpublish(struct gdma_queue *cq);
void gdma_ring_eq(struct gdma_queue *eq, bool arm);
void gdma_notify_clients(struct gdma_context *gc, const struct gdma_event *ev);

/* ---- hwc.c, hwc_setup.c: hardware channel ------------------------------- */

int hwc_alloc(struct gdma_context *gc);
int hwc_establish(struct gdma_hwc *hwc);
int hwc_wait_init(struct gdma_hwc *hwc);
int hwc_activate(struct gdma_hwc *hwc);
bool hwc_teardown(struct gdma_context *gc);
void hwc_eq_event(void *ctx, struct gdma_queue *eq,
		  const struct gdma_event *ev);
void hwc_cq_handler(void *ctx, struct gdma_queue *cq);
int hwc_slot_get(struct gdma_hwc *hwc, u16 *msg_id);
void hwc_slot_put(struct gdma_hwc *hwc, u16 msg_id);
void hwc_fail_requests(struct gdma_hwc *hwc, int err);
int hwc_submit(struct gdma_hwc *hwc, u16 msg_id, u32 req_len,
	       const void *req, u32 resp_len, void *resp);
int hwc_wait(struct gdma_hwc *hwc, u16 msg_id);
int gdma_send_request(struct gdma_context *gc, u32 req_len, const void *req,
		      u32 resp_len, void *resp);
int hwc_post_rx_buffer(struct gdma_hwc *hwc, u32 index);
void hwc_fill_tx_oob(const struct gdma_hwc *hwc, struct hwc_tx_oob *oob);
void hwc_set_timeout(struct gdma_hwc *hwc, u32 ms);
int hwc_status_to_errno(u32 status);

/* ---- requests.c: GDMA-class requests -------------------------------------- */

int gdma_verify_driver_version(struct gdma_context *gc);
int gdma_query_hwc_timeout(struct gdma_context *gc, u32 *timeout_ms);
int gdma_query_max_resources(struct gdma_context *gc);
int gdma_list_devices(struct gdma_context *gc);
int gdma_parse_device_list(struct gdma_context *gc,
			   const struct gdma_list_devices_resp *resp);
u32 gdma_build_page_list(dma_addr_t addr, u32 length, u64 *pages, u32 max);

/* ---- queue_life.c: queues created and destroyed on the device ------------ */

int gdma_create_eq_on_device(struct gdma_queue *eq);
int gdma_disable_eq_on_device(struct gdma_queue *eq);

/* ---- service.c: asking for a reset cycle --------------------------------- */

const char *gdma_svc_name(u32 type);
void gdma_service_event(struct gdma_context *gc, u32 type);

/* ---- core.c: bring-up, teardown, clients ------------------------------------ */

void gdma_context_init(struct gdma_context *gc, struct device *dev);
int gdma_core_setup(struct gdma_context *gc);
void gdma_core_teardown(struct gdma_context *gc);
int gdma_attach_clients(struct gdma_context *gc);
void gdma_detach_clients(struct gdma_context *gc);
void gdma_suspend_clients(struct gdma_context *gc);
int gdma_resume_clients(struct gdma_context *gc);

/* ---- reset.c: reset cycle, PM, probe retry ------------------------------- */

void gdma_service_init(struct gdma_context *gc);
void gdma_service_stop(struct gdma_context *gc);
void gdma_service_start(struct gdma_context *gc);
int gdma_bring_up(struct gdma_context *gc);
void gdma_suspend_function(struct gdma_context *gc);
int gdma_resume_function(struct gdma_context *gc);

/* ---- pci.c: the PCI function -------------------------------------------- */

struct pci_dev;
struct pci_device_id;

int gdma_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id);
void gdma_pci_remove(struct pci_dev *pdev);
void gdma_pci_shutdown(struct pci_dev *pdev);
int gdma_pci_suspend(struct pci_dev *pdev, pm_message_t state);
int gdma_pci_resume(struct pci_dev *pdev);

#endif /* _MANA_GDMA_INTERNAL_H */
