// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_PCI_VENDOR_ID_MICROSOFT: <linux/pci_ids.h> defines PCI_VENDOR_ID_MICROSOFT.
 * upstream: "PCI: Add Microsoft PCI vendor ID" (mainline 6.0)
 * used-by: compat/misc.h
 */
#include <linux/pci.h>

#ifndef PCI_VENDOR_ID_MICROSOFT
#error PCI_VENDOR_ID_MICROSOFT is not defined
#endif
