/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small shims every layer may use (IRQ affinity, PCI ids, typed allocation,
 * DMA limits). Only macros: this header is force-included before the object's
 * own includes, so it must not include kernel headers itself. Each macro names
 * the kernel function it stands for; it expands where it is used, after the
 * caller has included the kernel header that declares the real thing.
 */
#ifndef MANA_COMPAT_MISC_H
#define MANA_COMPAT_MISC_H

/* "PCI: Add Microsoft PCI vendor ID" (mainline 5.18). */
#ifndef HAVE_PCI_VENDOR_ID_MICROSOFT
#define PCI_VENDOR_ID_MICROSOFT	0x1414
#endif

/*
 * "genirq: Provide new interfaces for affinity hints" (mainline 5.17; also in
 * 5.10.y stable, not in 5.15.135): irq_set_affinity_and_hint() sets the hint and
 * applies it. The older irq_set_affinity_hint() did both as well.
 */
#ifdef HAVE_IRQ_SET_AFFINITY_AND_HINT
#define mana_compat_irq_set_affinity_and_hint(irq, mask) \
	irq_set_affinity_and_hint(irq, mask)
#define mana_compat_irq_update_affinity_hint(irq, mask) \
	irq_update_affinity_hint(irq, mask)
#else
#define mana_compat_irq_set_affinity_and_hint(irq, mask) \
	irq_set_affinity_hint(irq, mask)
#define mana_compat_irq_update_affinity_hint(irq, mask) \
	irq_set_affinity_hint(irq, mask)
#endif

/*
 * "slab: Introduce kmalloc_obj() and family" (mainline 7.0; some 6.12.y):
 * typed allocations; the driver uses kzalloc_obj(*p, gfp) for one object. The
 * fallback requires the gfp argument (the kernel's version defaults it to
 * GFP_KERNEL); callers always pass it.
 */
#ifndef HAVE_KZALLOC_OBJ
#define kzalloc_obj(P, gfp)	({ typeof(P) *__mana_p = kzalloc(sizeof(P), gfp); __mana_p; })
#endif

/*
 * "dma-mapping: don't return errors from dma_set_max_seg_size" (mainline 6.12):
 * before it the call returned -EIO for a device without dma_parms; the shim
 * gives every kernel the int form (0 where the kernel's returns void).
 */
#ifdef HAVE_DMA_SET_MAX_SEG_SIZE_VOID
#define mana_compat_dma_set_max_seg_size(dev, size) \
	({ dma_set_max_seg_size(dev, size); 0; })
#else
#define mana_compat_dma_set_max_seg_size(dev, size) \
	dma_set_max_seg_size(dev, size)
#endif

#endif /* MANA_COMPAT_MISC_H */
