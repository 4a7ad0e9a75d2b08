// SPDX-License-Identifier: GPL-2.0-only
/*
 * GDMA queues: ring memory, owner-bit arithmetic, WQE layout and posting,
 * completion polling, EQ event dispatch and the per-vector EQ lists.
 *
 * EQ and CQ rings: the consumer counter "head" starts at the number of
 * entries N.  The entry at slot head % N is new when its 3-bit owner field
 * equals (head / N) & 7, still empty when it equals the previous lap's
 * value, and anything else means the device lapped the driver (overflow).
 *
 * SQ and RQ rings: "head" and "tail" count 32-byte units (BUs), free
 * running; the doorbell carries head * 32 bytes.  A ring may be 100 % full.
 */
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "gdma_internal.h"

/**
 * gdma_ring_tail_ptr() - EQ/CQ doorbell position for a consumer counter
 * @head: consumer counter
 * @num_entries: entries in the ring
 *
 * Return: @head modulo eight laps of the ring.
 */
u32 gdma_ring_tail_ptr(u32 head, u32 num_entries)
{
	return head % (num_entries << GDMA_OWNER_BITS);
}

/**
 * gdma_wqe_size() - bytes a WQE occupies in its ring
 * @inline_oob_size: client OOB bytes: 8 or 24
 * @num_sge: scatter-gather entries (1..255)
 *
 * Return: the size rounded up to 32-byte units, or -EINVAL.
 */
int gdma_wqe_size(u32 inline_oob_size, u32 num_sge)
{
	if (!num_sge || num_sge > 255)
		return -EINVAL;
	/* Other sizes would let an SGE straddle the end of the ring. */
	if (inline_oob_size != GDMA_WQE_OOB_SMALL &&
	    inline_oob_size != GDMA_WQE_OOB_LARGE)
		return -EINVAL;

	return ALIGN(sizeof(struct gdma_wqe_hdr) + inline_oob_size +
		     num_sge * sizeof(struct gdma_wire_sge), GDMA_WQE_BU_SIZE);
}

/*
 * Write a WQE of @size bytes (gdma_wqe_size() of the request, already
 * checked against the ring and the queue type's limits) at @head_bu.
 * Inline: gdma_post_wqe() runs it once per packet.
 * Return: size in 32-byte units, or -EINVAL for a malformed request.
 */
static __always_inline int gdma_fill_wqe(void *ring, u32 ring_size,
					 u32 head_bu, int size,
					 const struct gdma_wqe_request *req,
					 bool is_sq)
{
	u32 off = (head_bu * GDMA_WQE_BU_SIZE) & (ring_size - 1);
	struct gdma_wqe_hdr hdr;
	u32 dw0 = 0, dw1, i;
	u8 *p;

	if (!is_sq && req->client_data_unit)
		return -EINVAL;
	if (req->client_data_unit > FIELD_MAX(GDMA_WQE_DW1_CLIENT_DATA_UNIT))
		return -EINVAL;

	if (req->flags & GDMA_WQE_FLAG_PAD_BY_SGE0) {
		if (req->sgl[0].size > FIELD_MAX(GDMA_WQE_DW0_LAST_VBYTES))
			return -EINVAL;
		dw0 = FIELD_PREP(GDMA_WQE_DW0_LAST_VBYTES, req->sgl[0].size);
	}
	dw1 = FIELD_PREP(GDMA_WQE_DW1_NUM_SGE, req->num_sge) |
	      FIELD_PREP(GDMA_WQE_DW1_OOB_SIZE_DIV4, req->inline_oob_size / 4) |
	      FIELD_PREP(GDMA_WQE_DW1_CLIENT_DATA_UNIT, req->client_data_unit);
	if (req->flags & GDMA_WQE_FLAG_OOB_IN_SGL)
		dw1 |= GDMA_WQE_DW1_OOB_IN_SGL;

	hdr.dw0 = cpu_to_le32(dw0);
	hdr.dw1 = cpu_to_le32(dw1);
	p = ring + off;
	memcpy(p, &hdr, sizeof(hdr));
	p += sizeof(hdr);
	/*
	 * The OOB size is one of two constants (gdma_wqe_size()): copies of a
	 * constant size compile to a few moves instead of a memcpy() call.
	 */
	if (!req->inline_oob)
		memset(p, 0, req->inline_oob_size);
	else if (req->inline_oob_size == GDMA_WQE_OOB_SMALL)
		memcpy(p, req->inline_oob, GDMA_WQE_OOB_SMALL);
	else
		memcpy(p, req->inline_oob, GDMA_WQE_OOB_LARGE);

	/* SGEs are written in place: each is 16-byte aligned in the ring. */
	off += sizeof(hdr) + req->inline_oob_size;
	for (i = 0; i < req->num_sge; i++) {
		struct gdma_wire_sge *sge;

		off &= ring_size - 1;
		sge = ring + off;
		sge->address = cpu_to_le64(req->sgl[i].address);
		sge->mem_key = cpu_to_le32(req->sgl[i].mem_key);
		sge->size = cpu_to_le32(req->sgl[i].size);
		off += sizeof(*sge);
	}

	return size / GDMA_WQE_BU_SIZE;
}

