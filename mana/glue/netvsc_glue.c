// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_netvsc VF glue.
 *
 * On Hyper-V every port of ours that carries Accelerated Networking is the VF
 * of a synthetic NIC (an hv_netvsc netdev with the same permanent MAC), and
 * hv_netvsc's own netdevice notifier makes the port a lower device of that
 * NIC ("joins" it). The in-tree hv_netvsc of older stable kernels gets parts
 * of this wrong (upstream drivers/net/hyperv/netvsc_drv.c: the joining in
 * netvsc_netdev_event() and netvsc_register_vf(), IFF_SLAVE before user space
 * sees the VF in netvsc_prepare_bonding(), added after 6.1). Without touching
 * hv_netvsc or the Ethernet layer, this notifier
 *  - sets IFF_SLAVE on a port before user space is told about it
 *    (NETDEV_POST_INIT) when an hv_netvsc netdev has the port's MAC, so udev
 *    rules keyed on the flag leave the VF unmanaged (kernels that do this
 *    themselves have already set it: nothing changes there), and on 6.2+
 *    also IFF_NO_ADDRCONF, so the VF gets no IPv6 address of its own;
 *  - sends a "change" uevent for a port once it is joined, so rules that ran
 *    on "add" before the join see the final flags;
 *  - reports a port that is still not joined some seconds after it
 *    registered (the accelerated path is then unused), and a Hyper-V port
 *    whose MAC no hv_netvsc netdev has;
 *  - repairs a missed join (A4): an hv_netvsc netdev with the port's MAC that
 *    registered after the port and did not join it within a short grace
 *    (kernels without the probe-time scan: a netvsc rebind, a late probe, a
 *    module reload). vf_rejoin=act has the Ethernet layer re-create that one
 *    port (a fresh NETDEV_REGISTER, which hv_netvsc's notifier acts on), at
 *    most once per such registration and a few times a minute overall, and
 *    never a port with IPv4 addresses of its own (user space configured it);
 *    vf_rejoin=log only says what it would do;
 *  - gates port registration (A1): mana_netvsc_glue_wait_ms() tells the
 *    Ethernet layer how long a port of a Hyper-V function may wait for its
 *    hv_netvsc NIC before it registers, mana_netvsc_glue_ready() whether the
 *    NIC is there now (the Ethernet layer does the waiting, from a work item);
 *    on kernels whose hv_netvsc can join in any order this costs nothing: the
 *    NIC already exists. netvsc_wait=always applies the gate to every port
 *    (tests on the software device, which is not on a VMBus; the hv_netvsc
 *    driver is then looked for on the platform bus, where the test stand-in
 *    tests/netvsc-standin lives);
 *  - lists each port's join state in <debugfs>/<module>_netvsc/ports, and
 *    the number of ports re-created for a missed join in .../rejoins.
 *
 * Ports are recognised by their parent device's driver (ours, given by
 * mana/main.c), hv_netvsc netdevs by their parent's driver name.
 *
 * Locking: the port list and port->ndev are protected by rtnl (notifiers run
 * under it). Work items take rtnl themselves; nothing ever waits for them
 * with rtnl held: an unregistering port only cancels its timer and drops its
 * reference, and module exit drains the workqueue after the notifier is
 * gone, without rtnl.
 */
#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/kobject.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/platform_device.h>
#include <linux/ratelimit.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include <compat/net.h>

#include "netvsc_glue.h"

#define GLUE_NETVSC_DRIVER	"hv_netvsc"
#define GLUE_VMBUS_BUS		"vmbus"
/* from a late netvsc's registration to the missed-join verdict */
#define GLUE_REJOIN_GRACE	(2 * HZ)
/* port re-creations allowed per minute, all ports together */
#define GLUE_REJOIN_BURST	4

static unsigned int netvsc_warn_secs = 10;
module_param(netvsc_warn_secs, uint, 0644);
MODULE_PARM_DESC(netvsc_warn_secs,
		 "Seconds after a port registers before it is reported as not joined to its hv_netvsc NIC (0: never)");

static char *vf_rejoin = "act";
module_param(vf_rejoin, charp, 0444);
MODULE_PARM_DESC(vf_rejoin,
		 "hv_netvsc NIC registered after its VF and did not join it: act (re-create the port so it joins), log (only say so) or off");

