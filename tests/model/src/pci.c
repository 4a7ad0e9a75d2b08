// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration space and BAR0 of the model.
 *
 * Config space: 1414:00ba, class 020000, one 64-bit prefetchable BAR0, an
 * MSI-X capability (table and PBA in BAR0; QEMU emulates the table, PBA
 * reads come here) and no INTx pin. With --flr a PCI Express capability
 * follows, offering function-level reset (Device Capabilities bit 28);
 * setting "Initiate FLR" in Device Control resets the function.
 *
 * BAR0: VF registers at 0x08/0x10/0x18, the 32-byte SMC aperture, doorbell
 * pages from DB_OFF on. Doorbell writes are recorded and handed to the
 * worker; they never do device work in the vfio-user thread.
 */
#include <stdio.h>

#include "model.h"

#define MSIX_CAP	0x40
#define PCIE_CAP	0x60
#define PCIE_CAP_SIZE	0x3c
#define PCIE_DEVCAP_FLR	(1u << 28)
#define PCIE_DEVCTL	(PCIE_CAP + 8)
#define PCIE_DEVCTL_FLR	0x8000
#define BAR0_MASK	(~(u64)(BAR0_SIZE - 1))

void pci_init(void)
{
	u8 *c = M.cfg, *w = M.cfg_wmask;

	memset(M.cfg, 0, sizeof(M.cfg));
	memset(M.cfg_wmask, 0, sizeof(M.cfg_wmask));
	put16(c + 0x00, 0x1414);		/* Microsoft */
	put16(c + 0x02, 0x00ba);		/* MANA VF */
	put16(c + 0x06, 0x0010);		/* capability list */
	c[0x08] = 0x00;				/* revision */
	c[0x0a] = 0x00;				/* subclass: Ethernet */
	c[0x0b] = 0x02;				/* class: network */
	put32(c + 0x10, 0x0000000c);		/* BAR0: memory, 64-bit, prefetchable */
	put16(c + 0x2c, 0x1414);
	put16(c + 0x2e, 0x00ba);
	c[0x34] = MSIX_CAP;
	c[0x3d] = 0;				/* no INTx */
	c[MSIX_CAP] = 0x11;			/* MSI-X */
	c[MSIX_CAP + 1] = 0;			/* end of list */
	put16(c + MSIX_CAP + 2, MODEL_NUM_VECTORS - 1);
	put32(c + MSIX_CAP + 4, MSIX_TABLE_OFF);	/* BIR 0 */
	put32(c + MSIX_CAP + 8, MSIX_PBA_OFF);		/* BIR 0 */
	w[0x04] = 0x46;				/* memory, bus master, parity */
	w[0x05] = 0x05;				/* SERR, INTx disable */
	w[0x0c] = 0xff;
	w[0x0d] = 0xff;
	w[0x3c] = 0xff;
	w[MSIX_CAP + 3] = 0xc0;			/* enable, function mask */
	if (M.flr) {
		c[MSIX_CAP + 1] = PCIE_CAP;
		c[PCIE_CAP] = 0x10;			/* PCI Express */
		c[PCIE_CAP + 1] = 0;			/* end of list */
		put16(c + PCIE_CAP + 2, 0x0002);	/* version 2, endpoint */
		put32(c + PCIE_CAP + 4, PCIE_DEVCAP_FLR);
		put16(w + PCIE_DEVCTL, 0x7fff);		/* Device Control, FLR bit apart */
	}
}

/* Function-level reset: every device object and the SMC state are gone. */
void function_level_reset(void)
{
	M.st.flrs++;
	dev_reset();
	memset(M.smc, 0, sizeof(M.smc));
	M.smc_pending = false;
	M.fault.hwc_silent = false;
	M.fault.tx_stall = false;	/* a new send engine */
	put16(M.cfg + PCIE_DEVCTL, 0);
	put16(M.cfg + 0x04, 0);		/* command register back to its reset value */
	LOG("pci: function-level reset (#%llu)\n", (unsigned long long)M.st.flrs);
}

