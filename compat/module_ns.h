/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Symbol namespace of the package.
 *
 * mana.ko exports what mana_ib.ko (and nothing else) uses into a namespace of
 * our own, MANA_OOT. The in-tree drivers use NET_MANA, so an in-tree mana_ib
 * can never bind to our mana.ko and our mana_ib can never bind to the in-tree
 * mana.ko: module loading fails on the namespace instead of mixing ABIs.
 *
 * Upstream change covered: "module: Convert symbol namespace to string literal"
 * (mainline 6.13). Before it, EXPORT_SYMBOL_NS*() and MODULE_IMPORT_NS() took a
 * bare token and stringified it; since, they take a string literal. The probe
 * HAVE_NS_TOKEN_ARG tells which form the target kernel wants.
 *
 * Usage:  EXPORT_SYMBOL_MANA(mana_gd_send_request);   in the exporter
 *         MANA_IMPORT_NS();                           once in each importer
 */
#ifndef MANA_COMPAT_MODULE_NS_H
#define MANA_COMPAT_MODULE_NS_H

/* Spelled out in each branch: some kernels stringify the argument unexpanded. */
#ifdef HAVE_NS_TOKEN_ARG
#define MANA_EXPORT_SYMBOL(sym)	EXPORT_SYMBOL_NS_GPL(sym, MANA_OOT)
#define MANA_IMPORT_NS()	MODULE_IMPORT_NS(MANA_OOT)
#else
#define MANA_EXPORT_SYMBOL(sym)	EXPORT_SYMBOL_NS_GPL(sym, "MANA_OOT")
#define MANA_IMPORT_NS()	MODULE_IMPORT_NS("MANA_OOT")
#endif

/*
 * Same, spelled so that checkpatch.pl recognises it as an export (it must
 * follow the function directly, without a blank line).
 */
#define EXPORT_SYMBOL_MANA(sym) MANA_EXPORT_SYMBOL(sym)

#endif /* MANA_COMPAT_MODULE_NS_H */