static char *netvsc_wait = "auto";
module_param(netvsc_wait, charp, 0444);
MODULE_PARM_DESC(netvsc_wait,
		 "Hold back a port's registration until its hv_netvsc NIC exists: auto (Hyper-V functions while an hv_netvsc driver is loaded), off, or always (tests: every port; the driver is looked for on the platform bus)");

static unsigned int netvsc_wait_ms = 3000;
module_param(netvsc_wait_ms, uint, 0644);
MODULE_PARM_DESC(netvsc_wait_ms,
		 "Longest wait (ms) of a port for its hv_netvsc NIC before it registers unjoined (0: never wait)");

/* ---- decisions (pure: no netdevs, no locks) ---- */

enum glue_rejoin_mode {
	GLUE_REJOIN_OFF,
	GLUE_REJOIN_LOG,
	GLUE_REJOIN_ACT,
};

/* vf_rejoin's value as a mode, or -EINVAL */
static int glue_rejoin_parse(const char *s)
{
	if (!s)
		return -EINVAL;
	if (sysfs_streq(s, "off"))
		return GLUE_REJOIN_OFF;
	if (sysfs_streq(s, "log"))
		return GLUE_REJOIN_LOG;
	if (sysfs_streq(s, "act"))
		return GLUE_REJOIN_ACT;
	return -EINVAL;
}

enum glue_wait_mode {
	GLUE_WAIT_OFF,
	GLUE_WAIT_AUTO,
	GLUE_WAIT_ALWAYS,
};

/* netvsc_wait's value as a mode, or -EINVAL */
static int glue_wait_parse(const char *s)
{
	if (!s)
		return -EINVAL;
	if (sysfs_streq(s, "off"))
		return GLUE_WAIT_OFF;
	if (sysfs_streq(s, "auto"))
		return GLUE_WAIT_AUTO;
	if (sysfs_streq(s, "always"))
		return GLUE_WAIT_ALWAYS;
	return -EINVAL;
}

/**
 * glue_wait_decision() - how long a new port may wait for its hv_netvsc NIC
 * @mode: enum glue_wait_mode
 * @hyperv: the port's function is a Hyper-V vPCI device
 * @netvsc_driver: an hv_netvsc driver is registered (else no NIC will come)
 * @netvsc_has_mac: a NIC with the port's MAC exists already
 * @wait_ms: netvsc_wait_ms
 *
 * Return: milliseconds to wait at most; 0 registers the port at once.
 */
static unsigned int glue_wait_decision(int mode, bool hyperv, bool netvsc_driver,
				       bool netvsc_has_mac, unsigned int wait_ms)
{
	if (mode == GLUE_WAIT_OFF || netvsc_has_mac || !netvsc_driver)
		return 0;
	if (mode == GLUE_WAIT_AUTO && !hyperv)
		return 0;
	return wait_ms;
}

/* two hardware addresses of the same Ethernet port (an all-zero one is unset) */
static bool glue_mac_match(const u8 *a, unsigned int a_len,
			   const u8 *b, unsigned int b_len)
{
	return a_len == ETH_ALEN && b_len == ETH_ALEN &&
	       memchr_inv(a, 0, ETH_ALEN) && !memcmp(a, b, ETH_ALEN);
}

/* set IFF_SLAVE on a port about to be exposed? (never twice, never without a NIC) */
static bool glue_should_prime(unsigned int port_flags, bool netvsc_has_mac)
{
	return netvsc_has_mac && !(port_flags & IFF_SLAVE);
}

enum glue_verdict {
	GLUE_FINE,		/* joined, or nothing to report */
	GLUE_WAIT,		/* too early to judge */
	GLUE_NOT_JOINED,	/* an hv_netvsc NIC has the port's MAC, no join */
	GLUE_NO_NETVSC,		/* Hyper-V port, no hv_netvsc NIC has its MAC */
};

/**
 * struct glue_facts - what the join verdict is made from
 * @hyperv: the port's PCI function sits on a VMBus (Hyper-V vPCI)
 * @joined: the port's master is an hv_netvsc netdev
 * @netvsc_has_mac: an hv_netvsc netdev's permanent MAC is the port's
 * @age: jiffies since the port registered
 * @warn_after: jiffies a port may take to be joined; 0 means never report
 */
