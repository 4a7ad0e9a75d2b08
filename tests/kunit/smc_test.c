// SPDX-License-Identifier: GPL-2.0
/*
 * Shared-memory channel (spec 3.4): ESTABLISH_HWC / DESTROY_HWC encoding, response header
 * checks and the ownership wait. DW7 header: [2:0] type, [5:3] version, [7] direction
 * (1 = response), [15:8] status, [31] device owns the mailbox.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "test_env.h"
#include "gdma_internal.h"

static struct gdma_context *smc_gc(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc;

	gc = kunit_kzalloc(test, sizeof(*gc), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gc);
	gc->dev = env->dev;
	gc->bar0 = env_bar_iomem(env);
	gc->bar0_size = ENV_BAR_SIZE;
	gc->smc_timeout_ms = 50;
	KUNIT_ASSERT_EQ(test, gdma_read_bar0_layout(gc), 0);
	return gc;
}

/*
 * Payload bytes: 0 EQ pfn[47:0], 6 CQ, 12 RQ, 18 SQ (6 bytes each, little endian),
 * 24 pfn[51:48] nibbles (EQ bits 3:0 .. SQ bits 15:12), 26 MSI-X index, 28 header.
 * EQ 0x0000123456789000 -> pfn 0x123456789      bytes 89 67 45 23 01 00
 * CQ 0x000ffffffffff000 -> pfn 0xffffffffff     bytes ff ff ff ff ff 00
 * RQ 0xabcdef0123456000 -> pfn 0xabcdef0123456  bytes 56 34 12 f0 de bc, high nibble 0xa
 * SQ 0x0000000000001000 -> pfn 1                bytes 01 00 00 00 00 00
 * 24: 00 0a   26: msix   28: 01 00 00 00 (type 1, version 0, request)
 */
static void smc_establish_encoding(struct kunit *test)
{
	static const u32 expect[8] = {
		0x23456789, 0xffff0001, 0x00ffffff, 0xf0123456,
		0x0001bcde, 0x00000000, 0x00000a00, 0x00000001,
	};
	u32 dw[8];
	int i;

	memset(dw, 0x5a, sizeof(dw));
	smc_encode_establish(dw, 0x0000123456789000ULL, 0x000ffffffffff000ULL,
			     0xabcdef0123456000ULL, 0x1000, 0);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ_MSG(test, dw[i], expect[i], "dword %d", i);
}

/* the MSI-X index is the 16-bit word at byte 26; each high nibble has its own position */
static void smc_establish_msix_and_high_bits(struct kunit *test)
{
	u32 dw[8];

	smc_encode_establish(dw, 0x1000000000000000ULL, 0x2000000000000000ULL,
			     0x3000000000000000ULL, 0xf000000000000000ULL, 0x0102);
	/* pfn low 48 bits are all 0 */
	KUNIT_EXPECT_EQ(test, dw[0], 0u);
	KUNIT_EXPECT_EQ(test, dw[1], 0u);
	KUNIT_EXPECT_EQ(test, dw[2], 0u);
	KUNIT_EXPECT_EQ(test, dw[3], 0u);
	KUNIT_EXPECT_EQ(test, dw[4], 0u);
	KUNIT_EXPECT_EQ(test, dw[5], 0u);
	/* nibbles EQ=1 CQ=2 RQ=3 SQ=f -> 0xf321, msix 0x0102 above it */
	KUNIT_EXPECT_EQ(test, dw[6], 0x0102f321u);
	KUNIT_EXPECT_EQ(test, dw[7], 0x00000001u);
}

static void smc_destroy_encoding(struct kunit *test)
{
	u32 dw[8];
	int i;

	memset(dw, 0xa5, sizeof(dw));
	smc_encode_destroy(dw);
	for (i = 0; i < 7; i++)
		KUNIT_EXPECT_EQ_MSG(test, dw[i], 0u, "dword %d", i);
	KUNIT_EXPECT_EQ(test, dw[7], 0x00000002u);
}

