// SPDX-License-Identifier: GPL-2.0
/*
 * Upper-layer clients and context accessors (mana/gdma/core.c; design note in gdma.h):
 * a client is offered every device of its type, whether the function comes up before or
 * after the client registers; remove() runs before the function goes away; a failed
 * probe leaves the device unattached. Data-path EQs never use vector 0 (the HWC's).
 * The registry here is the test module's own copy, separate from mana.ko's.
 */
#include "fake_hwc.h"

struct clients_log {
	int probes;
	int removes;
	int fail_with;
	struct gdma_dev *last;
	int events;
	u32 ev_type[8];
	u32 ev_d0[8];
};

static struct clients_log clients_log;

static int clients_probe(struct gdma_dev *gd)
{
	clients_log.probes++;
	clients_log.last = gd;
	if (clients_log.fail_with)
		return clients_log.fail_with;
	gdma_client_set_data(gd, &clients_log);
	return 0;
}

static void clients_remove(struct gdma_dev *gd)
{
	clients_log.removes++;
	clients_log.last = gd;
}

static void clients_event(struct gdma_dev *gd, const struct gdma_event *ev)
{
	if (clients_log.events < 8) {
		clients_log.ev_type[clients_log.events] = ev->type;
		clients_log.ev_d0[clients_log.events] = ev->details[0];
	}
	clients_log.events++;
}

static struct gdma_client clients_eth = {
	.name = "mana_bp_test_eth",
	.dev_type = GDMA_DEV_MANA,
	.probe = clients_probe,
	.remove = clients_remove,
};

/* a function with a MANA device and a MANA_IB device */
static struct gdma_context *clients_gc(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);

	memset(&clients_log, 0, sizeof(clients_log));
	gc->devs[0].gc = gc;
	gc->devs[0].type = GDMA_DEV_MANA_IB;
	gc->devs[1].gc = gc;
	gc->devs[1].type = GDMA_DEV_MANA;
	gc->num_devs = 2;
	return gc;
}

static void clients_function_after_client(struct kunit *test)
{
	struct gdma_context *gc = clients_gc(test);

	KUNIT_ASSERT_EQ(test, gdma_register_client(&clients_eth), 0);
	KUNIT_EXPECT_EQ(test, clients_log.probes, 0);
	gdma_attach_clients(gc);
	KUNIT_EXPECT_EQ(test, clients_log.probes, 1);
	KUNIT_EXPECT_PTR_EQ(test, clients_log.last, &gc->devs[1]);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[1].client, &clients_eth);
	KUNIT_EXPECT_PTR_EQ(test, gdma_client_data(&gc->devs[1]), (void *)&clients_log);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[0].client, (struct gdma_client *)NULL);
	gdma_detach_clients(gc);
	KUNIT_EXPECT_EQ(test, clients_log.removes, 1);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[1].client, (struct gdma_client *)NULL);
	KUNIT_EXPECT_PTR_EQ(test, gdma_client_data(&gc->devs[1]), NULL);
	gdma_unregister_client(&clients_eth);
	KUNIT_EXPECT_EQ(test, clients_log.removes, 1);
}

static void clients_client_after_function(struct kunit *test)
{
	struct gdma_context *gc = clients_gc(test);

	gdma_attach_clients(gc);
	KUNIT_EXPECT_EQ(test, clients_log.probes, 0);
	KUNIT_ASSERT_EQ(test, gdma_register_client(&clients_eth), 0);
	KUNIT_EXPECT_EQ(test, clients_log.probes, 1);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[1].client, &clients_eth);
	/* the client leaves first: removed from the device, the function stays */
	gdma_unregister_client(&clients_eth);
	KUNIT_EXPECT_EQ(test, clients_log.removes, 1);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[1].client, (struct gdma_client *)NULL);
	gdma_detach_clients(gc);
	KUNIT_EXPECT_EQ(test, clients_log.removes, 1);
}

static void clients_failed_probe_not_attached(struct kunit *test)
{
	struct gdma_context *gc = clients_gc(test);

	clients_log.fail_with = -EIO;
	KUNIT_ASSERT_EQ(test, gdma_register_client(&clients_eth), 0);
	gdma_attach_clients(gc);
	KUNIT_EXPECT_EQ(test, clients_log.probes, 1);
	KUNIT_EXPECT_PTR_EQ(test, gc->devs[1].client, (struct gdma_client *)NULL);
	gdma_detach_clients(gc);
	gdma_unregister_client(&clients_eth);
	KUNIT_EXPECT_EQ(test, clients_log.removes, 0);
}

/* vector 0 is the HWC's: data EQs are spread over 1 .. usable - 1 */
static void clients_eq_vector_spread(struct kunit *test)
{
	static const unsigned int want[] = { 1, 2, 3, 1, 2, 3, 1 };
	struct gdma_context *gc = env_gc(test);
	unsigned int i;

	gc->num_msix_usable = 4;
	for (i = 0; i < ARRAY_SIZE(want); i++)
		KUNIT_EXPECT_EQ_MSG(test, gdma_eq_vector(gc, i), want[i], "queue %u", i);
	gc->num_msix_usable = 2;
	KUNIT_EXPECT_EQ(test, gdma_eq_vector(gc, 0), 1u);
	KUNIT_EXPECT_EQ(test, gdma_eq_vector(gc, 5), 1u);
}