struct glue_facts {
	bool hyperv;
	bool joined;
	bool netvsc_has_mac;
	unsigned long age;
	unsigned long warn_after;
};

static enum glue_verdict glue_judge(const struct glue_facts *f)
{
	if (f->joined || !f->warn_after)
		return GLUE_FINE;
	if (f->age < f->warn_after)
		return GLUE_WAIT;
	if (f->netvsc_has_mac)
		return GLUE_NOT_JOINED;
	return f->hyperv ? GLUE_NO_NETVSC : GLUE_FINE;
}

/* a NIC that registered after its port has not joined it within the grace */
static bool glue_missed_join(int mode, bool netvsc_late, bool joined,
			     bool netvsc_has_mac)
{
	return mode != GLUE_REJOIN_OFF && netvsc_late && !joined &&
	       netvsc_has_mac;
}

static const char *glue_state_name(bool joined, bool netvsc_has_mac)
{
	if (joined)
		return "joined";
	return netvsc_has_mac ? "not-joined" : "no-netvsc";
}

/* ---- tracked ports ---- */

/**
 * struct glue_port - one of our ports, from NETDEV_REGISTER to NETDEV_UNREGISTER
 * @node: in glue_ports (rtnl)
 * @ref: one for the list, one per queued work item
 * @ndev: the port; NULL once it unregistered (rtnl)
 * @registered: jiffies at NETDEV_REGISTER
 * @check: the join verdicts (A5 report, missed-join report)
 * @announce: "change" uevent after a join
 * @netvsc_late: a same-MAC hv_netvsc NIC registered after the port
 * @warned: the current "not joined" state has been reported
 * @announced: "change" uevents sent after joins (rtnl)
 */
struct glue_port {
	struct list_head node;
	struct kref ref;
	struct net_device *ndev;
	unsigned long registered;
	struct delayed_work check;
	struct work_struct announce;
	bool netvsc_late;
	bool warned;
	unsigned int announced;
};

/**
 * struct glue_rejoin_req - a port to re-create, taken out of rtnl
 * @dev: the port's parent device (a reference), NULL when there is nothing to do
 * @port_idx: the port's index on it (its dev_port, set by the Ethernet layer)
 * @old: the netdev to replace (compared by the Ethernet layer, never dereferenced)
 * @name: its name, for the messages
 */
struct glue_rejoin_req {
	struct device *dev;
	u32 port_idx;
	const struct net_device *old;
	char name[IFNAMSIZ];
};

static const struct device_driver *glue_ours;
static const struct mana_netvsc_glue_ops *glue_ops;
static LIST_HEAD(glue_ports);
static struct workqueue_struct *glue_wq;
static struct dentry *glue_debugfs;
static int glue_rejoin = GLUE_REJOIN_ACT;
static int glue_wait = GLUE_WAIT_AUTO;
static u32 glue_rejoins;	/* ports re-created (debugfs) */
static DEFINE_RATELIMIT_STATE(glue_rejoin_rs, 60 * HZ, GLUE_REJOIN_BURST);

static const struct device_driver *glue_parent_driver(const struct net_device *ndev)
{
	const struct device *parent = ndev->dev.parent;

	return parent ? READ_ONCE(parent->driver) : NULL;
}

static bool glue_is_ours(const struct net_device *ndev)
{
	return glue_ours && glue_parent_driver(ndev) == glue_ours;
}

static bool glue_is_netvsc(const struct net_device *ndev)
{
	const struct device_driver *drv = glue_parent_driver(ndev);

	return drv && drv->name && !strcmp(drv->name, GLUE_NETVSC_DRIVER);
}

/* the VMBus device above a port's parent (a Hyper-V vPCI function), or NULL */
static const struct device *glue_vmbus_dev(const struct net_device *ndev)
{
	const struct device *d;

	for (d = ndev->dev.parent; d; d = d->parent)
		if (d->bus && d->bus->name && !strcmp(d->bus->name, GLUE_VMBUS_BUS))
			return d;
	return NULL;
}

static bool glue_on_vmbus(const struct net_device *ndev)
{
	return glue_vmbus_dev(ndev);
}

