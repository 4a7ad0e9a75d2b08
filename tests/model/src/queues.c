// SPDX-License-Identifier: GPL-2.0
/*
 * Queues in guest memory: DMA regions, EQs, CQs, SQs and RQs, owner bits,
 * arming, doorbells and MSI-X.
 *
 * Ring rules (spec §3.5.4): the k-th entry the device produces goes to slot
 * k mod N with owner ((k / N) + 1) & 7; the driver's consumer starts at N and
 * its doorbell carries head mod 8N. EQs and CQs start armed; a CQ that
 * raised an event stays disarmed until the driver re-arms it, and an arm
 * with entries still unread raises the event again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "model.h"
#include "pkt.h"
#include "ring.h"

static u32 delayed_vectors;	/* bitmap of interrupts held by the delay fault */

/* -------------------------------------------------------------- MSI-X */

static void msix_write(u32 vec)
{
	u64 one = 1;

	if (M.irq_fd[vec] < 0) {
		M.st.irq_no_fd++;
		return;
	}
	if (write(M.irq_fd[vec], &one, sizeof(one)) != sizeof(one))
		M.st.irq_no_fd++;
	M.st.irqs++;
	M.st.irq_per_vec[vec]++;
}

void msix_fire(u32 vec)
{
	if (vec >= MODEL_NUM_VECTORS || M.fault.removed)
		return;
	if ((M.fault.irq_lost_vec < 0 || (u32)M.fault.irq_lost_vec == vec) &&
	    fault_take(&M.fault.irq_lost)) {
		M.st.irqs_lost++;
		DBG("fault: interrupt on vector %u lost\n", vec);
		return;
	}
	if (M.fault.irq_delay_ms && fault_take(&M.fault.irq_delay_count)) {
		struct itimerspec its = { 0 };

		M.st.irqs_delayed++;
		delayed_vectors |= 1u << vec;
		its.it_value.tv_sec = M.fault.irq_delay_ms / 1000;
		its.it_value.tv_nsec = (long)(M.fault.irq_delay_ms % 1000) * 1000000L;
		timerfd_settime(M.timer_fd, 0, &its, NULL);
		return;
	}
	msix_write(vec);
}

void msix_timer_expired(void)
{
	u32 v;

	for (v = 0; v < MODEL_NUM_VECTORS; v++)
		if (delayed_vectors & (1u << v))
			msix_write(v);
	delayed_vectors = 0;
}

/* ------------------------------------------------------------ regions */

static u64 region_handle(int idx)
{
	return ((u64)M.regions[idx].gen << 32) | (u64)(idx + 1);
}

int region_lookup(u64 handle)
{
	u64 idx = (handle & 0xffffffffull);

	if (idx == 0 || idx > MODEL_MAX_REGIONS)
		return -1;
	idx--;
	if (!M.regions[idx].used || region_handle((int)idx) != handle)
		return -1;
	return (int)idx;
}

int region_alloc(u64 length, u32 page_shift, u32 offset, u32 npages, u64 *handle)
{
	int i;

	for (i = 0; i < MODEL_MAX_REGIONS; i++) {
		struct region *r = &M.regions[i];

		if (r->used)
			continue;
		r->pages = calloc(npages, sizeof(u64));
		if (!r->pages)
			return -ENOMEM;
		r->used = true;
		r->owned = false;
		r->gen++;
		r->length = length;
		r->page_shift = page_shift;
		r->offset = offset;
		r->npages = npages;
		r->nfilled = 0;
		*handle = region_handle(i);
		return i;
	}
	return -ENOSPC;
}

int region_add_pages(u64 handle, const u8 *list, u32 n, bool *complete)
{
	int idx = region_lookup(handle);
	struct region *r;
	u32 i;

	if (idx < 0)
		return -ENOENT;
	r = &M.regions[idx];
	if (n > r->npages - r->nfilled)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		u64 a = get64(list + 8 * i);

		if (a & ((1ull << r->page_shift) - 1))
			return -EINVAL;
		r->pages[r->nfilled + i] = a;
	}
	r->nfilled += n;
	*complete = r->nfilled == r->npages;
	return 0;
}

void region_free(int idx)
{
	struct region *r;

	if (idx < 0 || idx >= MODEL_MAX_REGIONS)
		return;
	r = &M.regions[idx];
	free(r->pages);
	r->pages = NULL;
	r->used = false;
	r->owned = false;
}

