// SPDX-License-Identifier: GPL-2.0
/*
 * Negative control of the debug-kernel scanner (tests/debugk/selftest.sh): a test-only
 * module that, when asked, leaks an allocation (kmemleak), takes two mutexes in both orders
 * (lockdep), frees a still-armed timer (DEBUG_OBJECTS) or reads past the end of an
 * allocation (KASAN). Never shipped, never loaded by
 * the driver tests; the self-test requires that tests/debugk/scan-log.sh reports each one.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/timer.h>

static bool leak;
module_param(leak, bool, 0444);
MODULE_PARM_DESC(leak, "lose a kmalloc'ed buffer (kmemleak must report it)");
static bool inversion;
module_param(inversion, bool, 0444);
MODULE_PARM_DESC(inversion, "take two mutexes in both orders (lockdep must report it)");
static bool timer_free;
module_param(timer_free, bool, 0444);
MODULE_PARM_DESC(timer_free, "free an armed timer (DEBUG_OBJECTS must report it)");
static bool oob;
module_param(oob, bool, 0444);
MODULE_PARM_DESC(oob, "read one byte past a kmalloc'ed buffer (KASAN must report it)");

static DEFINE_MUTEX(negctl_first);
static DEFINE_MUTEX(negctl_second);
static void *negctl_keep;
static size_t negctl_size = 200;

struct negctl_timer {
	struct timer_list timer;
};

static void negctl_timer_fn(struct timer_list *t)
{
}

static int __init negctl_init(void)
{
	if (leak) {
		negctl_keep = kmalloc(200, GFP_KERNEL);
		if (!negctl_keep)
			return -ENOMEM;
		/* forget the only reference: nothing points at the buffer any more */
		WRITE_ONCE(negctl_keep, NULL);
	}
	if (inversion) {
		mutex_lock(&negctl_first);
		mutex_lock(&negctl_second);
		mutex_unlock(&negctl_second);
		mutex_unlock(&negctl_first);
		mutex_lock(&negctl_second);
		mutex_lock(&negctl_first);
		mutex_unlock(&negctl_first);
		mutex_unlock(&negctl_second);
	}
	if (timer_free) {
		struct negctl_timer *nt = kzalloc(sizeof(*nt), GFP_KERNEL);

		if (!nt)
			return -ENOMEM;
		timer_setup(&nt->timer, negctl_timer_fn, 0);
		mod_timer(&nt->timer, jiffies + 3600 * HZ);
		kfree(nt);
	}
	if (oob) {
		u8 *buf = kmalloc(200, GFP_KERNEL);
		/* an index the compiler cannot see through */
		size_t end = READ_ONCE(negctl_size);

		if (!buf)
			return -ENOMEM;
		pr_info("debugk_negctl: byte past the end: %u\n", READ_ONCE(buf[end]));
		kfree(buf);
	}
	return 0;
}

static void __exit negctl_exit(void)
{
}

module_init(negctl_init);
module_exit(negctl_exit);
MODULE_DESCRIPTION("mana-backport test-only negative control for the debug-kernel scanner");
MODULE_LICENSE("GPL");
