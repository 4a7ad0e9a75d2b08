// SPDX-License-Identifier: GPL-2.0
/*
 * GDMA-class requests (spec 3.6, 3.7.5, 3.8, 3.9) through the real HWC with the fake device
 * answering from a thread: request header layout, DMA-region page lists and the
 * CREATE_DMA_REGION / DMA_REGION_ADD_PAGES split with MORE_ENTRIES, device list parsing,
 * REGISTER_DEVICE, QUERY_MAX_RESOURCES, VERIFY_VF_DRIVER_VERSION, CREATE_QUEUE for an EQ.
 */
#include <linux/cpumask.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fake_hwc.h"

/* 40-byte request header (spec 3.7.5) */
static void req_header_layout(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	u8 buf[40];

	memset(buf, 0xee, sizeof(buf));
	gdma_init_req_hdr((struct gdma_req_hdr *)buf, 0x20001, 88, 80);
	KUNIT_EXPECT_EQ(test, fhw_get32(buf, 0), 0u);		/* req.hdr_type */
	KUNIT_EXPECT_EQ(test, fhw_get32(buf, 4), 0x20001u);	/* req.msg_type */
	KUNIT_EXPECT_EQ(test, fhw_get16(buf, 8), 1);		/* req.msg_version */
	KUNIT_EXPECT_EQ(test, fhw_get16(buf, 10), 0);		/* req.hwc_msg_id */
	KUNIT_EXPECT_EQ(test, fhw_get32(buf, 12), 88u);		/* req.msg_size */
	KUNIT_EXPECT_EQ(test, fhw_get32(buf, 16), 0u);
	KUNIT_EXPECT_EQ(test, fhw_get32(buf, 20), 0x20001u);	/* resp.msg_type */
	KUNIT_EXPECT_EQ(test, fhw_get16(buf, 24), 1);		/* resp.msg_version */
	KUNIT_EXPECT_EQ(test, fhw_get16(buf, 26), 0);
	KUNIT_EXPECT_EQ(test, fhw_get32(buf, 28), 80u);		/* resp.msg_size */
	KUNIT_EXPECT_EQ(test, fhw_get32(buf, 32), 0u);		/* dev_id: adapter-wide */
	KUNIT_EXPECT_EQ(test, fhw_get32(buf, 36), 0u);		/* activity_id */
	gd->instance = 3;
	gdma_set_req_dev((struct gdma_req_hdr *)buf, gd);
	KUNIT_EXPECT_EQ(test, fhw_get16(buf, 32), 2);		/* type MANA */
	KUNIT_EXPECT_EQ(test, fhw_get16(buf, 34), 3);		/* instance */
}

/* page lists: one u64 per 4 KiB page, in order; misaligned or oversized buffers refused */
static void req_page_list(struct kunit *test)
{
	u64 pages[8];

	memset(pages, 0, sizeof(pages));
	KUNIT_EXPECT_EQ(test, gdma_build_page_list(0x123450000ULL, 3 * 4096, pages, 8), 3u);
	KUNIT_EXPECT_EQ(test, pages[0], 0x123450000ULL);
	KUNIT_EXPECT_EQ(test, pages[1], 0x123451000ULL);
	KUNIT_EXPECT_EQ(test, pages[2], 0x123452000ULL);
	KUNIT_EXPECT_EQ(test, pages[3], 0ULL);
	KUNIT_EXPECT_EQ(test, gdma_build_page_list(0x123450800ULL, 4096, pages, 8), 0u);
	KUNIT_EXPECT_EQ(test, gdma_build_page_list(0x123450000ULL, 4096 + 512, pages, 8), 0u);
	KUNIT_EXPECT_EQ(test, gdma_build_page_list(0x123450000ULL, 9 * 4096, pages, 8), 0u);
	KUNIT_EXPECT_EQ(test, gdma_build_page_list(0x123450000ULL, 0, pages, 8), 0u);
	KUNIT_EXPECT_EQ(test, gdma_build_page_list(0x123450000ULL, 8 * 4096, pages, 8), 8u);
	KUNIT_EXPECT_EQ(test, pages[7], 0x123457000ULL);
}

