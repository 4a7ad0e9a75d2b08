// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_PCI_IRQ_MSIX_FLAG: PCI_IRQ_MSIX and pci_alloc_irq_vectors().
 * upstream: present since 4.8 ("PCI: Add pci_alloc_irq_vectors()"); guards against distro
 * removal
 */
#include <linux/pci.h>

static int PROBE(fn)(struct pci_dev *pdev)
{
	return pci_alloc_irq_vectors(pdev, 1, 2, PCI_IRQ_MSIX);
}