/* gdma_wqe_size() checked against the ring and the queue type's limit */
static int gdma_wqe_size_for(const struct gdma_wqe_request *req,
			     u32 ring_size, bool is_sq)
{
	u32 max = is_sq ? GDMA_MAX_SQ_WQE_SIZE : GDMA_MAX_RQ_WQE_SIZE;
	int size = gdma_wqe_size(req->inline_oob_size, req->num_sge);

	if (size < 0 || size > max || size > ring_size)
		return -EINVAL;
	return size;
}

/**
 * gdma_write_wqe() - write a WQE into a ring
 * @ring: ring memory
 * @ring_size: bytes, power of two
 * @head_bu: producer position in 32-byte units
 * @req: the work request
 * @is_sq: build a send WQE (client_data_unit allowed)
 *
 * The header and inline OOB sit in the first unit and never wrap; the SGL
 * continues at offset 0 when it reaches the end of the ring.  Padding up to
 * the unit boundary is left untouched.
 *
 * Return: WQE size in 32-byte units, or -EINVAL for a malformed request.
 */
int gdma_write_wqe(void *ring, u32 ring_size, u32 head_bu,
		   const struct gdma_wqe_request *req, bool is_sq)
{
	int size = gdma_wqe_size_for(req, ring_size, is_sq);

	if (size < 0)
		return size;
	return gdma_fill_wqe(ring, ring_size, head_bu, size, req, is_sq);
}

/**
 * gdma_wq_avail_space() - free bytes in an SQ or RQ
 * @wq: the work queue
 *
 * Return: ring size minus the bytes of WQEs not yet completed.
 */
u32 gdma_wq_avail_space(const struct gdma_queue *wq)
{
	u32 used = (wq->head - wq->tail) * GDMA_WQE_BU_SIZE;

	if (WARN_ON_ONCE(used > wq->ring_size))
		return 0;
	return wq->ring_size - used;
}
EXPORT_SYMBOL_MANA(gdma_wq_avail_space);

/**
 * gdma_wq_entry() - address of a 32-byte unit of a work queue
 * @wq: the work queue
 * @bu_index: unit index (taken modulo the ring)
 *
 * Return: pointer into the ring.
 */
void *gdma_wq_entry(const struct gdma_queue *wq, u32 bu_index)
{
	u32 off = (bu_index * GDMA_WQE_BU_SIZE) & (wq->ring_size - 1);

	return wq->ring + off;
}
EXPORT_SYMBOL_MANA(gdma_wq_entry);

/**
 * gdma_post_wqe() - write a WQE at the producer position
 * @wq: SQ or RQ
 * @req: the work request
 * @wqe_size_bu: out: units the WQE took (optional)
 *
 * The doorbell is not rung; see gdma_ring_wq().
 *
 * Return: 0, -ENOSPC when the ring lacks room, -EINVAL for a bad request.
 */
int gdma_post_wqe(struct gdma_queue *wq, const struct gdma_wqe_request *req,
		  u32 *wqe_size_bu)
{
	bool is_sq = wq->type == GDMA_SQ;
	int size, bus;

	if (wq->type != GDMA_SQ && wq->type != GDMA_RQ)
		return -EINVAL;

	/* the size is computed and checked once per WQE (per packet) */
	size = gdma_wqe_size_for(req, wq->ring_size, is_sq);
	if (size < 0)
		return size;
	if (size > gdma_wq_avail_space(wq))
		return -ENOSPC;

	bus = gdma_fill_wqe(wq->ring, wq->ring_size, wq->head, size, req, is_sq);
	if (bus < 0)
		return bus;

	wq->head += bus;
	if (wqe_size_bu)
		*wqe_size_bu = bus;
	return 0;
}
EXPORT_SYMBOL_MANA(gdma_post_wqe);

/**
 * gdma_ring_wq() - tell the device about posted WQEs
 * @wq: SQ or RQ
 */
