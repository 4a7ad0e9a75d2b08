// SPDX-License-Identifier: GPL-2.0
/*
 * Reset cycle and client suspend/resume (mana/gdma/reset.c, core.c; design note in
 * gdma.h): clients with suspend()/resume() keep their device across a cycle, the others
 * are removed and offered the device again; one cycle at a time (requests meanwhile are
 * folded in, ignored once the function stops); a function whose BAR0 reads all-ones
 * aborts the cycle and its clients are removed without any request being sent; after a
 * reset LIST_DEVICES must name the devices the clients still hold.
 */
#include <linux/workqueue.h>

#include "fake_hwc.h"

struct reset_log {
	int probes, removes, suspends, resumes;
	int resume_err;
};

static struct reset_log reset_log;

static int reset_probe(struct gdma_dev *gd)
{
	reset_log.probes++;
	gdma_client_set_data(gd, &reset_log);
	return 0;
}

static void reset_remove(struct gdma_dev *gd)
{
	reset_log.removes++;
}

static void reset_suspend(struct gdma_dev *gd)
{
	reset_log.suspends++;
}

static int reset_resume(struct gdma_dev *gd)
{
	reset_log.resumes++;
	return reset_log.resume_err;
}

static void reset_event(struct gdma_dev *gd, const struct gdma_event *ev)
{
}

static struct gdma_client reset_eth = {
	.name = "mana_bp_test_reset_eth",
	.dev_type = GDMA_DEV_MANA,
	.probe = reset_probe,
	.remove = reset_remove,
	.event = reset_event,
	.suspend = reset_suspend,
	.resume = reset_resume,
};

/* no suspend/resume: removed and probed again */
static struct gdma_client reset_ib = {
	.name = "mana_bp_test_reset_ib",
	.dev_type = GDMA_DEV_MANA_IB,
	.probe = reset_probe,
	.remove = reset_remove,
};

static struct gdma_context *reset_gc(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);

	memset(&reset_log, 0, sizeof(reset_log));
	gc->devs[0].gc = gc;
	gc->devs[0].type = GDMA_DEV_MANA;
	gc->devs[1].gc = gc;
	gc->devs[1].type = GDMA_DEV_MANA_IB;
	gc->num_devs = 2;
	KUNIT_ASSERT_EQ(test, gdma_register_client(&reset_eth), 0);
	KUNIT_ASSERT_EQ(test, gdma_register_client(&reset_ib), 0);
	KUNIT_ASSERT_EQ(test, gdma_attach_clients(gc), 0);
	KUNIT_ASSERT_EQ(test, reset_log.probes, 2);
	return gc;
}

static void reset_gc_done(struct gdma_context *gc)
{
	gdma_detach_clients(gc);
	gdma_unregister_client(&reset_ib);
	gdma_unregister_client(&reset_eth);
}

static void reset_suspend_resume_clients(struct kunit *test)
{
	struct gdma_context *gc = reset_gc(test);

	gdma_suspend_clients(gc);
	KUNIT_EXPECT_EQ(test, reset_log.suspends, 1);
	KUNIT_EXPECT_EQ(test, reset_log.removes, 1);	/* the IB client */
	KUNIT_EXPECT_TRUE(test, gc->devs[0].suspended);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[0].client, &reset_eth);
	KUNIT_EXPECT_PTR_EQ(test, gdma_client_data(&gc->devs[0]), (void *)&reset_log);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(gc->devs[0].notify),
			    (struct gdma_client *)NULL);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[1].client, (struct gdma_client *)NULL);

	gdma_resume_clients(gc);
	KUNIT_EXPECT_EQ(test, reset_log.resumes, 1);
	KUNIT_EXPECT_EQ(test, reset_log.probes, 3);	/* the IB client again */
	KUNIT_EXPECT_FALSE(test, gc->devs[0].suspended);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(gc->devs[0].notify), &reset_eth);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[1].client, &reset_ib);
	reset_gc_done(gc);
	KUNIT_EXPECT_EQ(test, reset_log.removes, 3);
}

