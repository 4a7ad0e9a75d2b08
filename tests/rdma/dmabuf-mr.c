// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-mr: dma-buf memory regions on the RNIC from user space (usage:
 * dmabuf-mr DEVICE GID_INDEX [nomethod]).
 *
 * The dma-buf comes from the kernel's udmabuf driver (/dev/udmabuf: a sealed
 * memfd turned into a dma-buf). The whole dma-buf is registered with
 * libibverbs' ibv_reg_dmabuf_mr() (rdma-core 56's mana provider has the verb;
 * where a provider lacks it, EOPNOTSUPP, the ioctl below stands in); a second
 * MR at an offset into it is registered the way a user without provider
 * support would: the uverbs ioctl UVERBS_METHOD_REG_DMABUF_MR on the
 * context's command fd (the kernel uapi: rdma/ib_user_ioctl_cmds.h),
 * destroyed with UVERBS_METHOD_MR_DESTROY. Two RC QPs of one context,
 * connected to each other, then move data through the model's RDMA engine:
 * WRITE into the dma-buf (its rkey), READ from it, the dma-buf as the local
 * buffer of a WRITE (its lkey), and an MR at an offset into the dma-buf;
 * every transfer is checked through the memfd's own mapping. Bad input must
 * get the core's and the driver's errors: a closed fd (EBADF), an fd that is
 * not a dma-buf (EINVAL), a range past the end of the dma-buf (EINVAL),
 * remote write without local write and an unknown access bit (EINVAL).
 *
 * Where the kernel has no udmabuf (Debian's 6.1 cloud kernel: CONFIG_UDMABUF
 * is off) the data cases print SKIP and only the refusals run.
 *
 * "nomethod": the kernel has no pinned dma-buf umems (ib_umem_dmabuf_get_pinned,
 * 5.19; the caller looks for it in /proc/kallsyms), so the RNIC cannot offer
 * the verb and the uverbs core has no REG_DMABUF_MR method for it: every
 * registration, good or bad, must be refused with EOPNOTSUPP (what any kernel
 * answers for a device without the op), and nothing may be registered.
 * Prints exactly RESULTS lines of PASS:/FAIL:/SKIP:; exit status 1 on a FAIL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/udmabuf.h>
#include <rdma/ib_user_ioctl_cmds.h>
#include <rdma/rdma_user_ioctl_cmds.h>
#include <infiniband/verbs.h>

#define DBUF	65536		/* the dma-buf */
#define HBUF	65536		/* each QP's ordinary MR */
#define IOVA	0x40000000ULL	/* address the dma-buf MR's keys refer to */
#define IOVA2	0x50000000ULL	/* the MR at an offset into the dma-buf */
#define OFF2	8192		/* its offset */
#define LEN2	16384
/*
 * enum rdma_driver_id's RDMA_DRIVER_MANA (uapi rdma/ib_user_ioctl_verbs.h;
 * bookworm's copy of the header predates it): the core refuses an ioctl whose
 * header names another driver with EINVAL
 */
#define DRIVER_ID_MANA	20

static int failures, results;

static void result(int ok, const char *what, int err)
{
	if (ok)
		printf("PASS: %s\n", what);
	else
		printf("FAIL: %s (errno %d %s)\n", what, err, strerror(err));
	failures += !ok;
	results++;
}

static void skip(const char *what, const char *why)
{
	printf("SKIP: %s (%s)\n", what, why);
	results++;
}

struct side {
	struct ibv_cq *cq;
	struct ibv_qp *qp;
	struct ibv_mr *mr;
	char *buf;
};

/* an MR registered through the uverbs ioctl */
struct dmr {
	uint32_t handle, lkey, rkey;
};

static struct ibv_context *ctx;
static struct ibv_pd *pd;
static union ibv_gid gid;
static int gidx;

/* one attribute of a uverbs ioctl: inline value (up to 8 bytes) or pointer */
static void attr(struct ib_uverbs_attr *a, uint16_t id, uint16_t len, uint64_t data)
{
	memset(a, 0, sizeof(*a));
	a->attr_id = id;
	a->len = len;
	a->data = data;
}

/*
 * UVERBS_METHOD_REG_DMABUF_MR on the context's command fd. Returns 0 and
 * fills @m, or an errno.
 */