void gdma_ring_wq(struct gdma_queue *wq)
{
	bool sq = wq->type == GDMA_SQ;

	/*
	 * Rung once per burst of packets: SQ and RQ words share one encoding,
	 * so no per-type dispatch (gdma_ring_doorbell()) on this path.
	 */
	gdma_write_dev_doorbell(wq->gd,
				sq ? GDMA_DB_SQ_OFFSET : GDMA_DB_RQ_OFFSET,
				gdma_doorbell_value(GDMA_SQ, wq->id,
						    wq->head * GDMA_WQE_BU_SIZE,
						    false),
				sq ? "SQ" : "RQ", wq->id);
}
EXPORT_SYMBOL_MANA(gdma_ring_wq);

/**
 * gdma_post_and_ring() - gdma_post_wqe() followed by gdma_ring_wq()
 * @wq: SQ or RQ
 * @req: the work request
 * @wqe_size_bu: out: units the WQE took (optional)
 *
 * Return: as gdma_post_wqe(); the doorbell is rung only on success.
 */
int gdma_post_and_ring(struct gdma_queue *wq,
		       const struct gdma_wqe_request *req, u32 *wqe_size_bu)
{
	int err = gdma_post_wqe(wq, req, wqe_size_bu);

	if (!err)
		gdma_ring_wq(wq);
	return err;
}
EXPORT_SYMBOL_MANA(gdma_post_and_ring);

/**
 * gdma_ring_cq() - write the CQ doorbell with the consumer position
 * @cq: completion queue
 * @arm: request a completion event for the next CQE
 */
void gdma_ring_cq(struct gdma_queue *cq, bool arm)
{
	u32 n = cq->ring_size / GDMA_CQE_SIZE;

	gdma_write_dev_doorbell(cq->gd, GDMA_DB_CQ_OFFSET,
				gdma_doorbell_value(GDMA_CQ, cq->id,
						    gdma_ring_tail_ptr(cq->head, n),
						    arm),
				"CQ", cq->id);
}
EXPORT_SYMBOL_MANA(gdma_ring_cq);

/**
 * gdma_ring_dim() - set the interrupt moderation of a CQ (DIM doorbell)
 * @cq: completion queue
 * @usec: event delay in microseconds (0..1023), or -1 to leave it alone
 * @comps: completions per event (0..255), or -1 to leave it alone
 *
 * Only for devices that offer interrupt moderation (GDMA_PF_CAP_DIM).
 */
void gdma_ring_dim(struct gdma_queue *cq, int usec, int comps)
{
	u64 val = FIELD_PREP(GDMA_DB_DIM_CQ_ID, cq->id);

	if (usec >= 0)
		val |= FIELD_PREP(GDMA_DB_DIM_USEC, usec) |
		       GDMA_DB_DIM_USEC_VALID;
	if (comps >= 0)
		val |= FIELD_PREP(GDMA_DB_DIM_COMPS, comps) |
		       GDMA_DB_DIM_COMPS_VALID;
	gdma_write_dev_doorbell(cq->gd, GDMA_DB_DIM_OFFSET, val, "DIM", cq->id);
}
EXPORT_SYMBOL_MANA(gdma_ring_dim);

/**
 * gdma_arm_cq() - re-arm a CQ after polling it empty
 * @cq: completion queue
 */
void gdma_arm_cq(struct gdma_queue *cq)
{
	gdma_ring_cq(cq, true);
}
EXPORT_SYMBOL_MANA(gdma_arm_cq);

/**
 * gdma_ring_eq() - write the EQ doorbell with the consumer position
 * @eq: event queue
 * @arm: request an interrupt for the next EQE
 */
void gdma_ring_eq(struct gdma_queue *eq, bool arm)
{
	u32 n = eq->ring_size / GDMA_EQE_SIZE;

	gdma_write_dev_doorbell(eq->gd, GDMA_DB_EQ_OFFSET,
				gdma_doorbell_value(GDMA_EQ, eq->id,
						    gdma_ring_tail_ptr(eq->head, n),
						    arm),
				"EQ", eq->id);
}

static void gdma_parse_cqe(const struct gdma_cqe *cqe, u32 info,
			   struct gdma_comp *comp)
{
	unsigned int i;

	/*
	 * One block copy (a few moves) instead of 15 separate 32-bit loads
	 * and stores per completion; the per-word conversion is needed only
	 * where CPU order is not little-endian.
	 */
	BUILD_BUG_ON(sizeof(comp->data) != sizeof(cqe->data));
	memcpy(comp->data, cqe->data, sizeof(comp->data));
	if (IS_ENABLED(CONFIG_CPU_BIG_ENDIAN))
		for (i = 0; i < ARRAY_SIZE(comp->data); i++)
			le32_to_cpus(&comp->data[i]);
	comp->wq_num = FIELD_GET(GDMA_CQE_INFO_WQ_NUM, info);
	comp->is_sq = !!(info & GDMA_CQE_INFO_IS_SQ);
}

