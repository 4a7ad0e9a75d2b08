// SPDX-License-Identifier: GPL-2.0-only
/*
 * BAR0 register layout and doorbells.
 *
 * BAR0 holds a few read-only configuration registers, the 32-byte SMC
 * aperture and the doorbell pages.  VF and "PF2" functions publish the
 * doorbell and SMC locations at fixed offsets; the PF (0x00b9) keeps the SMC
 * offset in an SR-IOV block whose base is itself read from BAR0.
 */
#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/jiffies.h>

#include "gdma_internal.h"

static bool gdma_bar0_range_ok(const struct gdma_context *gc, u64 off,
			       u64 len)
{
	return off < gc->bar0_size && len <= gc->bar0_size - off;
}

static int gdma_read_pf_smc_offset(struct gdma_context *gc, u64 *smc_off)
{
	u64 sriov_base = readq(gc->bar0 + GDMA_PF_REG_SRIOV_BASE);

	if (!IS_ALIGNED(sriov_base, 8) ||
	    !gdma_bar0_range_ok(gc, sriov_base, GDMA_PF_SRIOV_SHM_OFF + 8)) {
		dev_err(gc->dev,
			"BAR0: PF SR-IOV block at 0x%llx is outside the %llu-byte BAR\n",
			sriov_base, gc->bar0_size);
		return -EPROTO;
	}

	*smc_off = sriov_base +
		   readq(gc->bar0 + sriov_base + GDMA_PF_SRIOV_SHM_OFF);
	return 0;
}

/**
 * gdma_read_bar0_layout() - read doorbell and SMC locations from BAR0
 * @gc: context with @bar0, @bar0_size and @pf_reg_layout set
 *
 * Sets @db_page_off, @db_page_size, @db_page_base and @smc_base after
 * checking that every location lies inside BAR0.
 *
 * Return: 0, or -EPROTO when the device publishes an impossible layout.
 */
int gdma_read_bar0_layout(struct gdma_context *gc)
{
	u64 db_off, smc_off;
	u32 db_size;
	int err;

	if (gc->pf_reg_layout) {
		db_size = readl(gc->bar0 + GDMA_PF_REG_DB_PAGE_SIZE) & 0xffff;
		db_off = readq(gc->bar0 + GDMA_PF_REG_DB_PAGE_OFF);
		err = gdma_read_pf_smc_offset(gc, &smc_off);
		if (err)
			return err;
	} else {
		db_size = readl(gc->bar0 + GDMA_REG_DB_PAGE_SIZE) & 0xffff;
		db_off = readq(gc->bar0 + GDMA_REG_DB_PAGE_OFFSET);
		smc_off = readq(gc->bar0 + GDMA_REG_SHM_OFFSET);
	}

	if (db_size < GDMA_MIN_DB_PAGE_SIZE) {
		dev_err(gc->dev, "BAR0: doorbell page size %u is below %u\n",
			db_size, GDMA_MIN_DB_PAGE_SIZE);
		return -EPROTO;
	}
	if (!gdma_bar0_range_ok(gc, db_off, db_size)) {
		dev_err(gc->dev,
			"BAR0: doorbell page 0 at 0x%llx (+%u) is outside the %llu-byte BAR\n",
			db_off, db_size, gc->bar0_size);
		return -EPROTO;
	}
	if (!IS_ALIGNED(smc_off, 4) ||
	    !gdma_bar0_range_ok(gc, smc_off, GDMA_SMC_APERTURE_SIZE)) {
		dev_err(gc->dev,
			"BAR0: SMC aperture at 0x%llx is misaligned or outside the %llu-byte BAR\n",
			smc_off, gc->bar0_size);
		return -EPROTO;
	}

	gc->db_page_off = db_off;
	gc->db_page_size = db_size;
	gc->db_page_base = gc->bar0 + db_off;
	gc->smc_base = gc->bar0 + smc_off;
	return 0;
}

static const char *gdma_queue_type_name(enum gdma_queue_type type)
{
	switch (type) {
	case GDMA_SQ:
		return "SQ";
	case GDMA_RQ:
		return "RQ";
	case GDMA_CQ:
		return "CQ";
	case GDMA_EQ:
		return "EQ";
	default:
		return "invalid";
	}
}

/**
 * gdma_doorbell_offset() - offset of a queue type's doorbell in its page
 * @type: queue type
 *
 * Return: byte offset, or -EINVAL for a type without a doorbell.
 */
int gdma_doorbell_offset(enum gdma_queue_type type)
{
	switch (type) {
	case GDMA_SQ:
		return GDMA_DB_SQ_OFFSET;
	case GDMA_RQ:
		return GDMA_DB_RQ_OFFSET;
	case GDMA_CQ:
		return GDMA_DB_CQ_OFFSET;
	case GDMA_EQ:
		return GDMA_DB_EQ_OFFSET;
	default:
		return -EINVAL;
	}
}

