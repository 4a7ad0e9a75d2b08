// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc VF glue (mana/glue/netvsc_glue.c, compiled into this file so its static
 * decision functions can be called): the pure decisions (MAC match, IFF_SLAVE priming,
 * the "not joined" verdict, the missed-join report), then the notifier with real
 * net_devices: a fake hv_netvsc NIC and a fake port whose parent devices are bound (by
 * hand) to a driver named "hv_netvsc" and to a stand-in for our PCI driver.
 * Expected behaviour: the header comment of mana/glue/netvsc_glue.c, whose A1..A5 (wait,
 * IFF_SLAVE priming, join, re-create after a missed join, "not joined" report) the cases
 * below name.
 */
#include <linux/device.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <kunit/test.h>

#include "../../mana/glue/netvsc_glue.c"
#include "test_env.h"

static const u8 glue_mac_a[ETH_ALEN] = { 0x00, 0x0d, 0x3a, 0x01, 0x02, 0x03 };
static const u8 glue_mac_b[ETH_ALEN] = { 0x00, 0x0d, 0x3a, 0x01, 0x02, 0x04 };
static const u8 glue_mac_zero[ETH_ALEN];

static void glue_mac_match_rules(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, glue_mac_match(glue_mac_a, ETH_ALEN, glue_mac_a, ETH_ALEN));
	KUNIT_EXPECT_FALSE(test, glue_mac_match(glue_mac_a, ETH_ALEN, glue_mac_b, ETH_ALEN));
	/* an address not set yet (perm_addr before register_netdevice copies it) */
	KUNIT_EXPECT_FALSE(test, glue_mac_match(glue_mac_zero, ETH_ALEN, glue_mac_zero, ETH_ALEN));
	/* not Ethernet-sized on either side */
	KUNIT_EXPECT_FALSE(test, glue_mac_match(glue_mac_a, 4, glue_mac_a, ETH_ALEN));
	KUNIT_EXPECT_FALSE(test, glue_mac_match(glue_mac_a, ETH_ALEN, glue_mac_a, 20));
}

static void glue_prime_rules(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, glue_should_prime(0, true));
	KUNIT_EXPECT_TRUE(test, glue_should_prime(IFF_BROADCAST | IFF_MULTICAST, true));
	/* no NIC with the port's MAC: never */
	KUNIT_EXPECT_FALSE(test, glue_should_prime(0, false));
	/* hv_netvsc of a fixed kernel (or anyone) set it already: idempotent */
	KUNIT_EXPECT_FALSE(test, glue_should_prime(IFF_SLAVE, true));
}

static void glue_judge_rules(struct kunit *test)
{
	struct glue_facts f = {
		.hyperv = true, .joined = false, .netvsc_has_mac = true,
		.age = 10 * HZ, .warn_after = 10 * HZ,
	};

	KUNIT_EXPECT_EQ(test, glue_judge(&f), GLUE_NOT_JOINED);
	f.age = 10 * HZ - 1;
	KUNIT_EXPECT_EQ(test, glue_judge(&f), GLUE_WAIT);
	f.age = 30 * HZ;
	f.joined = true;
	KUNIT_EXPECT_EQ(test, glue_judge(&f), GLUE_FINE);
	f.joined = false;
	f.netvsc_has_mac = false;
	KUNIT_EXPECT_EQ(test, glue_judge(&f), GLUE_NO_NETVSC);
	/* not a Hyper-V function (bare metal, the device model): nothing to say */
	f.hyperv = false;
	KUNIT_EXPECT_EQ(test, glue_judge(&f), GLUE_FINE);
	/* netvsc_warn_secs=0 turns the report off */
	f.hyperv = true;
	f.netvsc_has_mac = true;
	f.warn_after = 0;
	KUNIT_EXPECT_EQ(test, glue_judge(&f), GLUE_FINE);
}

