// SPDX-License-Identifier: GPL-2.0
/*
 * The code under test, compiled into mana_bp_kunit.ko: its exports become plain symbols
 * (the compat umbrella, force-included first, defines MANA_EXPORT_SYMBOL; replace it).
 */
#undef MANA_EXPORT_SYMBOL
#define MANA_EXPORT_SYMBOL(sym)
#include "../../mana/gdma/hwc_setup.c"
