/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv_netvsc VF glue: a netdevice notifier that helps the in-tree hv_netvsc of
 * older kernels take our ports as its VFs (see netvsc_glue.c). It touches no
 * Ethernet-layer code: our ports are recognised by their parent device's
 * driver, which mana/main.c passes in.
 */
#ifndef MANA_NETVSC_GLUE_H
#define MANA_NETVSC_GLUE_H

struct device_driver;

int mana_netvsc_glue_register(const struct device_driver *ours);
void mana_netvsc_glue_unregister(void);

#endif /* MANA_NETVSC_GLUE_H */