/* answers for the DMA-region tests: handle 0x1122334455667788, statuses from priv */
struct req_region_script {
	u32 statuses[4];
	u64 handle;
};

static long req_region_answer(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 len)
{
	struct req_region_script *s = hw->priv;
	u32 op = fhw_get32(req->msg, 4);

	if (op == GDMA_CREATE_DMA_REGION && len >= 40)
		fhw_put64(resp, 32, s->handle);
	if (op == GDMA_DESTROY_DMA_REGION)
		return 0;
	return s->statuses[min(hw->nreq - 1, 3)];
}

static void req_dma_region_one_message(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct gdma_dev *gd = env_gd(test, hw->gc);
	struct req_region_script s = { .statuses = { 0 }, .handle = 0x1122334455667788ULL };
	const struct fhw_req *r = &hw->log[0];
	u64 pages[8], handle = 0;
	int i;

	for (i = 0; i < 8; i++)
		pages[i] = 0x40000000ULL + i * 0x3000ULL;	/* need not be contiguous */
	fhw_start_responder(hw, req_region_answer, &s);
	KUNIT_EXPECT_EQ(test, gdma_create_dma_region(gd, pages, 8, 8 * 4096, 0, 0, &handle), 0);
	fhw_stop_responder(hw);
	KUNIT_EXPECT_EQ(test, handle, 0x1122334455667788ULL);
	KUNIT_ASSERT_EQ(test, hw->nreq, 1);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 4), (u32)GDMA_CREATE_DMA_REGION);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 12), 64u + 8 * 8);	/* msg_size */
	KUNIT_EXPECT_EQ(test, r->len, 64u + 8 * 8);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 28), 40u);		/* response size */
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 40), 8ULL * 4096);	/* length */
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 48), 0u);		/* offset_in_page */
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 52), 0u);		/* 4K pages */
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 56), 8u);		/* page_count */
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 60), 8u);		/* in this message */
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 64 + 8 * i), 0x40000000ULL + i * 0x3000ULL);
	fhw_down(hw);
}

/*
 * 1019 pages: CREATE_DMA_REGION carries (4096 - 64) / 8 = 504, each DMA_REGION_ADD_PAGES
 * (4096 - 56) / 8 = 505; every message but the last is answered with MORE_ENTRIES (0x105).
 */
static void req_dma_region_split(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct gdma_dev *gd = env_gd(test, hw->gc);
	struct req_region_script s = {
		.statuses = { 0x105, 0x105, 0 }, .handle = 0x00000000abcd0001ULL,
	};
	const struct fhw_req *r;
	u64 *pages, handle = 0;
	u32 i;

	pages = kunit_kcalloc(test, 1019, sizeof(*pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pages);
	for (i = 0; i < 1019; i++)
		pages[i] = 0x100000000ULL + (u64)i * 4096;
	fhw_start_responder(hw, req_region_answer, &s);
	KUNIT_EXPECT_EQ(test, gdma_create_dma_region(gd, pages, 1019, 1019ULL * 4096, 0, 0,
						     &handle), 0);
	fhw_stop_responder(hw);
	KUNIT_EXPECT_EQ(test, handle, 0x00000000abcd0001ULL);
	KUNIT_ASSERT_EQ(test, hw->nreq, 3);
	r = &hw->log[0];
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 4), (u32)GDMA_CREATE_DMA_REGION);
	KUNIT_EXPECT_EQ(test, r->len, 4096u);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 56), 1019u);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 60), 504u);
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 64), 0x100000000ULL);
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 64 + 503 * 8), 0x100000000ULL + 503 * 4096);
	r = &hw->log[1];
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 4), (u32)GDMA_DMA_REGION_ADD_PAGES);
	KUNIT_EXPECT_EQ(test, r->len, 4096u);
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 40), 0x00000000abcd0001ULL);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 48), 505u);
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 56), 0x100000000ULL + 504 * 4096);
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 56 + 504 * 8), 0x100000000ULL + 1008 * 4096);
	r = &hw->log[2];
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 4), (u32)GDMA_DMA_REGION_ADD_PAGES);
	KUNIT_EXPECT_EQ(test, r->len, 56u + 10 * 8);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 48), 10u);
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 56), 0x100000000ULL + 1009 * 4096);
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 56 + 9 * 8), 0x100000000ULL + 1018 * 4096);
	fhw_down(hw);
}