static int reg_dmabuf(int fd, uint64_t offset, uint64_t length, uint64_t iova,
		      uint32_t access, struct dmr *m)
{
	struct {
		struct ib_uverbs_ioctl_hdr hdr;
		struct ib_uverbs_attr a[9];
	} req;
	uint32_t lkey = 0, rkey = 0;
	int32_t fd32 = fd;

	memset(&req, 0, sizeof(req));
	req.hdr.length = sizeof(req);
	req.hdr.object_id = UVERBS_OBJECT_MR;
	req.hdr.method_id = UVERBS_METHOD_REG_DMABUF_MR;
	req.hdr.num_attrs = 9;
	req.hdr.driver_id = DRIVER_ID_MANA;
	/* object handles go inline with len 0 (the core insists) */
	attr(&req.a[0], UVERBS_ATTR_REG_DMABUF_MR_HANDLE, 0, 0);
	attr(&req.a[1], UVERBS_ATTR_REG_DMABUF_MR_PD_HANDLE, 0, pd->handle);
	attr(&req.a[2], UVERBS_ATTR_REG_DMABUF_MR_OFFSET, sizeof(uint64_t), offset);
	attr(&req.a[3], UVERBS_ATTR_REG_DMABUF_MR_LENGTH, sizeof(uint64_t), length);
	attr(&req.a[4], UVERBS_ATTR_REG_DMABUF_MR_IOVA, sizeof(uint64_t), iova);
	attr(&req.a[5], UVERBS_ATTR_REG_DMABUF_MR_FD, sizeof(fd32), (uint32_t)fd32);
	attr(&req.a[6], UVERBS_ATTR_REG_DMABUF_MR_ACCESS_FLAGS, sizeof(uint32_t), access);
	attr(&req.a[7], UVERBS_ATTR_REG_DMABUF_MR_RESP_LKEY, sizeof(lkey), (uintptr_t)&lkey);
	attr(&req.a[8], UVERBS_ATTR_REG_DMABUF_MR_RESP_RKEY, sizeof(rkey), (uintptr_t)&rkey);
	if (ioctl(ctx->cmd_fd, RDMA_VERBS_IOCTL, &req))
		return errno;
	/* the new object's handle comes back in the attribute's data */
	m->handle = (uint32_t)req.a[0].data;
	m->lkey = lkey;
	m->rkey = rkey;
	return 0;
}

static int dereg_dmabuf(struct dmr *m)
{
	struct {
		struct ib_uverbs_ioctl_hdr hdr;
		struct ib_uverbs_attr a[1];
	} req;

	memset(&req, 0, sizeof(req));
	req.hdr.length = sizeof(req);
	req.hdr.object_id = UVERBS_OBJECT_MR;
	req.hdr.method_id = UVERBS_METHOD_MR_DESTROY;
	req.hdr.num_attrs = 1;
	req.hdr.driver_id = DRIVER_ID_MANA;
	attr(&req.a[0], UVERBS_ATTR_DESTROY_MR_HANDLE, 0, m->handle);
	return ioctl(ctx->cmd_fd, RDMA_VERBS_IOCTL, &req) ? errno : 0;
}

/* a dma-buf over a sealed memfd of DBUF bytes, mapped at *@map; -errno on failure */
static int make_dmabuf(int *memfd, char **map)
{
	struct udmabuf_create c = { 0 };
	int dev, fd, err;

	*memfd = memfd_create("dmabuf-mr", MFD_ALLOW_SEALING);
	if (*memfd < 0)
		return -errno;
	if (ftruncate(*memfd, DBUF) || fcntl(*memfd, F_ADD_SEALS, F_SEAL_SHRINK))
		return -errno;
	*map = mmap(NULL, DBUF, PROT_READ | PROT_WRITE, MAP_SHARED, *memfd, 0);
	if (*map == MAP_FAILED)
		return -errno;
	memset(*map, 0, DBUF);
	dev = open("/dev/udmabuf", O_RDWR);
	if (dev < 0)
		return -errno;
	c.memfd = *memfd;
	c.flags = UDMABUF_FLAGS_CLOEXEC;
	c.offset = 0;
	c.size = DBUF;
	fd = ioctl(dev, UDMABUF_CREATE, &c);
	err = errno;
	close(dev);
	return fd < 0 ? -err : fd;
}