static void glue_rejoin_rules(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, glue_rejoin_parse("off"), (int)GLUE_REJOIN_OFF);
	KUNIT_EXPECT_EQ(test, glue_rejoin_parse("log\n"), (int)GLUE_REJOIN_LOG);
	KUNIT_EXPECT_EQ(test, glue_rejoin_parse("act"), (int)GLUE_REJOIN_ACT);
	KUNIT_EXPECT_EQ(test, glue_rejoin_parse("yes"), (int)-EINVAL);
	KUNIT_EXPECT_EQ(test, glue_rejoin_parse(NULL), (int)-EINVAL);

	KUNIT_EXPECT_TRUE(test, glue_missed_join(GLUE_REJOIN_LOG, true, false, true));
	KUNIT_EXPECT_TRUE(test, glue_missed_join(GLUE_REJOIN_ACT, true, false, true));
	KUNIT_EXPECT_FALSE(test, glue_missed_join(GLUE_REJOIN_OFF, true, false, true));
	KUNIT_EXPECT_FALSE(test, glue_missed_join(GLUE_REJOIN_ACT, false, false, true));
	KUNIT_EXPECT_FALSE(test, glue_missed_join(GLUE_REJOIN_ACT, true, true, true));
	/* the NIC came first: hv_netvsc's own REGISTER handling was in charge */
	KUNIT_EXPECT_FALSE(test, glue_missed_join(GLUE_REJOIN_LOG, false, false, true));
	/* the late NIC's probe joined it (kernels with the probe-time scan) */
	KUNIT_EXPECT_FALSE(test, glue_missed_join(GLUE_REJOIN_LOG, true, true, true));
	/* the NIC went away again */
	KUNIT_EXPECT_FALSE(test, glue_missed_join(GLUE_REJOIN_LOG, true, false, false));

	KUNIT_EXPECT_STREQ(test, glue_state_name(true, true), "joined");
	KUNIT_EXPECT_STREQ(test, glue_state_name(false, true), "not-joined");
	KUNIT_EXPECT_STREQ(test, glue_state_name(false, false), "no-netvsc");
}

/* A1: how long a new port waits for its hv_netvsc NIC */
static void glue_wait_rules(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, glue_wait_parse("auto"), (int)GLUE_WAIT_AUTO);
	KUNIT_EXPECT_EQ(test, glue_wait_parse("off\n"), (int)GLUE_WAIT_OFF);
	KUNIT_EXPECT_EQ(test, glue_wait_parse("always"), (int)GLUE_WAIT_ALWAYS);
	KUNIT_EXPECT_EQ(test, glue_wait_parse("on"), (int)-EINVAL);
	KUNIT_EXPECT_EQ(test, glue_wait_parse(NULL), (int)-EINVAL);

	/* Hyper-V port, hv_netvsc loaded, its NIC not there yet: wait */
	KUNIT_EXPECT_EQ(test, glue_wait_decision(GLUE_WAIT_AUTO, true, true, false, 3000), 3000U);
	/* the NIC is there already (fixed kernels, or the usual boot order): no wait */
	KUNIT_EXPECT_EQ(test, glue_wait_decision(GLUE_WAIT_AUTO, true, true, true, 3000), 0U);
	/* no hv_netvsc driver (DPDK on uio_hv_generic, blacklisted): no NIC will come */
	KUNIT_EXPECT_EQ(test, glue_wait_decision(GLUE_WAIT_AUTO, true, false, false, 3000), 0U);
	/* not a Hyper-V function (bare metal, the device model) */
	KUNIT_EXPECT_EQ(test, glue_wait_decision(GLUE_WAIT_AUTO, false, true, false, 3000), 0U);
	/* the test switch: every port waits, still only while a driver may bring the NIC */
	KUNIT_EXPECT_EQ(test, glue_wait_decision(GLUE_WAIT_ALWAYS, false, true, false, 500), 500U);
	KUNIT_EXPECT_EQ(test, glue_wait_decision(GLUE_WAIT_ALWAYS, false, false, false, 500), 0U);
	KUNIT_EXPECT_EQ(test, glue_wait_decision(GLUE_WAIT_OFF, true, true, false, 3000), 0U);
	/* netvsc_wait_ms=0 */
	KUNIT_EXPECT_EQ(test, glue_wait_decision(GLUE_WAIT_AUTO, true, true, false, 0), 0U);
}