/*
 * the hv_netvsc netdev (any namespace) whose permanent MAC is @addr; a second
 * one with that MAC is reported (hv_netvsc joins the VF to the first it finds)
 */
static struct net_device *glue_find_netvsc(const u8 *addr, unsigned int len)
{
	struct net_device *dev, *found = NULL, *twin = NULL;
	struct net *net;

	ASSERT_RTNL();
	rcu_read_lock();
	for_each_net_rcu(net) {
		for_each_netdev_rcu(net, dev) {
			if (dev->type != ARPHRD_ETHER || !glue_is_netvsc(dev) ||
			    !glue_mac_match(dev->perm_addr, dev->addr_len, addr, len))
				continue;
			if (found) {
				twin = dev;
				goto out_unlock;
			}
			found = dev;
		}
	}
out_unlock:
	rcu_read_unlock();
	if (twin)
		pr_warn_ratelimited("%s: hv_netvsc NICs %s and %s both have MAC %pM; the VF joins one of them only\n",
				    KBUILD_MODNAME, found->name, twin->name, addr);
	/* valid after the unlock: netdevs unregister under rtnl only */
	return found;
}

static bool glue_joined(struct net_device *ndev)
{
	struct net_device *master = netdev_master_upper_dev_get(ndev);

	return master && glue_is_netvsc(master);
}

static struct glue_port *glue_port_find(const struct net_device *ndev)
{
	struct glue_port *port;

	list_for_each_entry(port, &glue_ports, node)
		if (port->ndev == ndev)
			return port;
	return NULL;
}

static void glue_port_release(struct kref *ref)
{
	kfree(container_of(ref, struct glue_port, ref));
}

static void glue_port_put(struct glue_port *port)
{
	kref_put(&port->ref, glue_port_release);
}

/* (re)arm the verdict timer; the timer holds a reference while pending */
static void glue_queue_check(struct glue_port *port, unsigned long delay)
{
	kref_get(&port->ref);
	if (mod_delayed_work(glue_wq, &port->check, delay))
		glue_port_put(port);	/* was pending: it has its reference */
}

/* user space gave the port an IPv4 address of its own (rtnl held) */
static bool glue_has_ipv4(struct net_device *ndev)
{
	struct in_device *in_dev = __in_dev_get_rtnl(ndev);

	return in_dev && rtnl_dereference(in_dev->ifa_list);
}

/* take the port out for re-creation (glue_rejoin_do(), without rtnl) */
static void glue_rejoin_take(struct glue_port *port, struct net_device *netvsc,
			     struct glue_rejoin_req *req)
{
	struct net_device *ndev = port->ndev;

	if (!req || !glue_ops || !glue_ops->recreate || !ndev->dev.parent)
		return;
	/* a configured interface is somebody's: re-creating it would lose that */
	if (glue_has_ipv4(ndev)) {
		netdev_warn(ndev, "vf_rejoin=act: netvsc %s registered after VF %s and did not join it, but %s has IPv4 addresses of its own: not re-creating it (remove them, or reload mana)\n",
			    netvsc->name, ndev->name, ndev->name);
		return;
	}
	if (!__ratelimit(&glue_rejoin_rs)) {
		netdev_warn(ndev, "vf_rejoin=act: more than %d port re-creations a minute; not re-creating %s for netvsc %s\n",
			    GLUE_REJOIN_BURST, ndev->name, netvsc->name);
		return;
	}
	netdev_warn(ndev, "vf_rejoin=act: netvsc %s registered after VF %s and did not join it; re-creating %s\n",
		    netvsc->name, ndev->name, ndev->name);
	req->dev = get_device(ndev->dev.parent);
	req->port_idx = ndev->dev_port;
	req->old = ndev;
	strscpy(req->name, ndev->name, sizeof(req->name));
}

static void glue_rejoin_do(struct glue_rejoin_req *req)
{
	int err = glue_ops->recreate(req->dev, req->port_idx, req->old);

	if (err)
		dev_warn(req->dev, "vf_rejoin=act: port %u (%s) not re-created: %d\n",
			 req->port_idx, req->name, err);
	else
		glue_rejoins++;
	put_device(req->dev);
}