/* a split region answered with plain success too early: -EPROTO and the region is destroyed */
static void req_dma_region_bad_status_destroys(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct gdma_dev *gd = env_gd(test, hw->gc);
	struct req_region_script s = { .statuses = { 0 }, .handle = 0x5555ULL };
	u64 *pages, handle = 0;
	u32 i;

	pages = kunit_kcalloc(test, 600, sizeof(*pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pages);
	for (i = 0; i < 600; i++)
		pages[i] = (u64)i * 4096;
	fhw_start_responder(hw, req_region_answer, &s);
	KUNIT_EXPECT_EQ(test, gdma_create_dma_region(gd, pages, 600, 600ULL * 4096, 0, 0,
						     &handle), -EPROTO);
	fhw_stop_responder(hw);
	KUNIT_EXPECT_EQ(test, handle, 0ULL);
	KUNIT_ASSERT_EQ(test, hw->nreq, 2);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[1].msg, 4), (u32)GDMA_DESTROY_DMA_REGION);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[1].msg, 12), 48u);
	KUNIT_EXPECT_EQ(test, fhw_get64(hw->log[1].msg, 40), 0x5555ULL);
	fhw_down(hw);
}

/* handle 0 is the invalid region handle */
static void req_dma_region_zero_handle(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct gdma_dev *gd = env_gd(test, hw->gc);
	struct req_region_script s = { .statuses = { 0 }, .handle = 0 };
	u64 pages[1] = { 0x1000 }, handle = 0x99;

	fhw_start_responder(hw, req_region_answer, &s);
	KUNIT_EXPECT_EQ(test, gdma_create_dma_region(gd, pages, 1, 4096, 0, 0, &handle), -EPROTO);
	KUNIT_EXPECT_EQ(test, gdma_create_dma_region(gd, pages, 0, 4096, 0, 0, &handle), -EINVAL);
	fhw_stop_responder(hw);
	KUNIT_EXPECT_EQ(test, handle, 0x99ULL);
	KUNIT_EXPECT_EQ(test, hw->nreq, 1);
	fhw_down(hw);
}

static void req_dev_list_put(struct gdma_list_devices_resp *resp, int i, u16 type, u16 inst)
{
	resp->devs[i].type = cpu_to_le16(type);
	resp->devs[i].instance = cpu_to_le16(inst);
}

