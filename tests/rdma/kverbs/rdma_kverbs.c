// SPDX-License-Identifier: GPL-2.0
/*
 * rdma_kverbs (test-only): what a kernel consumer asks of an RNIC's DMA MRs,
 * against whichever driver owns the device (ours or the kernel's own), in the
 * guest of tests/rdma/run.sh. Loaded with dev=<IB device>; runs its cases
 * while it loads and prints one line per case, "rdma_kverbs: ok <case>: ..."
 * or "rdma_kverbs: FAIL <case>: ...", then stays loaded doing nothing.
 *
 * Cases:
 *   pd-dma-mr     ib_alloc_pd() gets the PD's local DMA lkey from the driver's
 *                 get_dma_mr (the device has no reserved lkey); ib_dealloc_pd()
 *                 deregisters it
 *   global-rkey   a PD asking for an unsafe global rkey (a DMA MR with remote
 *                 access) is refused with -EINVAL
 *   destroyed-pd  a DMA MR on a PD whose device object was destroyed fails
 *                 (the device no longer knows the PD), the errno is printed
 */
#include <linux/module.h>
#include <rdma/ib_verbs.h>

static char *dev = "mana_0";
module_param(dev, charp, 0444);
MODULE_PARM_DESC(dev, "IB device to test");

#define KV_OK(name, fmt, ...) \
	pr_info("rdma_kverbs: ok " name ": " fmt "\n", ##__VA_ARGS__)
#define KV_FAIL(name, fmt, ...) \
	pr_info("rdma_kverbs: FAIL " name ": " fmt "\n", ##__VA_ARGS__)

static void kv_pd_dma_mr(struct ib_device *ibdev)
{
	struct ib_pd *pd = ib_alloc_pd(ibdev, 0);

	if (IS_ERR(pd)) {
		KV_FAIL("pd-dma-mr", "ib_alloc_pd: %ld", PTR_ERR(pd));
		return;
	}
	if (!pd->__internal_mr)
		KV_FAIL("pd-dma-mr", "no DMA MR behind the PD's local_dma_lkey");
	else if (pd->__internal_mr->lkey != pd->local_dma_lkey)
		KV_FAIL("pd-dma-mr", "lkey 0x%x is not the PD's 0x%x",
			pd->__internal_mr->lkey, pd->local_dma_lkey);
	else
		KV_OK("pd-dma-mr", "kernel PD with DMA MR lkey 0x%x",
		      pd->local_dma_lkey);
	ib_dealloc_pd(pd);
}

static void kv_global_rkey(struct ib_device *ibdev)
{
	struct ib_pd *pd = ib_alloc_pd(ibdev, IB_PD_UNSAFE_GLOBAL_RKEY);

	if (PTR_ERR_OR_ZERO(pd) == -EINVAL) {
		KV_OK("global-rkey", "unsafe global rkey refused: -EINVAL");
		return;
	}
	if (IS_ERR(pd)) {
		KV_FAIL("global-rkey", "refused with %ld, not -EINVAL",
			PTR_ERR(pd));
		return;
	}
	KV_FAIL("global-rkey", "a DMA MR with remote access was granted");
	ib_dealloc_pd(pd);
}

/*
 * The PD is the driver's alone here (never known to the core): created and
 * destroyed through the driver's ops, then asked for a DMA MR.
 */
static void kv_destroyed_pd(struct ib_device *ibdev)
{
	struct ib_pd *pd = rdma_zalloc_drv_obj(ibdev, ib_pd);
	struct ib_mr *mr;
	int err;

	if (!pd) {
		KV_FAIL("destroyed-pd", "no memory");
		return;
	}
	pd->device = ibdev;
	err = ibdev->ops.alloc_pd(pd, NULL);
	if (err) {
		KV_FAIL("destroyed-pd", "alloc_pd: %d", err);
		goto free_pd;
	}
	err = ibdev->ops.dealloc_pd(pd, NULL);
	if (err) {
		KV_FAIL("destroyed-pd", "dealloc_pd: %d", err);
		goto free_pd;
	}
	mr = ibdev->ops.get_dma_mr(pd, IB_ACCESS_LOCAL_WRITE);
	if (IS_ERR(mr)) {
		KV_OK("destroyed-pd", "DMA MR refused: %ld", PTR_ERR(mr));
		goto free_pd;
	}
	KV_FAIL("destroyed-pd", "DMA MR lkey 0x%x granted on a destroyed PD",
		mr->lkey);
	mr->device = ibdev;
	mr->pd = pd;
	ibdev->ops.dereg_mr(mr, NULL);
free_pd:
	kfree(pd);
}

static int kv_add(struct ib_device *ibdev)
{
	if (strcmp(dev_name(&ibdev->dev), dev))
		return -EOPNOTSUPP;
	if (!ibdev->ops.get_dma_mr) {
		KV_FAIL("pd-dma-mr", "%s has no get_dma_mr", dev);
		return -EOPNOTSUPP;
	}
	kv_pd_dma_mr(ibdev);
	kv_global_rkey(ibdev);
	kv_destroyed_pd(ibdev);
	pr_info("rdma_kverbs: done %s\n", dev);
	return -EOPNOTSUPP;	/* nothing to keep per device */
}

static void kv_remove(struct ib_device *ibdev, void *data)
{
}

/*
 * no_kverbs_req: the core offers a client only the devices with every kernel
 * verb unless the client says it needs none of them; a device without kernel
 * QPs still has kernel PDs and DMA MRs to test.
 */
static struct ib_client kv_client = {
	.name = "rdma_kverbs",
	.add = kv_add,
	.remove = kv_remove,
	.no_kverbs_req = 1,
};

static int __init kv_init(void)
{
	int err = ib_register_client(&kv_client);

	if (err)
		return err;
	ib_unregister_client(&kv_client);
	return 0;
}

static void __exit kv_exit(void)
{
}

module_init(kv_init);
module_exit(kv_exit);
MODULE_DESCRIPTION("mana-backport test: kernel DMA MRs of an RNIC");
MODULE_LICENSE("GPL");