/* ---- real net_devices ---- */

static struct device_driver glue_fake_netvsc_drv = { .name = "hv_netvsc" };
static struct device_driver glue_fake_ours_drv = { .name = "mana_bp_glue_ours" };

static netdev_tx_t glue_fake_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops glue_fake_ops = {
	.ndo_start_xmit = glue_fake_xmit,
};

/*
 * a root device "bound" to @drv; the driver pointer is cleared again before it goes.
 * No owner module: KUnit may run before this module's sysfs directory exists.
 */
static struct device *glue_fake_parent(const char *name, struct device_driver *drv)
{
	struct device *dev = __root_device_register(name, NULL);

	if (!IS_ERR(dev))
		dev->driver = drv;
	return dev;
}

static void glue_fake_parent_put(struct device *dev)
{
	dev->driver = NULL;
	root_device_unregister(dev);
}

/* an Ethernet netdev with @mac under @parent, registered; NULL on failure */
static struct net_device *glue_fake_netdev(struct device *parent, const u8 *mac)
{
	struct net_device *ndev;

	ndev = alloc_netdev(0, "bpglue%d", NET_NAME_UNKNOWN, ether_setup);
	if (!ndev)
		return NULL;
	ndev->netdev_ops = &glue_fake_ops;
	SET_NETDEV_DEV(ndev, parent);
	eth_hw_addr_set(ndev, mac);
	if (register_netdev(ndev)) {
		free_netdev(ndev);
		return NULL;
	}
	return ndev;
}

static void glue_fake_netdev_put(struct net_device *ndev)
{
	unregister_netdev(ndev);
	free_netdev(ndev);
}

/* tracked, with how many references (1: only the list's, nothing queued) */
static unsigned int glue_port_refs(struct net_device *ndev)
{
	struct glue_port *port;
	unsigned int refs;

	rtnl_lock();
	port = glue_port_find(ndev);
	refs = port ? kref_read(&port->ref) : 0;
	rtnl_unlock();
	return refs;
}

/*
 * A NIC with MAC a exists: our port with MAC a is marked IFF_SLAVE by the time it is
 * registered, is reported "not joined" once old enough, and after it is linked under the
 * NIC it gets one "change" uevent and counts as joined. A port with MAC b is left alone.
 * Unregistering forgets the ports.
 */
static void glue_notifier_with_netdevs(struct kunit *test)
{
	struct net_device *netvsc = NULL, *port_a = NULL, *port_b = NULL;
	struct device *netvsc_parent, *ours_parent;
	struct glue_port *port;
	bool warned, joined;
	unsigned int announced;
	int err;

	netvsc_parent = glue_fake_parent("mana_bp_glue_netvsc", &glue_fake_netvsc_drv);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, netvsc_parent);
	ours_parent = glue_fake_parent("mana_bp_glue_ours", &glue_fake_ours_drv);
	if (IS_ERR(ours_parent)) {
		glue_fake_parent_put(netvsc_parent);
		KUNIT_FAIL(test, "root_device_register: %ld", PTR_ERR(ours_parent));
		return;
	}
	err = mana_netvsc_glue_register(&glue_fake_ours_drv, NULL);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (err)
		goto out_parents;

	netvsc = glue_fake_netdev(netvsc_parent, glue_mac_a);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, netvsc);
	if (!netvsc)
		goto out_glue;
	port_a = glue_fake_netdev(ours_parent, glue_mac_a);
	port_b = glue_fake_netdev(ours_parent, glue_mac_b);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, port_a);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, port_b);
	if (!port_a || !port_b)
		goto out_netdevs;

	/* A2: primed at POST_INIT (the fake NIC is not hv_netvsc: nobody else sets it) */
	KUNIT_EXPECT_TRUE(test, port_a->flags & IFF_SLAVE);
	KUNIT_EXPECT_FALSE(test, port_b->flags & IFF_SLAVE);
	KUNIT_EXPECT_FALSE(test, netvsc->flags & IFF_SLAVE);