/* LIST_DEVICES: HWC skipped, holes skipped, stop after num_of_devs; MANA is mandatory */
static void req_device_list_parsing(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);
	struct gdma_list_devices_resp *resp;

	resp = kunit_kzalloc(test, sizeof(*resp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, resp);
	resp->num_of_devs = cpu_to_le32(3);
	req_dev_list_put(resp, 0, 1, 0);	/* HWC */
	req_dev_list_put(resp, 2, 2, 0);	/* MANA after a hole */
	req_dev_list_put(resp, 5, 3, 1);	/* MANA_IB */
	req_dev_list_put(resp, 6, 2, 7);	/* beyond num_of_devs: ignored */
	KUNIT_ASSERT_EQ(test, gdma_parse_device_list(gc, resp), 0);
	KUNIT_ASSERT_EQ(test, gc->num_devs, 2u);
	KUNIT_EXPECT_EQ(test, gc->devs[0].type, 2);
	KUNIT_EXPECT_EQ(test, gc->devs[0].instance, 0);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[0].gc, gc);
	KUNIT_EXPECT_EQ(test, gc->devs[1].type, 3);
	KUNIT_EXPECT_EQ(test, gc->devs[1].instance, 1);
	KUNIT_EXPECT_FALSE(test, gc->devs[0].registered);

	/* no MANA device: -ENODEV */
	memset(resp, 0, sizeof(*resp));
	resp->num_of_devs = cpu_to_le32(2);
	req_dev_list_put(resp, 0, 1, 0);
	req_dev_list_put(resp, 1, 3, 0);
	KUNIT_EXPECT_EQ(test, gdma_parse_device_list(gc, resp), -ENODEV);
	/* MANA listed but past num_of_devs */
	req_dev_list_put(resp, 2, 2, 0);
	KUNIT_EXPECT_EQ(test, gdma_parse_device_list(gc, resp), -ENODEV);
}

static long req_register_answer(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 len)
{
	u32 *db_id = hw->priv;

	if (fhw_get32(req->msg, 4) == GDMA_REGISTER_DEVICE && len >= 44) {
		fhw_put32(resp, 32, 0x44);	/* pdid */
		fhw_put32(resp, 36, 0x55);	/* gpa_mkey */
		fhw_put32(resp, 40, *db_id);	/* doorbell page */
	}
	return 0;
}

/* REGISTER_DEVICE: 40-byte request to the device, 44-byte answer; doorbell page checked */
static void req_register_device(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct gdma_dev *gd = &hw->gc->devs[0];
	const struct fhw_req *r = &hw->log[0];
	u32 db_id = 3;

	gd->gc = hw->gc;
	gd->type = GDMA_DEV_MANA;
	gd->instance = 0;
	fhw_start_responder(hw, req_register_answer, &db_id);
	KUNIT_ASSERT_EQ(test, gdma_register_device(gd), 0);
	KUNIT_EXPECT_EQ(test, gd->pdid, 0x44u);
	KUNIT_EXPECT_EQ(test, gd->gpa_mkey, 0x55u);
	KUNIT_EXPECT_EQ(test, gd->doorbell, 3u);
	KUNIT_EXPECT_TRUE(test, gd->registered);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 4), (u32)GDMA_REGISTER_DEVICE);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 12), 40u);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 28), 44u);
	KUNIT_EXPECT_EQ(test, fhw_get16(r->msg, 32), 2);

	/* 64 KiB BAR, pages from 0x8000: page 8 is outside -> -EPROTO and deregistered again */
	db_id = 8;
	KUNIT_EXPECT_EQ(test, gdma_register_device(gd), -EPROTO);
	fhw_stop_responder(hw);
	KUNIT_EXPECT_FALSE(test, gd->registered);
	KUNIT_ASSERT_EQ(test, hw->nreq, 3);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[2].msg, 4), (u32)GDMA_DEREGISTER_DEVICE);
	KUNIT_EXPECT_EQ(test, fhw_get16(hw->log[2].msg, 32), 2);
	fhw_down(hw);
}

static long req_resources_answer(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 len)
{
	const u32 *v = hw->priv;
	int i;

	/* 36 max_sq, 40 max_rq, 44 max_cq, 48 max_eq, 52 max_db, 56 max_mst, ..., 68 max_msix */
	for (i = 0; i < 9 && 36 + 4 * i + 4 <= len; i++)
		fhw_put32(resp, 36 + 4 * i, v[i]);
	return 0;
}

