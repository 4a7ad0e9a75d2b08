// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NS_TOKEN_ARG: EXPORT_SYMBOL_NS_GPL() and MODULE_IMPORT_NS() take the
 * namespace as a bare token (they fail to compile once they want a string).
 * upstream: "module: Convert symbol namespace to string literal" (mainline 6.13)
 * used-by: compat/module_ns.h
 */
#include <linux/module.h>
#include <linux/export.h>

int PROBE(sym)(void);
int PROBE(sym)(void)
{
	return 0;
}
EXPORT_SYMBOL_NS_GPL(PROBE(sym), MANA_PROBE_NS);
MODULE_IMPORT_NS(MANA_PROBE_NS);
