#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# Real user space on the model (tests/userspace/run.sh): a minimal Debian bookworm root
# (debootstrap, cached under $MANA_CACHE/userspace by package list) booted with systemd as
# init, systemd-udevd, NetworkManager and systemd-networkd, OUR mana.ko and the hv_netvsc
# stand-in on Debian's 6.1 cloud kernel, the package's unmanaged-VF files in place. The VF
# joins, stays unmanaged by NetworkManager (phase 1) and networkd (phase 2), has no address
# of its own, keeps its name across a driver reload, the synthetic NIC gets its DHCP lease
# (dnsmasq behind the model's other vPort); mana-check vf.join/vf.managed/vf.traffic PASS;
# negative controls: without the package's files each service takes the VF (vf.managed
# FAIL), a broken join makes vf.join FAIL.
exec "$(dirname "$(readlink -f "$0")")/../userspace/run.sh" 6.1