static void req_query_max_resources(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	u32 v[9] = { 100, 101, 102, 103, 104, 105, 106, 107, 3 };
	unsigned int want;

	fhw_start_responder(hw, req_resources_answer, v);
	KUNIT_ASSERT_EQ(test, gdma_query_max_resources(hw->gc), 0);
	KUNIT_EXPECT_EQ(test, hw->gc->res.max_sq, 100u);
	KUNIT_EXPECT_EQ(test, hw->gc->res.max_rq, 101u);
	KUNIT_EXPECT_EQ(test, hw->gc->res.max_cq, 102u);
	KUNIT_EXPECT_EQ(test, hw->gc->res.max_eq, 103u);
	KUNIT_EXPECT_EQ(test, hw->gc->res.max_db, 104u);
	KUNIT_EXPECT_EQ(test, hw->gc->res.max_mst, 105u);
	KUNIT_EXPECT_EQ(test, hw->gc->res.max_msix, 3u);
	/* usable vectors = min(allocated 4, max_msix 3); queues <= vectors - 1, cpus, 64 */
	KUNIT_EXPECT_EQ(test, hw->gc->num_msix_usable, 3u);
	want = min_t(unsigned int, num_online_cpus(), 2);
	KUNIT_EXPECT_EQ(test, hw->gc->max_num_queues, want);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[0].msg, 4), (u32)GDMA_QUERY_MAX_RESOURCES);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[0].msg, 12), 40u);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[0].msg, 28), 72u);
	/* one vector is not enough (HWC + at least one data vector) */
	v[8] = 1;
	KUNIT_EXPECT_EQ(test, gdma_query_max_resources(hw->gc), -ENOSPC);
	fhw_stop_responder(hw);
	fhw_down(hw);
}

static long req_verify_answer(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 len)
{
	if (len >= 48) {
		fhw_put64(resp, 32, 1);		/* gdma_protocol_ver */
		fhw_put64(resp, 40, 0x8);	/* pf_cap_flags1: bit 3 */
	}
	return 0;
}

/* VERIFY_VF_DRIVER_VERSION: 640-byte request (spec 3.9), capability flags 0x82d */
static void req_verify_driver_version(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	const struct fhw_req *r = &hw->log[0];

	fhw_start_responder(hw, req_verify_answer, NULL);
	KUNIT_ASSERT_EQ(test, gdma_verify_driver_version(hw->gc), 0);
	fhw_stop_responder(hw);
	KUNIT_EXPECT_EQ(test, hw->gc->gdma_protocol_ver, 1ULL);
	KUNIT_EXPECT_EQ(test, hw->gc->pf_cap_flags1, 0x8ULL);
	KUNIT_ASSERT_EQ(test, r->len, 640u);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 4), (u32)GDMA_VERIFY_VF_DRIVER_VERSION);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 28), 72u);
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 40), 1ULL);	/* protocol min */
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 48), 1ULL);	/* protocol max */
	/*
	 * bits 0, 2, 3, 5, 11 (6.1's set), 6 (link events), 14/17 (reset and FPGA
	 * events), 18 (TX timeout reset), 20 (linearize), 21 (stats poll), 22 (probe
	 * retry), 25 (HWC-timeout reset), 28 (interrupt moderation)
	 */
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 56), 0x1276486dULL);
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 64), 0ULL);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 96), 0x10u);	/* os_type Linux */
	KUNIT_EXPECT_EQ(test, memcmp(r->msg + 128, "Linux", 6), 0);
	fhw_down(hw);
}

static long req_eq_answer(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 len)
{
	u32 *eq_id = hw->priv;

	if (fhw_get32(req->msg, 4) == GDMA_CREATE_QUEUE && len >= 36)
		fhw_put32(resp, 32, *eq_id);
	return 0;
}

