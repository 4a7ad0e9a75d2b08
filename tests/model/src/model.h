/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mana-model: a software MANA virtual function served over vfio-user.
 *
 * Shared declarations for all parts of the server. The device is a single
 * global instance (struct mana_model M); every part of it is protected by
 * M.lock, which the vfio-user thread takes for each message and the worker
 * thread takes for each batch of work.
 */
#ifndef MANA_MODEL_H
#define MANA_MODEL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))

/* ---------------------------------------------------------------- limits */
#define MODEL_NUM_VECTORS	32	/* MSI-X table size */
#define MODEL_MAX_VPORTS	16
#define MODEL_MAX_QUEUES	16	/* SQs and RQs per vPort */
#define MODEL_MAX_EQ		64
#define MODEL_MAX_CQ		256	/* also announced as MAX_NUM_CQS */
#define MODEL_MAX_WQ		512	/* SQ and RQ ids share one space */
#define MODEL_MAX_REGIONS	1024
#define MODEL_MAX_PD		64
#define MODEL_MAX_MR		256
#define MODEL_MAX_DB_PAGES	256
#define MODEL_MAX_DMA_MAPS	128
#define MODEL_ADAPTER_MTU	9216	/* L2 frame size incl. 14-byte header */
#define MODEL_MAX_FRAME		(MODEL_ADAPTER_MTU + 4)	/* + one VLAN tag */
#define MODEL_MAX_TSO		(256 * 1024)
#define MODEL_RX_BACKLOG	256	/* frames held per RQ while it has no WQE */

/* ------------------------------------------------------------- BAR0 map */
#define BAR0_SIZE		(32u << 20)
#define REG_DB_PAGE_OFFSET	0x08
#define REG_DB_PAGE_SIZE	0x10
#define REG_SHM_OFFSET		0x18
#define SMC_OFF			0x10000u
#define SMC_SIZE		32u
#define DB_OFF			0x100000u
#define DB_PAGE_SIZE		0x1000u
#define MSIX_TABLE_OFF		0x1ff0000u
#define MSIX_PBA_OFF		0x1ff8000u
#define DB_SQ			0x000
#define DB_RQ			0x400
#define DB_RQ_CLIENT		0x408	/* RNIC: armed-completion request */
#define DB_CQ			0x800
#define DB_DIM			0x820
#define DB_EQ			0xff8

/* ------------------------------------------------------- GDMA constants */
enum q_type { Q_NONE = 0, Q_SQ = 1, Q_RQ = 2, Q_CQ = 3, Q_EQ = 4 };

enum {
	DEV_NONE = 0, DEV_HWC = 1, DEV_MANA = 2, DEV_MANA_IB = 3,
};

#define EQE_SIZE	16
#define CQE_SIZE	64
#define BU_SIZE		32
#define HWC_QSIZE	4096

enum eqe_type {
	EQE_COMPLETION = 3,
	EQE_TEST = 64,
	EQE_HWC_INIT_EQ_ID_DB = 129,
	EQE_HWC_INIT_DATA = 130,
	EQE_HWC_INIT_DONE = 131,
	EQE_SOC_RECONFIG_DATA = 133,
	EQE_RNIC_QP_FATAL = 176,
};

#define STATUS_OK		0u
#define STATUS_MORE_ENTRIES	0x105u
#define STATUS_BAD_REQUEST	0x2u	/* malformed / invalid argument */
#define STATUS_NO_RESOURCE	0x3u
#define STATUS_UNSUPPORTED	0xffffffffu

#define INVALID_HANDLE		0xffffffffffffffffull

/* Ethernet CQE types */
enum {
	CQE_RX_OKAY = 1, CQE_RX_COALESCED_4 = 2, CQE_RX_OBJECT_FENCE = 3, CQE_RX_TRUNCATED = 4,
	CQE_RX_COALESCED_8 = 7,
	CQE_TX_OKAY = 32, CQE_TX_MTU_DROP = 34, CQE_TX_INVALID_OOB = 35,
	CQE_TX_HDR_PROCESSING_ERROR = 37, CQE_TX_VPORT_IDX_OUT_OF_RANGE = 39,
	CQE_TX_VPORT_DISABLED = 40,
};

