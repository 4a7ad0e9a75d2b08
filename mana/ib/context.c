// SPDX-License-Identifier: GPL-2.0-only
/*
 * User contexts (each with its own doorbell page, mapped at offset 0) and
 * protection domains.
 */
#include <linux/mm.h>

#include "mana_ib.h"

/**
 * mana_ib_alloc_ucontext() - allocate the context's doorbell page
 * @uctx: core-allocated context
 * @udata: user data (no driver fields in this ABI version)
 *
 * Return: 0 or a negative errno.
 */
int mana_ib_alloc_ucontext(struct ib_ucontext *uctx, struct ib_udata *udata)
{
	struct mana_ib_ucontext *muctx =
		container_of(uctx, struct mana_ib_ucontext, ibucontext);
	struct mana_ib_dev *mdev = to_mdev(uctx->device);
	int err;

	/* Pages of the doorbell space are 4 KiB; align to a whole CPU page. */
	err = gdma_alloc_resource_range(mdev->gc, GDMA_RESOURCE_DOORBELL_PAGE,
					1, PAGE_SIZE / GDMA_PAGE_SIZE,
					&muctx->doorbell);
	if (err)
		ibdev_dbg(&mdev->ib_dev, "no doorbell page for a context: %d\n",
			  err);
	return err;
}

/**
 * mana_ib_dealloc_ucontext() - give the doorbell page back
 * @uctx: context
 */
void mana_ib_dealloc_ucontext(struct ib_ucontext *uctx)
{
	struct mana_ib_ucontext *muctx =
		container_of(uctx, struct mana_ib_ucontext, ibucontext);
	struct mana_ib_dev *mdev = to_mdev(uctx->device);
	int err;

	err = gdma_free_resource_range(mdev->gc, GDMA_RESOURCE_DOORBELL_PAGE,
				       1, muctx->doorbell);
	/* in a reset cycle's teardown the function's reset releases it */
	if (err && !gdma_function_resetting(mdev->gc))
		ibdev_err(&mdev->ib_dev, "doorbell page %u not released: %d\n",
			  muctx->doorbell, err);
}

/**
 * mana_ib_disassociate_ucontext() - the device goes away under a context
 * @uctx: context
 *
 * The core zaps the doorbell mapping and destroys the context's objects
 * through the verbs (device requests included), so removal of mana.ko
 * does not wait for user space to close its verbs file; nothing else is
 * held by the context.
 */
void mana_ib_disassociate_ucontext(struct ib_ucontext *uctx)
{
}

/**
 * mana_ib_mmap() - map the context's doorbell page (offset 0, one page)
 * @uctx: context
 * @vma: user mapping
 *
 * Return: 0, -EINVAL for another offset or size, or the mapping error.
 */
int mana_ib_mmap(struct ib_ucontext *uctx, struct vm_area_struct *vma)
{
	struct mana_ib_ucontext *muctx =
		container_of(uctx, struct mana_ib_ucontext, ibucontext);
	struct mana_ib_dev *mdev = to_mdev(uctx->device);
	phys_addr_t pa;

	if (vma->vm_pgoff || vma->vm_end - vma->vm_start != PAGE_SIZE)
		return -EINVAL;

	pa = gdma_doorbell_page_phys(mdev->gc, muctx->doorbell);
	return rdma_user_mmap_io(uctx, vma, PHYS_PFN(pa), PAGE_SIZE,
				 pgprot_writecombine(vma->vm_page_prot), NULL);
}

/**
 * mana_ib_alloc_pd() - CREATE_PD
 * @ibpd: core-allocated PD
 * @udata: user data, NULL for a kernel PD (may then use bus-address MRs)
 *
 * Return: 0 or a negative errno.
 */
int mana_ib_alloc_pd(struct ib_pd *ibpd, struct ib_udata *udata)
{
	struct mana_ib_dev *mdev = to_mdev(ibpd->device);
	struct mana_ib_pd *pd = to_mpd(ibpd);
	u32 flags = udata ? 0 : GDMA_PD_FLAG_ALLOW_GPA_MR;
	int err;

	err = mana_ib_create_pd_req(mdev, flags, &pd->handle, &pd->pdn);
	if (err)
		return err;
	mutex_init(&pd->vport_lock);
	pd->vport_users = 0;
	return 0;
}

/**
 * mana_ib_dealloc_pd() - DESTROY_PD
 * @ibpd: PD without objects left
 * @udata: user data
 *
 * Return: 0 (the core cannot keep a PD; a device error is only logged).
 */
int mana_ib_dealloc_pd(struct ib_pd *ibpd, struct ib_udata *udata)
{
	struct mana_ib_pd *pd = to_mpd(ibpd);

	WARN_ON(pd->vport_users);
	mana_ib_destroy_pd_req(to_mdev(ibpd->device), pd->handle);
	mutex_destroy(&pd->vport_lock);
	return 0;
}