static int make_side(struct side *s)
{
	struct ibv_qp_init_attr a = { 0 };

	s->buf = aligned_alloc(4096, HBUF);
	if (!s->buf)
		return -1;
	memset(s->buf, 0, HBUF);
	s->mr = ibv_reg_mr(pd, s->buf, HBUF, IBV_ACCESS_LOCAL_WRITE |
			   IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ);
	s->cq = s->mr ? ibv_create_cq(ctx, 32, NULL, NULL, 0) : NULL;
	if (!s->cq)
		return -1;
	a.qp_type = IBV_QPT_RC;
	a.send_cq = s->cq;
	a.recv_cq = s->cq;
	a.cap.max_send_wr = 16;
	a.cap.max_recv_wr = 16;
	a.cap.max_send_sge = 1;
	a.cap.max_recv_sge = 1;
	s->qp = ibv_create_qp(pd, &a);
	return s->qp ? 0 : -1;
}

static void free_side(struct side *s)
{
	if (s->qp)
		ibv_destroy_qp(s->qp);
	if (s->cq)
		ibv_destroy_cq(s->cq);
	if (s->mr)
		ibv_dereg_mr(s->mr);
	free(s->buf);
}

/* RESET -> INIT -> RTR -> RTS towards the QP numbered @dqpn */
static int connect_qp(struct ibv_qp *qp, uint32_t dqpn)
{
	struct ibv_qp_attr a = { 0 };
	int i, err;

	a.qp_state = IBV_QPS_INIT;
	a.port_num = 1;
	a.qp_access_flags = IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ;
	if (ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT |
			  IBV_QP_ACCESS_FLAGS))
		return -1;
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTR;
	a.path_mtu = IBV_MTU_1024;
	a.dest_qp_num = dqpn;
	a.rq_psn = 1;
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;
	a.ah_attr.is_global = 1;
	a.ah_attr.grh.dgid = gid;
	a.ah_attr.grh.sgid_index = gidx;
	a.ah_attr.grh.hop_limit = 64;
	a.ah_attr.port_num = 1;
	/* the core's first neighbour lookup can time out on a busy TCG guest */
	for (i = 0; i < 3; i++) {
		err = ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU |
				    IBV_QP_DEST_QPN | IBV_QP_RQ_PSN |
				    IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER);
		if (err != ETIMEDOUT)
			break;
		sleep(1);
	}
	if (err)
		return -1;
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTS;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.sq_psn = 1;
	a.max_rd_atomic = 1;
	return ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT |
			     IBV_QP_RNR_RETRY | IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC);
}

/* post one signalled RDMA op from @s and wait for its completion; its status or -1 */
static int rdma_op(struct side *s, enum ibv_wr_opcode op, uint64_t laddr, uint32_t len,
		   uint32_t lkey, uint64_t raddr, uint32_t rkey)
{
	struct ibv_sge sge = { laddr, len, lkey };
	struct ibv_send_wr wr = { 0 }, *bad;
	time_t end = time(NULL) + 20;
	struct ibv_wc wc;
	int n;

	wr.wr_id = 1;
	wr.sg_list = &sge;
	wr.num_sge = 1;
	wr.opcode = op;
	wr.send_flags = IBV_SEND_SIGNALED;
	wr.wr.rdma.remote_addr = raddr;
	wr.wr.rdma.rkey = rkey;
	if (ibv_post_send(s->qp, &wr, &bad))
		return -1;
	while (time(NULL) < end) {
		n = ibv_poll_cq(s->cq, 1, &wc);
		if (n < 0)
			return -1;
		if (n == 1)
			return wc.status;
		usleep(1000);
	}
	return -1;
}

/* what a failed transfer reports: timeout/post error, data differ, or the WC status */
static int why(int st)
{
	return st < 0 ? EIO : st == IBV_WC_SUCCESS ? EILSEQ : st;
}

static void fill(char *p, int len, int seed)
{
	int i;

	for (i = 0; i < len; i++)
		p[i] = (char)(i * 13 + seed);
}