/* CREATE_QUEUE for an EQ (96 bytes); the region passes to the device; ids are 16 bits */
static void req_create_eq_message(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct gdma_dev *gd = env_gd(test, hw->gc);
	struct gdma_queue_spec spec = {
		.type = GDMA_EQ, .ring_size = 32768, .eq = { .msix_index = 1 },
	};
	const struct fhw_req *r = &hw->log[0];
	struct gdma_queue *eq = NULL;
	u32 eq_id = 0x1234;

	KUNIT_ASSERT_EQ(test, gdma_queue_alloc(gd, &spec, &eq), 0);
	eq->dma_region = 0x777;
	fhw_start_responder(hw, req_eq_answer, &eq_id);
	KUNIT_ASSERT_EQ(test, gdma_create_eq_on_device(eq), 0);
	KUNIT_EXPECT_EQ(test, eq->id, 0x1234u);
	KUNIT_EXPECT_EQ(test, eq->dma_region, 0ULL);
	KUNIT_EXPECT_EQ(test, r->len, 96u);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 4), (u32)GDMA_CREATE_QUEUE);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 28), 36u);
	KUNIT_EXPECT_EQ(test, fhw_get16(r->msg, 32), 2);		/* owner: MANA */
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 40), 4u);		/* type EQ */
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 48), 0x21u);		/* pdid */
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 52), (u32)ENV_DEV_DB_PAGE);
	KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 56), 0x777ULL);		/* region */
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 68), 32768u);		/* queue size */
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 72), 3u);		/* log2 throttle */
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 76), 1u);		/* MSI-X index */

	/* an id that does not fit 16 bits: -EPROTO and the queue is disabled again */
	eq_id = 0x10000;
	eq->dma_region = 0x778;
	KUNIT_EXPECT_EQ(test, gdma_create_eq_on_device(eq), -EPROTO);
	fhw_stop_responder(hw);
	KUNIT_ASSERT_EQ(test, hw->nreq, 3);
	r = &hw->log[2];
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 4), (u32)GDMA_DISABLE_QUEUE);
	KUNIT_EXPECT_EQ(test, r->len, 52u);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 40), 4u);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 44), 0x10000u);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 48), 1u);
	gdma_queue_free(eq);
	fhw_down(hw);
}

static long req_test_eqe_answer(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 len)
{
	/* answer, then post the TEST event on the EQ the request names (the HWC EQ here) */
	if (fhw_get32(req->msg, 4) == GDMA_GENERATE_TEST_EQE &&
	    fhw_get32(req->msg, 40) == FHW_EQ_ID)
		dev_put_eqe(hw->hwc->eq->ring, 4096, hw->eq_k++, 64, 0, 0, 0);
	return 0;
}

/* GENERATE_TEST_EQE on the HWC EQ: request names the EQ, the TEST event completes it */
static void req_test_eq_on_hwc(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	const struct fhw_req *r = &hw->log[0];

	fhw_start_responder(hw, req_test_eqe_answer, NULL);
	KUNIT_EXPECT_EQ(test, gdma_test_eq(&hw->gc->hwc_dev, hw->hwc->eq), 0);
	fhw_stop_responder(hw);
	KUNIT_EXPECT_EQ(test, r->len, 44u);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 4), (u32)GDMA_GENERATE_TEST_EQE);
	KUNIT_EXPECT_EQ(test, fhw_get16(r->msg, 32), 1);	/* HWC device type 1 */
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 40), (u32)FHW_EQ_ID);
	KUNIT_EXPECT_EQ(test, hw->gc->test_eq_id, (u32)FHW_EQ_ID);
	fhw_down(hw);
}

static long req_range_answer(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 len)
{
	if (fhw_get32(req->msg, 4) == GDMA_ALLOCATE_RESOURCE_RANGE && len >= 36)
		fhw_put32(resp, 32, 6);	/* first allocated index */
	return 0;
}