void cfg_read(u32 off, u8 *buf, u32 n)
{
	memcpy(buf, M.cfg + off, n);
}

void cfg_write(u32 off, const u8 *d, u32 n)
{
	u32 i;

	/* "Initiate FLR" is write-only: it acts, it is never stored */
	if (M.flr && off <= PCIE_DEVCTL + 1 && off + n > PCIE_DEVCTL + 1 &&
	    (d[PCIE_DEVCTL + 1 - off] & (PCIE_DEVCTL_FLR >> 8))) {
		function_level_reset();
		return;
	}

	for (i = 0; i < n; i++) {
		u32 o = off + i;

		if (o >= 0x10 && o < 0x18) {
			/* 64-bit BAR0: sizing writes keep the size mask */
			u64 bar = get64(M.cfg + 0x10);

			((u8 *)&bar)[o - 0x10] = d[i];
			bar = (bar & BAR0_MASK) | 0xc;
			put64(M.cfg + 0x10, bar);
		} else if (o < sizeof(M.cfg)) {
			M.cfg[o] = (u8)((M.cfg[o] & ~M.cfg_wmask[o]) | (d[i] & M.cfg_wmask[o]));
		}
	}
}

static u64 reg_value(u64 off)
{
	switch (off) {
	case REG_DB_PAGE_OFFSET:
		return DB_OFF;
	case REG_DB_PAGE_SIZE:
		return DB_PAGE_SIZE;
	case REG_SHM_OFFSET:
		return SMC_OFF;
	default:
		return 0;
	}
}

void bar0_read(u64 off, u8 *buf, u32 n)
{
	u32 i;

	M.st.bar_reads++;
	if (M.fault.removed || off >= BAR0_SIZE || n > BAR0_SIZE - off) {
		memset(buf, 0xff, n);
		return;
	}
	for (i = 0; i < n; i++) {
		u64 o = off + i;
		u8 b = 0;

		if (o < 0x100) {
			u64 v = reg_value(o & ~7ull);

			b = (u8)(v >> (8 * (o & 7)));
		} else if (o >= SMC_OFF && o < SMC_OFF + SMC_SIZE) {
			b = M.smc[o - SMC_OFF];
		}
		/* doorbells read as 0; the PBA reads as "nothing pending" */
		buf[i] = b;
	}
}

void bar0_write(u64 off, const u8 *buf, u32 n)
{
	M.st.bar_writes++;
	if (M.fault.removed || off >= BAR0_SIZE || n > BAR0_SIZE - off)
		return;
	if (off >= SMC_OFF && off < SMC_OFF + SMC_SIZE) {
		u32 len = (u32)MIN((u64)n, SMC_OFF + SMC_SIZE - off);

		/* the device owns the aperture while it works on a message */
		if (M.smc_pending)
			return;
		memcpy(M.smc + (off - SMC_OFF), buf, len);
		if (off + len > SMC_OFF + 28) {
			/* writing the header hands the aperture to the device */
			u32 hdr = get32(M.smc + 28) | 0x80000000u;

			put32(M.smc + 28, hdr);
			M.smc_pending = true;
			M.work_pending = true;
			model_kick();
		}
		return;
	}
	if (off >= DB_OFF && off < MSIX_TABLE_OFF) {
		u64 rel = off - DB_OFF;
		u32 page = (u32)(rel / DB_PAGE_SIZE), reg = (u32)(rel % DB_PAGE_SIZE);

		if (n != 8) {
			M.st.db_bad++;
			DBG("doorbell write of %u bytes at %#llx ignored\n", n,
			    (unsigned long long)off);
			return;
		}
		doorbell_write(page, reg, get64(buf));
		return;
	}
	DBG("BAR0 write to %#llx (%u bytes) ignored\n", (unsigned long long)off, n);
}