/* ------------------------------------------------------------- logging */
extern int model_verbose;
void model_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define LOG(...) model_log(__VA_ARGS__)
#define DBG(...) do { if (model_verbose) model_log(__VA_ARGS__); } while (0)

/* little-endian field helpers for guest-visible buffers */
static inline u32 get32(const void *p) { u32 v; memcpy(&v, p, 4); return v; }
static inline u16 get16(const void *p) { u16 v; memcpy(&v, p, 2); return v; }
static inline u64 get64(const void *p) { u64 v; memcpy(&v, p, 8); return v; }
static inline void put16(void *p, u16 v) { memcpy(p, &v, 2); }
static inline void put32(void *p, u32 v) { memcpy(p, &v, 4); }
static inline void put64(void *p, u64 v) { memcpy(p, &v, 8); }

/* ----------------------------------------------------------- structures */
struct dma_map {
	u64 iova, size;
	u8 *va;
	int fd;
	bool writable;
};

struct region {
	bool used;
	bool owned;		/* consumed by a queue: freed with it */
	u32 gen;		/* makes stale handles fail */
	u64 length;
	u32 page_shift;
	u32 offset;		/* offset of byte 0 in the first page */
	u32 npages;		/* announced total */
	u32 nfilled;		/* received so far */
	u64 *pages;
};

struct pkt;

struct queue {
	bool used;
	u8 type;
	u32 id;
	u32 size;		/* bytes, power of two */
	u32 db_page;		/* doorbell page the queue must be rung on */
	u64 hwc_base;		/* HWC queues: contiguous guest address */
	int region;		/* index into M.regions or -1 */
	/* EQ / CQ: producer count, consumer from doorbell, arm state */
	u64 produced;
	u32 db_tail;
	bool armed;
	u32 msix;		/* EQ */
	u32 parent_eq;		/* CQ */
	/* SQ / RQ */
	u32 head;		/* device consumer, free-running bytes */
	u32 tail;		/* driver producer from doorbell */
	u32 cq_id;
	int vport;		/* -1 for HWC */
	u32 qidx;		/* ordinal among the vPort's SQs or RQs */
	u64 obj_handle;		/* WQ object handle */
	/* pending doorbell, set by the vfio-user thread */
	bool db_pending;
	bool db_arm;
	/* counters */
	u64 packets, bytes, drops, doorbells;
	/* RX CQE coalescing: packets written, CQE not yet posted */
	u8 coal_n;
	u32 coal_dw1, coal_off;
	u32 coal_len[8], coal_hash[8];
	/* RQ: distinct in-page offsets of the buffers packets landed in
	 * (2 when two buffers share a page, 1 with a buffer per page)
	 */
	u16 buf_off[4];
	u8 buf_off_n;
	/* CQ interrupt moderation (CREATE_WQ_OBJ v3, DIM doorbell): recorded */
	u16 modr_usec, modr_comps;
	u64 dim_doorbells;
	/* RQ backlog while no WQE is posted */
	struct pkt *backlog_head, *backlog_tail;
	u32 backlog_len;
};

struct vport {
	u8 mac[6];
	bool link_up;
	bool tx_configured;
	u32 tx_pdid, tx_db;
	bool rx_enable, rss_enable;
	u64 default_rxobj;
	u8 hash_key[40];
	u32 indir_n;
	u64 indir[512];
	u16 hash_types;
	u8 cqe_coalesce;	/* packets per RX CQE: 1, 4 or 8 */
	/* SET_BW_CLAMP as last received */
	bool clamp_on;
	u32 clamp_mbps;
	u64 clamp_requests;
	/* counters */
	u64 tx_packets, tx_bytes, rx_packets, rx_bytes;
	u64 tx_drops, rx_drops, rx_no_wqe, tso_segments;
	u64 rx_waited;		/* frames that found no announced RQ WQE */
	u64 tx_cqe_suppressed;	/* TX WQEs completed without a CQE of their own */
	u64 tx_csum, rx_vlan_stripped, tx_vlan_inserted, rx_coalesced_cqes;
	u64 tx_bcast, tx_mcast, rx_bcast, rx_mcast;
	u64 txq_packets[MODEL_MAX_QUEUES], rxq_packets[MODEL_MAX_QUEUES];
	u64 txq_bytes[MODEL_MAX_QUEUES], rxq_bytes[MODEL_MAX_QUEUES];
};

