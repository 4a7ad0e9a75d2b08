// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PCI side of a MANA function: resources, MSI-X vectors and interrupt
 * handlers.  Everything else runs on the struct gdma_context set up here.
 *
 * Vector 0 serves the hardware channel; vectors 1..N serve data-path EQs
 * and get an affinity hint spreading them over the CPUs of the device's
 * NUMA node first.
 */
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "gdma_internal.h"

/**
 * struct gdma_pci - a bound MANA PCI function
 * @gc: the function's GDMA context
 * @pdev: the PCI device
 * @irqs_up: MSI-X vectors allocated and requested
 * @enabled: pci_enable_device() is in effect (shutdown disables it)
 */
struct gdma_pci {
	struct gdma_context gc;
	struct pci_dev *pdev;
	bool irqs_up;
	bool enabled;
};

/* Function-level reset for a client whose queues hang (gdma_function_reset). */
static int gdma_pci_flr(struct gdma_context *gc)
{
	struct pci_dev *pdev = to_pci_dev(gc->dev);
	u32 devcap = 0;
	int err;

	pcie_capability_read_dword(pdev, PCI_EXP_DEVCAP, &devcap);
	if (!(devcap & PCI_EXP_DEVCAP_FLR))
		return -ENOTTY;
	dev_warn(gc->dev, "function-level reset\n");
	/* The reset clears the config space: keep BARs, MSI-X and bus mastering. */
	pci_save_state(pdev);
	err = pcie_flr(pdev);
	pci_restore_state(pdev);
	return err;
}

static irqreturn_t gdma_pci_irq(int irq, void *arg)
{
	gdma_vector_dispatch(arg);
	return IRQ_HANDLED;
}

static void gdma_pci_free_irqs(struct gdma_pci *gp)
{
	struct gdma_context *gc = &gp->gc;
	unsigned int i;

	if (!gc->vectors)
		return;

	for (i = 0; i < gc->num_vectors; i++) {
		struct gdma_vector *vec = &gc->vectors[i];

		if (!vec->irq)
			continue;
		mana_compat_irq_update_affinity_hint(vec->irq, NULL);
		free_irq(vec->irq, vec);
		vec->irq = 0;
	}
	kfree(gc->vectors);
	gc->vectors = NULL;
	gc->num_vectors = 0;
	pci_free_irq_vectors(gp->pdev);
	gp->irqs_up = false;
}

static int gdma_pci_setup_irqs(struct gdma_pci *gp)
{
	struct gdma_context *gc = &gp->gc;
	struct pci_dev *pdev = gp->pdev;
	int node = dev_to_node(&pdev->dev);
	unsigned int want, i, cpu;
	int nvec, err;

	want = min_t(unsigned int, num_online_cpus(), GDMA_MAX_QUEUES) + 1;
	nvec = pci_alloc_irq_vectors(pdev, 2, want, PCI_IRQ_MSIX);
	if (nvec < 0) {
		dev_err(&pdev->dev, "cannot allocate 2..%u MSI-X vectors: %d\n",
			want, nvec);
		return nvec;
	}

	gc->vectors = kcalloc(nvec, sizeof(*gc->vectors), GFP_KERNEL);
	if (!gc->vectors) {
		pci_free_irq_vectors(pdev);
		return -ENOMEM;
	}
	gc->num_vectors = nvec;

	for (i = 0; i < nvec; i++) {
		struct gdma_vector *vec = &gc->vectors[i];
		int irq = pci_irq_vector(pdev, i);

		gdma_vector_init(vec);
		if (i == 0)
			snprintf(vec->name, sizeof(vec->name), "mana_hwc@pci:%s",
				 pci_name(pdev));
		else
			snprintf(vec->name, sizeof(vec->name), "mana_q%u@pci:%s",
				 i - 1, pci_name(pdev));
		if (irq < 0) {
			err = irq;
			goto free_irqs;
		}

		err = request_irq(irq, gdma_pci_irq, 0, vec->name, vec);
		if (err) {
			dev_err(&pdev->dev, "cannot request IRQ %d (%s): %d\n",
				irq, vec->name, err);
			goto free_irqs;
		}
		vec->irq = irq;

		if (i > 0) {
			cpu = cpumask_local_spread(i - 1, node);
			mana_compat_irq_set_affinity_and_hint(irq,
							      cpumask_of(cpu));
		}
	}
	gp->irqs_up = true;
	return 0;

free_irqs:
	gdma_pci_free_irqs(gp);
	return err;
}

static int gdma_pci_map(struct gdma_pci *gp)
{
	struct pci_dev *pdev = gp->pdev;
	struct gdma_context *gc = &gp->gc;
	int err;

	err = pci_enable_device(pdev);
	if (err) {
		dev_err(&pdev->dev, "cannot enable the PCI device: %d\n", err);
		return err;
	}

	err = pci_request_regions(pdev, "mana");
	if (err) {
		dev_err(&pdev->dev, "cannot claim the BARs: %d\n", err);
		goto disable_device;
	}
	pci_set_master(pdev);

	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err) {
		dev_err(&pdev->dev, "64-bit DMA is not available: %d\n", err);
		goto release_regions;
	}
	err = mana_compat_dma_set_max_seg_size(&pdev->dev, UINT_MAX);
	if (err) {
		dev_err(&pdev->dev, "cannot set the DMA segment size: %d\n", err);
		goto release_regions;
	}

	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM)) {
		dev_err(&pdev->dev, "BAR0 is not a memory BAR\n");
		err = -ENODEV;
		goto release_regions;
	}
	gc->bar0 = pci_iomap(pdev, 0, 0);
	if (!gc->bar0) {
		dev_err(&pdev->dev, "cannot map BAR0\n");
		err = -ENOMEM;
		goto release_regions;
	}
	gc->bar0_size = pci_resource_len(pdev, 0);
	gc->bar0_pa = pci_resource_start(pdev, 0);
	gp->enabled = true;
	return 0;