#ifdef HAVE_IFF_NO_ADDRCONF
	/* 6.2+: addrconf only honours IFF_NO_ADDRCONF */
	KUNIT_EXPECT_TRUE(test, port_a->priv_flags & IFF_NO_ADDRCONF);
	KUNIT_EXPECT_FALSE(test, port_b->priv_flags & IFF_NO_ADDRCONF);
#endif
	/* both ports tracked, each with its pending verdict timer (netvsc_warn_secs=10) */
	KUNIT_EXPECT_EQ(test, glue_port_refs(port_a), 2U);
	KUNIT_EXPECT_EQ(test, glue_port_refs(port_b), 2U);
	KUNIT_EXPECT_EQ(test, glue_port_refs(netvsc), 0U);

	/* A5: 11 s old and not joined */
	rtnl_lock();
	port = glue_port_find(port_a);
	port->registered = jiffies - 11 * HZ;
	glue_report(port, NULL);
	warned = port->warned;
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, warned);

	/* A3: the NIC takes the port as its lower device */
	rtnl_lock();
	err = netdev_master_upper_dev_link(port_a, netvsc, NULL, NULL, NULL);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
	if (err)
		goto out_netdevs;
	flush_workqueue(glue_wq);
	rtnl_lock();
	port = glue_port_find(port_a);
	announced = port->announced;
	joined = glue_joined(port_a);
	glue_report(port, NULL);
	warned = port->warned;
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, announced, 1U);
	KUNIT_EXPECT_TRUE(test, joined);
	KUNIT_EXPECT_FALSE(test, warned);
	/* the announce work dropped its reference; the timer's is still there */
	KUNIT_EXPECT_EQ(test, glue_port_refs(port_a), 2U);

	rtnl_lock();
	netdev_upper_dev_unlink(port_a, netvsc);
	rtnl_unlock();

out_netdevs:
	if (port_b)
		glue_fake_netdev_put(port_b);
	if (port_a) {
		glue_fake_netdev_put(port_a);
		KUNIT_EXPECT_EQ(test, glue_port_refs(port_a), 0U);
	}
	if (netvsc)
		glue_fake_netdev_put(netvsc);
	rtnl_lock();
	KUNIT_EXPECT_TRUE(test, list_empty(&glue_ports));
	rtnl_unlock();
out_glue:
	mana_netvsc_glue_unregister();
out_parents:
	glue_fake_parent_put(ours_parent);
	glue_fake_parent_put(netvsc_parent);
}

/* stands in for 5.15's hv_netvsc: joins a same-MAC port from its own NETDEV_REGISTER */
static struct net_device *glue_early_master;

static int glue_early_join_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *ndev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_REGISTER && glue_early_master && ndev != glue_early_master &&
	    glue_is_ours(ndev) &&
	    glue_mac_match(ndev->perm_addr, ndev->addr_len,
			   glue_early_master->perm_addr, glue_early_master->addr_len))
		netdev_master_upper_dev_link(ndev, glue_early_master, NULL, NULL, NULL);
	return NOTIFY_DONE;
}

/* runs before the glue's notifier: the join comes before the glue saw NETDEV_REGISTER */
static struct notifier_block glue_early_join_nb = {
	.notifier_call = glue_early_join_event,
	.priority = 1,
};