/* a client whose resume() fails for good is removed, once */
static void reset_failed_resume_removes(struct kunit *test)
{
	struct gdma_context *gc = reset_gc(test);

	gdma_suspend_clients(gc);
	reset_log.resume_err = -ENOMEM;
	KUNIT_EXPECT_EQ(test, gdma_resume_clients(gc), 0);
	KUNIT_EXPECT_EQ(test, reset_log.resumes, 1);
	KUNIT_EXPECT_EQ(test, reset_log.removes, 2);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[0].client, (struct gdma_client *)NULL);
	KUNIT_EXPECT_FALSE(test, gc->devs[0].suspended);
	reset_gc_done(gc);
	KUNIT_EXPECT_EQ(test, reset_log.removes, 3);
}

/*
 * a resume() that times out (the device is still recovering) keeps the
 * client suspended and fails the bring-up, which is retried; the next
 * resume brings it back (e2e: "HWC timeout during a reset cycle")
 */
static void reset_failed_resume_retried(struct kunit *test)
{
	struct gdma_context *gc = reset_gc(test);

	gdma_suspend_clients(gc);
	reset_log.resume_err = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, gdma_resume_clients(gc), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, reset_log.resumes, 1);
	KUNIT_EXPECT_EQ(test, reset_log.removes, 1);	/* only the IB client, at suspend */
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[0].client, &reset_eth);
	KUNIT_EXPECT_TRUE(test, gc->devs[0].suspended);
	KUNIT_EXPECT_TRUE(test, gc->clients_suspended);
	KUNIT_EXPECT_EQ(test, reset_log.probes, 2);	/* IB not offered yet */

	gdma_suspend_clients(gc);			/* nothing left to suspend */
	KUNIT_EXPECT_EQ(test, reset_log.suspends, 1);
	reset_log.resume_err = 0;
	KUNIT_EXPECT_EQ(test, gdma_resume_clients(gc), 0);
	KUNIT_EXPECT_EQ(test, reset_log.resumes, 2);
	KUNIT_EXPECT_FALSE(test, gc->devs[0].suspended);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[1].client, &reset_ib);
	reset_gc_done(gc);
}

/* a client registering while the function is suspended waits for the resume */
static void reset_no_probe_while_suspended(struct kunit *test)
{
	struct gdma_context *gc = reset_gc(test);

	gdma_unregister_client(&reset_ib);
	gdma_suspend_clients(gc);
	KUNIT_ASSERT_EQ(test, gdma_register_client(&reset_ib), 0);
	KUNIT_EXPECT_EQ(test, reset_log.probes, 2);
	gdma_resume_clients(gc);
	KUNIT_EXPECT_EQ(test, reset_log.probes, 3);
	reset_gc_done(gc);
}

/* one cycle at a time: a request while busy is folded in; none once stopping */
static void reset_requests_while_busy_or_stopped(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);

	set_bit(GDMA_SVC_BUSY, &gc->svc_flags);
	gdma_service_event(gc, GDMA_EQE_RESET_REQUEST);
	KUNIT_EXPECT_TRUE(test, test_bit(GDMA_SVC_EVENT, &gc->svc_flags));
	KUNIT_EXPECT_FALSE(test, work_pending(&gc->svc_down_work));
	clear_bit(GDMA_SVC_BUSY, &gc->svc_flags);

	gdma_service_stop(gc);
	KUNIT_EXPECT_FALSE(test, test_bit(GDMA_SVC_EVENT, &gc->svc_flags));
	gdma_service_event(gc, GDMA_EQE_FPGA_RECONFIG);
	KUNIT_EXPECT_FALSE(test, test_bit(GDMA_SVC_BUSY, &gc->svc_flags));
	KUNIT_EXPECT_FALSE(test, work_pending(&gc->svc_down_work));
}