/* ALLOCATE_RESOURCE_RANGE (56 / 36 bytes) and DESTROY_RESOURCE_RANGE (52) for a doorbell page */
static void req_resource_range(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	const u8 *m;
	u32 first = 0;

	fhw_start_responder(hw, req_range_answer, NULL);
	KUNIT_ASSERT_EQ(test, gdma_alloc_resource_range(hw->gc, 27, 1, 1, &first), 0);
	KUNIT_EXPECT_EQ(test, first, 6u);
	KUNIT_EXPECT_EQ(test, gdma_free_resource_range(hw->gc, 27, 1, first), 0);
	fhw_stop_responder(hw);
	KUNIT_ASSERT_EQ(test, hw->nreq, 2);
	m = hw->log[0].msg;
	KUNIT_EXPECT_EQ(test, hw->log[0].len, 56u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 4), (u32)GDMA_ALLOCATE_RESOURCE_RANGE);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 28), 36u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 32), 0u);	/* adapter-wide */
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 40), 27u);	/* doorbell page */
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 44), 1u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 48), 1u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 52), 0u);	/* search from 0 */
	m = hw->log[1].msg;
	KUNIT_EXPECT_EQ(test, hw->log[1].len, 52u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 4), (u32)GDMA_DESTROY_RESOURCE_RANGE);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 40), 27u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 44), 1u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 48), 6u);
	fhw_down(hw);
}

/* a request header for MANA device 2.0 and the response that answers it */
static void req_checked_pair(struct gdma_req_hdr *rq, struct gdma_resp_hdr *rs)
{
	memset(rq, 0, sizeof(*rq));
	memset(rs, 0, sizeof(*rs));
	gdma_init_req_hdr(rq, 0x20005, sizeof(*rq), 64);
	rq->dev_id.type = cpu_to_le16(GDMA_DEV_MANA);
	rs->response.msg_type = cpu_to_le32(0x20005);
	rs->response.msg_version = cpu_to_le16(GDMA_MESSAGE_V1);
	rs->response.msg_size = cpu_to_le32(64);
	rs->dev_id = rq->dev_id;
}

/* gdma_check_response(): each field of the response header is checked */
static void req_checked_header(struct kunit *test)
{
	struct gdma_req_hdr rq;
	struct gdma_resp_hdr rs;

	req_checked_pair(&rq, &rs);
	KUNIT_EXPECT_TRUE(test, gdma_check_response(&rq, &rs, 64));
	/* a longer answer than needed is fine, a shorter one is not */
	rs.response.msg_size = cpu_to_le32(80);
	KUNIT_EXPECT_TRUE(test, gdma_check_response(&rq, &rs, 64));
	rs.response.msg_size = cpu_to_le32(63);
	KUNIT_EXPECT_FALSE(test, gdma_check_response(&rq, &rs, 64));

	req_checked_pair(&rq, &rs);
	rs.response.msg_type = cpu_to_le32(0x20006);
	KUNIT_EXPECT_FALSE(test, gdma_check_response(&rq, &rs, 64));

	req_checked_pair(&rq, &rs);
	rs.response.msg_version = 0;
	KUNIT_EXPECT_FALSE(test, gdma_check_response(&rq, &rs, 64));
	rs.response.msg_version = cpu_to_le16(2);
	KUNIT_EXPECT_TRUE(test, gdma_check_response(&rq, &rs, 64));

	req_checked_pair(&rq, &rs);
	rs.dev_id.type = cpu_to_le16(GDMA_DEV_HWC);
	KUNIT_EXPECT_FALSE(test, gdma_check_response(&rq, &rs, 64));

	req_checked_pair(&rq, &rs);
	rs.dev_id.instance = cpu_to_le16(1);
	KUNIT_EXPECT_FALSE(test, gdma_check_response(&rq, &rs, 64));
}

static long req_checked_answer(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 len)
{
	const u32 *status = hw->priv;

	return *status;
}