/* a join from another NETDEV_REGISTER handler that runs first still gets its uevent */
static void glue_join_before_our_register(struct kunit *test)
{
	struct net_device *netvsc = NULL, *port_a = NULL;
	struct device *netvsc_parent, *ours_parent;
	unsigned int announced = 0;
	bool joined = false;
	int err;

	netvsc_parent = glue_fake_parent("mana_bp_glue_netvsc", &glue_fake_netvsc_drv);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, netvsc_parent);
	ours_parent = glue_fake_parent("mana_bp_glue_ours", &glue_fake_ours_drv);
	if (IS_ERR(ours_parent)) {
		glue_fake_parent_put(netvsc_parent);
		KUNIT_FAIL(test, "root_device_register: %ld", PTR_ERR(ours_parent));
		return;
	}
	err = mana_netvsc_glue_register(&glue_fake_ours_drv, NULL);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (err)
		goto out_parents;
	err = register_netdevice_notifier(&glue_early_join_nb);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (err)
		goto out_glue;

	netvsc = glue_fake_netdev(netvsc_parent, glue_mac_a);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, netvsc);
	if (!netvsc)
		goto out_notifier;
	glue_early_master = netvsc;
	port_a = glue_fake_netdev(ours_parent, glue_mac_a);
	glue_early_master = NULL;
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, port_a);
	if (!port_a)
		goto out_netdevs;

	flush_workqueue(glue_wq);
	rtnl_lock();
	joined = glue_joined(port_a);
	if (glue_port_find(port_a))
		announced = glue_port_find(port_a)->announced;
	netdev_upper_dev_unlink(port_a, netvsc);
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, joined);
	KUNIT_EXPECT_EQ(test, announced, 1U);
	KUNIT_EXPECT_TRUE(test, port_a->flags & IFF_SLAVE);
	glue_fake_netdev_put(port_a);

out_netdevs:
	glue_fake_netdev_put(netvsc);
out_notifier:
	unregister_netdevice_notifier(&glue_early_join_nb);
out_glue:
	mana_netvsc_glue_unregister();
out_parents:
	glue_fake_parent_put(ours_parent);
	glue_fake_parent_put(netvsc_parent);
}

/* what the glue asked the fake Ethernet layer to re-create */
static struct {
	unsigned int calls;
	struct device *dev;
	u32 port_idx;
	const struct net_device *old;
} glue_fake_recreated;

static int glue_fake_recreate(struct device *dev, u32 port_idx,
			      const struct net_device *old)
{
	glue_fake_recreated.calls++;
	glue_fake_recreated.dev = dev;
	glue_fake_recreated.port_idx = port_idx;
	glue_fake_recreated.old = old;
	return 0;
}

static const struct mana_netvsc_glue_ops glue_fake_ops_recreate = {
	.recreate = glue_fake_recreate,
};

/*
 * A4: a NIC registered after the port (netvsc_late) and did not join it: with
 * vf_rejoin=act the port is handed to the Ethernet layer once (by parent device and
 * dev_port), the flag is consumed, and more than GLUE_REJOIN_BURST re-creations a minute
 * are refused. A joined port or one without its NIC is never re-created; A1's ready()
 * follows the NIC.
 */