static void glue_report(struct glue_port *port, struct glue_rejoin_req *req)
{
	struct net_device *ndev = port->ndev;
	struct net_device *netvsc;
	struct glue_facts f;

	ASSERT_RTNL();
	netvsc = glue_find_netvsc(ndev->perm_addr, ndev->addr_len);
	f.hyperv = glue_on_vmbus(ndev);
	f.joined = glue_joined(ndev);
	f.netvsc_has_mac = netvsc;
	f.age = jiffies - port->registered;
	f.warn_after = (unsigned long)READ_ONCE(netvsc_warn_secs) * HZ;

	switch (glue_judge(&f)) {
	case GLUE_WAIT:
		glue_queue_check(port, f.warn_after - f.age);
		break;
	case GLUE_NOT_JOINED:
		if (!port->warned)
			netdev_warn(ndev, "accelerated path NOT in use: VF %s not joined to netvsc %s\n",
				    ndev->name, netvsc->name);
		port->warned = true;
		break;
	case GLUE_NO_NETVSC:
		if (!port->warned)
			netdev_warn(ndev, "no hv_netvsc interface has MAC %pM: VF %s has no synthetic NIC to join\n",
				    ndev->perm_addr, ndev->name);
		port->warned = true;
		break;
	case GLUE_FINE:
		if (port->warned && f.joined)
			netdev_info(ndev, "VF %s now joined to %s\n", ndev->name,
				    netdev_master_upper_dev_get(ndev)->name);
		port->warned = false;
		break;
	}

	if (glue_missed_join(glue_rejoin, port->netvsc_late, f.joined, f.netvsc_has_mac)) {
		if (glue_rejoin == GLUE_REJOIN_ACT)
			glue_rejoin_take(port, netvsc, req);
		else
			netdev_warn(ndev, "vf_rejoin=log: netvsc %s registered after VF %s and did not join it; re-registering %s would let it join (not done)\n",
				    netvsc->name, ndev->name, ndev->name);
	}
	port->netvsc_late = false;
}

static void glue_check_work(struct work_struct *work)
{
	struct glue_port *port = container_of(to_delayed_work(work),
					      struct glue_port, check);
	struct glue_rejoin_req req = {};

	rtnl_lock();
	if (port->ndev)
		glue_report(port, &req);
	rtnl_unlock();
	if (req.dev)
		glue_rejoin_do(&req);
	glue_port_put(port);
}

static void glue_announce_work(struct work_struct *work)
{
	struct glue_port *port = container_of(work, struct glue_port, announce);

	rtnl_lock();
	if (port->ndev) {
		kobject_uevent(&port->ndev->dev.kobj, KOBJ_CHANGE);
		port->announced++;
	}
	rtnl_unlock();
	glue_port_put(port);
}

/* NETDEV_POST_INIT of a port: still unknown to user space; perm_addr not yet set */
static void glue_port_prime(struct net_device *ndev)
{
	struct net_device *netvsc = glue_find_netvsc(ndev->dev_addr, ndev->addr_len);

	if (!netvsc)
		return;
	/*
	 * 6.2 to 6.15 hv_netvsc sets only IFF_SLAVE, which addrconf no longer
	 * honours there: the VF got an IPv6 link-local address. Set the flag
	 * that kernel looks at (a no-op where IFF_SLAVE still does the job).
	 */
	mana_compat_no_addrconf(ndev);
	if (!glue_should_prime(ndev->flags, true))
		return;
	ndev->flags |= IFF_SLAVE;
	netdev_info(ndev, "VF of %s: marked IFF_SLAVE before user space sees it\n",
		    netvsc->name);
}

/* start tracking a port (once); returns it, or NULL without memory */
static struct glue_port *glue_port_add(struct net_device *ndev)
{
	struct glue_port *port = glue_port_find(ndev);

	if (port)
		return port;
	port = kzalloc_obj(*port, GFP_KERNEL);
	if (!port)
		return NULL;
	kref_init(&port->ref);
	port->ndev = ndev;
	port->registered = jiffies;
	INIT_DELAYED_WORK(&port->check, glue_check_work);
	INIT_WORK(&port->announce, glue_announce_work);
	list_add_tail(&port->node, &glue_ports);
	if (READ_ONCE(netvsc_warn_secs))
		glue_queue_check(port, (unsigned long)READ_ONCE(netvsc_warn_secs) * HZ);
	return port;
}