static void smc_response_checks(struct kunit *test)
{
	/* type 1, version 0, direction 1, status 0 */
	KUNIT_EXPECT_EQ(test, smc_check_response(0x00000081, 0x00000001), 0);
	KUNIT_EXPECT_EQ(test, smc_check_response(0x00000082, 0x00000002), 0);
	/* reserved bits and reset_vf do not matter */
	KUNIT_EXPECT_EQ(test, smc_check_response(0x01ff0081, 0x00000001), 0);
	/* status 1 */
	KUNIT_EXPECT_EQ(test, smc_check_response(0x00000181, 0x00000001), -EPROTO);
	/* status 0xff */
	KUNIT_EXPECT_EQ(test, smc_check_response(0x0000ff81, 0x00000001), -EPROTO);
	/* no response direction: the device did not answer */
	KUNIT_EXPECT_EQ(test, smc_check_response(0x00000001, 0x00000001), -EPROTO);
	/* answer to another message type */
	KUNIT_EXPECT_EQ(test, smc_check_response(0x00000082, 0x00000001), -EPROTO);
	/* response version 1 is newer than request version 0 */
	KUNIT_EXPECT_EQ(test, smc_check_response(0x00000089, 0x00000001), -EPROTO);
	/* response version equal to a version-1 request is fine */
	KUNIT_EXPECT_EQ(test, smc_check_response(0x00000089, 0x00000009), 0);
}

/* the device keeps bit 31 set: the driver gives up and writes nothing */
static void smc_send_times_out_when_device_owns(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = smc_gc(test);
	unsigned long start = jiffies;
	int i;

	env_bar_write32(env, ENV_SMC_OFF + 28, 0x80000000);
	KUNIT_EXPECT_EQ(test, smc_establish_hwc(gc, 0x1000, 0x2000, 0x3000, 0x4000, 0),
			-ETIMEDOUT);
	/* it waited at least its timeout (50 ms) and not forever */
	KUNIT_EXPECT_GE(test, jiffies_to_msecs(jiffies - start), 50u);
	KUNIT_EXPECT_LT(test, jiffies_to_msecs(jiffies - start), 5000u);
	for (i = 0; i < 7; i++)
		KUNIT_EXPECT_EQ_MSG(test, env_bar_read32(env, ENV_SMC_OFF + 4 * i), 0u,
				    "dword %d was written while the device owned the mailbox", i);
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF + 28), 0x80000000u);
}

/*
 * The mailbox is free: all eight dwords are written. Plain memory cannot answer, so DW7
 * still holds the request (direction 0) and the driver must report a protocol error.
 */
static void smc_send_writes_mailbox_and_rejects_echo(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = smc_gc(test);

	KUNIT_EXPECT_EQ(test, smc_establish_hwc(gc, 0x0000123456789000ULL, 0x000ffffffffff000ULL,
						0xabcdef0123456000ULL, 0x1000, 0), -EPROTO);
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF + 0), 0x23456789u);
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF + 4), 0xffff0001u);
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF + 8), 0x00ffffffu);
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF + 12), 0xf0123456u);
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF + 16), 0x0001bcdeu);
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF + 20), 0u);
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF + 24), 0x00000a00u);
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF + 28), 0x00000001u);
	/* nothing outside the 32-byte aperture */
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF + 32), 0u);
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF - 4), 0u);
}

/* queue pages must be 4 KiB aligned: nothing is sent otherwise */
static void smc_establish_rejects_unaligned(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = smc_gc(test);

	KUNIT_EXPECT_EQ(test, smc_establish_hwc(gc, 0x1000, 0x2800, 0x3000, 0x4000, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, smc_establish_hwc(gc, 0x1000, 0x2000, 0x3000, 0x4004, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF + 28), 0u);
	KUNIT_EXPECT_EQ(test, env_bar_read32(env, ENV_SMC_OFF + 0), 0u);
}

static struct kunit_case smc_cases[] = {
	KUNIT_CASE(smc_establish_encoding),
	KUNIT_CASE(smc_establish_msix_and_high_bits),
	KUNIT_CASE(smc_destroy_encoding),
	KUNIT_CASE(smc_response_checks),
	KUNIT_CASE(smc_send_times_out_when_device_owns),
	KUNIT_CASE(smc_send_writes_mailbox_and_rejects_echo),
	KUNIT_CASE(smc_establish_rejects_unaligned),
	{}
};

struct kunit_suite mana_bp_smc_suite = {
	.name = "mana_bp_smc",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = smc_cases,
};