struct gdma_devinfo {
	bool registered;
	u32 pdid, gpa_mkey, db_id;
};

struct pd {
	bool used;
	u32 pdn;
	u64 handle;
};

struct mr {
	bool used;
	u32 type;		/* 1 GPA, 2 GVA, 4 ZBVA, 6/7 memory windows */
	u32 lkey;		/* also the rkey */
	u64 handle;
	int region;
	u64 iova;		/* GVA: address of byte 0; ZBVA: 0 */
	u64 pd;			/* PD handle of CREATE_MR */
	u32 access;		/* GDMA access flags (bit 0 local read .. 3 remote write) */
};

struct fault_state {
	int hwc_drop;		/* drop next N requests (-1 = all) */
	u32 hwc_drop_opcode;	/* only requests with this opcode (0: any) */
	bool hwc_silent;	/* drop every request until DESTROY/ESTABLISH_HWC */
	u32 err_opcode;		/* 0 = none */
	u32 err_status;
	int err_count;		/* -1 = forever */
	int corrupt_cqe, corrupt_eqe;
	int corrupt_cqe_cq;	/* only this CQ id; -1: any, -2: data CQs (vPort queues) */
	int irq_lost;
	int irq_lost_vec;	/* only this vector (-1: any) */
	u32 irq_delay_ms;
	int irq_delay_count;
	int bad_coal_cqe;	/* next N coalesced RX CQEs are malformed */
	bool tx_stall;		/* SQ doorbells are not served (no sends, no CQEs) */
	int hwc_lost_event;	/* next N HWC responses complete without an EQE */
	int tx_lost_event;	/* next N send completions' events are lost */
	int hwc_dup;		/* next N HWC responses are completed twice */
	int eq_overflow;	/* next N EQEs are written a lap ahead (overflow) */
	bool removed;
};

#define MAX_OPCODE_STATS 64

struct stats {
	u64 vfu_msgs, bar_reads, bar_writes, cfg_accesses;
	u64 db_sq, db_rq, db_cq, db_eq, db_bad, db_dim;
	u64 cq_moderation;	/* CREATE_WQ_OBJ v3 asking for CQ moderation */
	u64 irqs, irqs_lost, irqs_delayed, irq_no_fd;
	u64 irq_per_vec[MODEL_NUM_VECTORS];
	u64 eqes, cqes;
	u64 hwc_requests, hwc_errors, hwc_dropped, hwc_no_rq;
	u32 op_code[MAX_OPCODE_STATS];
	u64 op_count[MAX_OPCODE_STATS];
	u64 op_errors[MAX_OPCODE_STATS];
	u64 dma_errors, wqe_errors, cq_overflow, eq_overflow;
	u64 switch_frames, switch_drops, backend_tx, backend_rx;
	u64 smc_messages, smc_establish, smc_destroy;
	u64 faults_injected;
	u64 flrs;		/* function-level resets (--flr) */
};