/* the four transfers through the dma-buf MRs @m (whole buffer) and @m2 (offset) */
static void data_path(struct side *a, struct side *b, struct dmr *m, struct dmr *m2,
		      char *map)
{
	int st;

	/* remote side: A writes 8 KiB into the dma-buf at byte 4096 */
	fill(a->buf, 8192, 1);
	st = rdma_op(a, IBV_WR_RDMA_WRITE, (uintptr_t)a->buf, 8192, a->mr->lkey,
		     IOVA + 4096, m->rkey);
	result(st == IBV_WC_SUCCESS && !memcmp(map + 4096, a->buf, 8192),
	       "RDMA WRITE of 8 KiB into the dma-buf MR (its rkey) lands at memfd byte 4096",
	       why(st));

	/* A reads 12 KiB back from the dma-buf at byte 32768 */
	fill(map + 32768, 12288, 2);
	st = rdma_op(a, IBV_WR_RDMA_READ, (uintptr_t)a->buf + 16384, 12288, a->mr->lkey,
		     IOVA + 32768, m->rkey);
	result(st == IBV_WC_SUCCESS && !memcmp(a->buf + 16384, map + 32768, 12288),
	       "RDMA READ of 12 KiB from the dma-buf MR returns the memfd's bytes",
	       why(st));

	/* local side: B sends from the dma-buf (its lkey) into A's ordinary MR */
	fill(map + 49152, 4096, 3);
	st = rdma_op(b, IBV_WR_RDMA_WRITE, IOVA + 49152, 4096, m->lkey,
		     (uintptr_t)a->buf + 40960, a->mr->rkey);
	result(st == IBV_WC_SUCCESS && !memcmp(a->buf + 40960, map + 49152, 4096),
	       "RDMA WRITE from the dma-buf MR as local buffer (its lkey), data equal",
	       why(st));

	/* the MR at offset OFF2: its iova IOVA2 + 1024 is the memfd's byte OFF2 + 1024 */
	fill(a->buf + 49152, 2048, 4);
	st = rdma_op(a, IBV_WR_RDMA_WRITE, (uintptr_t)a->buf + 49152, 2048, a->mr->lkey,
		     IOVA2 + 1024, m2->rkey);
	result(st == IBV_WC_SUCCESS && !memcmp(map + OFF2 + 1024, a->buf + 49152, 2048),
	       "RDMA WRITE into the MR at offset 8192 of the dma-buf lands at memfd byte 9216",
	       why(st));
}

static int nomethod;

/* one bad registration: @want is the errno mainline gives (EOPNOTSUPP without the method) */
static void bad(const char *what, int fd, uint64_t off, uint64_t len, uint32_t access, int want)
{
	struct dmr m;
	char line[256];
	int err;

	err = reg_dmabuf(fd, off, len, IOVA, access, &m);
	if (!err)
		dereg_dmabuf(&m);
	if (nomethod)
		want = EOPNOTSUPP;
	snprintf(line, sizeof(line), "%s refused with %s (got %s)", what, strerror(want),
		 err ? strerror(err) : "success");
	result(err == want, line, err);
}

#define RW	(IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ)
#define RESULTS	14

