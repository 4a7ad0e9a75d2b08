// SPDX-License-Identifier: GPL-2.0
/*
 * insn-count: a QEMU TCG plugin that counts the guest instructions each vCPU
 * executes, split by where they run: user space (canonical lower half),
 * kernel modules (a configurable address range, by default x86-64's module
 * area, where mana.ko lives) and the rest of the kernel. The counters are
 * inline additions QEMU compiles into every translated block (no callback per
 * block), so counting costs little and does not depend on host load.
 *
 * A host script reads the counters at any time through a Unix socket served
 * by the plugin's own thread: connect, read one line, close.
 *
 *   -plugin file=insn-count.so,sock=PATH[,mod_lo=HEX,mod_hi=HEX][,prof=PATH]
 *
 * The line: "vcpus=N user=U kernel=K module=M cpu0=U/K/M cpu1=..." (decimal).
 *
 * prof=PATH adds a per-block profile of the module area, served on a second
 * socket: every distinct translated block there (start address and length)
 * gets its own inline execution counter, and a reader gets one line per block
 * "HEXADDR NINSNS EXECS" (all vCPUs summed), then "end". A host script maps
 * the addresses to functions with the guest's /proc/kallsyms: instructions
 * per function, and calls = executions of the block at the function's entry.
 * A block is counted whole when it starts executing: an exception or interrupt
 * that leaves a block early makes the count a little high, the same way on
 * every run, so differences between drivers stay meaningful.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "qemu-plugin-abi.h"

__attribute__((visibility("default"))) int qemu_plugin_version = MANA_QEMU_PLUGIN_API;

/* one element per vCPU in the scoreboard */
struct vcpu_counts {
	uint64_t user;
	uint64_t kernel;
	uint64_t module;
};

/* x86-64: user space ends at the top of the lower canonical half */
#define USER_TOP 0x0000800000000000ULL

static struct qemu_plugin_scoreboard *board;
static uint64_t mod_lo = 0xffffffffc0000000ULL;	/* MODULES_VADDR with a 1 GiB image */
static uint64_t mod_hi = 0xffffffffff000000ULL;	/* MODULES_END */
static char sock_path[108];
static int listen_fd = -1;

/* the per-block profile of the module area (prof=PATH) */
#define PROF_SLOTS 16384		/* distinct blocks; more are counted in one spill slot */
#define PROF_HASH (PROF_SLOTS * 2)	/* open addressing, power of two */
struct prof_block {
	uint64_t vaddr;
	uint32_t n_insns;
};
static struct qemu_plugin_scoreboard *prof_board;	/* PROF_SLOTS + 1 u64 per vCPU */
static struct prof_block prof_blocks[PROF_SLOTS];
static int32_t prof_hash[PROF_HASH];			/* slot + 1, 0 = empty */
static unsigned int prof_used;
static pthread_mutex_t prof_lock = PTHREAD_MUTEX_INITIALIZER;
static char prof_path[108];
static int prof_fd = -1;

static struct qemu_plugin_u64 field(size_t offset)
{
	struct qemu_plugin_u64 e = { .score = board, .offset = offset };

	return e;
}

/* the slot of block (pc, n), allocated on first sight; PROF_SLOTS when full */
static unsigned int prof_slot(uint64_t pc, uint32_t n)
{
	uint64_t h = (pc ^ ((uint64_t)n << 40)) * 0x9e3779b97f4a7c15ULL;
	unsigned int i = (unsigned int)(h >> 40) & (PROF_HASH - 1), slot;

	pthread_mutex_lock(&prof_lock);
	for (;;) {
		int32_t e = prof_hash[i];

		if (!e) {
			if (prof_used >= PROF_SLOTS) {
				slot = PROF_SLOTS;
				break;
			}
			slot = prof_used++;
			prof_blocks[slot].vaddr = pc;
			prof_blocks[slot].n_insns = n;
			prof_hash[i] = (int32_t)slot + 1;
			break;
		}
		if (prof_blocks[e - 1].vaddr == pc && prof_blocks[e - 1].n_insns == n) {
			slot = (unsigned int)e - 1;
			break;
		}
		i = (i + 1) & (PROF_HASH - 1);
	}
	pthread_mutex_unlock(&prof_lock);
	return slot;
}

static void on_translate(struct qemu_plugin_tb *tb, void *data)
{
	uint64_t pc = qemu_plugin_tb_vaddr(tb);
	size_t n = qemu_plugin_tb_n_insns(tb);
	size_t off;

	(void)data;
	if (pc < USER_TOP)
		off = offsetof(struct vcpu_counts, user);
	else if (pc >= mod_lo && pc < mod_hi)
		off = offsetof(struct vcpu_counts, module);
	else
		off = offsetof(struct vcpu_counts, kernel);
	qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
							  field(off), n);
	if (prof_board && off == offsetof(struct vcpu_counts, module)) {
		struct qemu_plugin_u64 e = {
			.score = prof_board,
			.offset = prof_slot(pc, (uint32_t)n) * sizeof(uint64_t),
		};

		qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
								  e, 1);
	}
}

