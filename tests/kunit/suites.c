// SPDX-License-Identifier: GPL-2.0
/*
 * The one registration point of mana_bp_kunit.ko: 5.15's kunit_test_suites() also defines the
 * module's init/exit, so it may appear only once per module.
 */
#include <linux/module.h>
#include <kunit/test.h>

#include "test_env.h"
#include "eth_env.h"

kunit_test_suites(&mana_bp_smoke_suite, &mana_bp_regs_suite, &mana_bp_doorbell_suite,
		  &mana_bp_smc_suite, &mana_bp_ring_suite, &mana_bp_wqe_suite,
		  &mana_bp_hwc_suite, &mana_bp_requests_suite, &mana_bp_queue_life_suite,
		  &mana_bp_clients_suite, &mana_bp_netvsc_glue_suite, &mana_bp_reset_suite,
		  &mana_bp_eth_tx_suite, &mana_bp_eth_rx_suite, &mana_bp_eth_requests_suite,
		  &mana_bp_eth_ethtool_suite, &mana_bp_eth_dim_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mana-backport: KUnit suites for the GDMA and Ethernet layers");
