#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the guest in place of guest.sh when tests/model/ib/run.sh is started with
# IB_GUEST=tests/model/ib/rnic-guest.sh (check 44): our mana.ko and mana_ib.ko, then the
# RNIC mana_0 (the model's RDMA device) beside the raw device manae_0. verbs-rc.c with
# trixie's rdma-core 56 connects two RC QPs and moves SEND, WRITE, WRITE with immediate
# and READ through the model's engine, then feeds bad input (state transitions, READ
# depth, lkeys, rkeys, out-of-bounds WRITE/READ, a PD with MRs alive); bookworm's
# rdma-core 44 (no RC in its provider) must be refused cleanly; a process exiting with
# connected QPs and posted receives leaves no device object behind; `rdma statistic`
# shows the port counters moving; unloading leaves the model at its baseline and the
# kernel log clean. Reports on fd 3 like guest.sh.
. /e2e/config

# say/res/pass/fail/skip, check, wait_for, host: tests/lib/guest.sh
GUEST_TAG=RNIC
. /e2e/guest-lib.sh
objs() { host objects; echo "$HOST_REPLY" | sed 's/ establish=.*//'; }
vt() { tag=$1; shift; "$@" 2>&1 | while IFS= read -r l; do
	case $l in PASS:* | FAIL:* | SKIP:*) res "${l%%:*}: $tag: ${l#*: }" ;; *) say "$l" ;; esac; done; }
# trixie's rdma-core 56 under /trixie, run with its own loader and libc
V56="env IBV_CONFIG_DIR=/trixie/etc/libibverbs.d
	/trixie/usr/lib64/ld-linux-x86-64.so.2 --library-path /trixie/usr/lib/x86_64-linux-gnu"
RC=/usr/bin/verbs-rc