/**
 * gdma_poll_cq() - take new completions from a CQ
 * @cq: completion queue
 * @comp: array for at most @max completions
 * @max: array size
 *
 * Return: number of completions taken, or -EPROTO when the device
 * overwrote entries the driver had not consumed (the CQ is then unusable
 * and the caller should stop polling it).
 */
int gdma_poll_cq(struct gdma_queue *cq, struct gdma_comp *comp, int max)
{
	int count;

	/* one entry at a time: the HWC and kernel CQs take few per call */
	for (count = 0; count < max; count++) {
		const struct gdma_cqe *cqe;
		int got = gdma_take_cqes(cq, &cqe, 1);

		if (got <= 0)
			return got < 0 ? got : count;
		gdma_parse_cqe(cqe, gdma_cqe_info(cqe), &comp[count]);
	}
	return count;
}
EXPORT_SYMBOL_MANA(gdma_poll_cq);

/**
 * gdma_cq_overflowed() - report a CQ the device lapped (out of line)
 * @cq: completion queue
 * @info: the info word of the entry at the consumer position
 */
noinline void __cold gdma_cq_overflowed(const struct gdma_queue *cq, u32 info)
{
	dev_err_ratelimited(cq->gd->gc->dev,
			    "CQ %u overflowed: owner %lu at head %u\n",
			    cq->id, FIELD_GET(GDMA_CQE_INFO_OWNER, info),
			    cq->head);
}
EXPORT_SYMBOL_MANA(gdma_cq_overflowed);

/**
 * gdma_cq_pending() - whether a CQ holds an entry the driver has not taken
 * @cq: completion queue
 *
 * Reads the owner field of the entry at the consumer position only; the
 * entry is not consumed.  An overflowed ring counts as pending (the poll
 * that follows reports it).
 *
 * Return: true when the next gdma_poll_cq() would find something.
 */
bool gdma_cq_pending(const struct gdma_queue *cq)
{
	const struct gdma_cqe *ring = cq->ring;
	u32 n = cq->ring_size / GDMA_CQE_SIZE;
	u32 head = READ_ONCE(cq->head);
	u32 info = le32_to_cpu(READ_ONCE(ring[head % n].info));

	return gdma_owner_check(FIELD_GET(GDMA_CQE_INFO_OWNER, info), head,
				n) != GDMA_OWNER_EMPTY;
}
EXPORT_SYMBOL_MANA(gdma_cq_pending);

/**
 * gdma_eq_overflowed() - report an EQ the device lapped (out of line)
 * @eq: event queue
 * @info: the info word of the entry at the consumer position
 */
noinline void __cold gdma_eq_overflowed(struct gdma_queue *eq, u32 info)
{
	dev_err_ratelimited(eq->gd->gc->dev,
			    "EQ %u overflowed: owner %lu at head %u\n",
			    eq->id, FIELD_GET(GDMA_EQE_INFO_OWNER, info),
			    eq->head);
}

/**
 * gdma_eq_next_event() - take the next event of an EQ
 * @eq: event queue
 * @ev: out: the event
 *
 * Return: 1 when an event was taken, 0 when the EQ is empty, -EPROTO on
 * overflow (the entry is left in place).
 */
int gdma_eq_next_event(struct gdma_queue *eq, struct gdma_event *ev)
{
	const struct gdma_eqe *eqe;
	u32 info;

	eqe = gdma_eq_peek(eq, &info);
	if (IS_ERR_OR_NULL(eqe))
		return PTR_ERR_OR_ZERO(eqe);
	gdma_eq_consume(eq, eqe, info, ev);
	return 1;
}

/* Inline: gdma_eq_process() runs it for every completion event. */
static __always_inline void gdma_dispatch_completion(struct gdma_queue *eq,
						     u32 cq_id)
{
	struct gdma_context *gc = eq->gd->gc;
	struct gdma_queue *cq;

	if (cq_id >= gc->max_num_cqs || !gc->cq_table) {
		dev_err_ratelimited(gc->dev,
				    "EQ %u: completion event for CQ %u, table has %u entries\n",
				    eq->id, cq_id, gc->max_num_cqs);
		return;
	}

	cq = rcu_dereference(gc->cq_table[cq_id]);
	if (!cq) {
		dev_dbg_ratelimited(gc->dev,
				    "EQ %u: completion event for unknown CQ %u\n",
				    eq->id, cq_id);
		return;
	}
	if (cq->cq.handler)
		cq->cq.handler(cq->cq.ctx, cq);
}

