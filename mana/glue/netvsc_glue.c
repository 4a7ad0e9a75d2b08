// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_netvsc VF glue.
 *
 * On Hyper-V every port of ours that carries Accelerated Networking is the VF
 * of a synthetic NIC (an hv_netvsc netdev with the same permanent MAC), and
 * hv_netvsc's own netdevice notifier makes the port a lower device of that
 * NIC ("joins" it). The in-tree hv_netvsc of older stable kernels gets parts
 * of this wrong (docs: netvsc-glue.md, sections 1-2). Without touching
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
 *  - reports a missed join: an hv_netvsc netdev with the port's MAC that
 *    registered after the port and did not join it (vf_rejoin=log only says
 *    what a re-registration would do; nothing is re-created);
 *  - lists each port's join state in <debugfs>/<module>_netvsc/ports.
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
#include <linux/kobject.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
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
#define GLUE_REJOIN_GRACE	(5 * HZ)

static unsigned int netvsc_warn_secs = 10;
module_param(netvsc_warn_secs, uint, 0644);
MODULE_PARM_DESC(netvsc_warn_secs,
		 "Seconds after a port registers before it is reported as not joined to its hv_netvsc NIC (0: never)");

static char *vf_rejoin = "log";
module_param(vf_rejoin, charp, 0444);
MODULE_PARM_DESC(vf_rejoin,
		 "hv_netvsc NIC registered after its VF and did not join it: off, or log (say what a rejoin would do)");

/* ---- decisions (pure: no netdevs, no locks) ---- */

enum glue_rejoin_mode {
	GLUE_REJOIN_OFF,
	GLUE_REJOIN_LOG,
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
	return -EINVAL;
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
	return mode == GLUE_REJOIN_LOG && netvsc_late && !joined &&
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

static const struct device_driver *glue_ours;
static LIST_HEAD(glue_ports);
static struct workqueue_struct *glue_wq;
static struct dentry *glue_debugfs;
static int glue_rejoin = GLUE_REJOIN_LOG;

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

/* a Hyper-V vPCI function: an ancestor of the port's parent is on the VMBus */
static bool glue_on_vmbus(const struct net_device *ndev)
{
	const struct device *d;

	for (d = ndev->dev.parent; d; d = d->parent)
		if (d->bus && d->bus->name && !strcmp(d->bus->name, GLUE_VMBUS_BUS))
			return true;
	return false;
}

/* the hv_netvsc netdev (any namespace) whose permanent MAC is @addr */
static struct net_device *glue_find_netvsc(const u8 *addr, unsigned int len)
{
	struct net_device *dev, *found = NULL;
	struct net *net;

	ASSERT_RTNL();
	rcu_read_lock();
	for_each_net_rcu(net) {
		for_each_netdev_rcu(net, dev) {
			if (dev->type == ARPHRD_ETHER && glue_is_netvsc(dev) &&
			    glue_mac_match(dev->perm_addr, dev->addr_len, addr, len)) {
				found = dev;
				goto out_unlock;
			}
		}
	}
out_unlock:
	rcu_read_unlock();
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

static void glue_report(struct glue_port *port)
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

	if (glue_missed_join(glue_rejoin, port->netvsc_late, f.joined, f.netvsc_has_mac))
		netdev_warn(ndev, "vf_rejoin=log: netvsc %s registered after VF %s and did not join it; re-registering %s would let it join (not done)\n",
			    netvsc->name, ndev->name, ndev->name);
	port->netvsc_late = false;
}

static void glue_check_work(struct work_struct *work)
{
	struct glue_port *port = container_of(to_delayed_work(work),
					      struct glue_port, check);

	rtnl_lock();
	if (port->ndev)
		glue_report(port);
	rtnl_unlock();
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

/**
 * mana_netvsc_glue_register() - start watching our ports and hv_netvsc NICs
 * @ours: the driver our ports' parent devices are bound to
 *
 * Call before the driver can register ports (so their NETDEV_POST_INIT is
 * seen). Context: process, rtnl not held.
 *
 * Return: 0 or a negative errno.
 */
int mana_netvsc_glue_register(const struct device_driver *ours)
{
	int mode = glue_rejoin_parse(vf_rejoin);
	int err;

	if (mode < 0) {
		pr_warn("%s: vf_rejoin=%s not understood (off|log); using log\n",
			KBUILD_MODNAME, vf_rejoin);
		mode = GLUE_REJOIN_LOG;
	}
	glue_rejoin = mode;
	glue_wq = alloc_workqueue("%s_netvsc", WQ_UNBOUND, 0, KBUILD_MODNAME);
	if (!glue_wq)
		return -ENOMEM;
	glue_ours = ours;
	err = register_netdevice_notifier(&glue_nb);
	if (err)
		goto err_destroy_wq;
	glue_debugfs = debugfs_create_dir(KBUILD_MODNAME "_netvsc", NULL);
	debugfs_create_file("ports", 0444, glue_debugfs, NULL, &glue_ports_fops);
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
}