static void glue_port_del(struct net_device *ndev)
{
	struct glue_port *port = glue_port_find(ndev);

	if (!port)
		return;
	list_del(&port->node);
	port->ndev = NULL;
	/* a running work item sees ndev == NULL (it holds rtnl to look) */
	if (cancel_delayed_work(&port->check))
		glue_port_put(port);
	glue_port_put(port);
}

static void glue_port_changeupper(struct net_device *ndev,
				  const struct netdev_notifier_changeupper_info *info)
{
	struct glue_port *port;

	if (!info->linking || !info->master || !glue_is_netvsc(info->upper_dev))
		return;
	/*
	 * 5.15's hv_netvsc joins from its own NETDEV_REGISTER handler, which may
	 * run before ours: the port can be unknown here yet.
	 */
	port = glue_port_add(ndev);
	if (!port)
		return;
	kref_get(&port->ref);
	if (!queue_work(glue_wq, &port->announce))
		glue_port_put(port);
}

/* NETDEV_REGISTER of an hv_netvsc NIC: did it come after an unjoined port of its MAC? */
static void glue_netvsc_registered(struct net_device *netvsc)
{
	struct glue_port *port;

	if (glue_rejoin == GLUE_REJOIN_OFF)
		return;
	list_for_each_entry(port, &glue_ports, node) {
		if (!glue_mac_match(port->ndev->perm_addr, port->ndev->addr_len,
				    netvsc->perm_addr, netvsc->addr_len) ||
		    glue_joined(port->ndev))
			continue;
		port->netvsc_late = true;
		glue_queue_check(port, GLUE_REJOIN_GRACE);
	}
}