static void clients_find_dev_and_doorbell_page(struct kunit *test)
{
	struct gdma_context *gc = clients_gc(test);

	KUNIT_EXPECT_PTR_EQ(test, gdma_find_dev(gc, GDMA_DEV_MANA), &gc->devs[1]);
	KUNIT_EXPECT_PTR_EQ(test, gdma_find_dev(gc, GDMA_DEV_MANA_IB), &gc->devs[0]);
	KUNIT_EXPECT_PTR_EQ(test, gdma_find_dev(gc, GDMA_DEV_HWC), (struct gdma_dev *)NULL);
	KUNIT_EXPECT_PTR_EQ(test, gdma_dev_to_device(&gc->devs[1]), mana_bp_env(test)->dev);
	/* doorbell page n at BAR0 physical base + page 0 offset + n * page size */
	gc->bar0_pa = 0xfe000000;
	KUNIT_EXPECT_EQ(test, (u64)gdma_doorbell_page_phys(gc, 3), 0xfe000000ULL + 0x8000 + 0x3000);
	KUNIT_EXPECT_EQ(test, (u64)gdma_doorbell_page_phys(gc, 7), 0xfe000000ULL + 0xf000);
	KUNIT_EXPECT_EQ(test, (u64)gdma_doorbell_page_phys(gc, 8), 0ULL);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_page_size(gc), 4096u);
}

static struct gdma_client clients_eth_events = {
	.name = "mana_bp_test_eth_events",
	.dev_type = GDMA_DEV_MANA,
	.probe = clients_probe,
	.remove = clients_remove,
	.event = clients_event,
};

/*
 * Device events on the HWC EQ (spec 3.5.2): link items of SOC_RECONFIG_DATA (133 types 2/3)
 * and SOC_SERVICE (134) reach the attached client; the HWC-timeout item (133 type 1) is
 * consumed by the HWC, RESET_REQUEST (135) by the reset cycle (here one is already running,
 * so the request is folded into it); nothing reaches a client after it was removed.
 */
static void clients_device_events(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct gdma_context *gc = hw->gc;
	void *ring = hw->hwc->eq->ring;

	memset(&clients_log, 0, sizeof(clients_log));
	gc->devs[0].gc = gc;
	gc->devs[0].type = GDMA_DEV_MANA;
	gc->num_devs = 1;
	KUNIT_ASSERT_EQ(test, gdma_register_client(&clients_eth_events), 0);
	gdma_attach_clients(gc);
	KUNIT_EXPECT_EQ(test, clients_log.probes, 1);
	set_bit(GDMA_SVC_BUSY, &gc->svc_flags);

	dev_put_eqe(ring, 4096, hw->eq_k++, 133, FHW_ITEM(2, 0), 0, 0);	/* link up */
	dev_put_eqe(ring, 4096, hw->eq_k++, 133, FHW_ITEM(1, 4000), 0, 0);	/* HWC timeout */
	dev_put_eqe(ring, 4096, hw->eq_k++, 133, FHW_ITEM(3, 0), 0, 0);	/* link down */
	dev_put_eqe(ring, 4096, hw->eq_k++, 134, 1u << 28, 0, 0);		/* RDMA suspend */
	dev_put_eqe(ring, 4096, hw->eq_k++, 135, 0, 0, 0);			/* reset request */
	fhw_irq(hw);
	KUNIT_EXPECT_EQ(test, hw->hwc->timeout_ms, 4000u);
	KUNIT_ASSERT_EQ(test, clients_log.events, 3);
	KUNIT_EXPECT_EQ(test, clients_log.ev_type[0], 133u);
	KUNIT_EXPECT_EQ(test, clients_log.ev_d0[0], 0x02000000u);
	KUNIT_EXPECT_EQ(test, clients_log.ev_type[1], 133u);
	KUNIT_EXPECT_EQ(test, clients_log.ev_d0[1], 0x03000000u);
	KUNIT_EXPECT_EQ(test, clients_log.ev_type[2], 134u);
	KUNIT_EXPECT_EQ(test, clients_log.ev_d0[2], 0x10000000u);
	KUNIT_EXPECT_TRUE(test, test_bit(GDMA_SVC_EVENT, &gc->svc_flags));
	clear_bit(GDMA_SVC_EVENT, &gc->svc_flags);
	clear_bit(GDMA_SVC_BUSY, &gc->svc_flags);

	gdma_detach_clients(gc);
	KUNIT_EXPECT_EQ(test, clients_log.removes, 1);
	dev_put_eqe(ring, 4096, hw->eq_k++, 133, FHW_ITEM(2, 0), 0, 0);
	fhw_irq(hw);
	KUNIT_EXPECT_EQ(test, clients_log.events, 3);
	gdma_unregister_client(&clients_eth_events);
	fhw_down(hw);
}

static struct kunit_case clients_cases[] = {
	KUNIT_CASE(clients_function_after_client),
	KUNIT_CASE(clients_client_after_function),
	KUNIT_CASE(clients_failed_probe_not_attached),
	KUNIT_CASE(clients_eq_vector_spread),
	KUNIT_CASE(clients_find_dev_and_doorbell_page),
	KUNIT_CASE(clients_device_events),
	{}
};

struct kunit_suite mana_bp_clients_suite = {
	.name = "mana_bp_clients",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = clients_cases,
};
