// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_PCI_MSIX_ALLOC_IRQ_AT: dynamic MSI-X: pci_msix_can_alloc_dyn(),
 * pci_msix_alloc_irq_at(), pci_msix_free_irq().
 * upstream: "PCI/MSI: Provide post-enable dynamic allocation interfaces for MSI-X"
 * (mainline 6.2)
 */
#include <linux/pci.h>
#include <linux/msi_api.h>

static int PROBE(fn)(struct pci_dev *pdev)
{
	struct msi_map map;

	if (!pci_msix_can_alloc_dyn(pdev))
		return -1;
	map = pci_msix_alloc_irq_at(pdev, MSI_ANY_INDEX, NULL);
	pci_msix_free_irq(pdev, map);
	return map.index;
}
