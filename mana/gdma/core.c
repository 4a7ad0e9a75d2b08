// SPDX-License-Identifier: GPL-2.0-only
/*
 * Function bring-up and teardown independent of PCI, and the registry of
 * upper-layer clients.
 *
 * Clients and functions meet under one mutex: a function that finished its
 * probe is offered to every registered client, and a client that registers
 * late is offered every function already up.  remove() always runs before
 * the function's queues and HWC go away.
 */
#include <linux/list.h>
#include <linux/mutex.h>

#include "gdma_internal.h"

static DEFINE_MUTEX(gdma_registry_lock);
static LIST_HEAD(gdma_clients);
static LIST_HEAD(gdma_functions);

/**
 * gdma_context_init() - initialise a zeroed context
 * @gc: context
 * @dev: device used for DMA allocations and messages
 */
void gdma_context_init(struct gdma_context *gc, struct device *dev)
{
	gc->dev = dev;
	gc->smc_timeout_ms = GDMA_SMC_TIMEOUT_MS;
	gc->hwc_dev.gc = gc;
	gc->hwc_dev.type = GDMA_DEV_HWC;
	mutex_init(&gc->test_lock);
	init_completion(&gc->test_done);
	INIT_LIST_HEAD(&gc->list_node);
}

static int gdma_setup_hwc_timeout(struct gdma_context *gc)
{
	u32 timeout = gc->hwc->timeout_ms;
	int err;

	if (!(gc->pf_cap_flags1 & GDMA_PF_CAP_HWC_TIMEOUT_QUERY))
		return 0;

	err = gdma_query_hwc_timeout(gc, &timeout);
	if (err)
		return err;
	hwc_set_timeout(gc->hwc, timeout);
	return 0;
}

/**
 * gdma_core_setup() - bring the function up to a usable HWC
 * @gc: context with BAR0 layout read and (optionally) vectors set up
 *
 * Creates the HWC, checks it with a test event, negotiates the driver
 * version, reads the resource limits and lists the devices.
 *
 * Return: 0 or a negative errno; on failure everything is released.
 */
int gdma_core_setup(struct gdma_context *gc)
{
	int err;

	err = hwc_alloc(gc);
	if (err) {
		dev_err(gc->dev, "cannot allocate the hardware channel\n");
		return err;
	}

	err = hwc_establish(gc->hwc);
	if (err)
		goto teardown_hwc;

	err = hwc_wait_init(gc->hwc);
	if (err)
		goto teardown_hwc;

	err = hwc_activate(gc->hwc);
	if (err)
		goto teardown_hwc;

	err = gdma_test_eq(&gc->hwc_dev, gc->hwc->eq);
	if (err) {
		dev_err(gc->dev, "hardware channel EQ self test failed: %d\n",
			err);
		goto teardown_hwc;
	}

	err = gdma_verify_driver_version(gc);
	if (err)
		goto teardown_hwc;

	err = gdma_setup_hwc_timeout(gc);
	if (err)
		goto teardown_hwc;

	err = gdma_query_max_resources(gc);
	if (err)
		goto teardown_hwc;

	err = gdma_list_devices(gc);
	if (err)
		goto teardown_hwc;

	dev_info(gc->dev,
		 "GDMA up: protocol %llu, %u device(s), %u usable vectors, %u queues, %u CQs\n",
		 gc->gdma_protocol_ver, gc->num_devs, gc->num_msix_usable,
		 gc->max_num_queues, gc->max_num_cqs);
	return 0;

teardown_hwc:
	hwc_teardown(gc);
	return err;
}

/**
 * gdma_core_teardown() - undo gdma_core_setup()
 * @gc: context; clients must be detached
 *
 * Once the device acknowledged the HWC's destruction it holds no object of
 * the function: the memory of parked queues (gdma_park_queue()) is freed.
 */
void gdma_core_teardown(struct gdma_context *gc)
{
	if (hwc_teardown(gc))
		gdma_free_parked_queues(gc);
}

static int gdma_offer(struct gdma_client *client, struct gdma_dev *gd)
{
	int err;

	lockdep_assert_held(&gdma_registry_lock);
	if (gd->client || gd->type != client->dev_type ||
	    gd->gc->clients_suspended)
		return 0;

	gd->client = client;
	err = client->probe(gd);
	if (err) {
		gd->client = NULL;
		gd->client_data = NULL;
		dev_err(gd->gc->dev, "%s: probe of device %u.%u failed: %d\n",
			client->name, gd->type, gd->instance, err);
		return err;
	}
	if (client->event)
		rcu_assign_pointer(gd->notify, client);
	return 0;
}

/* The device no longer passes events to its client. */
static void gdma_unpublish(struct gdma_dev *gd)
{
	if (rcu_access_pointer(gd->notify)) {
		RCU_INIT_POINTER(gd->notify, NULL);
		synchronize_rcu();
	}
}

static void gdma_withdraw(struct gdma_dev *gd)
{
	lockdep_assert_held(&gdma_registry_lock);
	if (!gd->client)
		return;
	/* No event handler may run once remove() starts. */
	gdma_unpublish(gd);
	gd->client->remove(gd);
	gd->client = NULL;
	gd->client_data = NULL;
	gd->suspended = false;
}

