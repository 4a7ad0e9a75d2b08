// SPDX-License-Identifier: GPL-2.0-only
/*
 * DMA regions of pinned user memory, user memory regions (GVA and ZBVA
 * MRs, dma-buf MRs) and the DMA MRs of kernel PDs (GPA MRs).
 */
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "mana_ib.h"

/**
 * mana_ib_region_from_umem() - describe pinned user memory to the device
 * @mdev: IB device
 * @umem: pinned memory
 * @virt: address the device will use for the first byte (MRs)
 * @zero_offset: the region must start at a page boundary (queue rings)
 * @region: out: DMA region handle
 *
 * Picks the largest page size (4 KiB .. 2 MiB) the memory allows, then
 * sends CREATE_DMA_REGION (and DMA_REGION_ADD_PAGES for long lists).
 *
 * Return: 0, -EINVAL when no page size fits, or a request error.
 */
int mana_ib_region_from_umem(struct mana_ib_dev *mdev, struct ib_umem *umem,
			     u64 virt, bool zero_offset, u64 *region)
{
	struct ib_block_iter biter;
	unsigned long page_sz;
	size_t num_pages, i = 0;
	u32 offset;
	u64 *pages;
	int err;

	if (zero_offset)
		page_sz = ib_umem_find_best_pgoff(umem, MANA_IB_PAGE_SIZES, 0);
	else
		page_sz = ib_umem_find_best_pgsz(umem, MANA_IB_PAGE_SIZES, virt);
	if (!page_sz) {
		ibdev_dbg(&mdev->ib_dev, "no usable page size for a region\n");
		return -EINVAL;
	}

	num_pages = ib_umem_num_dma_blocks(umem, page_sz);
	if (!num_pages || num_pages > U32_MAX)
		return -EINVAL;
	offset = ib_umem_dma_offset(umem, page_sz);

	pages = kvcalloc(num_pages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	rdma_umem_for_each_dma_block(umem, &biter, page_sz) {
		if (WARN_ON(i >= num_pages))
			break;
		pages[i++] = rdma_block_iter_dma_address(&biter);
	}

	err = gdma_create_dma_region(mdev->gd, pages, i, umem->length, offset,
				     order_base_2(page_sz) - GDMA_PAGE_SHIFT,
				     region);
	kvfree(pages);
	return err;
}

/* Verbs access flags this device accepts on user MRs */
#define MANA_IB_MR_ACCESS						\
	(IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE | IB_ACCESS_REMOTE_READ)

static u32 mana_ib_mr_access(int access)
{
	u32 flags = MANA_IB_ACCESS_LOCAL_READ;

	if (access & IB_ACCESS_LOCAL_WRITE)
		flags |= MANA_IB_ACCESS_LOCAL_WRITE;
	if (access & IB_ACCESS_REMOTE_READ)
		flags |= MANA_IB_ACCESS_REMOTE_READ;
	if (access & IB_ACCESS_REMOTE_WRITE)
		flags |= MANA_IB_ACCESS_REMOTE_WRITE;
	return flags;
}

/*
 * mana_ib_mr_register() - describe @mr's umem to the device as a DMA region and
 * create the MR on it. On failure nothing is left on the device; the caller
 * still owns the umem.
 */
static int mana_ib_mr_register(struct mana_ib_dev *mdev, struct mana_ib_pd *pd,
			       struct mana_ib_mr *mr, u64 iova, bool zero_based,
			       int access)
{
	u64 region;
	int err;

	err = mana_ib_region_from_umem(mdev, mr->umem, iova, false, &region);
	if (err)
		return err;
	err = mana_ib_create_mr_req(mdev, pd->handle, region,
				    zero_based ? MANA_IB_ZERO_BASED_IOVA : iova,
				    mana_ib_mr_access(access), &mr->handle,
				    &mr->ibmr.lkey, &mr->ibmr.rkey);
	if (err)
		gdma_destroy_dma_region(mdev->gc, region);
	return err;
}

/**
 * mana_ib_mr_reg_user() - register user memory (CREATE_MR of type GVA)
 * @ibpd: PD
 * @start: user address
 * @length: bytes
 * @iova: virtual address the keys refer to
 * @access: IB_ACCESS_* flags; with IB_ZERO_BASED the keys address the MR
 *	from 0 (a ZBVA MR; @iova is 0 then)
 * @udata: user data
 *
 * Return: the MR or an ERR_PTR().
 */
struct ib_mr *mana_ib_mr_reg_user(struct ib_pd *ibpd, u64 start, u64 length,
				  u64 iova, int access, struct ib_udata *udata)
{
	struct mana_ib_dev *mdev = to_mdev(ibpd->device);
	struct mana_ib_pd *pd = to_mpd(ibpd);
	struct mana_ib_mr *mr;
	bool zero_based;
	int err;

	/* optional flags (relaxed ordering) may be ignored; perftest sets it */
	access &= ~IB_ACCESS_OPTIONAL;
	zero_based = access & IB_ZERO_BASED;
	access &= ~IB_ZERO_BASED;
	if (!udata || (access & ~MANA_IB_MR_ACCESS))
		return ERR_PTR(-EINVAL);

	mr = kzalloc_obj(*mr, GFP_KERNEL);
	if (!mr)
		return ERR_PTR(-ENOMEM);

	mr->umem = mana_compat_ib_umem_get(ibpd->device, start, length, access);
	if (IS_ERR(mr->umem)) {
		err = PTR_ERR(mr->umem);
		goto free_mr;
	}

	err = mana_ib_mr_register(mdev, pd, mr, iova, zero_based, access);
	if (err)
		goto release_umem;
	/* The MR owns the region from now on. */
	return &mr->ibmr;

release_umem:
	ib_umem_release(mr->umem);
free_mr:
	kfree(mr);
	return ERR_PTR(err);
}

/**
 * mana_ib_mr_reg_dmabuf() - register a dma-buf (pinned) as a GVA MR
 * @ibpd: PD
 * @offset: offset into the dma-buf
 * @length: bytes
 * @iova: virtual address the keys refer to
 * @fd: the dma-buf's file descriptor
 * @access: IB_ACCESS_* flags
 * @udata: user data
 *
 * The exporter's pages are pinned for the MR's lifetime (the device has no
 * page faults), as "RDMA/umem: Allow pinned dmabuf umem usage" allows.
 *
 * Return: the MR or an ERR_PTR(); -EOPNOTSUPP where the kernel has no
 * pinned dma-buf umems.
 */
struct ib_mr *mana_ib_mr_reg_dmabuf(struct ib_pd *ibpd, u64 offset,
				    u64 length, u64 iova, int fd, int access,
				    struct ib_udata *udata)
{
#if MANA_COMPAT_DMABUF_MR
	struct mana_ib_dev *mdev = to_mdev(ibpd->device);
	struct ib_umem_dmabuf *umem_dmabuf;
	struct mana_ib_pd *pd = to_mpd(ibpd);
	struct mana_ib_mr *mr;
	bool zero_based;
	int err;

	/* optional flags (relaxed ordering) may be ignored; perftest sets it */
	access &= ~IB_ACCESS_OPTIONAL;
	zero_based = access & IB_ZERO_BASED;
	access &= ~IB_ZERO_BASED;
	if (!udata || (access & ~MANA_IB_MR_ACCESS))
		return ERR_PTR(-EINVAL);

	mr = kzalloc_obj(*mr, GFP_KERNEL);
	if (!mr)
		return ERR_PTR(-ENOMEM);

	umem_dmabuf = ib_umem_dmabuf_get_pinned(ibpd->device, offset, length,
						fd, access);
	if (IS_ERR(umem_dmabuf)) {
		err = PTR_ERR(umem_dmabuf);
		ibdev_dbg(&mdev->ib_dev, "dma-buf %d not usable: %d\n", fd, err);
		goto free_mr;
	}
	mr->umem = &umem_dmabuf->umem;

	err = mana_ib_mr_register(mdev, pd, mr, iova, zero_based, access);
	if (err)
		goto release_umem;
	/* The MR owns the region from now on. */
	return &mr->ibmr;

release_umem:
	ib_umem_release(mr->umem);
free_mr:
	kfree(mr);
	return ERR_PTR(err);
#else
	return ERR_PTR(-EOPNOTSUPP);
#endif
}

/**
 * mana_ib_get_dma_mr() - an MR over bus addresses for a kernel consumer
 * @ibpd: a kernel PD
 * @access: IB_ACCESS_* flags: local write at most
 *
 * The core asks for one for each kernel PD (its local_dma_lkey) since the
 * device has no reserved lkey. The device's GPA MR gives local access only,
 * so remote access (an unsafe global rkey) is refused as mainline refuses
 * it, with -EINVAL before anything reaches the device. A PD the device no
 * longer knows ends in the device's refusal (-EPROTO).
 *
 * Return: the MR or an ERR_PTR().
 */
struct ib_mr *mana_ib_get_dma_mr(struct ib_pd *ibpd, int access)
{
	struct mana_ib_dev *mdev = to_mdev(ibpd->device);
	struct mana_ib_pd *pd = to_mpd(ibpd);
	struct mana_ib_mr *mr;
	int err;

	if (access & ~IB_ACCESS_LOCAL_WRITE) {
		ibdev_dbg(&mdev->ib_dev, "DMA MR access 0x%x refused\n", access);
		return ERR_PTR(-EINVAL);
	}

	mr = kzalloc_obj(*mr, GFP_KERNEL);
	if (!mr)
		return ERR_PTR(-ENOMEM);
	err = mana_ib_create_gpa_mr_req(mdev, pd->handle, &mr->handle,
					&mr->ibmr.lkey, &mr->ibmr.rkey);
	if (err) {
		kfree(mr);
		return ERR_PTR(err);
	}
	/* no umem: mana_ib_dereg_mr() releases nothing but the MR */
	return &mr->ibmr;
}

/**
 * mana_ib_dereg_mr() - DESTROY_MR and unpin the memory
 * @ibmr: MR
 * @udata: user data
 *
 * While the IB device is unregistered the MR goes even when the device does
 * not answer (it is being reset or is gone): the core cannot keep it, and a
 * reset device has forgotten it.
 *
 * Return: 0, or the request error (the MR then stays registered).
 */
int mana_ib_dereg_mr(struct ib_mr *ibmr, struct ib_udata *udata)
{
	struct mana_ib_mr *mr = container_of(ibmr, struct mana_ib_mr, ibmr);
	struct mana_ib_dev *mdev = to_mdev(ibmr->device);
	int err;

	err = mana_ib_destroy_mr_req(mdev, mr->handle);
	if (err && !READ_ONCE(mdev->removing))
		return err;
	if (mr->umem)
		ib_umem_release(mr->umem);
	kfree(mr);
	return 0;
}
