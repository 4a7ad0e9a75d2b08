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
 *   -plugin file=insn-count.so,sock=PATH[,mod_lo=HEX,mod_hi=HEX]
 *
 * The line: "vcpus=N user=U kernel=K module=M cpu0=U/K/M cpu1=..." (decimal).
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

static struct qemu_plugin_u64 field(size_t offset)
{
	struct qemu_plugin_u64 e = { .score = board, .offset = offset };

	return e;
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

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info,
			int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
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
	listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (listen_fd < 0)
		return -1;
	strcpy(sa.sun_path, sock_path);
	unlink(sock_path);
	if (bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(listen_fd, 4)) {
		fprintf(stderr, "insn-count: cannot listen on %s: %s\n", sock_path,
			strerror(errno));
		close(listen_fd);
		return -1;
	}
	if (pthread_create(&thr, NULL, serve, NULL)) {
		close(listen_fd);
		return -1;
	}
	pthread_detach(thr);
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate, NULL);
	return 0;
}