static void gdma_dispatch_event(struct gdma_queue *eq,
				const struct gdma_event *ev)
{
	struct gdma_context *gc = eq->gd->gc;

	switch (ev->type) {
	case GDMA_EQE_COMPLETION:
		gdma_dispatch_completion(eq, FIELD_GET(GDMA_EQE_COMP_CQ_ID,
						       ev->details[0]));
		break;
	case GDMA_EQE_TEST_EVENT:
		WRITE_ONCE(gc->test_eq_id, eq->id);
		complete(&gc->test_done);
		break;
	case GDMA_EQE_HWC_INIT_EQ_ID_DB:
	case GDMA_EQE_HWC_INIT_DATA:
	case GDMA_EQE_HWC_INIT_DONE:
	case GDMA_EQE_SOC_RECONFIG_DATA:
	case GDMA_EQE_SOC_SERVICE:
	case GDMA_EQE_RNIC_QP_FATAL:
		if (eq->eq.handler)
			eq->eq.handler(eq->eq.ctx, eq, ev);
		break;
	case GDMA_EQE_FPGA_RECONFIG:
	case GDMA_EQE_RESET_REQUEST:
		gdma_service_event(gc, ev->type);
		break;
	default:
		dev_dbg_ratelimited(gc->dev, "EQ %u: ignored event type %u\n",
				    eq->id, ev->type);
		break;
	}
}

/* A peeked event other than a completion: consume it and dispatch it. */
static noinline void gdma_eq_take_other(struct gdma_queue *eq,
					const struct gdma_eqe *eqe, u32 info)
{
	struct gdma_event ev;

	gdma_eq_consume(eq, eqe, info, &ev);
	gdma_dispatch_event(eq, &ev);
}

/**
 * gdma_notify_clients() - pass a device event to the attached clients
 * @gc: context
 * @ev: the event
 *
 * Runs in the EQ's interrupt context; clients that are being removed have
 * already been unpublished (see gdma_dev.notify).
 */
void gdma_notify_clients(struct gdma_context *gc, const struct gdma_event *ev)
{
	struct gdma_client *client;
	u32 i;

	rcu_read_lock();
	for (i = 0; i < gc->num_devs; i++) {
		client = rcu_dereference(gc->devs[i].notify);
		if (client && client->event)
			client->event(&gc->devs[i], ev);
	}
	rcu_read_unlock();
}

/**
 * gdma_eq_process() - handle the pending events of an EQ
 * @eq: event queue
 *
 * Handles at most GDMA_EQ_BUDGET events, then re-arms the EQ so that the
 * device interrupts again for anything left.  An overflowed EQ is not
 * re-armed; a reset of the function is asked for instead.  An EQ with nothing new is not
 * rung (it stays armed; this matters when EQs share a vector).  Called from
 * the interrupt handler with the RCU read lock held; tests call it directly.
 *
 * Return: the number of events handled, -EPROTO when the EQ overflowed.
 */
int gdma_eq_process(struct gdma_queue *eq)
{
	const struct gdma_eqe *eqe;
	int i, ret = 0;
	u32 info;

	for (i = 0; i < GDMA_EQ_BUDGET; i++) {
		eqe = gdma_eq_peek(eq, &info);
		if (IS_ERR_OR_NULL(eqe)) {
			ret = PTR_ERR_OR_ZERO(eqe);
			break;
		}
		/*
		 * Completions (nearly every event) are dispatched from the
		 * entry; the rest go through a struct gdma_event out of line,
		 * which keeps its stack copy off the per-interrupt path.
		 */
		if (likely(FIELD_GET(GDMA_EQE_INFO_TYPE, info) ==
			   GDMA_EQE_COMPLETION)) {
			u32 cq_id = FIELD_GET(GDMA_EQE_COMP_CQ_ID,
					      le32_to_cpu(eqe->details[0]));

			eq->head++;
			gdma_dispatch_completion(eq, cq_id);
		} else {
			gdma_eq_take_other(eq, eqe, info);
		}
	}

	/*
	 * An EQ the device lapped has lost events (completions, service
	 * requests): only a reset of the function rebuilds it.  It stays
	 * disarmed meanwhile, so a storm of interrupts cannot follow.
	 */
	if (ret < 0) {
		if (!eq->eq.overflowed) {
			eq->eq.overflowed = true;
			gdma_schedule_reset(eq->gd->gc, "event queue overflow");
		}
		return ret;
	}

	/*
	 * The HWC EQ learns its id from its first event; until then there is
	 * no doorbell to ring.
	 */
	if (i == 0 || eq->id == GDMA_INVALID_ID)
		return i;
	gdma_ring_eq(eq, true);
	return i;
}