/* Guest address of byte off of a region (no crossing of a region page). */
static int region_addr(int idx, u64 off, u64 *gpa, u64 *room)
{
	struct region *r = &M.regions[idx];
	u64 pos = off + r->offset, psize = 1ull << r->page_shift;
	u64 page = pos >> r->page_shift;

	if (off >= r->length || page >= r->nfilled)
		return -1;
	*gpa = r->pages[page] + (pos & (psize - 1));
	*room = MIN(psize - (pos & (psize - 1)), r->length - off);
	return 0;
}

/* ------------------------------------------------------ ring access */

static int ring_addr(const struct queue *q, u32 off, u64 *gpa, u64 *room)
{
	off &= q->size - 1;
	if (q->hwc_base) {
		*gpa = q->hwc_base + off;
		*room = q->size - off;
		return 0;
	}
	if (q->region < 0 || region_addr(q->region, off, gpa, room))
		return -1;
	*room = MIN(*room, (u64)(q->size - off));
	return 0;
}

static int ring_copy(const struct queue *q, u32 off, u8 *buf, u32 len, bool write)
{
	while (len) {
		u64 gpa, room;
		u32 chunk;

		if (ring_addr(q, off, &gpa, &room)) {
			M.st.dma_errors++;
			return -1;
		}
		chunk = (u32)MIN((u64)len, room);
		if (write ? dma_write(gpa, buf, chunk) : dma_read(gpa, buf, chunk))
			return -1;
		off += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

int ring_read(const struct queue *q, u32 off, void *buf, u32 len)
{
	return ring_copy(q, off, buf, len, false);
}

int ring_write(const struct queue *q, u32 off, const void *buf, u32 len)
{
	return ring_copy(q, off, (u8 *)buf, len, true);
}

/* Write an EQE/CQE: body first, then the last dword with a release store. */
static int ring_put_entry(const struct queue *q, u32 off, const u8 *e, u32 esize)
{
	u64 gpa, room;
	u32 *last;

	if (ring_addr(q, off, &gpa, &room) || room < esize) {
		M.st.dma_errors++;
		return -1;
	}
	last = dma_ptr(gpa + esize - 4, 4, true);
	if (!last || dma_write(gpa, e, esize - 4)) {
		M.st.dma_errors++;
		return -1;
	}
	__atomic_store_n(last, get32(e + esize - 4), __ATOMIC_RELEASE);
	return 0;
}

/* ------------------------------------------------------- queue table */

struct queue *queue_alloc(struct queue *table, u32 n, u32 first)
{
	u32 i;

	for (i = first; i < n; i++) {
		if (!table[i].used) {
			struct queue *q = &table[i];

			memset(q, 0, sizeof(*q));
			q->used = true;
			q->id = i;
			q->region = -1;
			q->vport = -1;
			q->armed = true;
			q->obj_handle = INVALID_HANDLE;
			return q;
		}
	}
	return NULL;
}

void queue_free(struct queue *q)
{
	if (!q || !q->used)
		return;
	rx_backlog_free(q);
	if (q->region >= 0)
		region_free(q->region);
	memset(q, 0, sizeof(*q));
	q->region = -1;
}

struct queue *eq_get(u32 id)
{
	return id < MODEL_MAX_EQ && M.eqs[id].used ? &M.eqs[id] : NULL;
}

struct queue *cq_get(u32 id)
{
	return id < MODEL_MAX_CQ && M.cqs[id].used ? &M.cqs[id] : NULL;
}

struct queue *wq_get(u32 id)
{
	return id < MODEL_MAX_WQ && M.wqs[id].used ? &M.wqs[id] : NULL;
}

static u32 ring_entries(const struct queue *q)
{
	return q->size / (q->type == Q_EQ ? EQE_SIZE : CQE_SIZE);
}

/* A new EQ/CQ: nothing produced, the driver's consumer sits at N. */
void ring_reset(struct queue *q)
{
	q->produced = 0;
	q->db_tail = ring_entries(q);
	q->armed = true;
}

/* entries produced but not yet consumed according to the last doorbell */
static u32 ring_outstanding(const struct queue *q)
{
	return ring_unread(q->produced, q->db_tail, ring_entries(q));
}

static u8 owner_of(const struct queue *q, u64 k)
{
	return ring_owner(k, ring_entries(q));
}

/* -------------------------------------------------------- EQ and CQ */

int eq_post(struct queue *eq, u8 type, u32 d0, u32 d1, u32 d2)
{
	u8 e[EQE_SIZE];
	u32 n = ring_entries(eq);
	u8 owner = owner_of(eq, eq->produced);
	int fz;

	if (M.fault.removed)
		return -1;
	if (ring_outstanding(eq) >= n) {
		M.st.eq_overflow++;
		LOG("EQ %u overflow: event %u dropped\n", eq->id, type);
		return -1;
	}
	if (fault_take(&M.fault.corrupt_eqe)) {
		owner = (u8)((owner + 3) & 7);	/* neither "new" nor "old" */
		M.st.faults_injected++;
	} else if (fault_take(&M.fault.eq_overflow)) {
		owner = (u8)((owner + 1) & 7);	/* the next lap's: the device lapped the EQ */
		M.st.faults_injected++;
		LOG("fault: EQ %u: event %u written as an overflow\n", eq->id, type);
	}
	put32(e, d0);
	put32(e + 4, d1);
	put32(e + 8, d2);
	put32(e + 12, (u32)type | ((u32)owner << 29));
	fz = fuzz_eqe(eq, e);	/* fuzz.c: may mutate it; FZ_DUP: post it twice */
	if (ring_put_entry(eq, ring_slot(eq->produced, n) * EQE_SIZE, e, EQE_SIZE))
		return -1;
	eq->produced++;
	M.st.eqes++;
	if (fz && ring_outstanding(eq) < n) {
		e[15] = (u8)((e[15] & 0x1f) | owner_of(eq, eq->produced) << 5);
		if (!ring_put_entry(eq, ring_slot(eq->produced, n) * EQE_SIZE, e, EQE_SIZE))
			eq->produced++;
	}
	DBG("EQE eq=%u type=%u d0=%#x #%llu\n", eq->id, type, d0,
	    (unsigned long long)eq->produced);
	if (eq->armed) {
		eq->armed = false;
		msix_fire(eq->msix);
	}
	return 0;
}

int cq_post(struct queue *cq, const u8 *data60, u32 wq_num, bool is_sq)
{
	u8 e[CQE_SIZE];
	u32 n = ring_entries(cq);
	u8 owner = owner_of(cq, cq->produced);
	struct queue *eq;
	int fz;

	if (M.fault.removed)
		return -1;
	if (ring_outstanding(cq) >= n)
		M.st.cq_overflow++;	/* the consumer view may be stale: count only */
	if ((M.fault.corrupt_cqe_cq == -1 ||
	     (M.fault.corrupt_cqe_cq == -2 && cq->vport >= 0) ||
	     (M.fault.corrupt_cqe_cq >= 0 && (u32)M.fault.corrupt_cqe_cq == cq->id)) &&
	    fault_take(&M.fault.corrupt_cqe)) {
		owner = (u8)((owner + 3) & 7);
		M.st.faults_injected++;
	}
	memcpy(e, data60, 60);
	put32(e + 60, (wq_num & 0xffffff) | (is_sq ? 1u << 24 : 0) | ((u32)owner << 29));
	fz = fuzz_cqe(cq, e);	/* fuzz.c: may mutate it; FZ_DUP: post it twice */
	if (ring_put_entry(cq, ring_slot(cq->produced, n) * CQE_SIZE, e, CQE_SIZE))
		return -1;
	cq->produced++;
	M.st.cqes++;
	if (fz) {
		e[63] = (u8)((e[63] & 0x1f) | owner_of(cq, cq->produced) << 5);
		if (!ring_put_entry(cq, ring_slot(cq->produced, n) * CQE_SIZE, e, CQE_SIZE))
			cq->produced++;
	}
	if (cq->armed && is_sq && cq->vport >= 0 && fault_take(&M.fault.tx_lost_event)) {
		cq->armed = false;	/* fault: the event is lost */
		M.st.faults_injected++;
		LOG("fault: CQ %u: send completion without its event\n", cq->id);
	}
	if (cq->armed) {
		eq = eq_get(cq->parent_eq);
		if (!eq)
			return 0;
		cq->armed = false;
		eq_post(eq, EQE_COMPLETION, cq->id, 0, 0);
	}
	return 0;
}

/* ------------------------------------------------------------ WQEs */

/*
 * Fetch the WQE at the device consumer position. Returns 1 with the WQE
 * copied out, 0 when the queue is empty, -1 when the WQE is malformed.
 */
int wq_next_wqe(struct queue *wq, u8 *wqe, u32 max, u32 *size_out, u32 *off_out)
{
	u32 avail = wq_avail(wq->tail, wq->head), nsge, oob, size;
	u8 hdr[8];

	if (avail == 0)
		return 0;
	if (avail > wq->size || avail % BU_SIZE) {
		M.st.wqe_errors++;
		return -1;
	}
	if (ring_read(wq, wq->head, hdr, 8))
		return -1;
	nsge = hdr[4];
	oob = (u32)((hdr[5] & 7) * 4);
	size = wqe_size(nsge, oob);
	if (nsge == 0 || (oob != 8 && oob != 24) || size > max || size > avail ||
	    8 + oob > BU_SIZE) {
		M.st.wqe_errors++;
		LOG("%s %u: malformed WQE at %#x (sge %u oob %u size %u avail %u)\n",
		    wq->type == Q_SQ ? "SQ" : "RQ", wq->id, wq->head, nsge, oob, size, avail);
		return -1;
	}
	if (ring_read(wq, wq->head, wqe, size))
		return -1;
	*size_out = size;
	*off_out = wq->head & (wq->size - 1);
	return 1;
}

/* --------------------------------------------------- data translation */

static int mr_by_key(u32 key)
{
	int i;

	for (i = 0; i < MODEL_MAX_MR; i++)
		if (M.mrs[i].used && M.mrs[i].lkey == key)
			return i;
	return -1;
}

static bool key_is_gpa(u32 key)
{
	int i;

	for (i = 1; i < 4; i++)
		if (M.devs[i].registered && M.devs[i].gpa_mkey == key)
			return true;
	return false;
}

static int sge_copy(u64 addr, u32 key, u8 *buf, u32 len, bool write)
{
	int mr;

	if (key_is_gpa(key))
		return write ? dma_write(addr, buf, len) : dma_read(addr, buf, len);
	mr = mr_by_key(key);
	if (mr >= 0 && M.mrs[mr].type == 1)	/* GPA MR: guest-physical addresses */
		return write ? dma_write(addr, buf, len) : dma_read(addr, buf, len);
	if (mr < 0 || M.mrs[mr].region < 0) {
		M.st.dma_errors++;
		return -1;
	}
	if (addr < M.mrs[mr].iova) {
		M.st.dma_errors++;
		return -1;
	}
	addr -= M.mrs[mr].iova;
	while (len) {
		u64 gpa, room;
		u32 chunk;

		if (region_addr(M.mrs[mr].region, addr, &gpa, &room)) {
			M.st.dma_errors++;
			return -1;
		}
		chunk = (u32)MIN((u64)len, room);
		if (write ? dma_write(gpa, buf, chunk) : dma_read(gpa, buf, chunk))
			return -1;
		addr += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

int sge_read(u64 addr, u32 key, void *buf, u32 len)
{
	return sge_copy(addr, key, buf, len, false);
}

int sge_write(u64 addr, u32 key, const void *buf, u32 len)
{
	return sge_copy(addr, key, (u8 *)buf, len, true);
}

/* ------------------------------------------------------------ doorbells */

/*
 * DIM doorbell: new moderation values of a CQ (bits 41:32 usec, 47 usec
 * valid, 55:48 completions, 63 completions valid).  Recorded and counted;
 * events are not delayed by it.  Without the DIM capability it is a bad
 * doorbell.
 */
static void dim_doorbell(u32 page, u32 id, u64 val)
{
	struct queue *q = cq_get(id);

	if (M.no_dim || !q || q->db_page != page) {
		M.st.db_bad++;
		DBG("DIM doorbell page %u value %#llx: %s\n", page, (unsigned long long)val,
		    M.no_dim ? "capability not offered" : "no such CQ");
		return;
	}
	M.st.db_dim++;
	q->dim_doorbells++;
	if (val & (1ull << 47))
		q->modr_usec = (u16)((val >> 32) & 0x3ff);
	if (val >> 63)
		q->modr_comps = (u16)((val >> 48) & 0xff);
}

/* vfio-user thread, M.lock held: record and wake the worker. */
void doorbell_write(u32 page, u32 reg, u64 val)
{
	struct queue *q = NULL;
	u32 id = (u32)(val & 0xffffff), tail = (u32)(val >> 32);

	switch (reg) {
	case DB_SQ:
	case DB_RQ:
		q = wq_get(id);
		if (q && q->type != (reg == DB_SQ ? Q_SQ : Q_RQ))
			q = NULL;
		if (reg == DB_SQ)
			M.st.db_sq++;
		else
			M.st.db_rq++;
		break;
	case DB_CQ:
		q = cq_get(id);
		M.st.db_cq++;
		break;
	case DB_EQ:
		q = eq_get((u32)(val & 0xffff));
		M.st.db_eq++;
		break;
	case DB_DIM:
		dim_doorbell(page, id, val);
		return;
	case DB_RQ_CLIENT:
		if (mgmt_ib_doorbell(page, reg, id, val))
			return;
		M.st.db_bad++;
		return;
	default:
		M.st.db_bad++;
		return;
	}
	if (!q || q->db_page != page) {
		if (mgmt_ib_doorbell(page, reg, id, val))
			return;		/* an RNIC queue (its own id space) */
		M.st.db_bad++;
		DBG("doorbell page %u reg %#x value %#llx: no such queue\n", page, reg,
		    (unsigned long long)val);
		return;
	}
	q->doorbells++;
	if (reg == DB_SQ || reg == DB_RQ)
		q->tail = tail;
	if (reg == DB_CQ || reg == DB_EQ) {
		q->db_tail = tail & 0x7fffffff;
		if (val >> 63)
			q->db_arm = true;
	}
	q->db_pending = true;
	M.work_pending = true;
	model_kick();
}

static void arm_process(struct queue *q)
{
	bool arm = q->db_arm;

	q->db_arm = false;
	if (!arm)
		return;
	if (ring_outstanding(q) == 0) {
		q->armed = true;
		return;
	}
	/* re-armed with unread entries: signal again */
	if (q->type == Q_EQ) {
		q->armed = false;
		msix_fire(q->msix);
	} else {
		struct queue *eq = eq_get(q->parent_eq);

		q->armed = false;
		if (eq)
			eq_post(eq, EQE_COMPLETION, q->id, 0, 0);
	}
}

/* worker, M.lock held */
void doorbells_process(void)
{
	u32 i;

	for (i = 0; i < MODEL_MAX_EQ; i++) {
		if (M.eqs[i].used && M.eqs[i].db_pending) {
			M.eqs[i].db_pending = false;
			arm_process(&M.eqs[i]);
		}
	}
	for (i = 0; i < MODEL_MAX_CQ; i++) {
		if (M.cqs[i].used && M.cqs[i].db_pending) {
			M.cqs[i].db_pending = false;
			arm_process(&M.cqs[i]);
		}
	}
	for (i = 0; i < MODEL_MAX_WQ; i++) {
		struct queue *q = &M.wqs[i];

		if (!q->used || !q->db_pending || q->type != Q_RQ)
			continue;
		q->db_pending = false;
		if (q->vport < 0)
			hwc_rq_doorbell();
		else
			rx_rq_doorbell(q);
	}
	for (i = 0; i < MODEL_MAX_WQ; i++) {
		struct queue *q = &M.wqs[i];

		if (!q->used || !q->db_pending || q->type != Q_SQ)
			continue;
		q->db_pending = false;
		if (q->vport < 0)
			hwc_sq_doorbell();
		else
			tx_sq_doorbell(q);
	}
	rnic_process();
}

/* ---------------------------------------------------------------- reset */

void dev_reset(void)
{
	u32 i;

	for (i = 0; i < MODEL_MAX_EQ; i++)
		queue_free(&M.eqs[i]);
	for (i = 0; i < MODEL_MAX_CQ; i++)
		queue_free(&M.cqs[i]);
	for (i = 0; i < MODEL_MAX_WQ; i++)
		queue_free(&M.wqs[i]);
	for (i = 0; i < MODEL_MAX_REGIONS; i++)
		if (M.regions[i].used)
			region_free((int)i);
	memset(M.pds, 0, sizeof(M.pds));
	memset(M.mrs, 0, sizeof(M.mrs));
	memset(M.devs, 0, sizeof(M.devs));
	memset(M.db_page_used, 0, sizeof(M.db_page_used));
	mgmt_ib_reset();
	M.hwc_up = false;
	free(M.hwc_pending_resp);
	M.hwc_pending_resp = NULL;
	for (i = 0; i < (u32)M.nvports; i++) {
		struct vport *v = &M.vports[i];

		v->tx_configured = false;
		v->rx_enable = false;
		v->rss_enable = false;
		v->default_rxobj = INVALID_HANDLE;
	}
	delayed_vectors = 0;
}