/*
 * Surprise removal: BAR0 reads all-ones.  A cycle started then removes the clients (no
 * suspend, no request, no wait) and leaves the function idle; requests fail at once.
 */
static void reset_gone_aborts_cycle(struct kunit *test)
{
	struct gdma_context *gc = reset_gc(test);
	u8 *reg = mana_bp_env(test)->bar + GDMA_REG_DB_PAGE_SIZE;
	u8 saved[4];

	KUNIT_EXPECT_FALSE(test, gdma_device_gone(gc));
	memcpy(saved, reg, sizeof(saved));
	memset(reg, 0xff, sizeof(saved));
	gdma_service_event(gc, GDMA_EQE_RESET_REQUEST);
	flush_work(&gc->svc_down_work);
	KUNIT_EXPECT_EQ(test, reset_log.suspends, 0);
	KUNIT_EXPECT_EQ(test, reset_log.removes, 2);
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&gc->svc_up_work));
	KUNIT_EXPECT_FALSE(test, test_bit(GDMA_SVC_BUSY, &gc->svc_flags));
	KUNIT_EXPECT_FALSE(test, gc->clients_attached);
	/* latched: the function stays gone even if a read happens to look sane */
	memcpy(reg, saved, sizeof(saved));
	KUNIT_EXPECT_TRUE(test, gdma_device_gone(gc));
	reset_gc_done(gc);
	KUNIT_EXPECT_EQ(test, reset_log.removes, 2);
}

static void reset_list_put(struct gdma_list_devices_resp *resp, u32 i, u16 type, u16 inst)
{
	resp->devs[i].type = cpu_to_le16(type);
	resp->devs[i].instance = cpu_to_le16(inst);
}

/* bring-up after a reset: the same devices keep their clients; another list is refused */
static void reset_device_list_kept(struct kunit *test)
{
	struct gdma_context *gc = reset_gc(test);
	struct gdma_list_devices_resp *resp;

	resp = kunit_kzalloc(test, sizeof(*resp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, resp);
	gdma_suspend_clients(gc);
	gc->devs[0].registered = true;
	resp->num_of_devs = cpu_to_le32(3);
	reset_list_put(resp, 0, GDMA_DEV_HWC, 0);
	reset_list_put(resp, 1, GDMA_DEV_MANA, 0);
	reset_list_put(resp, 2, GDMA_DEV_MANA_IB, 0);
	gc->keep_devs = true;
	KUNIT_EXPECT_EQ(test, gdma_parse_device_list(gc, resp), 0);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[0].client, &reset_eth);
	KUNIT_EXPECT_TRUE(test, gc->devs[0].suspended);
	KUNIT_EXPECT_FALSE(test, gc->devs[0].registered);

	reset_list_put(resp, 2, GDMA_DEV_MANA_IB, 1);
	KUNIT_EXPECT_EQ(test, gdma_parse_device_list(gc, resp), -EPROTO);
	resp->num_of_devs = cpu_to_le32(2);
	KUNIT_EXPECT_EQ(test, gdma_parse_device_list(gc, resp), -EPROTO);
	KUNIT_EXPECT_EQ(test, gc->num_devs, 2u);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[0].client, &reset_eth);
	gc->keep_devs = false;
	gdma_resume_clients(gc);
	reset_gc_done(gc);
}

static struct kunit_case reset_cases[] = {
	KUNIT_CASE(reset_suspend_resume_clients),
	KUNIT_CASE(reset_failed_resume_removes),
	KUNIT_CASE(reset_failed_resume_retried),
	KUNIT_CASE(reset_no_probe_while_suspended),
	KUNIT_CASE(reset_requests_while_busy_or_stopped),
	KUNIT_CASE(reset_gone_aborts_cycle),
	KUNIT_CASE(reset_device_list_kept),
	{}
};

struct kunit_suite mana_bp_reset_suite = {
	.name = "mana_bp_reset",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = reset_cases,
};