/**
 * gdma_eq_stalled() - whether an EQ holds events its interrupt did not bring
 * @eq: event queue
 * @period: jiffies the consumer position must stand still with an event
 *	waiting
 *
 * Reads the owner field of the entry at the consumer position and nothing
 * else, so a periodic check costs one ring read per EQ.  The device raises
 * one interrupt and then waits for the EQ to be re-armed; when that message
 * is lost, the events pile up and only this check notices them.  The first
 * call that sees an event waiting at a position starts the clock; several
 * callers may check the same EQ.
 *
 * Return: true when an event has waited at the same consumer position for
 * at least @period since a call first saw it.
 */
bool gdma_eq_stalled(struct gdma_queue *eq, unsigned long period)
{
	u32 n = eq->ring_size / GDMA_EQE_SIZE;
	u32 head = READ_ONCE(eq->head);
	const struct gdma_eqe *eqe = &((const struct gdma_eqe *)eq->ring)[head % n];
	u32 info = le32_to_cpu(READ_ONCE(eqe->info));

	if (READ_ONCE(eq->eq.overflowed) || eq->id == GDMA_INVALID_ID)
		return false;
	if (gdma_owner_check(FIELD_GET(GDMA_EQE_INFO_OWNER, info), head, n) ==
	    GDMA_OWNER_EMPTY) {
		WRITE_ONCE(eq->eq.watch_pending, false);
		return false;
	}
	if (!READ_ONCE(eq->eq.watch_pending) ||
	    head != READ_ONCE(eq->eq.watch_head)) {
		WRITE_ONCE(eq->eq.watch_head, head);
		WRITE_ONCE(eq->eq.watch_since, jiffies);
		WRITE_ONCE(eq->eq.watch_pending, true);
		return false;
	}
	return time_after_eq(jiffies, READ_ONCE(eq->eq.watch_since) + period);
}
EXPORT_SYMBOL_MANA(gdma_eq_stalled);

/**
 * gdma_eq_rescue() - handle an EQ's events without its interrupt
 * @eq: event queue that gdma_eq_stalled() reported
 *
 * Runs what the interrupt handler would have run, serialised with it: the
 * vector's IRQ is disabled (waiting for a handler still running) and the
 * vector lock keeps two rescuers of one EQ apart.  Handlers run with
 * interrupts and bottom halves off, as in the interrupt; the softirqs they
 * raise run when bottom halves are enabled again.  Handling any event
 * re-arms the EQ, so the device interrupts again for the next one.
 *
 * Context: process context (may sleep in disable_irq()).
 * Return: the number of events handled (0 also for an EQ on no vector),
 * -EPROTO when the EQ overflowed.
 */
int gdma_eq_rescue(struct gdma_queue *eq)
{
	struct gdma_context *gc = eq->gd->gc;
	struct gdma_vector *vec;
	unsigned long flags;
	int ret;

	might_sleep();
	if (!eq->eq.on_vector)
		return 0;
	vec = &gc->vectors[eq->eq.msix_index];
	if (vec->irq)
		disable_irq(vec->irq);
	local_bh_disable();
	spin_lock_irqsave(&vec->lock, flags);
	rcu_read_lock();
	ret = gdma_eq_process(eq);
	rcu_read_unlock();
	WRITE_ONCE(eq->eq.watch_pending, false);
	if (ret)
		eq->eq.rescues++;
	spin_unlock_irqrestore(&vec->lock, flags);
	local_bh_enable();
	if (vec->irq)
		enable_irq(vec->irq);
	return ret;
}
EXPORT_SYMBOL_MANA(gdma_eq_rescue);

/**
 * gdma_vector_init() - prepare an empty vector
 * @vec: the vector
 */
void gdma_vector_init(struct gdma_vector *vec)
{
	INIT_LIST_HEAD(&vec->eqs);
	spin_lock_init(&vec->lock);
	vec->irq = 0;
}

/**
 * gdma_vector_dispatch() - run every EQ attached to a vector
 * @vec: the vector that fired
 */
void gdma_vector_dispatch(struct gdma_vector *vec)
{
	struct gdma_queue *eq;

	rcu_read_lock();
	list_for_each_entry_rcu(eq, &vec->eqs, eq.vector_node)
		gdma_eq_process(eq);
	rcu_read_unlock();
}

/**
 * gdma_eq_attach_vector() - let an EQ's vector deliver its events
 * @eq: event queue; nothing happens when the context has no vectors
 */