struct mana_model {
	pthread_mutex_t lock;
	/* transport */
	struct dma_map maps[MODEL_MAX_DMA_MAPS];
	int nmaps;
	int irq_fd[MODEL_NUM_VECTORS];
	/* PCI */
	u8 cfg[256], cfg_wmask[256];
	union {
		u8 smc[SMC_SIZE];
		u32 smc_dw[SMC_SIZE / 4];
	};
	bool smc_pending;
	/* HWC */
	bool hwc_up;
	u64 hwc_eq_gpa, hwc_cq_gpa, hwc_rq_gpa, hwc_sq_gpa;
	u32 hwc_msix;
	u32 hwc_eq_id, hwc_cq_id, hwc_rq_id, hwc_sq_id;
	u32 hwc_timeout_ms;
	bool no_dim, no_cqe8;	/* --no-dim / --no-cqe8: capability bits off */
	bool no_rnic;		/* --no-rnic: LIST_DEVICES without the RDMA device */
	bool flr;		/* --flr: a PCIe capability offering function-level reset */
	u8 *hwc_pending_resp;	/* response waiting for an RQ WQE */
	u32 hwc_pending_len;
	/* GDMA objects */
	struct gdma_devinfo devs[4];
	struct queue eqs[MODEL_MAX_EQ];
	struct queue cqs[MODEL_MAX_CQ];
	struct queue wqs[MODEL_MAX_WQ];
	struct region regions[MODEL_MAX_REGIONS];
	struct pd pds[MODEL_MAX_PD];
	struct mr mrs[MODEL_MAX_MR];
	bool db_page_used[MODEL_MAX_DB_PAGES];
	bool work_pending;
	u32 next_key;
	u64 handle_seq;
	/* ports */
	int nvports;
	int nqueues;
	struct vport vports[MODEL_MAX_VPORTS];
	struct fault_state fault;
	struct stats st;
	int work_fd;		/* eventfd: wakes the worker */
	int timer_fd;		/* delayed interrupts */
	volatile int quit;
};

extern struct mana_model M;

/* main.c */
void model_kick(void);

/* vfu.c: transport */
int vfu_run(const char *path);
void vfu_stop(void);
void vfu_disconnect(void);
bool vfu_connected(void);
void *dma_ptr(u64 gpa, u64 len, bool write);
int dma_read(u64 gpa, void *buf, u64 len);
int dma_write(u64 gpa, const void *buf, u64 len);
void dma_unmap_all(void);
void irq_close_all(void);

/* pci.c */
void pci_init(void);
void cfg_read(u32 off, u8 *buf, u32 n);
void cfg_write(u32 off, const u8 *buf, u32 n);
void bar0_read(u64 off, u8 *buf, u32 n);
void bar0_write(u64 off, const u8 *buf, u32 n);

/* smc.c */
void smc_process(void);

/* queues.c */
void dev_reset(void);
void msix_fire(u32 vec);
void msix_timer_expired(void);
struct queue *eq_get(u32 id);
struct queue *cq_get(u32 id);
struct queue *wq_get(u32 id);
int eq_post(struct queue *eq, u8 type, u32 d0, u32 d1, u32 d2);
int cq_post(struct queue *cq, const u8 *data60, u32 wq_num, bool is_sq);
void ring_reset(struct queue *q);
int ring_read(const struct queue *q, u32 off, void *buf, u32 len);
int ring_write(const struct queue *q, u32 off, const void *buf, u32 len);
void doorbell_write(u32 page, u32 reg, u64 val);
void doorbells_process(void);
int region_alloc(u64 length, u32 page_shift, u32 offset, u32 npages, u64 *handle);
int region_add_pages(u64 handle, const u8 *list, u32 n, bool *complete);
int region_lookup(u64 handle);
void region_free(int idx);
int sge_read(u64 addr, u32 key, void *buf, u32 len);
int sge_write(u64 addr, u32 key, const void *buf, u32 len);
void queue_free(struct queue *q);
struct queue *queue_alloc(struct queue *table, u32 n, u32 first);
int wq_next_wqe(struct queue *wq, u8 *wqe, u32 max, u32 *size_out, u32 *off_out);

/* hwc.c */
void hwc_establish(u64 eq, u64 cq, u64 rq, u64 sq, u32 msix);
void hwc_destroy(void);
void hwc_sq_doorbell(void);
void hwc_rq_doorbell(void);
void hwc_post_event(u8 type, u32 d0);

/*
 * Management messages: a body follows the 40-byte request header and the
 * 32-byte response header (docs/device-interface.md §3.7.5).  Bodies are
 * packed little-endian structs; REQ_AT()/RESP_AT() pin a field's absolute
 * offset at compile time.
 */
#define REQ_HDR_LEN	40u
#define RESP_HDR_LEN	32u