/**
 * gdma_doorbell_refused() - report a doorbell gdma_write_doorbell() did not
 *	write
 * @gc: context
 * @db_index: doorbell page
 * @what: doorbell name
 * @id: queue id
 *
 * Out of line and cold, so that the inline per-packet writer needs no stack
 * frame for the message's arguments.
 */
void gdma_doorbell_refused(struct gdma_context *gc, u32 db_index,
			   const char *what, u32 id)
{
	if (WARN_ON_ONCE(!gc->db_page_base))
		return;
	dev_err_ratelimited(gc->dev,
			    "doorbell page %u is outside BAR0; %s doorbell of queue %u not rung\n",
			    db_index, what, id);
}

/**
 * gdma_ring_doorbell() - write the doorbell of a queue
 * @gc: context
 * @db_index: doorbell page of the queue's owner
 * @type: queue type
 * @id: queue id
 * @tail: position, see gdma_doorbell_value()
 * @arm: arm bit for EQ/CQ
 */
void gdma_ring_doorbell(struct gdma_context *gc, u32 db_index,
			enum gdma_queue_type type, u32 id, u32 tail, bool arm)
{
	int type_off = gdma_doorbell_offset(type);

	if (WARN_ON_ONCE(type_off < 0))
		return;
	gdma_write_doorbell(gc, db_index, type_off,
			    gdma_doorbell_value(type, id, tail, arm),
			    gdma_queue_type_name(type), id);
}

/**
 * gdma_dev_set_doorbell() - give a device its doorbell page
 * @gd: device
 * @db_index: page index from the device, or GDMA_INVALID_ID for none
 *
 * Maps the page for gdma_write_dev_doorbell() when it lies wholly inside
 * BAR0 (with room for the last doorbell of the page); otherwise the device
 * keeps no mapping and each write takes the checked path, which refuses it.
 */
void gdma_dev_set_doorbell(struct gdma_dev *gd, u32 db_index)
{
	struct gdma_context *gc = gd->gc;
	u64 off = gc->db_page_off + (u64)gc->db_page_size * db_index;

	gd->doorbell = db_index;
	gd->db_page = NULL;
	if (db_index == GDMA_INVALID_ID || !gc->db_page_base ||
	    gc->db_page_size < GDMA_MIN_DB_PAGE_SIZE ||
	    off + gc->db_page_size > gc->bar0_size)
		return;
	gd->db_page = gc->bar0 + off;
}

/**
 * gdma_mark_gone() - record that the function is no longer reachable
 * @gc: the function
 *
 * Called when the PCI core reports the device offline, or by
 * gdma_device_gone() when BAR0 reads all-ones.  Logged once.
 */
void gdma_mark_gone(struct gdma_context *gc)
{
	if (READ_ONCE(gc->gone))
		return;
	WRITE_ONCE(gc->gone, true);
	dev_err(gc->dev,
		"device is gone (surprise removal?): waits on it are abandoned\n");
}
EXPORT_SYMBOL_MANA(gdma_mark_gone);

/**
 * gdma_device_gone() - has the function stopped answering?
 * @gc: the function
 *
 * A PCI function that fell off the bus reads all-ones at every offset.  The
 * doorbell-page-size register can never legitimately be all-ones, so one read
 * of it tells.  The answer is latched: once gone, no further BAR read is made.
 *
 * Context: any (one MMIO read while the device still looks alive).
 * Return: true once the device is known to be gone.
 */
bool gdma_device_gone(struct gdma_context *gc)
{
	u32 reg = gc->pf_reg_layout ? GDMA_PF_REG_DB_PAGE_SIZE :
				      GDMA_REG_DB_PAGE_SIZE;

	if (READ_ONCE(gc->gone))
		return true;
	if (!gc->bar0 || readl(gc->bar0 + reg) != U32_MAX)
		return false;
	gdma_mark_gone(gc);
	return true;
}
EXPORT_SYMBOL_MANA(gdma_device_gone);

/**
 * gdma_wait_alive() - wait for a completion as long as the device lives
 * @gc: the function
 * @done: completion to wait for
 * @timeout_ms: longest wait
 *
 * Sleeps in slices of GDMA_ALIVE_CHECK_MS and checks the device between
 * them, so a surprise removal ends the wait within one slice rather than
 * after the whole timeout (which callers may spend holding RTNL).
 *
 * Context: process context.
 * Return: 0 once @done completed, -ENODEV when the device is gone,
 * -ETIMEDOUT after @timeout_ms.
 */
int gdma_wait_alive(struct gdma_context *gc, struct completion *done,
		    u32 timeout_ms)
{
	unsigned long slice = msecs_to_jiffies(GDMA_ALIVE_CHECK_MS);
	unsigned long end = jiffies + msecs_to_jiffies(timeout_ms);
	long left;

	for (;;) {
		left = (long)(end - jiffies);
		if (wait_for_completion_timeout(done,
						clamp_t(long, left, 1, slice)))
			return 0;
		if (gdma_device_gone(gc))
			return -ENODEV;
		if (time_after_eq(jiffies, end))
			return -ETIMEDOUT;
	}
}
EXPORT_SYMBOL_MANA(gdma_wait_alive);