void gdma_eq_attach_vector(struct gdma_queue *eq)
{
	struct gdma_context *gc = eq->gd->gc;
	struct gdma_vector *vec;
	unsigned long flags;

	if (!gc->vectors || eq->eq.msix_index >= gc->num_vectors)
		return;

	vec = &gc->vectors[eq->eq.msix_index];
	spin_lock_irqsave(&vec->lock, flags);
	list_add_tail_rcu(&eq->eq.vector_node, &vec->eqs);
	spin_unlock_irqrestore(&vec->lock, flags);
	eq->eq.on_vector = true;
}

/**
 * gdma_eq_detach_vector() - stop delivering an EQ's events
 * @eq: event queue
 *
 * Waits until no interrupt handler can still be looking at the EQ.
 */
void gdma_eq_detach_vector(struct gdma_queue *eq)
{
	struct gdma_context *gc = eq->gd->gc;
	struct gdma_vector *vec;
	unsigned long flags;

	if (!eq->eq.on_vector)
		return;

	vec = &gc->vectors[eq->eq.msix_index];
	spin_lock_irqsave(&vec->lock, flags);
	list_del_rcu(&eq->eq.vector_node);
	spin_unlock_irqrestore(&vec->lock, flags);
	eq->eq.on_vector = false;
	synchronize_rcu();
}

/**
 * gdma_cq_publish() - make a CQ reachable from completion events
 * @cq: CQ with a valid id
 *
 * Return: 0, -EINVAL if the id is outside the device's CQ table, -EBUSY if
 * another CQ already uses the id.
 */
int gdma_cq_publish(struct gdma_queue *cq)
{
	struct gdma_context *gc = cq->gd->gc;

	if (!gc->cq_table || cq->id >= gc->max_num_cqs) {
		dev_err(gc->dev, "CQ id %u is outside the device's %u CQs\n",
			cq->id, gc->max_num_cqs);
		return -EINVAL;
	}
	if (rcu_access_pointer(gc->cq_table[cq->id])) {
		dev_err(gc->dev, "CQ id %u is already in use\n", cq->id);
		return -EBUSY;
	}

	rcu_assign_pointer(gc->cq_table[cq->id], cq);
	cq->cq.published = true;
	return 0;
}

/**
 * gdma_cq_unlink() - remove a CQ from the CQ table without waiting
 * @cq: completion queue; NULL is ignored
 *
 * Later events find no CQ and are dropped; a handler already running may
 * run on until an RCU grace period has passed, which the caller waits for
 * (once for many CQs) before freeing what the handler uses.
 *
 * Return: true when the CQ was in the table (a grace period is owed).
 */
bool gdma_cq_unlink(struct gdma_queue *cq)
{
	if (!cq || !cq->cq.published)
		return false;
	RCU_INIT_POINTER(cq->gd->gc->cq_table[cq->id], NULL);
	cq->cq.published = false;
	return true;
}
EXPORT_SYMBOL_MANA(gdma_cq_unlink);

/**
 * gdma_cq_unpublish() - remove a CQ from the CQ table
 * @cq: completion queue
 *
 * Waits until no completion handler of the CQ is running.
 */
void gdma_cq_unpublish(struct gdma_queue *cq)
{
	if (gdma_cq_unlink(cq))
		synchronize_rcu();
}

/**
 * gdma_queue_alloc() - allocate a queue and its zeroed ring memory
 * @gd: owning device
 * @spec: queue parameters
 * @queue: out: the new queue
 *
 * No device message is sent and no DMA region is created.
 *
 * Return: 0, -EINVAL for a bad size or type, -ENOMEM.
 */
int gdma_queue_alloc(struct gdma_dev *gd, const struct gdma_queue_spec *spec,
		     struct gdma_queue **queue)
{
	struct gdma_context *gc = gd->gc;
	struct gdma_queue *q;

	if (spec->ring_size < GDMA_MIN_QUEUE_SIZE ||
	    !is_power_of_2(spec->ring_size))
		return -EINVAL;
	if (spec->type < GDMA_SQ || spec->type > GDMA_EQ)
		return -EINVAL;

	q = kzalloc_obj(*q, GFP_KERNEL);
	if (!q)
		return -ENOMEM;

	q->ring = dma_alloc_coherent(gc->dev, spec->ring_size, &q->ring_dma,
				     GFP_KERNEL);
	if (!q->ring) {
		kfree(q);
		return -ENOMEM;
	}
	if (!IS_ALIGNED(q->ring_dma, GDMA_PAGE_SIZE)) {
		dma_free_coherent(gc->dev, spec->ring_size, q->ring,
				  q->ring_dma);
		kfree(q);
		return -ENOMEM;
	}
	memset(q->ring, 0, spec->ring_size);

