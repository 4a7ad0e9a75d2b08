/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RDMA (ib_core / uverbs) shims for mana_ib. Included only by mana/ib/; keyed
 * only on the HAVE_* results of compat/probes/. mana_ib is built only where
 * the kernel has the auxiliary bus, ib_core and user verbs (5.15 and later on
 * the reference kernels), so 5.10-era verbs signatures are not covered.
 *
 * Callbacks whose signature changed: the driver implements one "core"
 * function with the arguments named below, and the ADAPTER macro generates
 * the function the target kernel's ib_device_ops expects; the matching _OP
 * macro goes into the ib_device_ops initialiser.
 */
#ifndef MANA_COMPAT_RDMA_H
#define MANA_COMPAT_RDMA_H

#include <rdma/ib_verbs.h>
#include <rdma/ib_umem.h>
#include <rdma/uverbs_ioctl.h>
/*
 * rdma_umem_for_each_dma_block() lives in <rdma/iter.h> where that header
 * exists (5.10.y, 6.1.y and later); 5.15.135 has it in ib_verbs.h/ib_umem.h.
 */
#ifdef HAVE_RDMA_ITER_H
#include <rdma/iter.h>
#endif

/*
 * "RDMA/mana_ib: Add a driver for Microsoft Azure Network Adapter" (6.2) added
 * RDMA_DRIVER_MANA to enum rdma_driver_id; libmana matches on its value. Older
 * cores pass driver_id through unchanged, so the numeric value (20, after
 * RDMA_DRIVER_ERDMA) is what user space sees.
 */
#ifndef HAVE_RDMA_DRIVER_MANA
#define RDMA_DRIVER_MANA	20
#endif

/* "RDMA/umem: Add ib_umem_get_va()" (after 6.12): ib_umem_get() before it. */
static inline struct ib_umem *mana_compat_ib_umem_get(struct ib_device *dev,
						      unsigned long addr,
						      size_t size, int access)
{
#if defined(HAVE_IB_UMEM_GET_VA)
	return ib_umem_get_va(dev, addr, size, access);
#elif defined(HAVE_IB_UMEM_GET)
	return ib_umem_get(dev, addr, size, access);
#else
#error "mana_ib: this kernel has neither ib_umem_get_va() nor ib_umem_get(device, ...)"
#endif
}

/*
 * create_cq: "RDMA: Pass uverbs_attr_bundle as part of '.create_cq' API"
 * (mainline 6.11). Core function:
 *   int core(struct ib_cq *, const struct ib_cq_init_attr *, struct ib_udata *);
 * MANA_COMPAT_CREATE_CQ_ADAPTER(pfx, core) defines pfx##_create_cq.
 */
#ifdef HAVE_IB_CREATE_CQ_ATTRS
#define MANA_COMPAT_CREATE_CQ_ADAPTER(pfx, core)				\
static int pfx##_create_cq(struct ib_cq *cq, const struct ib_cq_init_attr *attr, \
			   struct uverbs_attr_bundle *attrs)			\
{ return core(cq, attr, attrs ? &attrs->driver_udata : NULL); }
#else
#define MANA_COMPAT_CREATE_CQ_ADAPTER(pfx, core)				\
static int pfx##_create_cq(struct ib_cq *cq, const struct ib_cq_init_attr *attr, \
			   struct ib_udata *udata)				\
{ return core(cq, attr, udata); }
#endif

/*
 * reg_user_mr: "RDMA/core: Pass DMA handle to reg_user_mr" (mainline 6.17).
 * MANA has no DMA-handle (TPH) support; the handle is ignored. Core function:
 *   struct ib_mr *core(struct ib_pd *, u64 start, u64 length, u64 iova,
 *                      int access, struct ib_udata *);
 * MANA_COMPAT_REG_USER_MR_ADAPTER(pfx, core) defines pfx##_reg_user_mr.
 */
#ifdef HAVE_IB_REG_USER_MR_DMAH
#define MANA_COMPAT_REG_USER_MR_ADAPTER(pfx, core)				\
static struct ib_mr *pfx##_reg_user_mr(struct ib_pd *pd, u64 start, u64 length, \
				       u64 iova, int access,			\
				       struct ib_dmah *dmah,			\
				       struct ib_udata *udata)			\
{ return core(pd, start, length, iova, access, udata); }
#else
#define MANA_COMPAT_REG_USER_MR_ADAPTER(pfx, core)				\
static struct ib_mr *pfx##_reg_user_mr(struct ib_pd *pd, u64 start, u64 length, \
				       u64 iova, int access,			\
				       struct ib_udata *udata)			\
{ return core(pd, start, length, iova, access, udata); }
#endif

/*
 * auxiliary_driver.remove: "driver core: auxiliary bus: make remove function
 * return void" (mainline 5.16; in 5.15.y stable). Before it, remove returned
 * int (and the value was ignored). The driver writes
 *   void core(struct auxiliary_device *);
 * MANA_COMPAT_AUX_REMOVE_ADAPTER(pfx, core) defines pfx##_aux_remove with the
 * kernel's signature, for the auxiliary_driver initialiser.
 */
