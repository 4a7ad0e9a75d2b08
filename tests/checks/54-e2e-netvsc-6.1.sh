#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# e2e: the VF join of OUR mana.ko (mana/glue + the Ethernet layer's registration gate and
# port re-creation) against the test-only hv_netvsc stand-in (tests/netvsc-standin), both
# built for Debian's 6.1 cloud kernel, on the software MANA device's two vPorts. One boot,
# the scenarios of tests/e2e/guest/netvsc.sh: NIC-first and VF-first orderings (probe scan,
# notifier replay), the missing probe-time scan repaired by vf_rejoin=act, its negative
# control (vf_rejoin=off must fail the join check), the registration gate with a late and
# a missing NIC, NIC unbind/bind, stand-in reload, VF remove/re-add, stand-in unloaded
# mid-join, two NICs with one MAC, a VF moved into another namespace, traffic through the
# VFs (stand-in vf_* counters, VF and model counters), mana-bringup read-only and with
# --destructive (wire-offload, rss, mtu, ring-channel, xdp, reload; refused with a default route
# through the NIC; negative control: a NIC that stops joining makes reload FAIL), clean unload.
# Measured: 104 s on the 2-core dev machine (21 passed); 23 checks since the VF-namespace scenario
# (354 s with the machine loaded at 18); 26 checks with the mana-bringup changing steps and
# two vCPUs: 244-277 s (a parallel make check running beside it). Also passes on 7.3, 5.10 and a local
# 5.15.135 tree (E2E_NETVSC=1 tests/e2e/run.sh 7.3|5.10 ours; E2E_LOCAL_KDIR=... 5.15 ours).
# two vCPUs: two queues per vPort, for mana-bringup's rss and ring-channel steps
export E2E_NETVSC=1 E2E_FEATURES=0 E2E_REMOVAL=0 E2E_SMP=${E2E_SMP:-2}
exec "$(dirname "$(readlink -f "$0")")/../e2e/run.sh" 6.1 ours