static int glue_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *ndev = netdev_notifier_info_to_dev(ptr);

	if (ndev->type != ARPHRD_ETHER)
		return NOTIFY_DONE;
	if (glue_is_netvsc(ndev)) {
		if (event == NETDEV_REGISTER)
			glue_netvsc_registered(ndev);
		return NOTIFY_DONE;
	}
	if (!glue_is_ours(ndev))
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_POST_INIT:
		glue_port_prime(ndev);
		break;
	case NETDEV_REGISTER:
		glue_port_add(ndev);
		break;
	case NETDEV_CHANGEUPPER:
		glue_port_changeupper(ndev, ptr);
		break;
	case NETDEV_UNREGISTER:
		glue_port_del(ndev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block glue_nb = {
	.notifier_call = glue_netdev_event,
};

static int glue_ports_show(struct seq_file *s, void *unused)
{
	struct glue_port *port;

	rtnl_lock();
	list_for_each_entry(port, &glue_ports, node) {
		struct net_device *ndev = port->ndev;
		struct net_device *master = netdev_master_upper_dev_get(ndev);
		struct net_device *netvsc;

		netvsc = glue_find_netvsc(ndev->perm_addr, ndev->addr_len);
		seq_printf(s, "%s %pM %s master=%s netvsc=%s announced=%u\n",
			   ndev->name, ndev->perm_addr,
			   glue_state_name(glue_joined(ndev), netvsc),
			   master ? master->name : "-",
			   netvsc ? netvsc->name : "-", port->announced);
	}
	rtnl_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(glue_ports);

/* an hv_netvsc driver is registered where the port's NIC would come from */
static bool glue_netvsc_driver(const struct net_device *ndev, int mode)
{
	const struct device *vmbus = glue_vmbus_dev(ndev);

	if (vmbus)
		return driver_find(GLUE_NETVSC_DRIVER, vmbus->bus);
	/* tests: the stand-in is a platform driver */
	return mode == GLUE_WAIT_ALWAYS &&
	       driver_find(GLUE_NETVSC_DRIVER, &platform_bus_type);
}

/**
 * mana_netvsc_glue_wait_ms() - how long a new port may wait for its hv_netvsc NIC
 * @ndev: the port, allocated with its MAC and parent set, not registered
 *
 * The Ethernet layer registers the port at once when this is 0, else when
 * mana_netvsc_glue_ready() says so or this many milliseconds have passed.
 * Context: process; takes rtnl.
 *
 * Return: milliseconds, 0 for "register now".
 */
unsigned int mana_netvsc_glue_wait_ms(struct net_device *ndev)
{
	bool hyperv = glue_on_vmbus(ndev), driver, has_mac;
	unsigned int ms, max = READ_ONCE(netvsc_wait_ms);

	driver = glue_netvsc_driver(ndev, glue_wait);
	rtnl_lock();
	has_mac = glue_find_netvsc(ndev->dev_addr, ndev->addr_len);
	rtnl_unlock();
	ms = glue_wait_decision(glue_wait, hyperv, driver, has_mac, max);
	if (ms)
		dev_info(ndev->dev.parent, "port %u (MAC %pM): waiting up to %u ms for its hv_netvsc NIC before registering\n",
			 ndev->dev_port, ndev->dev_addr, ms);
	else if (max && !has_mac && !driver &&
		 (hyperv || glue_wait == GLUE_WAIT_ALWAYS))
		dev_info(ndev->dev.parent, "port %u (MAC %pM): no hv_netvsc driver loaded, registering without waiting for a NIC\n",
			 ndev->dev_port, ndev->dev_addr);
	return ms;
}

/**
 * mana_netvsc_glue_ready() - the hv_netvsc NIC of a waiting port exists
 * @ndev: the port, not registered
 *
 * Context: rtnl held (the Ethernet layer registers the port in the same
 * section, so the NIC cannot go away in between).
 *
 * Return: true when the port should register now.
 */
bool mana_netvsc_glue_ready(struct net_device *ndev)
{
	return glue_find_netvsc(ndev->dev_addr, ndev->addr_len);
}

/**
 * mana_netvsc_glue_register() - start watching our ports and hv_netvsc NICs
 * @ours: the driver our ports' parent devices are bound to
 * @ops: what the glue may ask of the Ethernet layer (NULL: nothing, so
 *	vf_rejoin=act only reports)
 *
 * Call before the driver can register ports (so their NETDEV_POST_INIT is
 * seen). Context: process, rtnl not held.
 *
 * Return: 0 or a negative errno.
 */
int mana_netvsc_glue_register(const struct device_driver *ours,
			      const struct mana_netvsc_glue_ops *ops)
{
	int mode = glue_rejoin_parse(vf_rejoin);
	int err;

	if (mode < 0) {
		pr_warn("%s: vf_rejoin=%s not understood (act|log|off); using act\n",
			KBUILD_MODNAME, vf_rejoin);
		mode = GLUE_REJOIN_ACT;
	}
	glue_rejoin = mode;
	mode = glue_wait_parse(netvsc_wait);
	if (mode < 0) {
		pr_warn("%s: netvsc_wait=%s not understood (auto|always|off); using auto\n",
			KBUILD_MODNAME, netvsc_wait);
		mode = GLUE_WAIT_AUTO;
	}
	glue_wait = mode;
	glue_ops = ops;
	glue_wq = alloc_workqueue("%s_netvsc", WQ_UNBOUND, 0, KBUILD_MODNAME);
	if (!glue_wq)
		return -ENOMEM;
	glue_ours = ours;
	err = register_netdevice_notifier(&glue_nb);
	if (err)
		goto err_destroy_wq;
	glue_debugfs = debugfs_create_dir(KBUILD_MODNAME "_netvsc", NULL);
	debugfs_create_file("ports", 0444, glue_debugfs, NULL, &glue_ports_fops);
	debugfs_create_u32("rejoins", 0444, glue_debugfs, &glue_rejoins);
	return 0;

err_destroy_wq:
	glue_ours = NULL;
	destroy_workqueue(glue_wq);
	glue_wq = NULL;
	return err;
}

/**
 * mana_netvsc_glue_unregister() - stop the glue; undoes mana_netvsc_glue_register()
 *
 * Context: process, rtnl not held (the work items take it).
 */
void mana_netvsc_glue_unregister(void)
{
	debugfs_remove_recursive(glue_debugfs);
	glue_debugfs = NULL;
	/* replays NETDEV_UNREGISTER for every netdev: forgets remaining ports */
	unregister_netdevice_notifier(&glue_nb);
	/* runs what is queued (each finds ndev == NULL) and frees the ports */
	destroy_workqueue(glue_wq);
	glue_wq = NULL;
	WARN_ON(!list_empty(&glue_ports));
	glue_ours = NULL;
	glue_ops = NULL;
}
