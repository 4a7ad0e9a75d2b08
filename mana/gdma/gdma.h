/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GDMA hardware layer of mana.ko: the API for the upper layers
 * (Ethernet in mana/eth/, RDMA in mana_ib).
 *
 * DESIGN NOTE
 *
 * Objects
 *   struct gdma_context  One per PCI function.  Owns BAR0, the MSI-X vectors,
 *                        the hardware channel (HWC), the CQ-id table and the
 *                        list of GDMA devices the function exposes.
 *   struct gdma_dev      One GDMA device inside the function (MANA = Ethernet,
 *                        MANA_IB = RDMA).  Found with gdma_find_dev().  After
 *                        gdma_register_device() it has a pdid, a gpa_mkey (key
 *                        for SGEs carrying bus addresses) and a doorbell page.
 *   struct gdma_queue    EQ, CQ, SQ or RQ.  Ring memory is coherent DMA memory,
 *                        a power of two of at least 4 KiB.
 *   struct gdma_client   An upper layer.  Its probe() is called for every
 *                        GDMA device of its type on every function, after the
 *                        function is fully up; remove() before it goes down.
 *
 * Bring-up (done by the PCI probe before any client runs):
 *   BAR0 registers -> MSI-X -> SMC ESTABLISH_HWC -> HWC init events ->
 *   test EQE on the HWC EQ -> VERIFY_VF_DRIVER_VERSION (+ HWC timeout query)
 *   -> QUERY_MAX_RESOURCES -> LIST_DEVICES -> clients' probe().
 *
 * Sending a management request
 *   Build the request in a buffer that starts with struct gdma_req_hdr, fill
 *   the header with gdma_init_req_hdr() (and set hdr.dev_id for messages
 *   addressed to a device), then call gdma_send_checked(), the one request
 *   path of the driver (GDMA, Ethernet and RDMA classes alike).  It returns
 *   0 when the device answered with status 0 or MORE_ENTRIES and the
 *   response header echoes the opcode and device id, with version >= 1 and
 *   at least the size the caller reads; -EPROTO for any other status (the
 *   response, including its header, is still copied to the caller's
 *   buffer) or a header that does not match, -EOPNOTSUPP for status
 *   0xffffffff, -ETIMEDOUT if the device does not answer in time (or no
 *   longer answers), -ENODEV when the device is gone.  Requests and
 *   responses are at most 4096 bytes.  Requests sleep: process context
 *   only.  A failure is logged once, with the opcode, inside the GDMA
 *   layer (not per request: a gone device, and requests failed at once
 *   after the device stopped answering); callers do not log again.
 *
 * Queues
 *   EQ: gdma_create_eq() allocates memory, creates a DMA region, sends
 *       CREATE_QUEUE, attaches the EQ to its MSI-X vector and checks it with a
 *       test event.  Its events are dispatched from the interrupt handler:
 *       COMPLETION events call the CQ's handler, other events call the EQ's
 *       event handler.
 *   CQ/SQ/RQ: gdma_create_queue_mem() allocates memory and a DMA region; the
 *       caller creates the object on the device itself (e.g. MANA
 *       CREATE_WQ_OBJ with q->dma_region), then calls gdma_queue_activate()
 *       with the id the device returned.  From then on the device owns the
 *       DMA region.  For a CQ, activation publishes it in the CQ-id table so
 *       completion events reach its handler.
 *   User CQ: gdma_attach_user_cq() publishes a CQ whose ring is user
 *       memory (mana_ib raw queues) so its completion events reach a handler.
 *   gdma_destroy_queue() releases any queue (for an EQ: test event flush,
 *       DISABLE_QUEUE, detach from the vector; for a CQ: unpublish and wait
 *       for running handlers).  Destroy the device object first (e.g.
 *       DESTROY_WQ_OBJ), then the memory.  An owner tearing down many CQs
 *       at once may gdma_cq_unlink() them all and wait for one RCU grace
 *       period instead of one per CQ.
 *
 * Locking and context
 *   - CQ handlers and EQ event handlers run in hard-IRQ context with the
 *     RCU read lock held; they must not sleep (schedule NAPI/work instead).
 *   - gdma_post_wqe(), gdma_ring_wq(), gdma_poll_cq() and gdma_arm_cq() do
 *     no locking: one user at a time per queue (the caller's lock or NAPI).
 *   - Everything that sends a request may sleep.
 *
 * Lifetimes
 *   A gdma_dev and its context live from probe() to remove() of the client.
 *   Queues must be destroyed by the client before its remove() returns.
 *   gdma_client_set_data()/gdma_client_data() keep the client's pointer.
 *   One client per GDMA device: the Ethernet layer takes GDMA_DEV_MANA,
 *   mana_ib (separate module) takes GDMA_DEV_MANA_IB with its own
 *   gdma_client; anything else it needs from the Ethernet side goes through
 *   the Ethernet layer.
 *
 * Device events
 *   Link changes and service events arrive on the HWC EQ; the hardware layer
 *   passes them to gdma_client.event (hard-IRQ context).  Completion events
 *   go to CQ handlers, other events of a data EQ to its EQ event handler.
 *   RESET_REQUEST and FPGA_RECONFIG are consumed here: they start a reset
 *   cycle (below).  SOC_SERVICE goes to the clients.
 *
 * Reset cycle (gdma/reset.c), also used for PM suspend/resume
 *   Clients with suspend()/resume() keep their gdma_dev across the cycle:
 *   suspend() frees everything on the device (queues, registration) but
 *   keeps the upper-layer objects (netdevs); the HWC is destroyed (SMC
 *   DESTROY_HWC), the function brought up again from scratch, and resume()
 *   restores the client's state.  Clients without them are removed and
 *   probed again.  One cycle at a time per function; a client may ask for
 *   one with gdma_schedule_reset() (e.g. after an HWC timeout).  A function
 *   that reads all-ones from BAR0 is gone: the cycle stops and the clients
 *   are removed.
 *
 * Interrupts
 *   Vector 0 serves the HWC; gdma_eq_vector(gc, i) spreads data EQ i over
 *   vectors 1..N-1 (one per CPU when the device allows).  Several EQs may
 *   share a vector; an EQ's events are handled at most five per interrupt.
 *
 * RDMA helpers
 *   gdma_alloc_resource_range()/gdma_free_resource_range() allocate device
 *   resources such as doorbell pages; gdma_doorbell_page_phys() and
 *   gdma_doorbell_page_size() locate a page for mapping it to user space.
 *   PD/MR/DM messages are plain requests: see gdma_wire.h.
 */
#ifndef _MANA_GDMA_H
#define _MANA_GDMA_H

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/completion.h>
#include <linux/io.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci_ids.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "gdma_wire.h"

/*
 * Symbols for mana_ib are exported into the package's private namespace by
 * the compat layer's MANA_EXPORT_SYMBOL() (a test build may define it
 * empty).  The alias below starts with EXPORT_SYMBOL so that checkpatch
 * recognises it as an export.
 */
#ifndef MANA_EXPORT_SYMBOL
#define MANA_EXPORT_SYMBOL(sym) EXPORT_SYMBOL_GPL(sym)
#endif
#ifndef EXPORT_SYMBOL_MANA
#define EXPORT_SYMBOL_MANA(sym) MANA_EXPORT_SYMBOL(sym)
#endif

/* PCI identity */
#define MANA_PCI_VENDOR_ID		PCI_VENDOR_ID_MICROSOFT
#define MANA_PCI_DEVICE_PF		0x00b9
#define MANA_PCI_DEVICE_VF		0x00ba
#define MANA_PCI_DEVICE_PF2		0x00c1

/* Values the device uses for "no such object". */
#define GDMA_INVALID_ID			0xffffffffU
#define GDMA_INVALID_DMA_REGION		0

enum gdma_queue_type {
	GDMA_INVALID_QUEUE	= 0,
	GDMA_SQ			= 1,
	GDMA_RQ			= 2,
	GDMA_CQ			= 3,
	GDMA_EQ			= 4,
};

enum gdma_dev_type {
	GDMA_DEV_NONE		= 0,
	GDMA_DEV_HWC		= 1,
	GDMA_DEV_MANA		= 2,
	GDMA_DEV_MANA_IB	= 3,
};

/* Most devices LIST_DEVICES can report (HWC excluded). */
#define GDMA_MAX_DEVS			8

struct gdma_context;
struct gdma_queue;
struct gdma_client;

/**
 * struct gdma_dev - one GDMA device of a PCI function
 * @gc: the function this device belongs to
 * @type: enum gdma_dev_type
 * @instance: device instance from LIST_DEVICES
 * @pdid: protection domain id (valid after registration)
 * @gpa_mkey: memory key for bus addresses in SGEs (valid after registration)
 * @doorbell: doorbell page index (valid after registration)
 * @db_page: the mapped doorbell page @doorbell, checked against BAR0 when it
 *	was set (gdma_dev_set_doorbell()); NULL when not registered
 * @registered: REGISTER_DEVICE succeeded
 * @client: attached upper layer, or NULL
 * @client_data: private pointer of the attached client
 * @notify: the attached client while it accepts device events (RCU)
 * @suspended: the client is suspended (reset cycle or PM suspend)
 */
struct gdma_dev {
	struct gdma_context *gc;
	u16 type;
	u16 instance;
	u32 pdid;
	u32 gpa_mkey;
	u32 doorbell;
	void __iomem *db_page;
	bool registered;
	struct gdma_client *client;
	void *client_data;
	struct gdma_client __rcu *notify;
	bool suspended;
};

/**
 * struct gdma_event - an EQ event as handed to an EQ event handler
 * @type: GDMA_EQE_* type
 * @details: event data, CPU byte order
 */
struct gdma_event {
	u32 type;
	u32 details[3];
};

typedef void gdma_eq_event_fn(void *ctx, struct gdma_queue *eq,
			      const struct gdma_event *ev);
typedef void gdma_cq_handler_fn(void *ctx, struct gdma_queue *cq);

/**
 * struct gdma_queue - a GDMA queue (EQ, CQ, SQ or RQ)
 * @gd: owning GDMA device (its doorbell page is used)
 * @type: enum gdma_queue_type
 * @id: device id of the queue; GDMA_INVALID_ID until known
 * @ring: ring memory (coherent DMA)
 * @ring_dma: bus address of @ring
 * @ring_size: bytes, power of two, >= 4096
 * @dma_region: DMA-region handle; GDMA_INVALID_DMA_REGION once the device
 *	owns it (after activation) or when none was created
 * @head: EQ/CQ: consumer count in entries (starts at the entry count);
 *	SQ/RQ: producer count in 32-byte units (free running)
 * @tail: SQ/RQ: consumer count in 32-byte units (advanced with
 *	gdma_wq_advance_tail()); unused for EQ/CQ
 * @park_node: on gdma_context.parked_queues (gdma_park_queue())
 * @park_release: set by gdma_park_queue_with(): releases what the queue's
 *	owner left with it (buffers the device may still write), called when
 *	the parked memory is freed
 * @park_ctx: argument of @park_release
 * @eq: EQ-only state (@eq.overflowed: the device lapped the EQ once and
 *	a reset was asked for; the EQ is left disarmed; @eq.watch_pending:
 *	gdma_eq_stalled() saw an event waiting at @eq.watch_head, first at
 *	@eq.watch_since (jiffies); @eq.rescues: gdma_eq_rescue() calls that
 *	found events)
 * @cq: CQ-only state
 */
struct gdma_queue {
	struct gdma_dev *gd;
	enum gdma_queue_type type;
	u32 id;
	void *ring;
	dma_addr_t ring_dma;
	u32 ring_size;
	u64 dma_region;
	u32 head;
	u32 tail;
	struct list_head park_node;
	void (*park_release)(void *ctx);
	void *park_ctx;
	union {
		struct {
			gdma_eq_event_fn *handler;
			void *ctx;
			unsigned int msix_index;
			u32 log2_throttle;
			bool on_vector;
			bool created;
			bool overflowed;
			struct list_head vector_node;
			u32 watch_head;
			bool watch_pending;
			unsigned long watch_since;
			u32 rescues;
		} eq;
		struct {
			gdma_cq_handler_fn *handler;
			void *ctx;
			struct gdma_queue *parent_eq;
			bool published;
		} cq;
	};
};

/**
 * struct gdma_queue_spec - parameters of a new queue
 * @type: queue type
 * @ring_size: bytes, power of two, >= 4096
 * @eq: EQ parameters: event handler (may be NULL), its context, MSI-X
 *	vector index (data-path EQs: see gdma_eq_vector(); 0 is the HWC's
 *	vector and may be shared by a low-rate EQ) and
 *	log2 of the throttle limit (0 = default 3)
 * @cq: CQ parameters: completion handler, its context, parent EQ
 */
struct gdma_queue_spec {
	enum gdma_queue_type type;
	u32 ring_size;
	union {
		struct {
			gdma_eq_event_fn *handler;
			void *ctx;
			unsigned int msix_index;
			u32 log2_throttle;
		} eq;
		struct {
			gdma_cq_handler_fn *handler;
			void *ctx;
			struct gdma_queue *parent_eq;
		} cq;
	};
};

/**
 * struct gdma_sge - one scatter-gather entry, CPU byte order
 * @address: bus address
 * @mem_key: memory key (gd->gpa_mkey for bus addresses)
 * @size: length in bytes
 */
struct gdma_sge {
	u64 address;
	u32 mem_key;
	u32 size;
};

/* gdma_wqe_request.flags */
#define GDMA_WQE_FLAG_OOB_IN_SGL	BIT(0)	/* SGE0 carries client data */
#define GDMA_WQE_FLAG_PAD_BY_SGE0	BIT(1)	/* last_vbytes = SGE0 length */

/**
 * struct gdma_wqe_request - a work request to post on an SQ or RQ
 * @sgl: scatter-gather list, @num_sge entries (at least one)
 * @num_sge: number of entries
 * @inline_oob: client OOB copied into the WQE, or NULL for zeroes
 * @inline_oob_size: 8 or 24 on an SQ, 8 on an RQ
 * @flags: GDMA_WQE_FLAG_*
 * @client_data_unit: SQ only: MSS for TSO, 0 otherwise (14 bits)
 */
struct gdma_wqe_request {
	const struct gdma_sge *sgl;
	u32 num_sge;
	const void *inline_oob;
	u32 inline_oob_size;
	u32 flags;
	u32 client_data_unit;
};

/**
 * struct gdma_comp - one polled completion, CPU byte order
 * @data: client data of the CQE (60 bytes)
 * @wq_num: id of the SQ or RQ that completed
 * @is_sq: send-queue completion
 */
struct gdma_comp {
	u32 data[GDMA_CQE_DATA_SIZE / 4];
	u32 wq_num;
	bool is_sq;
};

/*
 * Reading a CQE taken with gdma_take_cqes() in place: each word is loaded
 * once (READ_ONCE), so a value that was checked is the value that is used
 * even if the device wrote the entry again meanwhile; callers keep what
 * they read in locals.
 */
static __always_inline u32 gdma_cqe_word(const struct gdma_cqe *cqe,
					 unsigned int i)
{
	return le32_to_cpu(READ_ONCE(cqe->data[i]));
}

/* The info word of a CQE: its WQ number and SQ bit, see gdma_cqe_wq(). */
static __always_inline u32 gdma_cqe_info(const struct gdma_cqe *cqe)
{
	return le32_to_cpu(READ_ONCE(cqe->info));
}

static __always_inline u32 gdma_cqe_wq(u32 info)
{
	return FIELD_GET(GDMA_CQE_INFO_WQ_NUM, info);
}

static __always_inline bool gdma_cqe_is_sq(u32 info)
{
	return info & GDMA_CQE_INFO_IS_SQ;
}

/**
 * struct gdma_resources - QUERY_MAX_RESOURCES answer, CPU byte order
 * @max_msix: MSI-X vectors the function may use
 * @max_eq: event queues
 * @max_cq: completion queues
 * @max_sq: send queues
 * @max_rq: receive queues
 * @max_db: doorbell pages
 * @max_mst: memory translation entries
 * @max_mod_cq: moderated CQs
 * @max_cq_mod_ctx: CQ moderation contexts
 *
 * Ordered by what the hardware layer consumes first (vectors, then the
 * queues an EQ/CQ/SQ/RQ set needs); the wire order is in gdma_wire.h.
 */
struct gdma_resources {
	u32 max_msix;
	u32 max_eq, max_cq;
	u32 max_sq, max_rq;
	u32 max_db;
	u32 max_mst;
	u32 max_mod_cq, max_cq_mod_ctx;
};

/**
 * struct gdma_client - an upper layer attaching to GDMA devices
 * @name: for messages
 * @dev_type: the GDMA device type it drives (enum gdma_dev_type)
 * @probe: called once per matching device after the function is up;
 *	may sleep and send requests; return 0 to stay attached
 * @remove: called before the function goes down or the client leaves
 * @event: optional; device events the GDMA layer does not consume itself
 *	(SOC_RECONFIG_DATA link items, SOC_SERVICE, FPGA_RECONFIG,
 *	RESET_REQUEST).  Called in hard-IRQ context under rcu_read_lock()
 *	between a successful probe() and remove(), for every attached device
 *	of the function; must not sleep (schedule work instead)
 * @suspend: optional; free every device resource of @gd but keep the
 *	upper-layer objects; the function is torn down afterwards.  May sleep
 * @resume: optional, with @suspend; the function was brought up again:
 *	restore the state @suspend saved.  On failure the client is removed
 *	with remove() (which must cope with a suspended device)
 * @node: internal
 */
struct gdma_client {
	const char *name;
	u16 dev_type;
	int (*probe)(struct gdma_dev *gd);
	void (*remove)(struct gdma_dev *gd);
	void (*event)(struct gdma_dev *gd, const struct gdma_event *ev);
	void (*suspend)(struct gdma_dev *gd);
	int (*resume)(struct gdma_dev *gd);
	struct list_head node;
};

/* ---- Context accessors -------------------------------------------------- */

struct device *gdma_dev_to_device(const struct gdma_dev *gd);
bool gdma_is_pf(const struct gdma_context *gc);
struct gdma_dev *gdma_find_dev(struct gdma_context *gc, u16 type);
const struct gdma_resources *gdma_get_resources(const struct gdma_context *gc);
unsigned int gdma_max_num_queues(const struct gdma_context *gc);
unsigned int gdma_eq_vector(const struct gdma_context *gc, unsigned int qidx);
u64 gdma_pf_cap_flags(const struct gdma_context *gc);
phys_addr_t gdma_doorbell_page_phys(const struct gdma_context *gc,
				    u32 db_index);
u32 gdma_doorbell_page_size(const struct gdma_context *gc);
bool gdma_device_gone(struct gdma_context *gc);
void gdma_mark_gone(struct gdma_context *gc);
int gdma_wait_alive(struct gdma_context *gc, struct completion *done,
		    u32 timeout_ms);

/* ---- Clients ------------------------------------------------------------ */

int gdma_register_client(struct gdma_client *client);
void gdma_unregister_client(struct gdma_client *client);

static inline void gdma_client_set_data(struct gdma_dev *gd, void *data)
{
	gd->client_data = data;
}

static inline void *gdma_client_data(const struct gdma_dev *gd)
{
	return gd->client_data;
}

/* ---- Recovery (gdma/service.c) ------------------------------------------- */

void gdma_schedule_reset(struct gdma_context *gc, const char *why);
int gdma_function_reset(struct gdma_context *gc);

/* ---- Management requests ------------------------------------------------ */

void gdma_init_req_hdr(struct gdma_req_hdr *hdr, u32 code, u32 req_size,
		       u32 resp_size);
void gdma_set_req_dev(struct gdma_req_hdr *hdr, const struct gdma_dev *gd);
void gdma_abandon_requests(struct gdma_context *gc, const char *why);
bool gdma_requests_abandoned(const struct gdma_context *gc);
bool gdma_function_resetting(const struct gdma_context *gc);
/* gdma_send_checked() flags */
#define GDMA_SEND_RATELIMIT	BIT(0)
bool gdma_check_response(const struct gdma_req_hdr *req,
			 const struct gdma_resp_hdr *resp, u32 resp_len);
int gdma_send_checked(struct gdma_context *gc, u32 req_len, const void *req,
		      u32 resp_len, void *resp, u32 flags);
int gdma_register_device(struct gdma_dev *gd);
int gdma_deregister_device(struct gdma_dev *gd);
int gdma_alloc_resource_range(struct gdma_context *gc, u32 type, u32 count,
			      u32 alignment, u32 *first);
int gdma_free_resource_range(struct gdma_context *gc, u32 type, u32 count,
			     u32 first);

/* ---- DMA regions -------------------------------------------------------- */

int gdma_create_dma_region(struct gdma_dev *gd, const u64 *pages,
			   u32 num_pages, u64 length, u32 offset_in_page,
			   u32 page_type, u64 *handle);
int gdma_create_dma_region_contig(struct gdma_dev *gd, dma_addr_t addr,
				  u32 length, u64 *handle);
int gdma_destroy_dma_region(struct gdma_context *gc, u64 handle);

/* ---- Queues (gdma/queue_life.c) ------------------------------------------ */

int gdma_create_eq(struct gdma_dev *gd, const struct gdma_queue_spec *spec,
		   struct gdma_queue **queue);
int gdma_create_queue_mem(struct gdma_dev *gd,
			  const struct gdma_queue_spec *spec,
			  struct gdma_queue **queue);
int gdma_queue_activate(struct gdma_queue *queue, u32 id);
int gdma_attach_user_cq(struct gdma_dev *gd, u32 id,
			gdma_cq_handler_fn *handler, void *ctx,
			struct gdma_queue **queue);
void gdma_destroy_queue(struct gdma_queue *queue);
bool gdma_cq_unlink(struct gdma_queue *cq);
void gdma_park_queue(struct gdma_queue *queue);
void gdma_park_queue_with(struct gdma_queue *queue,
			  void (*release)(void *ctx), void *ctx);
int gdma_test_eq(struct gdma_dev *gd, struct gdma_queue *eq);
bool gdma_eq_stalled(struct gdma_queue *eq, unsigned long period);
int gdma_eq_rescue(struct gdma_queue *eq);

/* ---- Work queues --------------------------------------------------------- */

int gdma_post_wqe(struct gdma_queue *wq, const struct gdma_wqe_request *req,
		  u32 *wqe_size_bu);
void gdma_ring_wq(struct gdma_queue *wq);
int gdma_post_and_ring(struct gdma_queue *wq,
		       const struct gdma_wqe_request *req, u32 *wqe_size_bu);
u32 gdma_wq_avail_space(const struct gdma_queue *wq);
void *gdma_wq_entry(const struct gdma_queue *wq, u32 bu_index);

/*
 * In-place send WQEs, for the per-packet path: the caller gets the WQE's
 * place in the ring, writes the header and OOB there and then each SGE as
 * it maps the buffer, with no request structure in between (Debian kernels
 * clear every stack structure on entry).  The ring bytes are the ones
 * gdma_post_wqe() writes for the same request; nothing is visible to the
 * device before gdma_wqe_commit() and the doorbell.
 */

/**
 * gdma_sq_wqe_start() - claim room for a send WQE at the producer position
 * @sq: the SQ (the caller knows its type)
 * @oob_size: GDMA_WQE_OOB_SMALL or GDMA_WQE_OOB_LARGE
 * @num_sge: SGEs that will follow (1..255)
 * @flags: GDMA_WQE_FLAG_*
 * @client_data_unit: MSS for TSO, 0 otherwise
 * @sge0_len: length of SGE 0, used with GDMA_WQE_FLAG_PAD_BY_SGE0
 * @size_bu: out: 32-byte units the WQE takes
 *
 * Writes the header; the OOB (gdma_wqe_oob()) and the SGEs
 * (gdma_wqe_put_sge(), from the offset gdma_wqe_first_sge()) are the
 * caller's to write.
 *
 * Return: byte offset of the WQE in the ring, -ENOSPC when the ring lacks
 * room, -EINVAL for a request gdma_post_wqe() would refuse.
 */
static __always_inline int gdma_sq_wqe_start(struct gdma_queue *sq,
					     u32 oob_size, u32 num_sge,
					     u32 flags, u32 client_data_unit,
					     u32 sge0_len, u32 *size_bu)
{
	u32 size = ALIGN(sizeof(struct gdma_wqe_hdr) + oob_size +
			 num_sge * sizeof(struct gdma_wire_sge),
			 GDMA_WQE_BU_SIZE);
	u32 used = (sq->head - sq->tail) * GDMA_WQE_BU_SIZE;
	u32 off = (sq->head * GDMA_WQE_BU_SIZE) & (sq->ring_size - 1);
	struct gdma_wqe_hdr *hdr;
	u32 dw0 = 0, dw1;

	if ((oob_size != GDMA_WQE_OOB_SMALL &&
	     oob_size != GDMA_WQE_OOB_LARGE) ||
	    !num_sge || num_sge > 255 || size > GDMA_MAX_SQ_WQE_SIZE ||
	    size > sq->ring_size ||
	    client_data_unit > FIELD_MAX(GDMA_WQE_DW1_CLIENT_DATA_UNIT))
		return -EINVAL;
	if (flags & GDMA_WQE_FLAG_PAD_BY_SGE0) {
		if (sge0_len > FIELD_MAX(GDMA_WQE_DW0_LAST_VBYTES))
			return -EINVAL;
		dw0 = FIELD_PREP(GDMA_WQE_DW0_LAST_VBYTES, sge0_len);
	}
	if (used > sq->ring_size || size > sq->ring_size - used)
		return -ENOSPC;

	dw1 = FIELD_PREP(GDMA_WQE_DW1_NUM_SGE, num_sge) |
	      FIELD_PREP(GDMA_WQE_DW1_OOB_SIZE_DIV4, oob_size / 4) |
	      FIELD_PREP(GDMA_WQE_DW1_CLIENT_DATA_UNIT, client_data_unit);
	if (flags & GDMA_WQE_FLAG_OOB_IN_SGL)
		dw1 |= GDMA_WQE_DW1_OOB_IN_SGL;
	hdr = sq->ring + off;
	hdr->dw0 = cpu_to_le32(dw0);
	hdr->dw1 = cpu_to_le32(dw1);
	*size_bu = size / GDMA_WQE_BU_SIZE;
	return off;
}

/**
 * gdma_wqe_oob() - the inline OOB of a WQE started in place
 * @wq: its queue
 * @wqe_off: gdma_sq_wqe_start()'s offset
 *
 * Header and OOB share the WQE's first unit: the OOB never wraps.
 *
 * Return: the OOB's dwords in the ring.
 */
static __always_inline __le32 *gdma_wqe_oob(const struct gdma_queue *wq,
					    u32 wqe_off)
{
	return wq->ring + wqe_off + sizeof(struct gdma_wqe_hdr);
}

/**
 * gdma_wqe_first_sge() - ring offset of SGE 0 of a WQE started in place
 * @wqe_off: gdma_sq_wqe_start()'s offset
 * @oob_size: the OOB size it was started with
 *
 * Return: offset for gdma_wqe_put_sge() (taken modulo the ring there).
 */
static __always_inline u32 gdma_wqe_first_sge(u32 wqe_off, u32 oob_size)
{
	return wqe_off + sizeof(struct gdma_wqe_hdr) + oob_size;
}

/**
 * gdma_wqe_put_sge() - write one SGE of a WQE started in place
 * @wq: its queue
 * @off: ring offset of the SGE (the SGL continues at 0 past the ring's end)
 * @address: bus address
 * @mem_key: memory key
 * @size: length in bytes
 *
 * Return: the offset of the next SGE.
 */
static __always_inline u32 gdma_wqe_put_sge(const struct gdma_queue *wq,
					    u32 off, u64 address, u32 mem_key,
					    u32 size)
{
	struct gdma_wire_sge *sge;

	off &= wq->ring_size - 1;
	sge = wq->ring + off;
	sge->address = cpu_to_le64(address);
	sge->mem_key = cpu_to_le32(mem_key);
	sge->size = cpu_to_le32(size);
	return off + sizeof(*sge);
}

/**
 * gdma_rq_post_one_sge() - post a receive WQE of one SGE and a zero OOB
 * @rq: the RQ (the caller knows its type)
 * @address: bus address of the buffer
 * @mem_key: memory key
 * @size: buffer length
 *
 * The RX refill's WQE, written in place: one 32-byte unit (header, 8 zero
 * OOB bytes, the SGE), the bytes gdma_post_wqe() writes for it.  The
 * doorbell is not rung; see gdma_ring_wq().
 *
 * Return: 0 or -ENOSPC when the ring lacks a free unit.
 */
static __always_inline int gdma_rq_post_one_sge(struct gdma_queue *rq,
						u64 address, u32 mem_key,
						u32 size)
{
	u32 used = (rq->head - rq->tail) * GDMA_WQE_BU_SIZE;
	u32 off = (rq->head * GDMA_WQE_BU_SIZE) & (rq->ring_size - 1);
	struct gdma_wqe_hdr *hdr;
	__le32 *oob;

	BUILD_BUG_ON(sizeof(*hdr) + GDMA_WQE_OOB_SMALL +
		     sizeof(struct gdma_wire_sge) != GDMA_WQE_BU_SIZE);
	if (used > rq->ring_size || rq->ring_size - used < GDMA_WQE_BU_SIZE)
		return -ENOSPC;
	hdr = rq->ring + off;
	hdr->dw0 = 0;
	hdr->dw1 = cpu_to_le32(FIELD_PREP(GDMA_WQE_DW1_NUM_SGE, 1) |
			       FIELD_PREP(GDMA_WQE_DW1_OOB_SIZE_DIV4,
					  GDMA_WQE_OOB_SMALL / 4));
	oob = gdma_wqe_oob(rq, off);
	oob[0] = 0;
	oob[1] = 0;
	gdma_wqe_put_sge(rq, gdma_wqe_first_sge(off, GDMA_WQE_OOB_SMALL),
			 address, mem_key, size);
	rq->head++;
	return 0;
}

/**
 * gdma_wqe_commit() - make a WQE started in place part of the posted ones
 * @wq: its queue
 * @size_bu: gdma_sq_wqe_start()'s size
 *
 * The doorbell is not rung; see gdma_ring_wq().
 */
static __always_inline void gdma_wqe_commit(struct gdma_queue *wq,
					    u32 size_bu)
{
	wq->head += size_bu;
}

/**
 * gdma_doorbell_value() - encode the 64-bit doorbell word
 * @type: queue type
 * @id: queue id (EQ: 16 bits, others: 24 bits)
 * @tail: SQ/RQ: free-running producer position in bytes;
 *	  EQ/CQ: consumer position modulo 8 x entries (31 bits)
 * @arm: EQ/CQ: ask for an event on the next entry
 *
 * The RQ work-entry count field is left 0 as the device expects; an id
 * wider than its field is cut to it.  Inline: with a constant @type (the
 * per-packet doorbells of queue.c) the switch folds away.
 *
 * Return: the value to write, 0 for an unknown type.
 */
static inline u64 gdma_doorbell_value(enum gdma_queue_type type, u32 id, u32 tail, bool arm)
{
	switch (type) {
	case GDMA_SQ:
	case GDMA_RQ:
		return FIELD_PREP(GDMA_DB_WQ_ID, id & FIELD_MAX(GDMA_DB_WQ_ID)) |
		       FIELD_PREP(GDMA_DB_WQ_TAIL, tail);
	case GDMA_CQ:
		return FIELD_PREP(GDMA_DB_CQ_ID, id & FIELD_MAX(GDMA_DB_CQ_ID)) |
		       FIELD_PREP(GDMA_DB_CQ_TAIL, tail & 0x7fffffff) |
		       (arm ? GDMA_DB_ARM : 0);
	case GDMA_EQ:
		return FIELD_PREP(GDMA_DB_EQ_ID, id & FIELD_MAX(GDMA_DB_EQ_ID)) |
		       FIELD_PREP(GDMA_DB_EQ_TAIL, tail & 0x7fffffff) |
		       (arm ? GDMA_DB_ARM : 0);
	default:
		return 0;
	}
}

/**
 * gdma_ring_sq() - gdma_ring_wq() for an SQ, inline in the send path
 * @sq: send queue
 *
 * Rung once per packet sent when the stack has no more behind it; the
 * doorbell page was checked against BAR0 when the device got it, so the
 * word goes straight to it.  Without the page (not registered yet) the
 * checked path of gdma_ring_wq() is taken.
 */
static __always_inline void gdma_ring_sq(struct gdma_queue *sq)
{
	void __iomem *page = sq->gd->db_page;

	if (unlikely(!page)) {
		gdma_ring_wq(sq);
		return;
	}
	wmb(); /* the WQE before the doorbell */
	writeq(gdma_doorbell_value(GDMA_SQ, sq->id, sq->head * GDMA_WQE_BU_SIZE,
				   false),
	       page + GDMA_DB_SQ_OFFSET);
}

/**
 * gdma_wq_advance_tail() - release completed WQEs
 * @wq: the work queue
 * @num_bu: 32-byte units the completed WQEs occupied
 *
 * Inline: it runs once per completed send and per received buffer.
 */
static __always_inline void gdma_wq_advance_tail(struct gdma_queue *wq,
						 u32 num_bu)
{
	wq->tail += num_bu;
}

/* ---- Completion queues --------------------------------------------------- */

int gdma_poll_cq(struct gdma_queue *cq, struct gdma_comp *comp, int max);
void gdma_cq_overflowed(const struct gdma_queue *cq, u32 info);

enum gdma_owner_state {
	GDMA_OWNER_EMPTY,
	GDMA_OWNER_NEW,
	GDMA_OWNER_OVERFLOW,
};

/**
 * gdma_owner_check() - classify a ring entry by its owner field
 * @owner: the entry's 3-bit owner value
 * @head: consumer counter (starts at @num_entries)
 * @num_entries: entries in the ring (power of two)
 *
 * Return: GDMA_OWNER_NEW, GDMA_OWNER_EMPTY or GDMA_OWNER_OVERFLOW.
 */
static inline enum gdma_owner_state gdma_owner_check(u32 owner, u32 head,
						     u32 num_entries)
{
	u32 lap = head / num_entries;

	owner &= GDMA_OWNER_MASK;
	if (owner == (lap & GDMA_OWNER_MASK))
		return GDMA_OWNER_NEW;
	if (owner == ((lap - 1) & GDMA_OWNER_MASK))
		return GDMA_OWNER_EMPTY;
	return GDMA_OWNER_OVERFLOW;
}

/**
 * gdma_take_cqes() - take new completions from a CQ, read in place
 * @cq: completion queue
 * @cqes: array for at most @max entry pointers
 * @max: array size
 *
 * As gdma_poll_cq(), but nothing is copied: @cqes points at the entries in
 * the ring, whose owner field was checked and after which the rest may be
 * read (gdma_cqe_word(), gdma_cqe_info()).  They stay valid until the
 * consumer position is reported to the device (a CQ doorbell) or the CQ
 * is destroyed; a device that writes them again before that has lapped
 * the ring, which the next call reports.  Every field read is device data
 * and is checked by the caller before use.  Inline: the NAPI poll calls
 * it once per CQ and poll; the overflow message is out of line.
 *
 * Return: number of entries taken, or -EPROTO when the device overwrote
 * entries the driver had not consumed.
 */
static __always_inline int gdma_take_cqes(struct gdma_queue *cq,
					  const struct gdma_cqe **cqes,
					  int max)
{
	const struct gdma_cqe *ring = cq->ring;
	u32 n = cq->ring_size / GDMA_CQE_SIZE;
	u32 head = cq->head;
	int count;

	for (count = 0; count < max; count++, head++) {
		const struct gdma_cqe *cqe = &ring[head & (n - 1)];
		u32 info = le32_to_cpu(READ_ONCE(cqe->info));

		switch (gdma_owner_check(FIELD_GET(GDMA_CQE_INFO_OWNER, info),
					 head, n)) {
		case GDMA_OWNER_EMPTY:
			goto out;
		case GDMA_OWNER_OVERFLOW:
			cq->head = head;
			gdma_cq_overflowed(cq, info);
			return -EPROTO;
		case GDMA_OWNER_NEW:
			break;
		}
		cqes[count] = cqe;
	}
out:
	/* The entries' other fields are read after their owner fields. */
	if (count)
		dma_rmb();
	cq->head = head;
	return count;
}

bool gdma_cq_pending(const struct gdma_queue *cq);
void gdma_arm_cq(struct gdma_queue *cq);
void gdma_ring_cq(struct gdma_queue *cq, bool arm);
void gdma_ring_dim(struct gdma_queue *cq, int usec, int comps);

#endif /* _MANA_GDMA_H */
