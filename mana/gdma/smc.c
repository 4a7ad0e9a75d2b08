// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared-memory channel (SMC): the 32-byte mailbox in BAR0 used only to
 * create and destroy the hardware channel.
 *
 * Dword 7 is the protocol header; its top bit says who owns the mailbox.
 * The driver waits until it owns the mailbox, writes dwords 0..7 in order
 * (writing dword 7 hands it to the device), waits for ownership to come
 * back and then checks the response header the device left in dword 7.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/string.h>

#include "gdma_internal.h"

#define SMC_PFN_LOW_MASK	GENMASK_ULL(SMC_PFN_LOW_BITS - 1, 0)
#define SMC_PFN_HIGH_MASK	GENMASK_ULL(SMC_PFN_LOW_BITS + SMC_PFN_HIGH_BITS - 1, \
					    SMC_PFN_LOW_BITS)

static u32 smc_request_header(u32 msg_type)
{
	return FIELD_PREP(SMC_HDR_MSG_TYPE, msg_type) |
	       FIELD_PREP(SMC_HDR_MSG_VERSION, SMC_MSG_VERSION);
}

/* Store the low 48 bits of @pfn little-endian at byte @off of the mailbox. */
static void smc_put_pfn_low(u8 *bytes, unsigned int off, u64 pfn)
{
	unsigned int i;

	for (i = 0; i < SMC_PFN_LOW_BITS / 8; i++)
		bytes[off + i] = (pfn >> (8 * i)) & 0xff;
}

/**
 * smc_encode_establish() - build an ESTABLISH_HWC message
 * @dw: the eight mailbox dwords (CPU order) to fill
 * @eq_addr: bus address of the HWC EQ page (4 KiB aligned)
 * @cq_addr: bus address of the HWC CQ page
 * @rq_addr: bus address of the HWC RQ page
 * @sq_addr: bus address of the HWC SQ page
 * @msix_index: MSI-X vector of the HWC EQ
 *
 * Each address is sent as a 52-bit page frame number: 48 low bits in the
 * 6-byte slots at offsets 0, 6, 12 and 18, and the 4 high bits packed in
 * the 16-bit word at offset 24 (EQ in bits 3:0 ... SQ in bits 15:12).
 */
void smc_encode_establish(u32 dw[SMC_NUM_DWORDS], u64 eq_addr, u64 cq_addr,
			  u64 rq_addr, u64 sq_addr, u16 msix_index)
{
	const u64 addrs[4] = { eq_addr, cq_addr, rq_addr, sq_addr };
	u8 bytes[SMC_NUM_DWORDS * 4] = {};
	u16 high = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(addrs); i++) {
		u64 pfn = addrs[i] >> GDMA_PAGE_SHIFT;

		smc_put_pfn_low(bytes, i * 6, pfn & SMC_PFN_LOW_MASK);
		high |= FIELD_GET(SMC_PFN_HIGH_MASK, pfn) << (i * 4);
	}
	bytes[24] = high & 0xff;
	bytes[25] = high >> 8;
	bytes[26] = msix_index & 0xff;
	bytes[27] = msix_index >> 8;

	for (i = 0; i < SMC_HDR_DWORD; i++)
		dw[i] = bytes[4 * i] | bytes[4 * i + 1] << 8 |
			bytes[4 * i + 2] << 16 | (u32)bytes[4 * i + 3] << 24;
	dw[SMC_HDR_DWORD] = smc_request_header(SMC_MSG_ESTABLISH_HWC);
}

/**
 * smc_encode_destroy() - build a DESTROY_HWC message
 * @dw: the eight mailbox dwords to fill; only the header is meaningful
 */
void smc_encode_destroy(u32 dw[SMC_NUM_DWORDS])
{
	memset(dw, 0, SMC_NUM_DWORDS * sizeof(u32));
	dw[SMC_HDR_DWORD] = smc_request_header(SMC_MSG_DESTROY_HWC);
}

/**
 * smc_check_response() - validate the header the device returned
 * @resp_hdr: dword 7 after the device released the mailbox
 * @req_hdr: dword 7 that was sent
 *
 * Return: 0 on success, -EPROTO if the type, version or direction do not
 * match the request or the status is not 0.
 */
int smc_check_response(u32 resp_hdr, u32 req_hdr)
{
	if (FIELD_GET(SMC_HDR_MSG_TYPE, resp_hdr) !=
	    FIELD_GET(SMC_HDR_MSG_TYPE, req_hdr))
		return -EPROTO;
	if (FIELD_GET(SMC_HDR_MSG_VERSION, resp_hdr) >
	    FIELD_GET(SMC_HDR_MSG_VERSION, req_hdr))
		return -EPROTO;
	if (!(resp_hdr & SMC_HDR_DIRECTION))
		return -EPROTO;
	if (FIELD_GET(SMC_HDR_STATUS, resp_hdr))
		return -EPROTO;
	return 0;
}

