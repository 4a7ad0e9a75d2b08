// SPDX-License-Identifier: GPL-2.0
/*
 * Shared-memory channel (SMC): the 32-byte aperture through which the
 * driver announces the four HWC queues (ESTABLISH_HWC) and tears them down
 * (DESTROY_HWC). DW7 is the header; writing it hands the aperture to the
 * device (bit 31 set by pci.c), the worker answers here and clears bit 31.
 */
#include <stdio.h>

#include "model.h"

#define SMC_ESTABLISH_HWC	1
#define SMC_DESTROY_HWC		2

static u64 smc_pfn(const u8 *b, int i, u16 hi)
{
	u64 pfn = 0;

	memcpy(&pfn, b + 6 * i, 6);
	pfn |= (u64)((hi >> (4 * i)) & 0xf) << 48;
	return pfn << 12;
}

/* worker, M.lock held */
void smc_process(void)
{
	u32 hdr, type, ver, status = 0;
	u64 q[4];
	int i;

	if (!M.smc_pending)
		return;
	hdr = get32(M.smc + 28);
	type = hdr & 7;
	ver = (hdr >> 3) & 7;
	M.st.smc_messages++;
	if ((hdr >> 7) & 1) {
		status = 1;	/* a "response" written by the driver */
	} else if (type == SMC_ESTABLISH_HWC) {
		u16 hi = get16(M.smc + 24), vec = get16(M.smc + 26);

		for (i = 0; i < 4; i++)
			q[i] = smc_pfn(M.smc, i, hi);
		LOG("smc: ESTABLISH_HWC eq=%#llx cq=%#llx rq=%#llx sq=%#llx msix=%u\n",
		    (unsigned long long)q[0], (unsigned long long)q[1],
		    (unsigned long long)q[2], (unsigned long long)q[3], vec);
		for (i = 0; i < 4; i++)
			if (!q[i] || !dma_ptr(q[i], HWC_QSIZE, true))
				status = 2;
		if (vec >= MODEL_NUM_VECTORS)
			status = 2;
		if (status)
			LOG("smc: ESTABLISH_HWC rejected (queue not in guest memory)\n");
	} else if (type == SMC_DESTROY_HWC) {
		LOG("smc: DESTROY_HWC\n");
		M.st.smc_destroy++;
		hwc_destroy();
	} else {
		LOG("smc: unknown message type %u\n", type);
		status = 1;
	}
	/* response: same type and version, direction 1, owner back to driver */
	M.smc_pending = false;
	__atomic_store_n(&M.smc_dw[7], type | ver << 3 | 1u << 7 | (status & 0xff) << 8,
			 __ATOMIC_RELEASE);
	if (type == SMC_ESTABLISH_HWC && !status && !((hdr >> 7) & 1))
		M.st.smc_establish++;
	if (type == SMC_ESTABLISH_HWC && !status && !((hdr >> 7) & 1))
		hwc_establish(q[0], q[1], q[2], q[3], get16(M.smc + 26));
}
