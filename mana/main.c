// SPDX-License-Identifier: GPL-2.0-only
/*
 * mana.ko module glue: PCI driver registration and module metadata.
 *
 * The PCI probe brings the GDMA function up (gdma/pci.c, gdma/core.c) and
 * then offers its GDMA devices to the registered clients: the Ethernet layer
 * (eth/) registers here before the PCI driver; mana_ib registers from its
 * own module.
 */
#include <linux/module.h>
#include <linux/pci.h>

#include "eth/eth_client.h"
#include "gdma/gdma_internal.h"
#include "glue/netvsc_glue.h"

/* the package version (dkms.conf PACKAGE_VERSION, passed in by the top-level Kbuild) */
#define MANA_DRV_VERSION	MANA_BACKPORT_VERSION

static const struct pci_device_id mana_pci_ids[] = {
	{ PCI_DEVICE(MANA_PCI_VENDOR_ID, MANA_PCI_DEVICE_PF) },
	{ PCI_DEVICE(MANA_PCI_VENDOR_ID, MANA_PCI_DEVICE_VF) },
	{ PCI_DEVICE(MANA_PCI_VENDOR_ID, MANA_PCI_DEVICE_PF2) },
	{ }
};
MODULE_DEVICE_TABLE(pci, mana_pci_ids);

/* the glue decides when a port registers; the Ethernet layer re-creates ports for it */
static const struct mana_eth_port_hooks mana_port_hooks = {
	.wait_ms	= mana_netvsc_glue_wait_ms,
	.ready		= mana_netvsc_glue_ready,
};

static const struct mana_netvsc_glue_ops mana_glue_ops = {
	.recreate	= mana_eth_port_recreate,
};

static struct pci_driver mana_pci_driver = {
	.name		= "mana",
	.id_table	= mana_pci_ids,
	.probe		= gdma_pci_probe,
	.remove		= gdma_pci_remove,
	.shutdown	= gdma_pci_shutdown,
	.suspend	= gdma_pci_suspend,
	.resume		= gdma_pci_resume,
};

static int __init mana_module_init(void)
{
	int err;

	/* The Ethernet client first: it attaches as each function comes up. */
	err = mana_eth_client_register(&mana_port_hooks);
	if (err)
		return err;
	/* before any port can register: the glue must see NETDEV_POST_INIT */
	err = mana_netvsc_glue_register(&mana_pci_driver.driver, &mana_glue_ops);
	if (err)
		goto err_unregister_eth;
	err = pci_register_driver(&mana_pci_driver);
	if (err)
		goto err_unregister_glue;
	return 0;

err_unregister_glue:
	mana_netvsc_glue_unregister();
err_unregister_eth:
	mana_eth_client_unregister();
	return err;
}

static void __exit mana_module_exit(void)
{
	pci_unregister_driver(&mana_pci_driver);
	mana_netvsc_glue_unregister();
	mana_eth_client_unregister();
}

module_init(mana_module_init);
module_exit(mana_module_exit);

MODULE_DESCRIPTION("Microsoft Azure Network Adapter (MANA) driver, backport");
MODULE_LICENSE("GPL");
MODULE_VERSION(MANA_BACKPORT_VERSION);
