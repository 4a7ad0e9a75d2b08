/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of QEMU's TCG plugin interface (API version 7, QEMU 11.x) that
 * insn-count.c uses, declared here so that the plugin builds without QEMU's
 * source package. Each declaration states the calling convention QEMU's
 * include/plugins/qemu-plugin.h gives the exported function of that name; the
 * QEMU binary checks qemu_plugin_version and refuses a plugin built for
 * another API level, so a mismatch fails at load time, not silently.
 */
#ifndef MANA_BENCH_QEMU_PLUGIN_ABI_H
#define MANA_BENCH_QEMU_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define MANA_QEMU_PLUGIN_API 7

typedef uint64_t qemu_plugin_id_t;

/* what QEMU tells the plugin at install time (only read during that call) */
struct qemu_info_t {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
};

struct qemu_plugin_tb;
struct qemu_plugin_scoreboard;

/* one 64-bit counter inside each per-vCPU element of a scoreboard */
struct qemu_plugin_u64 {
	struct qemu_plugin_scoreboard *score;
	size_t offset;
};

enum qemu_plugin_op {
	QEMU_PLUGIN_INLINE_ADD_U64 = 0,
	QEMU_PLUGIN_INLINE_STORE_U64 = 1,
};

/*
 * API 7 hands the translation callback the block and a pointer given at
 * registration (earlier levels passed the plugin id instead of the pointer);
 * checked against QEMU 11.1.3 by a probe plugin that printed its arguments.
 */
typedef void (*qemu_plugin_tb_trans_fn)(struct qemu_plugin_tb *tb, void *data);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_tb_trans_fn cb, void *data);
void qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(struct qemu_plugin_tb *tb,
						       enum qemu_plugin_op op,
						       struct qemu_plugin_u64 entry,
						       uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_scoreboard *qemu_plugin_scoreboard_new(size_t element_size);
uint64_t qemu_plugin_u64_get(struct qemu_plugin_u64 entry, unsigned int vcpu_index);
int qemu_plugin_num_vcpus(void);

#endif