/* A client failing like this may succeed once the device recovered. */
static bool gdma_err_recoverable(int err)
{
	return err == -ETIMEDOUT || err == -EPROTO;
}

/**
 * gdma_attach_clients() - publish a function that finished bring-up
 * @gc: context
 *
 * Return: 0, or the first -ETIMEDOUT/-EPROTO of a client probe (the device
 * may be recovering; the caller detaches and retries later).  Other probe
 * errors only leave that device without its client.
 */
int gdma_attach_clients(struct gdma_context *gc)
{
	struct gdma_client *client;
	int err, ret = 0;
	u32 i;

	mutex_lock(&gdma_registry_lock);
	list_add_tail(&gc->list_node, &gdma_functions);
	gc->clients_attached = true;
	gc->clients_suspended = false;
	list_for_each_entry(client, &gdma_clients, node)
		for (i = 0; i < gc->num_devs; i++) {
			err = gdma_offer(client, &gc->devs[i]);
			if (!ret && gdma_err_recoverable(err))
				ret = err;
		}
	mutex_unlock(&gdma_registry_lock);
	return ret;
}

/**
 * gdma_suspend_clients() - suspend (or remove) the clients of a function
 * @gc: context about to be torn down
 *
 * Clients with suspend() keep their device, the others are removed and
 * offered the device again by gdma_resume_clients().  Devices are handled
 * in reverse order (RDMA before Ethernet).
 */
void gdma_suspend_clients(struct gdma_context *gc)
{
	struct gdma_dev *gd;
	u32 i;

	mutex_lock(&gdma_registry_lock);
	for (i = gc->num_devs; gc->clients_attached && i > 0; i--) {
		gd = &gc->devs[i - 1];
		if (!gd->client || gd->suspended)
			continue;
		if (!gd->client->suspend || !gd->client->resume) {
			gdma_withdraw(gd);
			continue;
		}
		gdma_unpublish(gd);
		gd->client->suspend(gd);
		gd->suspended = true;
	}
	gc->clients_suspended = gc->clients_attached;
	mutex_unlock(&gdma_registry_lock);
}

/**
 * gdma_resume_clients() - resume the clients after a new bring-up
 * @gc: context, up again with the same device list
 *
 * A client whose resume() fails with -ETIMEDOUT or -EPROTO (the device may
 * still be recovering) stays suspended and the error is returned, so that
 * the caller suspends the function again and retries the bring-up later.
 * A client whose resume() fails otherwise is removed (and its device left
 * without a client).  The other devices without a client (removed at
 * suspend, or whose client registered meanwhile) are offered to the
 * registered clients.
 *
 * Return: 0, or the first recoverable error of a client's resume().
 */
int gdma_resume_clients(struct gdma_context *gc)
{
	struct gdma_client *client;
	unsigned long failed = 0;
	struct gdma_dev *gd;
	int err, ret = 0;
	u32 i;

	mutex_lock(&gdma_registry_lock);
	gc->clients_suspended = false;
	for (i = 0; gc->clients_attached && i < gc->num_devs; i++) {
		gd = &gc->devs[i];
		if (!gd->client || !gd->suspended)
			continue;
		err = gd->client->resume(gd);
		if (err) {
			dev_err(gc->dev, "%s: resume of device %u.%u failed: %d\n",
				gd->client->name, gd->type, gd->instance, err);
			__set_bit(i, &failed);
			if (gdma_err_recoverable(err)) {
				/* still suspended: the next bring-up resumes it */
				gc->clients_suspended = true;
				if (!ret)
					ret = err;
				continue;
			}
			gd->suspended = false;
			gdma_withdraw(gd);
			continue;
		}
		gd->suspended = false;
		if (gd->client->event)
			rcu_assign_pointer(gd->notify, gd->client);
	}
	/* not the devices whose client just failed: it would fail again */
	if (gc->clients_attached && !ret)
		list_for_each_entry(client, &gdma_clients, node)
			for (i = 0; i < gc->num_devs; i++)
				if (!test_bit(i, &failed))
					gdma_offer(client, &gc->devs[i]);
	mutex_unlock(&gdma_registry_lock);
	return ret;
}

/**
 * gdma_detach_clients() - remove every client from a function
 * @gc: context
 */
void gdma_detach_clients(struct gdma_context *gc)
{
	u32 i;

	mutex_lock(&gdma_registry_lock);
	if (gc->clients_attached) {
		for (i = gc->num_devs; i > 0; i--)
			gdma_withdraw(&gc->devs[i - 1]);
		list_del_init(&gc->list_node);
		gc->clients_attached = false;
	}
	gc->clients_suspended = false;
	mutex_unlock(&gdma_registry_lock);
}

/**
 * gdma_register_client() - attach an upper layer to all current and future
 * GDMA devices of its type
 * @client: the client; must stay valid until gdma_unregister_client()
 *
 * Context: process context.  probe() runs synchronously for functions that
 * are already up.
 * Return: 0 (a failing probe() of one device does not fail registration).
 */
