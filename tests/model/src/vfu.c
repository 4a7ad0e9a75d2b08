// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-user transport: one UNIX stream socket, one client (QEMU) at a time.
 *
 * Handles the protocol messages (version, DMA map/unmap, device/region/IRQ
 * info, SET_IRQS, region read/write, reset) and keeps the DMA map table and
 * the MSI-X eventfds. Every message is handled under M.lock and replied to
 * at once; device work (doorbells, SMC) is only queued for the worker, so a
 * reply never waits on the data path (QEMU gives up after 5 s).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "model.h"

enum {
	VU_VERSION = 1, VU_DMA_MAP = 2, VU_DMA_UNMAP = 3, VU_GET_INFO = 4,
	VU_GET_REGION_INFO = 5, VU_GET_REGION_IO_FDS = 6, VU_GET_IRQ_INFO = 7,
	VU_SET_IRQS = 8, VU_REGION_READ = 9, VU_REGION_WRITE = 10,
	VU_DMA_READ = 11, VU_DMA_WRITE = 12, VU_RESET = 13,
	VU_REGION_WRITE_MULTI = 15, VU_DEVICE_FEATURE = 16,
};

#define F_TYPE_MASK	0xf
#define F_TYPE_REPLY	0x1
#define F_NO_REPLY	0x10
#define F_ERROR		0x20

#define DEV_FLAGS_RESET		1
#define DEV_FLAGS_PCI		2
#define REGION_READ		1
#define REGION_WRITE		2
#define IRQ_INFO_EVENTFD	1
#define IRQ_INFO_NORESIZE	8
#define IRQ_DATA_NONE		1
#define IRQ_DATA_BOOL		2
#define IRQ_DATA_EVENTFD	4
#define IRQ_ACTION_MASK		8
#define IRQ_ACTION_UNMASK	16
#define IRQ_ACTION_TRIGGER	32
#define NUM_REGIONS		9
#define CONFIG_REGION		7
#define NUM_IRQ_INDEXES		5
#define MSIX_INDEX		2
#define MAX_MSG			(2u << 20)	/* QEMU's max_data_xfer_size is 1 MiB */
#define MAX_FDS			16

struct vu_hdr {
	u16 id;
	u16 cmd;
	u32 size;
	u32 flags;
	u32 error;
};

_Static_assert(sizeof(struct vu_hdr) == 16, "vfio-user header");

static int listen_fd = -1;
static int client_fd = -1;

/* ------------------------------------------------------------ DMA table */

/* Caller holds M.lock. Returns a host pointer for [gpa, gpa+len) or NULL. */
void *dma_ptr(u64 gpa, u64 len, bool write)
{
	int i;

	if (len == 0 || gpa + len < gpa)
		return NULL;
	for (i = 0; i < M.nmaps; i++) {
		struct dma_map *m = &M.maps[i];

		if (!m->va || gpa < m->iova || gpa - m->iova >= m->size ||
		    len > m->size - (gpa - m->iova))
			continue;
		if (write && !m->writable)
			return NULL;
		return m->va + (gpa - m->iova);
	}
	return NULL;
}