release_regions:
	pci_release_regions(pdev);
disable_device:
	pci_disable_device(pdev);
	return err;
}

static void gdma_pci_unmap(struct gdma_pci *gp)
{
	pci_iounmap(gp->pdev, gp->gc.bar0);
	gp->gc.bar0 = NULL;
	pci_release_regions(gp->pdev);
	if (gp->enabled)
		pci_disable_device(gp->pdev);
	gp->enabled = false;
}

/**
 * gdma_pci_probe() - bring up a MANA PCI function
 * @pdev: the function
 * @id: matching table entry
 *
 * Return: 0 or a negative errno; a failed probe leaves nothing behind.
 */
int gdma_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct gdma_context *gc;
	struct gdma_pci *gp;
	int err;

	gp = kzalloc_obj(*gp, GFP_KERNEL);
	if (!gp)
		return -ENOMEM;
	gp->pdev = pdev;
	gc = &gp->gc;
	gdma_context_init(gc, &pdev->dev);
	gdma_service_init(gc);
	gc->is_pf = pdev->device == MANA_PCI_DEVICE_PF ||
		    pdev->device == MANA_PCI_DEVICE_PF2;
	gc->pf_reg_layout = pdev->device == MANA_PCI_DEVICE_PF;
	gc->function_reset = gdma_pci_flr;

	err = gdma_pci_map(gp);
	if (err)
		goto free_gp;

	err = gdma_read_bar0_layout(gc);
	if (err)
		goto unmap;

	err = gdma_pci_setup_irqs(gp);
	if (err)
		goto unmap;

	/*
	 * A device that is recovering fails the bring-up with -ETIMEDOUT or
	 * -EPROTO; the function then stays bound and gdma_bring_up() tries
	 * again later (reset.c).
	 */
	pci_set_drvdata(pdev, gp);
	err = gdma_bring_up(gc);
	if (err)
		goto free_irqs;
	return 0;

free_irqs:
	pci_set_drvdata(pdev, NULL);
	gdma_pci_free_irqs(gp);
unmap:
	gdma_pci_unmap(gp);
free_gp:
	kfree(gp);
	dev_err(&pdev->dev, "probe failed: %d\n", err);
	return err;
}

/**
 * gdma_pci_remove() - tear a function down in reverse order of probe
 * @pdev: the function
 */
void gdma_pci_remove(struct pci_dev *pdev)
{
	struct gdma_pci *gp = pci_get_drvdata(pdev);

	if (!gp)
		return;

	/* Surprise removal: nothing below may wait for the device. */
	if (pci_channel_offline(pdev))
		gdma_mark_gone(&gp->gc);
	/* A running reset cycle is cancelled; its suspended clients go too. */
	gdma_service_stop(&gp->gc);
	gdma_detach_clients(&gp->gc);
	gdma_core_teardown(&gp->gc);
	gdma_pci_free_irqs(gp);
	gdma_pci_unmap(gp);
	/* bus mastering is off: no queue the device kept can be written */
	gdma_free_parked_queues(&gp->gc);
	pci_set_drvdata(pdev, NULL);
	kfree(gp);
}

/**
 * gdma_pci_suspend() - PM suspend: clients suspended, HWC and vectors freed
 * @pdev: the function
 * @state: target state (unused: the device keeps no state across it)
 *
 * The netdevs stay registered (detached); gdma_pci_resume() brings the
 * function up from scratch and restores them.
 *
 * Return: 0.
 */
int gdma_pci_suspend(struct pci_dev *pdev, pm_message_t state)
{
	struct gdma_pci *gp = pci_get_drvdata(pdev);

	if (!gp)
		return 0;
	dev_info(&pdev->dev, "suspend\n");
	gdma_service_stop(&gp->gc);
	gdma_suspend_function(&gp->gc);
	gdma_pci_free_irqs(gp);
	return 0;
}

/**
 * gdma_pci_resume() - PM resume: full bring-up, clients resumed
 * @pdev: the function
 *
 * Return: 0 (a function that cannot come up is logged and left down, or
 * retried later when the device looks like it is recovering), or the error
 * of allocating the interrupt vectors.
 */
int gdma_pci_resume(struct pci_dev *pdev)
{
	struct gdma_pci *gp = pci_get_drvdata(pdev);
	int err;

	if (!gp)
		return 0;
	dev_info(&pdev->dev, "resume\n");
	if (!gp->irqs_up) {
		err = gdma_pci_setup_irqs(gp);
		if (err)
			return err;
	}
	gdma_service_start(&gp->gc);
	err = gdma_bring_up(&gp->gc);
	if (err)
		dev_err(&pdev->dev, "resume failed: %d; the function stays down\n",
			err);
	return 0;
}

/**
 * gdma_pci_shutdown() - quiesce the device for reboot or kexec
 * @pdev: the function
 *
 * Like suspend (the netdevs stay registered), then bus mastering is
 * stopped by disabling the device.
 */
void gdma_pci_shutdown(struct pci_dev *pdev)
{
	struct gdma_pci *gp = pci_get_drvdata(pdev);

	if (!gp)
		return;
	gdma_pci_suspend(pdev, PMSG_SUSPEND);
	if (gp->enabled)
		pci_disable_device(pdev);
	gp->enabled = false;
}