#ifdef HAVE_AUXILIARY_DRIVER_VOID_REMOVE
#define MANA_COMPAT_AUX_REMOVE_ADAPTER(pfx, core)				\
static void pfx##_aux_remove(struct auxiliary_device *adev)			\
{ core(adev); }
#else
#define MANA_COMPAT_AUX_REMOVE_ADAPTER(pfx, core)				\
static int pfx##_aux_remove(struct auxiliary_device *adev)			\
{ core(adev); return 0; }
#endif

/*
 * reg_user_mr_dmabuf, three kernel forms ("RDMA/core: Add support for dma-buf
 * user memory region" 5.12 with udata; attrs bundle 6.10; DMA handle 6.17).
 * Pinned dma-buf umems ("RDMA/umem: Allow pinned dmabuf umem usage", 5.19)
 * are what MANA needs; without them (5.15) the op is left out and
 * MANA_COMPAT_DMABUF_MR is 0. Core function:
 *   struct ib_mr *core(struct ib_pd *, u64 offset, u64 length, u64 iova,
 *                      int fd, int access, struct ib_udata *);
 * MANA_COMPAT_REG_USER_MR_DMABUF_ADAPTER(pfx, core) defines
 * pfx##_reg_user_mr_dmabuf; put MANA_COMPAT_REG_USER_MR_DMABUF_OP(pfx) in the
 * ib_device_ops initialiser (it expands to nothing where unsupported).
 */
#if defined(HAVE_IB_UMEM_DMABUF_GET_PINNED) &&				\
	(defined(HAVE_IB_REG_USER_MR_DMABUF_DMAH) ||			\
	 defined(HAVE_IB_REG_USER_MR_DMABUF_ATTRS) ||			\
	 defined(HAVE_IB_REG_USER_MR_DMABUF_UDATA))
#define MANA_COMPAT_DMABUF_MR	1
#else
#define MANA_COMPAT_DMABUF_MR	0
#endif

#if !MANA_COMPAT_DMABUF_MR
/* No op; the adapter only keeps the core function referenced. */
#define MANA_COMPAT_REG_USER_MR_DMABUF_ADAPTER(pfx, core)			\
static __maybe_unused struct ib_mr *						\
pfx##_reg_user_mr_dmabuf(struct ib_pd *pd, u64 offset, u64 length, u64 iova,	\
			 int fd, int access, struct ib_udata *udata)		\
{ return core(pd, offset, length, iova, fd, access, udata); }
#define MANA_COMPAT_REG_USER_MR_DMABUF_OP(pfx)
#else
#define MANA_COMPAT_REG_USER_MR_DMABUF_OP(pfx)				\
	.reg_user_mr_dmabuf = pfx##_reg_user_mr_dmabuf,
#if defined(HAVE_IB_REG_USER_MR_DMABUF_DMAH)
#define MANA_COMPAT_REG_USER_MR_DMABUF_ADAPTER(pfx, core)			\
static struct ib_mr *pfx##_reg_user_mr_dmabuf(struct ib_pd *pd, u64 offset,	\
					      u64 length, u64 iova, int fd,	\
					      int access, struct ib_dmah *dmah, \
					      struct uverbs_attr_bundle *attrs) \
{ return core(pd, offset, length, iova, fd, access, attrs ? &attrs->driver_udata : NULL); }
#elif defined(HAVE_IB_REG_USER_MR_DMABUF_ATTRS)
#define MANA_COMPAT_REG_USER_MR_DMABUF_ADAPTER(pfx, core)			\
static struct ib_mr *pfx##_reg_user_mr_dmabuf(struct ib_pd *pd, u64 offset,	\
					      u64 length, u64 iova, int fd,	\
					      int access,			\
					      struct uverbs_attr_bundle *attrs) \
{ return core(pd, offset, length, iova, fd, access, attrs ? &attrs->driver_udata : NULL); }
#elif defined(HAVE_IB_REG_USER_MR_DMABUF_UDATA)
#define MANA_COMPAT_REG_USER_MR_DMABUF_ADAPTER(pfx, core)			\
static struct ib_mr *pfx##_reg_user_mr_dmabuf(struct ib_pd *pd, u64 offset,	\
					      u64 length, u64 iova, int fd,	\
					      int access, struct ib_udata *udata) \
{ return core(pd, offset, length, iova, fd, access, udata); }
#endif
#endif

/*
 * "RDMA/core: Calculate UDP source port based on flow label or lqpn/rqpn"
 * (mainline 5.18) added rdma_get_udp_sport(). Before it the two helpers it
 * combines exist on their own (5.15.y): a zero flow label is replaced by the
 * symmetric label of the two QP numbers, then folded into a port number.
 */
static inline u16 mana_compat_rdma_get_udp_sport(u32 flow_label, u32 lqpn, u32 rqpn)
{
#ifdef HAVE_RDMA_GET_UDP_SPORT
	return rdma_get_udp_sport(flow_label, lqpn, rqpn);
#else
	u32 fl = flow_label ? flow_label : rdma_calc_flow_label(lqpn, rqpn);

	return rdma_flow_label_to_udp_sport(fl);
#endif
}

#endif /* MANA_COMPAT_RDMA_H */