/* Copy across map boundaries; -1 if any byte is unmapped. */
static int dma_copy(u64 gpa, u8 *buf, u64 len, bool write)
{
	while (len) {
		u64 chunk = len;
		void *p = NULL;
		int i;

		for (i = 0; i < M.nmaps; i++) {
			struct dma_map *m = &M.maps[i];

			if (m->va && gpa >= m->iova && gpa - m->iova < m->size) {
				chunk = MIN(len, m->size - (gpa - m->iova));
				if (write && !m->writable)
					return -1;
				p = m->va + (gpa - m->iova);
				break;
			}
		}
		if (!p) {
			M.st.dma_errors++;
			return -1;
		}
		if (write)
			memcpy(p, buf, chunk);
		else
			memcpy(buf, p, chunk);
		gpa += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

int dma_read(u64 gpa, void *buf, u64 len)
{
	return dma_copy(gpa, buf, len, false);
}

int dma_write(u64 gpa, const void *buf, u64 len)
{
	return dma_copy(gpa, (u8 *)buf, len, true);
}

static void dma_map_remove(int i)
{
	struct dma_map *m = &M.maps[i];

	if (m->va)
		munmap(m->va, m->size);
	if (m->fd >= 0)
		close(m->fd);
	M.maps[i] = M.maps[--M.nmaps];
}

void dma_unmap_all(void)
{
	while (M.nmaps)
		dma_map_remove(M.nmaps - 1);
}

void irq_close_all(void)
{
	int i;

	for (i = 0; i < MODEL_NUM_VECTORS; i++) {
		if (M.irq_fd[i] >= 0)
			close(M.irq_fd[i]);
		M.irq_fd[i] = -1;
	}
}

/* --------------------------------------------------------- socket I/O */

static int read_full(int fd, void *buf, size_t n)
{
	u8 *p = buf;

	while (n) {
		ssize_t r = read(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static int recv_msg(int s, struct vu_hdr *h, u8 **payload, int *fds, int *nfds)
{
	char cbuf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
	struct iovec iov = { h, sizeof(*h) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	ssize_t r;

	*nfds = 0;
	*payload = NULL;
	do {
		r = recvmsg(s, &mh, MSG_CMSG_CLOEXEC | MSG_WAITALL);
	} while (r < 0 && errno == EINTR);
	if (r <= 0)
		return -1;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			int n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			int i;

			for (i = 0; i < n; i++) {
				int fd;

				memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
				if (*nfds < MAX_FDS)
					fds[(*nfds)++] = fd;
				else
					close(fd);
			}
		}
	}
	if (r != sizeof(*h) && read_full(s, (u8 *)h + r, sizeof(*h) - (size_t)r))
		return -1;
	if (h->size < sizeof(*h) || h->size > MAX_MSG) {
		LOG("vfu: bad message size %u\n", h->size);
		return -1;
	}
	*payload = calloc(1, h->size - sizeof(*h) + 1);
	if (!*payload)
		return -1;
	if (read_full(s, *payload, h->size - sizeof(*h)))
		return -1;
	return 0;
}

static void send_reply(int s, const struct vu_hdr *req, const void *p, u32 n, int err)
{
	struct vu_hdr h = {
		.id = req->id, .cmd = req->cmd,
		.size = (u32)sizeof(h) + (err ? 0 : n),
		.flags = F_TYPE_REPLY | (err ? F_ERROR : 0),
		.error = (u32)err,
	};
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)p, err ? 0 : n } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };

	if (req->flags & F_NO_REPLY)
		return;
	if (sendmsg(s, &mh, MSG_NOSIGNAL) < 0)
		LOG("vfu: sendmsg: %s\n", strerror(errno));
}

/* ------------------------------------------------------------ handlers */

static int h_version(const u8 *p, u32 plen, u8 **out, u32 *olen)
{
	static const char caps[] =
		"{\"capabilities\":{\"max_msg_fds\":16,\"max_data_xfer_size\":1048576}}";
	u8 *r;

	if (plen < 4)
		return EINVAL;
	DBG("vfu: client version %u.%u\n", get16(p), get16(p + 2));
	r = calloc(1, 4 + sizeof(caps));
	if (!r)
		return ENOMEM;
	memcpy(r + 4, caps, sizeof(caps));
	*out = r;
	*olen = 4 + sizeof(caps);
	return 0;
}

static int h_dma_map(const u8 *p, u32 plen, int *fds, int *nfds)
{
	struct dma_map *m;
	u32 flags;
	u64 off, iova, size;

	if (plen < 32)
		return EINVAL;
	flags = get32(p + 4);
	off = get64(p + 8);
	iova = get64(p + 16);
	size = get64(p + 24);
	if (M.nmaps >= MODEL_MAX_DMA_MAPS || size == 0 || iova + size < iova)
		return ENOSPC;
	m = &M.maps[M.nmaps];
	memset(m, 0, sizeof(*m));
	m->iova = iova;
	m->size = size;
	m->fd = -1;
	m->writable = flags & 2;
	if (*nfds) {
		struct stat sb;
		void *va;

		/* a mapping past the end of the file would SIGBUS on access */
		if (fstat(fds[0], &sb) || (S_ISREG(sb.st_mode) &&
					    (off > (u64)sb.st_size || size > (u64)sb.st_size - off))) {
			LOG("vfu: DMA_MAP %#llx+%#llx beyond its file\n", (unsigned long long)iova,
			    (unsigned long long)size);
			return EINVAL;
		}
		va = mmap(NULL, size, PROT_READ | (m->writable ? PROT_WRITE : 0),
				MAP_SHARED, fds[0], (off_t)off);

		if (va == MAP_FAILED) {
			LOG("vfu: DMA_MAP mmap %#llx+%#llx failed: %s\n",
			    (unsigned long long)iova, (unsigned long long)size, strerror(errno));
			return EFAULT;
		}
		m->va = va;
		m->fd = fds[0];
		fds[0] = -1;
	}
	M.nmaps++;
	DBG("vfu: DMA_MAP iova %#llx size %#llx %s\n", (unsigned long long)iova,
	    (unsigned long long)size, m->va ? "mapped" : "no fd");
	return 0;
}

static int h_dma_unmap(const u8 *p, u32 plen)
{
	u64 iova, size;
	int i;

	if (plen < 24)
		return EINVAL;
	iova = get64(p + 8);
	size = get64(p + 16);
	for (i = 0; i < M.nmaps; i++) {
		if (M.maps[i].iova == iova && M.maps[i].size == size) {
			dma_map_remove(i);
			DBG("vfu: DMA_UNMAP iova %#llx\n", (unsigned long long)iova);
			return 0;
		}
	}
	LOG("vfu: DMA_UNMAP of unknown range %#llx+%#llx\n", (unsigned long long)iova,
	    (unsigned long long)size);
	return EINVAL;
}

static int h_region_info(const u8 *p, u32 plen, u8 *r)
{
	u32 idx;

	if (plen < 16)
		return EINVAL;
	idx = get32(p + 8);
	memset(r, 0, 32);
	put32(r, 32);
	put32(r + 8, idx);
	if (idx == 0) {
		put32(r + 4, REGION_READ | REGION_WRITE);
		put64(r + 16, BAR0_SIZE);
	} else if (idx == CONFIG_REGION) {
		put32(r + 4, REGION_READ | REGION_WRITE);
		put64(r + 16, sizeof(M.cfg));
	} else if (idx >= NUM_REGIONS) {
		return EINVAL;
	}
	return 0;
}

static int h_irq_info(const u8 *p, u32 plen, u8 *r)
{
	u32 idx;

	if (plen < 16)
		return EINVAL;
	idx = get32(p + 8);
	if (idx >= NUM_IRQ_INDEXES)
		return EINVAL;
	memset(r, 0, 16);
	put32(r, 16);
	put32(r + 8, idx);
	if (idx == MSIX_INDEX) {
		put32(r + 4, IRQ_INFO_EVENTFD | IRQ_INFO_NORESIZE);
		put32(r + 12, MODEL_NUM_VECTORS);
	}
	return 0;
}

static int h_set_irqs(const u8 *p, u32 plen, int *fds, int nfds)
{
	u32 flags, index, start, count, i;

	if (plen < 20)
		return EINVAL;
	flags = get32(p + 4);
	index = get32(p + 8);
	start = get32(p + 12);
	count = get32(p + 16);
	if (index != MSIX_INDEX)
		return 0;	/* nothing else is offered; accept no-ops */
	if (start > MODEL_NUM_VECTORS || count > MODEL_NUM_VECTORS - start)
		return EINVAL;
	if (!(flags & IRQ_ACTION_TRIGGER))
		return 0;	/* mask/unmask: QEMU emulates the table */
	if ((flags & IRQ_DATA_NONE) && count == 0) {
		irq_close_all();
		return 0;
	}
	if (flags & IRQ_DATA_EVENTFD) {
		if (nfds && (u32)nfds != count)
			return EINVAL;
		for (i = 0; i < count; i++) {
			u32 v = start + i;

			if (M.irq_fd[v] >= 0)
				close(M.irq_fd[v]);
			M.irq_fd[v] = nfds ? fds[i] : -1;
			if (nfds)
				fds[i] = -1;
		}
		return 0;
	}
	if (flags & (IRQ_DATA_NONE | IRQ_DATA_BOOL)) {
		for (i = 0; i < count; i++) {
			if (!(flags & IRQ_DATA_BOOL) || (20 + i < plen && p[20 + i]))
				msix_fire(start + i);
		}
	}
	return 0;
}

static int h_region_rw(const struct vu_hdr *h, const u8 *p, u32 plen, u8 **out, u32 *olen)
{
	bool write = h->cmd == VU_REGION_WRITE;
	u64 off;
	u32 region, count;
	u8 *r;

	if (plen < 16)
		return EINVAL;
	off = get64(p);
	region = get32(p + 8);
	count = get32(p + 12);
	if (count > MAX_MSG || (write && plen < 16 + count))
		return EINVAL;
	r = calloc(1, 16 + (write ? 0 : count));
	if (!r)
		return ENOMEM;
	memcpy(r, p, 16);
	if (region == CONFIG_REGION) {
		M.st.cfg_accesses++;
		if (off >= sizeof(M.cfg) || count > sizeof(M.cfg) - off) {
			if (!write)
				memset(r + 16, 0xff, count);
		} else if (write) {
			cfg_write((u32)off, p + 16, count);
		} else {
			cfg_read((u32)off, r + 16, count);
		}
	} else if (region == 0) {
		if (write)
			bar0_write(off, p + 16, count);
		else
			bar0_read(off, r + 16, count);
	} else {
		free(r);
		return EINVAL;
	}
	*out = r;
	*olen = 16 + (write ? 0 : count);
	return 0;
}

static void handle(int s, struct vu_hdr *h, u8 *p, int *fds, int nfds)
{
	u32 plen = h->size - (u32)sizeof(*h);
	u8 small[64], *out = NULL;
	u32 olen = 0;
	int err = 0, i;

	M.st.vfu_msgs++;
	switch (h->cmd) {
	case VU_VERSION:
		err = h_version(p, plen, &out, &olen);
		break;
	case VU_DMA_MAP:
		err = h_dma_map(p, plen, fds, &nfds);
		break;
	case VU_DMA_UNMAP:
		err = h_dma_unmap(p, plen);
		if (!err) {
			out = malloc(plen);
			if (out) {
				memcpy(out, p, plen);
				olen = plen;
			}
		}
		break;
	case VU_GET_INFO:
		put32(small, 16);
		put32(small + 4, DEV_FLAGS_RESET | DEV_FLAGS_PCI);
		put32(small + 8, NUM_REGIONS);
		put32(small + 12, NUM_IRQ_INDEXES);
		send_reply(s, h, small, 16, 0);
		goto out;
	case VU_GET_REGION_INFO:
		err = h_region_info(p, plen, small);
		if (!err) {
			send_reply(s, h, small, 32, 0);
			goto out;
		}
		break;
	case VU_GET_IRQ_INFO:
		err = h_irq_info(p, plen, small);
		if (!err) {
			send_reply(s, h, small, 16, 0);
			goto out;
		}
		break;
	case VU_SET_IRQS:
		err = h_set_irqs(p, plen, fds, nfds);
		break;
	case VU_REGION_READ:
	case VU_REGION_WRITE:
		err = h_region_rw(h, p, plen, &out, &olen);
		break;
	case VU_RESET:
		LOG("vfu: DEVICE_RESET\n");
		dev_reset();
		memset(M.smc, 0, sizeof(M.smc));
		M.smc_pending = false;
		break;
	default:
		DBG("vfu: unsupported command %u\n", h->cmd);
		err = ENOTSUP;
		break;
	}
	send_reply(s, h, out, olen, err);
out:
	free(out);
	for (i = 0; i < nfds; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static void serve_client(int s)
{
	for (;;) {
		struct vu_hdr h;
		u8 *p = NULL;
		int fds[MAX_FDS], nfds = 0, i;

		if (recv_msg(s, &h, &p, fds, &nfds)) {
			for (i = 0; i < nfds; i++)
				close(fds[i]);
			free(p);
			return;
		}
		if ((h.flags & F_TYPE_MASK) != 0) {
			/* replies to DMA_READ/WRITE we never send */
			for (i = 0; i < nfds; i++)
				close(fds[i]);
		} else {
			pthread_mutex_lock(&M.lock);
			handle(s, &h, p, fds, nfds);
			pthread_mutex_unlock(&M.lock);
		}
		free(p);
	}
}

int vfu_run(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (strlen(path) >= sizeof(sa.sun_path)) {
		LOG("socket path too long\n");
		return -1;
	}
	strcpy(sa.sun_path, path);
	unlink(path);
	listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(listen_fd, 1)) {
		LOG("vfu: cannot listen on %s: %s\n", path, strerror(errno));
		return -1;
	}
	LOG("vfu: listening on %s\n", path);
	return 0;
}

/* Thread body: accept clients one after another until vfu_stop(). */
void *vfu_thread(void *arg);
void *vfu_thread(void *arg)
{
	(void)arg;
	while (!M.quit) {
		int s = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

		if (s < 0) {
			if (errno == EINTR)
				continue;
			if (M.quit)
				break;
			LOG("vfu: accept: %s\n", strerror(errno));
			break;
		}
		pthread_mutex_lock(&M.lock);
		client_fd = s;
		/*
		 * A new client is a freshly plugged function (QEMU device_add after
		 * device_del): a surprise removal of the previous one is over.
		 */
		if (M.fault.removed) {
			LOG("vfu: new client after a removal: the function is present again\n");
			M.fault.removed = false;
			dev_reset();
			memset(M.smc, 0, sizeof(M.smc));
			M.smc_pending = false;
		}
		pthread_mutex_unlock(&M.lock);
		LOG("vfu: client connected\n");
		serve_client(s);
		LOG("vfu: client disconnected\n");
		pthread_mutex_lock(&M.lock);
		/* keep device state; drop the client's memory and eventfds */
		dma_unmap_all();
		irq_close_all();
		client_fd = -1;
		close(s);
		pthread_mutex_unlock(&M.lock);
	}
	return NULL;
}

/* Is a client connected? (M.lock held) */
bool vfu_connected(void)
{
	return client_fd >= 0;
}

/* Drop the current client (M.lock held): QEMU then fails every access. */
void vfu_disconnect(void)
{
	if (client_fd >= 0)
		shutdown(client_fd, SHUT_RDWR);
}

void vfu_stop(void)
{
	M.quit = 1;
	if (listen_fd >= 0)
		shutdown(listen_fd, SHUT_RDWR);
	pthread_mutex_lock(&M.lock);
	if (client_fd >= 0)
		shutdown(client_fd, SHUT_RDWR);
	pthread_mutex_unlock(&M.lock);
}