static void glue_rejoin_act(struct kunit *test)
{
	struct net_device *netvsc = NULL, *port_a = NULL;
	struct device *netvsc_parent, *ours_parent;
	struct glue_rejoin_req req;
	struct glue_port *port;
	bool ready, late;
	int err, i;

	netvsc_parent = glue_fake_parent("mana_bp_glue_netvsc", &glue_fake_netvsc_drv);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, netvsc_parent);
	ours_parent = glue_fake_parent("mana_bp_glue_ours", &glue_fake_ours_drv);
	if (IS_ERR(ours_parent)) {
		glue_fake_parent_put(netvsc_parent);
		KUNIT_FAIL(test, "root_device_register: %ld", PTR_ERR(ours_parent));
		return;
	}
	err = mana_netvsc_glue_register(&glue_fake_ours_drv, &glue_fake_ops_recreate);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (err)
		goto out_parents;
	KUNIT_EXPECT_EQ(test, glue_rejoin, (int)GLUE_REJOIN_ACT);	/* the default */
	memset(&glue_fake_recreated, 0, sizeof(glue_fake_recreated));
	ratelimit_state_init(&glue_rejoin_rs, 60 * HZ, GLUE_REJOIN_BURST);

	/* the port first: no NIC, so not ready */
	port_a = glue_fake_netdev(ours_parent, glue_mac_a);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, port_a);
	if (!port_a)
		goto out_glue;
	port_a->dev_port = 1;
	rtnl_lock();
	ready = mana_netvsc_glue_ready(port_a);
	rtnl_unlock();
	KUNIT_EXPECT_FALSE(test, ready);

	/* the late NIC: marks the port, A1 would register now */
	netvsc = glue_fake_netdev(netvsc_parent, glue_mac_a);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, netvsc);
	if (!netvsc)
		goto out_port;
	rtnl_lock();
	ready = mana_netvsc_glue_ready(port_a);
	port = glue_port_find(port_a);
	late = port && port->netvsc_late;
	memset(&req, 0, sizeof(req));
	if (port)
		glue_report(port, &req);
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, ready);
	KUNIT_EXPECT_TRUE(test, late);
	KUNIT_EXPECT_PTR_EQ(test, req.dev, ours_parent);
	KUNIT_EXPECT_EQ(test, req.port_idx, 1U);
	KUNIT_EXPECT_PTR_EQ(test, req.old, (const struct net_device *)port_a);
	if (req.dev)
		glue_rejoin_do(&req);
	KUNIT_EXPECT_EQ(test, glue_fake_recreated.calls, 1U);
	KUNIT_EXPECT_PTR_EQ(test, glue_fake_recreated.dev, ours_parent);
	KUNIT_EXPECT_EQ(test, glue_rejoins, 1U);

	/* consumed: the next verdict of the same port does not re-create again */
	rtnl_lock();
	memset(&req, 0, sizeof(req));
	port = glue_port_find(port_a);
	if (port)
		glue_report(port, &req);
	rtnl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, req.dev, (struct device *)NULL);

	/* rate limit: GLUE_REJOIN_BURST a minute, one used above */
	for (i = 0; i < GLUE_REJOIN_BURST + 2; i++) {
		rtnl_lock();
		memset(&req, 0, sizeof(req));
		port = glue_port_find(port_a);
		if (port) {
			port->netvsc_late = true;
			glue_report(port, &req);
		}
		rtnl_unlock();
		if (req.dev)
			glue_rejoin_do(&req);
	}
	KUNIT_EXPECT_EQ(test, glue_fake_recreated.calls, (unsigned int)GLUE_REJOIN_BURST);

	/* joined: nothing to repair */
	ratelimit_state_init(&glue_rejoin_rs, 60 * HZ, GLUE_REJOIN_BURST);
	rtnl_lock();
	err = netdev_master_upper_dev_link(port_a, netvsc, NULL, NULL, NULL);
	memset(&req, 0, sizeof(req));
	port = glue_port_find(port_a);
	if (port) {
		port->netvsc_late = true;
		glue_report(port, &req);
	}
	if (!err)
		netdev_upper_dev_unlink(port_a, netvsc);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_PTR_EQ(test, req.dev, (struct device *)NULL);

	glue_fake_netdev_put(netvsc);
	/* the NIC went away during the grace: nothing either */
	rtnl_lock();
	memset(&req, 0, sizeof(req));
	port = glue_port_find(port_a);
	if (port) {
		port->netvsc_late = true;
		glue_report(port, &req);
	}
	ready = mana_netvsc_glue_ready(port_a);
	rtnl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, req.dev, (struct device *)NULL);
	KUNIT_EXPECT_FALSE(test, ready);
	flush_workqueue(glue_wq);

out_port:
	glue_fake_netdev_put(port_a);
out_glue:
	mana_netvsc_glue_unregister();
out_parents:
	glue_fake_parent_put(ours_parent);
	glue_fake_parent_put(netvsc_parent);
}

static struct kunit_case glue_cases[] = {
	KUNIT_CASE(glue_mac_match_rules),
	KUNIT_CASE(glue_prime_rules),
	KUNIT_CASE(glue_judge_rules),
	KUNIT_CASE(glue_rejoin_rules),
	KUNIT_CASE(glue_wait_rules),
	KUNIT_CASE(glue_notifier_with_netdevs),
	KUNIT_CASE(glue_join_before_our_register),
	KUNIT_CASE(glue_rejoin_act),
	{}
};

struct kunit_suite mana_bp_netvsc_glue_suite = {
	.name = "mana_bp_netvsc_glue",
	.test_cases = glue_cases,
};