int gdma_register_client(struct gdma_client *client)
{
	struct gdma_context *gc;
	u32 i;

	mutex_lock(&gdma_registry_lock);
	list_add_tail(&client->node, &gdma_clients);
	list_for_each_entry(gc, &gdma_functions, list_node)
		for (i = 0; i < gc->num_devs; i++)
			gdma_offer(client, &gc->devs[i]);
	mutex_unlock(&gdma_registry_lock);
	return 0;
}
EXPORT_SYMBOL_MANA(gdma_register_client);

/**
 * gdma_unregister_client() - detach an upper layer from every device
 * @client: a registered client
 */
void gdma_unregister_client(struct gdma_client *client)
{
	struct gdma_context *gc;
	u32 i;

	mutex_lock(&gdma_registry_lock);
	list_for_each_entry(gc, &gdma_functions, list_node)
		for (i = 0; i < gc->num_devs; i++)
			if (gc->devs[i].client == client)
				gdma_withdraw(&gc->devs[i]);
	list_del(&client->node);
	mutex_unlock(&gdma_registry_lock);
}
EXPORT_SYMBOL_MANA(gdma_unregister_client);

/**
 * gdma_dev_to_device() - struct device of a GDMA device's function
 * @gd: GDMA device
 *
 * Return: the device to use for DMA mappings and messages.
 */
struct device *gdma_dev_to_device(const struct gdma_dev *gd)
{
	return gd->gc->dev;
}
EXPORT_SYMBOL_MANA(gdma_dev_to_device);

/**
 * gdma_is_pf() - the function uses PF messaging
 * @gc: context
 *
 * Return: true for device ids 0x00b9 and 0x00c1.
 */
bool gdma_is_pf(const struct gdma_context *gc)
{
	return gc->is_pf;
}
EXPORT_SYMBOL_MANA(gdma_is_pf);

/**
 * gdma_find_dev() - first listed device of a type
 * @gc: context
 * @type: enum gdma_dev_type
 *
 * Return: the device or NULL.
 */
struct gdma_dev *gdma_find_dev(struct gdma_context *gc, u16 type)
{
	u32 i;

	for (i = 0; i < gc->num_devs; i++)
		if (gc->devs[i].type == type)
			return &gc->devs[i];
	return NULL;
}
EXPORT_SYMBOL_MANA(gdma_find_dev);

/**
 * gdma_get_resources() - device limits from QUERY_MAX_RESOURCES
 * @gc: context
 *
 * Return: the limits (valid for the life of the function).
 */
const struct gdma_resources *gdma_get_resources(const struct gdma_context *gc)
{
	return &gc->res;
}
EXPORT_SYMBOL_MANA(gdma_get_resources);

/**
 * gdma_max_num_queues() - data-path queues a port may use
 * @gc: context
 *
 * Return: min(CPUs, 64, device queue limits, usable vectors - 1).
 */
unsigned int gdma_max_num_queues(const struct gdma_context *gc)
{
	return gc->max_num_queues;
}
EXPORT_SYMBOL_MANA(gdma_max_num_queues);

/**
 * gdma_eq_vector() - MSI-X vector for the EQ of data queue @qidx
 * @gc: context
 * @qidx: queue index
 *
 * Vector 0 belongs to the HWC; data EQs are spread over 1..usable-1.
 *
 * Return: vector index for struct gdma_queue_spec.eq.msix_index.
 */
unsigned int gdma_eq_vector(const struct gdma_context *gc, unsigned int qidx)
{
	if (gc->num_msix_usable < 2)
		return 0;
	return 1 + qidx % (gc->num_msix_usable - 1);
}
EXPORT_SYMBOL_MANA(gdma_eq_vector);

/**
 * gdma_pf_cap_flags() - device capability flags (pf_cap_flags1)
 * @gc: context
 *
 * Return: the flags from VERIFY_VF_DRIVER_VERSION.
 */
u64 gdma_pf_cap_flags(const struct gdma_context *gc)
{
	return gc->pf_cap_flags1;
}
EXPORT_SYMBOL_MANA(gdma_pf_cap_flags);

/**
 * gdma_doorbell_page_phys() - physical address of a doorbell page
 * @gc: context
 * @db_index: page index (e.g. from gdma_alloc_resource_range())
 *
 * For mapping a doorbell page into a user context (RDMA).
 *
 * Return: the address; 0 when the page lies outside BAR0.
 */
phys_addr_t gdma_doorbell_page_phys(const struct gdma_context *gc,
				    u32 db_index)
{
	u64 off = gc->db_page_off + (u64)gc->db_page_size * db_index;

	if (off + gc->db_page_size > gc->bar0_size)
		return 0;
	return gc->bar0_pa + off;
}
EXPORT_SYMBOL_MANA(gdma_doorbell_page_phys);

/**
 * gdma_doorbell_page_size() - bytes per doorbell page
 * @gc: context
 *
 * Return: the page size BAR0 announces (at least 4096).
 */
u32 gdma_doorbell_page_size(const struct gdma_context *gc)
{
	return gc->db_page_size;
}
EXPORT_SYMBOL_MANA(gdma_doorbell_page_size);