/* gdma_send_checked() through the HWC: good answer, failing status, no room for a header */
static void req_checked_send(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct gdma_general_resp resp;
	struct gdma_general_req req;
	u32 status = 0;

	fhw_start_responder(hw, req_checked_answer, &status);
	gdma_init_req_hdr(&req.hdr, GDMA_QUERY_MAX_RESOURCES, sizeof(req), sizeof(resp));
	req.hdr.dev_id.type = cpu_to_le16(GDMA_DEV_MANA);
	KUNIT_EXPECT_EQ(test, gdma_send_checked(hw->gc, sizeof(req), &req, sizeof(resp),
						&resp, 0), 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(resp.hdr.dev_id.type), GDMA_DEV_MANA);

	status = 0x1234;
	KUNIT_EXPECT_EQ(test, gdma_send_checked(hw->gc, sizeof(req), &req, sizeof(resp),
						&resp, GDMA_SEND_RATELIMIT), -EPROTO);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp.hdr.status), 0x1234u);

	/* refused before anything is sent */
	KUNIT_EXPECT_EQ(test, gdma_send_checked(hw->gc, sizeof(req), &req, 8, &resp, 0),
			-EINVAL);
	fhw_stop_responder(hw);
	KUNIT_EXPECT_EQ(test, hw->nreq, 2);
	fhw_down(hw);
}

/*
 * answers REGISTER_DEVICE 4 bytes short (msg_size 40 of 44) and LIST_DEVICES
 * with message version 0 (an answer with another opcode never gets this far:
 * the HWC drops it as a stale answer and the request times out)
 */
static void req_malformed_mangle(struct fhw *hw, const struct fhw_req *req, u8 *resp)
{
	u32 op = fhw_get32(req->msg, 4);

	if (op == GDMA_REGISTER_DEVICE)
		fhw_put32(resp, 12, 40);
	if (op == GDMA_LIST_DEVICES)
		resp[8] = 0;
}

/*
 * GDMA-class requests go through the checked path: a response of the wrong
 * size or version fails the caller with -EPROTO (logged once by
 * gdma_send_checked(), "request 0x...: malformed response"), and nothing of
 * the answer is used.
 */
static void req_malformed_gdma_response(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct gdma_context *gc = hw->gc;
	struct gdma_dev *gd = &gc->devs[0];
	u32 db_id = 3, ndevs;

	gd->gc = gc;
	gd->type = GDMA_DEV_MANA;
	gd->instance = 0;
	gd->pdid = GDMA_INVALID_ID;
	hw->mangle = req_malformed_mangle;
	fhw_start_responder(hw, req_register_answer, &db_id);
	KUNIT_EXPECT_EQ(test, gdma_register_device(gd), -EPROTO);
	KUNIT_EXPECT_FALSE(test, gd->registered);
	KUNIT_EXPECT_EQ(test, gd->pdid, (u32)GDMA_INVALID_ID);
	ndevs = gc->num_devs;
	KUNIT_EXPECT_EQ(test, gdma_list_devices(gc), -EPROTO);
	KUNIT_EXPECT_EQ(test, gc->num_devs, ndevs);
	fhw_stop_responder(hw);
	/* no DEREGISTER_DEVICE for a registration that did not happen */
	KUNIT_EXPECT_EQ(test, hw->nreq, 2);
	hw->mangle = NULL;
	fhw_down(hw);
}

static struct kunit_case requests_cases[] = {
	KUNIT_CASE(req_malformed_gdma_response),
	KUNIT_CASE(req_checked_header),
	KUNIT_CASE(req_checked_send),
	KUNIT_CASE(req_header_layout),
	KUNIT_CASE(req_page_list),
	KUNIT_CASE(req_dma_region_one_message),
	KUNIT_CASE(req_dma_region_split),
	KUNIT_CASE(req_dma_region_bad_status_destroys),
	KUNIT_CASE(req_dma_region_zero_handle),
	KUNIT_CASE(req_device_list_parsing),
	KUNIT_CASE(req_register_device),
	KUNIT_CASE(req_query_max_resources),
	KUNIT_CASE(req_verify_driver_version),
	KUNIT_CASE(req_create_eq_message),
	KUNIT_CASE(req_test_eq_on_hwc),
	KUNIT_CASE(req_resource_range),
	{}
};

struct kunit_suite mana_bp_requests_suite = {
	.name = "mana_bp_requests",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = requests_cases,
};