	q->gd = gd;
	q->type = spec->type;
	q->id = GDMA_INVALID_ID;
	q->ring_size = spec->ring_size;
	q->dma_region = GDMA_INVALID_DMA_REGION;

	switch (spec->type) {
	case GDMA_EQ:
		q->head = spec->ring_size / GDMA_EQE_SIZE;
		q->eq.handler = spec->eq.handler;
		q->eq.ctx = spec->eq.ctx;
		q->eq.msix_index = spec->eq.msix_index;
		q->eq.log2_throttle = spec->eq.log2_throttle ?:
				      GDMA_DEFAULT_EQ_THROTTLE;
		INIT_LIST_HEAD(&q->eq.vector_node);
		break;
	case GDMA_CQ:
		q->head = spec->ring_size / GDMA_CQE_SIZE;
		q->cq.handler = spec->cq.handler;
		q->cq.ctx = spec->cq.ctx;
		q->cq.parent_eq = spec->cq.parent_eq;
		break;
	default:
		break;
	}

	*queue = q;
	return 0;
}

/**
 * gdma_queue_free() - free a queue's memory
 * @queue: queue already detached from the device, vector and CQ table
 */
void gdma_queue_free(struct gdma_queue *queue)
{
	if (!queue)
		return;
	/* a user CQ (gdma_attach_user_cq()) has no kernel ring */
	if (queue->ring)
		dma_free_coherent(queue->gd->gc->dev, queue->ring_size,
				  queue->ring, queue->ring_dma);
	kfree(queue);
}

/**
 * gdma_park_queue() - release a queue whose device object may still exist
 * @queue: a CQ, SQ, RQ or EQ whose destroy request the device did not
 *	confirm (timeout, requests abandoned); NULL is ignored
 *
 * The queue stops taking events (a CQ leaves the CQ table, an EQ its
 * vector), but its ring stays allocated: a device that wakes up may still
 * write to it.  The memory is freed by gdma_free_parked_queues() once the
 * device dropped every object of the function (HWC destroyed, or the
 * function disabled on remove).
 *
 * Context: process context.
 */
void gdma_park_queue(struct gdma_queue *queue)
{
	gdma_park_queue_with(queue, NULL, NULL);
}
EXPORT_SYMBOL_MANA(gdma_park_queue);

/**
 * gdma_park_queue_with() - gdma_park_queue() with the owner's buffers
 * @queue: as for gdma_park_queue()
 * @release: called with @ctx when the queue's memory is freed (the device
 *	no longer owns any object of the function), from process context;
 *	NULL for none
 * @ctx: what the owner leaves with the queue, e.g. the receive buffers
 *	posted to an RQ and their DMA mappings, which the device may still
 *	write to just like the ring
 *
 * Context: process context.
 */
void gdma_park_queue_with(struct gdma_queue *queue,
			  void (*release)(void *ctx), void *ctx)
{
	struct gdma_context *gc;

	if (!queue)
		return;
	gc = queue->gd->gc;
	queue->park_release = release;
	queue->park_ctx = ctx;
	if (queue->type == GDMA_CQ)
		gdma_cq_unpublish(queue);
	else if (queue->type == GDMA_EQ)
		gdma_eq_detach_vector(queue);
	dev_warn_ratelimited(gc->dev, "queue %u (type %d) not destroyed by the device: its memory is kept until the function is reset\n",
			     queue->id, queue->type);
	spin_lock(&gc->parked_lock);
	list_add_tail(&queue->park_node, &gc->parked_queues);
	spin_unlock(&gc->parked_lock);
}
EXPORT_SYMBOL_MANA(gdma_park_queue_with);

/**
 * gdma_free_parked_queues() - free the memory of parked queues
 * @gc: context whose device no longer owns any queue object (HWC destroyed
 *	acknowledged by the device, or bus mastering off)
 */
void gdma_free_parked_queues(struct gdma_context *gc)
{
	struct gdma_queue *q, *tmp;
	LIST_HEAD(list);

	spin_lock(&gc->parked_lock);
	list_splice_init(&gc->parked_queues, &list);
	spin_unlock(&gc->parked_lock);
	list_for_each_entry_safe(q, tmp, &list, park_node) {
		list_del(&q->park_node);
		if (q->park_release)
			q->park_release(q->park_ctx);
		/* not gdma_queue_free(): q->gd may be gone on remove */
		if (q->ring)
			dma_free_coherent(gc->dev, q->ring_size, q->ring,
					  q->ring_dma);
		kfree(q);
	}
}