/* format the counters of every vCPU into buf; returns the length */
static size_t format_counts(char *buf, size_t size)
{
	uint64_t tu = 0, tk = 0, tm = 0;
	int n = qemu_plugin_num_vcpus(), i;
	size_t len = 0, per_len = 0;
	char per[2048];

	for (i = 0; i < n; i++) {
		uint64_t u = qemu_plugin_u64_get(field(offsetof(struct vcpu_counts, user)), i);
		uint64_t k = qemu_plugin_u64_get(field(offsetof(struct vcpu_counts, kernel)), i);
		uint64_t m = qemu_plugin_u64_get(field(offsetof(struct vcpu_counts, module)), i);

		tu += u;
		tk += k;
		tm += m;
		if (per_len < sizeof(per))
			per_len += snprintf(per + per_len, sizeof(per) - per_len,
					    " cpu%d=%llu/%llu/%llu", i, (unsigned long long)u,
					    (unsigned long long)k, (unsigned long long)m);
	}
	if (per_len >= sizeof(per))
		per_len = sizeof(per) - 1;
	per[per_len] = '\0';
	len = snprintf(buf, size, "vcpus=%d user=%llu kernel=%llu module=%llu%s\n", n,
		       (unsigned long long)tu, (unsigned long long)tk,
		       (unsigned long long)tm, per);
	return len < size ? len : size - 1;
}

/* write all of buf to fd; false on error */
static int write_all(int fd, const char *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t w = write(fd, buf + off, len - off);

		if (w <= 0)
			return 0;
		off += (size_t)w;
	}
	return 1;
}

/* one reader of the profile: every block with its execution count, then "end" */
static void prof_dump(int c)
{
	int nv = qemu_plugin_num_vcpus(), v;
	unsigned int i, used;
	char line[80];
	size_t len;

	pthread_mutex_lock(&prof_lock);
	used = prof_used;
	pthread_mutex_unlock(&prof_lock);
	for (i = 0; i <= PROF_SLOTS; i++) {
		struct qemu_plugin_u64 e = { .score = prof_board };
		uint64_t execs = 0;

		if (i >= used && i < PROF_SLOTS)
			i = PROF_SLOTS;
		e.offset = i * sizeof(uint64_t);
		for (v = 0; v < nv; v++)
			execs += qemu_plugin_u64_get(e, v);
		if (!execs)
			continue;
		if (i == PROF_SLOTS)	/* the spill slot */
			len = snprintf(line, sizeof(line), "spill 0 %llu\n",
				       (unsigned long long)execs);
		else
			len = snprintf(line, sizeof(line), "%llx %u %llu\n",
				       (unsigned long long)prof_blocks[i].vaddr,
				       prof_blocks[i].n_insns, (unsigned long long)execs);
		if (!write_all(c, line, len))
			return;
	}
	write_all(c, "end\n", 4);
}

static void *serve_prof(void *arg)
{
	(void)arg;
	for (;;) {
		int c = accept(prof_fd, NULL, NULL);

		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return NULL;
		}
		prof_dump(c);
		close(c);
	}
	return NULL;
}

static void *serve(void *arg)
{
	char line[4096];

	(void)arg;
	for (;;) {
		int c = accept(listen_fd, NULL, NULL);
		size_t len, off = 0;

		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return NULL;
		}
		len = format_counts(line, sizeof(line));
		while (off < len) {
			ssize_t w = write(c, line + off, len - off);

			if (w <= 0)
				break;
			off += (size_t)w;
		}
		close(c);
	}
	return NULL;
}

static int parse_hex(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 16);
	return (errno || *end || end == s) ? -1 : 0;
}

/* a listening Unix socket at path, or -1 (reported) */
static int listen_on(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	strcpy(sa.sun_path, path);
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 4)) {
		fprintf(stderr, "insn-count: cannot listen on %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info,
			int argc, char **argv)
{
	pthread_t thr;
	int i;

	if (!info->system_emulation) {
		fprintf(stderr, "insn-count: system emulation only\n");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strncmp(a, "sock=", 5) && strlen(a + 5) < sizeof(sock_path)) {
			strcpy(sock_path, a + 5);
		} else if (!strncmp(a, "mod_lo=", 7) && !parse_hex(a + 7, &mod_lo)) {
			continue;
		} else if (!strncmp(a, "mod_hi=", 7) && !parse_hex(a + 7, &mod_hi)) {
			continue;
		} else if (!strncmp(a, "prof=", 5) && strlen(a + 5) < sizeof(prof_path)) {
			strcpy(prof_path, a + 5);
		} else {
			fprintf(stderr, "insn-count: bad argument '%s'\n", a);
			return -1;
		}
	}
	if (!sock_path[0]) {
		fprintf(stderr, "insn-count: sock=PATH is required\n");
		return -1;
	}
	board = qemu_plugin_scoreboard_new(sizeof(struct vcpu_counts));
	if (!board)
		return -1;
	listen_fd = listen_on(sock_path);
	if (listen_fd < 0)
		return -1;
	if (pthread_create(&thr, NULL, serve, NULL)) {
		close(listen_fd);
		return -1;
	}
	pthread_detach(thr);
	if (prof_path[0]) {
		/* the last element is the spill slot for blocks beyond PROF_SLOTS */
		prof_board = qemu_plugin_scoreboard_new((PROF_SLOTS + 1) * sizeof(uint64_t));
		prof_fd = prof_board ? listen_on(prof_path) : -1;
		if (prof_fd < 0 || pthread_create(&thr, NULL, serve_prof, NULL))
			return -1;
		pthread_detach(thr);
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate, NULL);
	return 0;
}