/*
 * Wait until the device no longer owns the mailbox.  All-ones means the
 * function was reset and counts as released.  Returns the last dword 7.
 */
static int smc_wait_released(struct gdma_context *gc, u32 *hdr)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(gc->smc_timeout_ms);
	u32 val;

	for (;;) {
		val = readl(gc->smc_base + SMC_HDR_DWORD * 4);
		if (val == SMC_RESET_PATTERN || !(val & SMC_HDR_OWNER_IS_PF)) {
			*hdr = val;
			return 0;
		}
		if (time_after(jiffies, deadline))
			break;
		usleep_range(1000, 2000);
	}

	dev_err(gc->dev,
		"SMC: device kept the mailbox for %u ms (header 0x%08x)\n",
		gc->smc_timeout_ms, val);
	return -ETIMEDOUT;
}

/**
 * smc_send() - run one SMC transaction
 * @gc: context with @smc_base set
 * @dw: the eight dwords to send
 *
 * Return: 0, -ETIMEDOUT if the device does not release the mailbox,
 * -ENODEV if the mailbox reads all-ones afterwards (function reset or gone),
 * or -EPROTO if the device rejects the message.
 */
int smc_send(struct gdma_context *gc, const u32 dw[SMC_NUM_DWORDS])
{
	unsigned int i;
	u32 hdr;
	int err;

	err = smc_wait_released(gc, &hdr);
	if (err)
		return err;

	for (i = 0; i < SMC_NUM_DWORDS; i++)
		writel(dw[i], gc->smc_base + i * 4);

	err = smc_wait_released(gc, &hdr);
	if (err)
		return err;

	if (hdr == SMC_RESET_PATTERN)
		return -ENODEV;

	err = smc_check_response(hdr, dw[SMC_HDR_DWORD]);
	if (err)
		dev_err(gc->dev,
			"SMC: device rejected message %lu: response header 0x%08x (status %lu)\n",
			FIELD_GET(SMC_HDR_MSG_TYPE, dw[SMC_HDR_DWORD]), hdr,
			FIELD_GET(SMC_HDR_STATUS, hdr));
	return err;
}

/**
 * smc_establish_hwc() - announce the HWC queues to the device
 * @gc: context
 * @eq_addr: bus address of the HWC EQ page
 * @cq_addr: bus address of the HWC CQ page
 * @rq_addr: bus address of the HWC RQ page
 * @sq_addr: bus address of the HWC SQ page
 * @msix_index: vector of the HWC EQ
 *
 * Return: 0, -EINVAL for addresses not 4 KiB aligned, or the error of
 * smc_send().
 */
int smc_establish_hwc(struct gdma_context *gc, u64 eq_addr, u64 cq_addr,
		      u64 rq_addr, u64 sq_addr, u16 msix_index)
{
	u32 dw[SMC_NUM_DWORDS];
	int err;

	/* 52-bit page numbers cover every 64-bit address; only check alignment. */
	if ((eq_addr | cq_addr | rq_addr | sq_addr) & (GDMA_PAGE_SIZE - 1))
		return -EINVAL;

	smc_encode_establish(dw, eq_addr, cq_addr, rq_addr, sq_addr,
			     msix_index);
	err = smc_send(gc, dw);
	if (err == -ENODEV)
		dev_err(gc->dev,
			"SMC: mailbox reads all-ones after ESTABLISH_HWC: function reset or removed\n");
	return err;
}

/**
 * smc_destroy_hwc() - tell the device to stop using the HWC queues
 * @gc: context
 *
 * The device must stop all DMA to the HWC pages before it answers, so the
 * caller may free them only after this returns 0.  A mailbox reading
 * all-ones means the function was reset (or removed), which also ends its
 * DMA, so that counts as success.
 *
 * Return: 0 or the error of smc_send().
 */
int smc_destroy_hwc(struct gdma_context *gc)
{
	u32 dw[SMC_NUM_DWORDS];
	int err;

	smc_encode_destroy(dw);
	err = smc_send(gc, dw);
	if (err == -ENODEV) {
		dev_warn(gc->dev,
			 "SMC: mailbox reads all-ones at DESTROY_HWC: function was reset or removed\n");
		err = 0;
	}
	return err;
}
