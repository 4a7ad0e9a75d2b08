/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry points of the Ethernet layer for the module glue (mana/main.c).
 */
#ifndef _MANA_ETH_CLIENT_H
#define _MANA_ETH_CLIENT_H

int mana_eth_client_register(void);
void mana_eth_client_unregister(void);

#endif /* _MANA_ETH_CLIENT_H */