int main(int argc, char **argv)
{
	struct side a = { 0 }, b = { 0 };
	struct dmr m = { 0 }, m2 = { 0 };
	struct ibv_device **list;
	struct ibv_mr *vmr = NULL;
	int memfd = -1, dfd, n, i, err, have, nreg = 0;
	char *map = NULL, line[256];

	nomethod = argc == 4 && !strcmp(argv[3], "nomethod");
	if (argc != 3 && !nomethod) {
		fprintf(stderr, "usage: %s DEVICE GID_INDEX [nomethod]\n", argv[0]);
		return 2;
	}
	gidx = atoi(argv[2]);
	list = ibv_get_device_list(&n);
	for (i = 0; list && i < n; i++)
		if (!strcmp(ibv_get_device_name(list[i]), argv[1]))
			break;
	ctx = list && i < n ? ibv_open_device(list[i]) : NULL;
	pd = ctx ? ibv_alloc_pd(ctx) : NULL;
	err = errno;
	if (!pd || ibv_query_gid(ctx, 1, gidx, &gid) || make_side(&a) || make_side(&b) ||
	    connect_qp(a.qp, b.qp->qp_num) || connect_qp(b.qp, a.qp->qp_num)) {
		result(0, "open the device, two connected RC QPs", errno ? errno : err);
		return 1;
	}
	result(1, "open the device, two connected RC QPs", 0);

	dfd = make_dmabuf(&memfd, &map);
	have = dfd >= 0;
	snprintf(line, sizeof(line), "a 64 KiB dma-buf from /dev/udmabuf (sealed memfd)");
	if (have)
		result(1, line, 0);
	else if (dfd == -ENOENT)
		skip(line, "this kernel has no /dev/udmabuf (CONFIG_UDMABUF off)");
	else
		result(0, line, -dfd);

	/*
	 * The whole dma-buf through libibverbs' verb (rdma-core 56's mana provider
	 * has it); a provider without it says EOPNOTSUPP and the ioctl stands in.
	 * The MR at an offset always goes through the ioctl, as a user without
	 * provider support would register it.
	 */
	if (have && nomethod) {
		/* a good dma-buf, refused through both paths: nothing to move data with */
		vmr = ibv_reg_dmabuf_mr(pd, 0, DBUF, IOVA, dfd, RW);
		err = vmr ? 0 : errno;
		result(!vmr && err == EOPNOTSUPP,
		       "no dma-buf MR method: ibv_reg_dmabuf_mr refused with EOPNOTSUPP", err);
		if (vmr)
			ibv_dereg_mr(vmr);
		vmr = NULL;
		err = reg_dmabuf(dfd, OFF2, LEN2, IOVA2, RW, &m2);
		if (!err)
			dereg_dmabuf(&m2);
		result(err == EOPNOTSUPP,
		       "no dma-buf MR method: UVERBS_METHOD_REG_DMABUF_MR refused with EOPNOTSUPP",
		       err);
		close(dfd);
		dfd = -1;
		for (i = 0; i < 4; i++)
			skip("RDMA WRITE/READ through a dma-buf MR", "the kernel has no dma-buf MRs");
	} else if (have) {
		vmr = ibv_reg_dmabuf_mr(pd, 0, DBUF, IOVA, dfd, RW);
		err = errno;
		if (vmr) {
			m.lkey = vmr->lkey;
			m.rkey = vmr->rkey;
			result(1, "ibv_reg_dmabuf_mr (libibverbs + the mana provider): the whole dma-buf, local + remote read/write", 0);
		} else if (err == EOPNOTSUPP) {
			err = reg_dmabuf(dfd, 0, DBUF, IOVA, RW, &m);
			nreg += !err;
			result(!err, "the provider has no dma-buf verb: UVERBS_METHOD_REG_DMABUF_MR of the whole dma-buf", err);
		} else {
			result(0, "ibv_reg_dmabuf_mr of the whole dma-buf", err);
		}
		if (vmr || nreg) {
			err = reg_dmabuf(dfd, OFF2, LEN2, IOVA2, RW, &m2);
			nreg += !err;
		}
		result(!err, "UVERBS_METHOD_REG_DMABUF_MR (uverbs ioctl): 16 KiB at offset 8192 of the dma-buf", err);
		/* the MRs hold the dma-buf: the fd is not needed any more */
		close(dfd);
		dfd = -1;
		if (!err)
			data_path(&a, &b, &m, &m2, map);
		else
			for (i = 0; i < 4; i++)
				result(0, "transfers through the dma-buf MRs (not registered)", err);
	} else {
		/* nothing to register: the refusals below still tell whether the method exists */
		skip("ibv_reg_dmabuf_mr of a dma-buf", "no dma-buf exporter");
		skip("UVERBS_METHOD_REG_DMABUF_MR at an offset", "no dma-buf exporter");
		for (i = 0; i < 4; i++)
			skip("RDMA WRITE/READ through a dma-buf MR", "no dma-buf exporter");
	}

	/* bad input; the closed fd and the memfd need no exporter */
	bad("a closed fd", 1000, 0, DBUF, RW, EBADF);
	bad("an fd that is not a dma-buf (the memfd)", memfd, 0, DBUF, RW, EINVAL);
	if (have) {
		dfd = make_dmabuf(&memfd, &map);
		bad("offset + length past the dma-buf's end", dfd, 4096, DBUF, RW, EINVAL);
		bad("remote write without local write", dfd, 0, DBUF,
		    IBV_ACCESS_REMOTE_WRITE, EINVAL);
		bad("an access bit the verb does not take (MW bind)", dfd, 0, DBUF,
		    IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_MW_BIND, EINVAL);
		close(dfd);
	} else {
		for (i = 0; i < 3; i++)
			skip("bad range and access flags on a dma-buf", "no dma-buf exporter");
	}

	if (vmr || nreg) {
		err = vmr ? ibv_dereg_mr(vmr) : 0;
		/* nreg counts the ioctl's MRs: m (when the provider lacked the verb), m2 */
		if (!err && !vmr && nreg)
			err = dereg_dmabuf(&m);
		if (!err && nreg == (vmr ? 1 : 2))
			err = dereg_dmabuf(&m2);
		result(!err, "both dma-buf MRs deregistered (ibv_dereg_mr, UVERBS_METHOD_MR_DESTROY)", err);
	} else {
		skip("UVERBS_METHOD_MR_DESTROY of the dma-buf MRs", "none registered");
	}
	free_side(&a);
	free_side(&b);
	ibv_dealloc_pd(pd);
	ibv_close_device(ctx);
	ibv_free_device_list(list);
	if (results != RESULTS)
		printf("FAIL: dmabuf-mr printed %d results, want %d\n", results, RESULTS);
	return failures || results != RESULTS;
}
