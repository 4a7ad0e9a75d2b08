// SPDX-License-Identifier: GPL-2.0
/*
 * The one registration point of mana_bp_kunit.ko: 5.15's kunit_test_suites() also defines the
 * module's init/exit, so it may appear only once per module. Suites whose code under test
 * is not written yet are left out (MANA_BP_HAVE_* from Kbuild).
 */
#include <linux/module.h>
#include <kunit/test.h>

#include "test_env.h"

#ifdef MANA_BP_HAVE_REGS
#define MANA_BP_REGS_SUITES &mana_bp_regs_suite, &mana_bp_doorbell_suite,
#else
#define MANA_BP_REGS_SUITES
#endif
#ifdef MANA_BP_HAVE_SMC
#define MANA_BP_SMC_SUITES &mana_bp_smc_suite,
#else
#define MANA_BP_SMC_SUITES
#endif

#ifdef MANA_BP_HAVE_QUEUE
#define MANA_BP_QUEUE_SUITES &mana_bp_ring_suite, &mana_bp_wqe_suite,
#else
#define MANA_BP_QUEUE_SUITES
#endif
#ifdef MANA_BP_HAVE_HWC
#define MANA_BP_HWC_SUITES &mana_bp_hwc_suite, &mana_bp_requests_suite, \
	&mana_bp_queue_life_suite,
#else
#define MANA_BP_HWC_SUITES
#endif

/* the smoke suite goes last: 5.15 appends ", NULL" to this list */
kunit_test_suites(MANA_BP_REGS_SUITES MANA_BP_SMC_SUITES MANA_BP_QUEUE_SUITES
		  MANA_BP_HWC_SUITES &mana_bp_smoke_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mana-backport: KUnit suites for the GDMA hardware layer");
