# SPDX-License-Identifier: GPL-2.0-only
# Ethernet layer objects of mana.ko (read by mana/Kbuild).
mana-eth-y += eth/requests.o eth/device.o eth/port.o eth/queues.o
mana-eth-y += eth/tx.o eth/rx.o eth/xdp.o eth/ethtool.o
mana-eth-y += eth/rdma_aux.o eth/eqs.o eth/pm.o eth/stats_poll.o eth/vport_rx_fmt.o
mana-eth-y += eth/phy_stats.o eth/shaper.o
mana-eth-y += eth/coalesce.o eth/dim.o