/* absolute offset of a body field, for the layout checks */
#define REQ_AT(type, field, off) \
	_Static_assert(REQ_HDR_LEN + offsetof(type, field) == (off), #type "." #field)
#define RESP_AT(type, field, off) \
	_Static_assert(RESP_HDR_LEN + offsetof(type, field) == (off), #type "." #field)

/* mgmt_gdma.c, mgmt_mana.c */
struct req_ctx {
	const u8 *req;
	u32 req_len;
	u8 *resp;
	u32 resp_len;		/* bytes the driver expects */
	u32 opcode;
	u16 req_ver, resp_ver;	/* resp_ver: what we produce (may be lowered) */
	u32 dev_type;
};
u32 mgmt_dispatch(struct req_ctx *c);
u32 mgmt_gdma(struct req_ctx *c, bool *handled);
u32 mgmt_mana(struct req_ctx *c, bool *handled);
/* mgmt_ib.c: the RNIC (MANA_IB device) */
u32 mgmt_ib(struct req_ctx *c, bool *handled);
bool mgmt_ib_doorbell(u32 page, u32 reg, u32 id, u64 val);
void mgmt_ib_reset(void);
void rnic_process(void);	/* rnic_engine.c: worker, after the doorbells */
void mgmt_ib_counts(u32 *adapters, u32 *qps);
void mgmt_ib_describe(char *out, size_t len);
bool req_has(const struct req_ctx *c, u32 off, u32 len);
bool req_body(const struct req_ctx *c, void *body, size_t size, size_t min);
void resp_body(struct req_ctx *c, const void *body, size_t size);
void mgmt_after_response(void);
void mgmt_defer_test_eqe(u32 eq_id);
void mgmt_defer_fence(u32 rq_id);
void stats_opcode(u32 op, bool error);
int region_claim(u64 handle, u32 size);
u64 vport_handle(int idx);
struct queue *wq_by_handle(u64 handle);

/* tx.c / rx.c */
void tx_sq_doorbell(struct queue *sq);
void rx_rq_doorbell(struct queue *rq);
void rx_deliver(int vport, const u8 *frame, u32 len);
void rx_fence(struct queue *rq);
void rx_backlog_free(struct queue *rq);
void rx_flush(struct queue *rq);
void rx_flush_all(void);
void pkt_log(const char *dir, int vport, const u8 *f, u32 len);

/* switch.c */
int switch_init(const char *backend);
int switch_backend_fd(void);
int switch_pcap_open(const char *path);
void switch_pcap_close(void);
void switch_backend_input(void);
void switch_forward(int from_vport, const u8 *frame, u32 len);
int vport_by_handle(u64 handle);

/* control.c */
int control_init(const char *path);
int control_listen_fd(void);
void control_accept(void);
void control_client_input(int fd);
bool control_is_client(int fd);
void control_close_all(void);
void stats_json(char **out, size_t *len);

/* fuzz.c: device-side fuzzer (fuzz.h has the PRNG and the mutators) */
struct fuzz_state {
	bool on;
	u64 seed, rng;
	u32 rate;		/* per mille of a class's messages mutated */
	u32 classes;		/* bit per enum fuzz_class */
	u64 left;		/* mutations before it turns itself off (0: no limit) */
	u64 seq, runs;
	u64 seen[5], mutated[5], kinds[5][12];
};
extern struct fuzz_state FZ;
int fuzz_start(u64 seed, u32 rate, const char *classes, u64 events);
int fuzz_command(char *args, char *reply, size_t rlen);
void fuzz_json(char *out, size_t len);
int fuzz_hwc_response(u8 *resp, u32 len, u32 *cqe_len, u32 status);
void fuzz_hwc_events(void);
int fuzz_cqe(const struct queue *cq, u8 *e);
int fuzz_eqe(const struct queue *eq, u8 *e);

/* faults.c */
int fault_command(char *args, char *reply, size_t rlen);
bool fault_take(int *counter);
bool fault_opcode_status(u32 opcode, u32 *status);
/* hwc.c: fault actions */
int hwc_unsolicited_response(void);
/* pci.c */
void function_level_reset(void);

#endif