# 13 checks here, 40 from verbs-rc rc, 6 from norc, 7 from inflight, 14 from dmabuf-mr,
# 12 from rnic_kud
echo "@@PLAN 92" >&3
PCI=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1414:0x00ba ] && PCI=${d##*/}
done
echo "ib-guest: loading mana" > /dev/kmsg
modprobe mana
wait_for 60 '[ "$(ls /sys/bus/pci/devices/$PCI/net 2> /dev/null | wc -l)" = 2 ]'
ok=1
for m in $(cat /ib/order); do insmod "/ib/$m" || ok=0; done
insmod /ib/mana_ib.ko dyndbg=+p || ok=0
if [ $ok = 1 ] && wait_for 20 '[ -d /sys/class/infiniband/mana_0 ] && [ -d /sys/class/infiniband/manae_0 ]'; then
	pass "mana_ib registered the RNIC mana_0 beside the raw device manae_0"
else
	fail "mana_ib registered the RNIC mana_0 beside the raw device manae_0 ($(ls /sys/class/infiniband 2>&1); $(dmesg | tail -n 3))"
fi
ETH0=$(ls /sys/bus/pci/devices/$PCI/net | head -n 1)
# the core resolves an RC QP's destination through the port netdev's routes: link up
ip link set "$ETH0" up
wait_for 20 '[ "$(cat /sys/class/net/$ETH0/carrier 2> /dev/null)" = 1 ]'
if wait_for 20 '[ "$(cat /sys/class/infiniband/mana_0/ports/1/state 2> /dev/null)" = "4: ACTIVE" ]'; then
	pass "mana_0 port 1 ACTIVE with $ETH0 up"
else
	fail "mana_0 port 1 ACTIVE with $ETH0 up ($(cat /sys/class/infiniband/mana_0/ports/1/state 2>&1))"
fi
nd=$(/usr/bin/rdma link show mana_0/1 2>&1 | sed -n 's/.* netdev \([^ ]*\).*/\1/p')
[ "$nd" = "$ETH0" ] && pass "mana_0 port 1 is on $ETH0 (vPort 0)" || fail "mana_0 port 1 is on $ETH0 (got '$nd')"

o0=$(objs)
vt "rc v56" $V56 $RC rc
vt "rc v44" $RC norc
vt "rc v56" $V56 $RC inflight
# dma-buf MRs (tests/rdma/dmabuf-mr.c): a udmabuf dma-buf registered with
# ibv_reg_dmabuf_mr (libmana 56) and at an offset through the uverbs ioctl, WRITE/READ
# into and from it, bad fds, ranges and access flags; on 6.1 (no CONFIG_UDMABUF) only the
# refusals run, the rest is SKIP; a kernel without pinned dma-buf umems (5.15) must refuse
# every registration with EOPNOTSUPP (dmabuf-mr's "nomethod", as in tests/rdma/guest.sh)
dbm=
awk '$3 == "ib_umem_dmabuf_get_pinned" { f = 1 } END { exit !f }' /proc/kallsyms || dbm=nomethod
vt "dma-buf MR v56" $V56 /usr/bin/dmabuf-mr mana_0 0 $dbm
o1=$(objs)
[ "$o0" = "$o1" ] && pass "the model's objects are back at the baseline after the RC runs ($o1)" ||
	fail "the model's objects are back at the baseline after the RC runs (before '$o0', after '$o1')"

# rping (trixie's rdmacm-utils): rdma_cm resolves 10.30.0.1 to the port's GID and sets the
# connection up with CM MADs over the GSI QPs (kernel UD: rnic_ud.c), then RC traffic
ip addr add 10.30.0.1/24 dev "$ETH0"
wait_for 20 '/usr/bin/rdma link show mana_0/1 > /dev/null 2>&1 && grep -q "0a1e:0001" /sys/class/infiniband/mana_0/ports/1/gids/* 2> /dev/null'
# the provider's libmana.so.1 must be trixie's too (rping itself does not link it)
RPING="$V56 --preload /trixie/usr/lib/x86_64-linux-gnu/libmana.so.1 /trixie/usr/bin/rping"
timeout 120 $RPING -s -a 10.30.0.1 -C 10 -v > /tmp/rping.srv 2>&1 &
spid=$!
sleep 2
timeout 120 $RPING -c -a 10.30.0.1 -C 10 -v > /tmp/rping.cli 2>&1
crc=$?
wait $spid
src=$?
n=$(grep -c "ping data" /tmp/rping.cli)
if [ $crc = 0 ] && [ $src = 0 ] && [ "$n" -ge 10 ]; then
	pass "rping (rdma_cm over the GSI QP, then RC): $n pings, client and server exit 0"
else
	fail "rping (client rc $crc, $n pings: $(tail -n 3 /tmp/rping.cli | tr '\n' ' '); server rc $src: $(tail -n 3 /tmp/rping.srv | tr '\n' ' '))"
fi

# a lost interrupt on the RNIC's first completion EQ (vector 1): the device raised it once
# and waits for a re-arm, so rping's completion events would never come; mana_ib's EQ
# watch (rnic_adapter.c) must find the waiting events, handle them and re-arm the EQ. Two
# messages lost, each taken (the EQ has to fire again after the first rescue)
host jvals lost
l0=${HOST_REPLY%% *}
m0=$(dmesg | grep -c 'RNIC: EQ [0-9]* held events but got no interrupt')
host fault irq_lost 2 1
timeout 90 $RPING -s -a 10.30.0.1 -C 10 -v > /tmp/rping-l.srv 2>&1 &
spid=$!
sleep 2
t0=$(cut -d. -f1 /proc/uptime)
timeout 90 $RPING -c -a 10.30.0.1 -C 10 -v > /tmp/rping-l.cli 2>&1
crc=$?
wait $spid
src=$?
t1=$(cut -d. -f1 /proc/uptime)
host jvals lost
l1=${HOST_REPLY%% *}
host fault clear
n=$(grep -c "ping data" /tmp/rping-l.cli)
m1=$(dmesg | grep -c 'RNIC: EQ [0-9]* held events but got no interrupt')
m=$(dmesg | grep 'RNIC: EQ [0-9]* held events but got no interrupt' | tail -n 1 | sed 's/^\[[^]]*\] //')
if [ $crc = 0 ] && [ $src = 0 ] && [ "$n" -ge 10 ] && [ "$((l1 - l0))" -ge 2 ] 2> /dev/null && [ "$m1" -gt "$m0" ]; then
	pass "lost interrupts on the RNIC EQ vector 1 under rping: $n pings in $((t1 - t0)) s, model lost count $l0 -> $l1, the driver: '$m'"
else
	fail "lost interrupts on the RNIC EQ vector 1 under rping (client rc $crc, server rc $src, $n pings, model lost count $l0 -> $l1, rescues logged $m0 -> $m1: $(tail -n 2 /tmp/rping-l.cli | tr '\n' ' '))"
fi

# kernel UD QPs and AHs through the IB core (tests/model/ib/kud/rnic_kud.c): loopback
# sends, an AH destroyed with its send posted, bad AHs, too many SGEs, a payload too
# large, a wrong Q_Key, RESET, a QP destroyed with work requests posted
o2=$(objs)
insmod /ib/rnic_kud.ko dev=mana_0
dmesg > /tmp/kud.log
rmmod rnic_kud
grep -o 'rnic_kud: \(PASS\|FAIL\): .*' /tmp/kud.log | sed 's/^rnic_kud: //' > /tmp/kud.res
while IFS= read -r l; do res "${l%%:*}: kernel UD: ${l#*: }"; done < /tmp/kud.res
nk=$(grep -c '^PASS' /tmp/kud.res)
o3=$(objs)
if grep -q 'rnic_kud: done' /tmp/kud.log && [ "$nk" -ge 12 ] && [ "$o2" = "$o3" ]; then
	pass "kernel UD module: $nk checks, done, the model's objects back at the baseline ($o3)"
else
	fail "kernel UD module: $nk passed, done=$(grep -c 'rnic_kud: done' /tmp/kud.log), objects before '$o2' after '$o3'"
fi

# port counters: the RC runs moved bytes and packets and hit error counters
st=$(/usr/bin/rdma statistic show link mana_0/1 2>&1)
say "$st"
txb=$(echo "$st" | sed -n 's/.* tx_bytes \([0-9]*\).*/\1/p')
rae=$(echo "$st" | sed -n 's/.* responder_rem_access_error \([0-9]*\).*/\1/p')
[ "${txb:-0}" -gt 0 ] 2> /dev/null && pass "rdma statistic: mana_0/1 tx_bytes moved ($txb)" ||
	fail "rdma statistic: mana_0/1 tx_bytes moved (got '$(echo "$st" | head -c 200)')"
[ -n "$rae" ] && pass "rdma statistic: mana_0/1 lists the error counters (responder_rem_access_error $rae, mainline's name)" ||
	fail "rdma statistic: mana_0/1 lists the error counters"

# teardown with MADs in flight: rping clients keep connecting (CM MADs on the GSI QP)
# while mana_ib goes; the unload must finish and leave nothing on the device
timeout 100 $RPING -s -a 10.30.0.1 -P > /tmp/rping-p.srv 2>&1 &
ppid=$!
sleep 1
( i=0; while [ $i -lt 200 ]; do
	timeout 10 $RPING -c -a 10.30.0.1 -C 2 > /dev/null 2>&1 && echo ok >> /tmp/rping-loop
	i=$((i + 1)); done ) &
lpid=$!
wait_for 20 '[ -s /tmp/rping-loop ]'
t0=$(date +%s)
timeout 90 rmmod mana_ib > /tmp/out 2>&1
r=$?
t1=$(date +%s)
kill $lpid $ppid 2> /dev/null
wait $ppid 2> /dev/null
nc=$(wc -l < /tmp/rping-loop 2> /dev/null)
if [ $r = 0 ] && [ "${nc:-0}" -ge 1 ]; then
	pass "rmmod mana_ib while rping clients connect (GSI QP torn down with CM MADs in flight; $nc connections before it): $((t1 - t0)) s"
else
	fail "rmmod mana_ib while rping clients connect (rc $r, $nc connections before it: $(head -c 200 /tmp/out))"
fi
o2=$(objs)
case $o2 in
*" adapters=0 "*) pass "rmmod mana_ib destroyed the RNIC adapter ($o2)" ;;
*) fail "rmmod mana_ib destroyed the RNIC adapter ($o2)" ;;
esac
check "rmmod mana" rmmod mana

dmesg -r > /tmp/dmesg.raw
! grep -q 'ib-guest: loading mana' /tmp/dmesg.raw || sed -i -n '/ib-guest: loading mana/,$p' /tmp/dmesg.raw
bad=$(grep -E 'BUG|WARNING|Oops|refcount|Call Trace|hung' /tmp/dmesg.raw | head -n 3)
[ -z "$bad" ] && pass "kernel log has no warning, oops or hang" || fail "kernel log has no warning, oops or hang: $bad"
dmesg | grep -E 'mana|infiniband' > /dev/console
