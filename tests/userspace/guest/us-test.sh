#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs in the userspace guest of tests/userspace/run.sh as a systemd service, with systemd
# as PID 1, systemd-udevd, our mana.ko and the hv_netvsc stand-in (loaded at boot by
# udev and modules-load.d, in whatever order they come), reporting on ttyS1 like
# tests/e2e/guest/e2e.sh (@@PLAN, @@R PASS|FAIL, @@DONE). Topology: vPort 0's synthetic NIC
# (sn0, with VF vf0) is the VM's NIC; vPort 1's (sn1 with its VF) goes into the namespace
# "srv", where dnsmasq serves DHCP: a lease for sn0 crosses vf0, the model's switch and
# vf1. Phases:
#   boot   both VFs joined to their NICs; vf0 has its udev name (predictable, PCI slot)
#   nm     NetworkManager (default config: DHCP on every Ethernet device): sn0 gets its
#          lease; vf0 is unmanaged, has no IPv4 and no IPv6 address (not even a link-local
#          one, see below); mana-check vf.join, vf.managed,
#          vf.traffic PASS; negative control: without the package's files NetworkManager
#          takes vf0 and mana-check vf.managed FAILs
#   nd     the same with systemd-networkd and a catch-all DHCP .network (as cloud images
#          have); negative control likewise
#   name   mana unloaded and reloaded: vf0 comes back under the same name, joined
#   break  mana reloaded with vf_rejoin=off and the stand-in without its probe-time scan
#          (6.1 < 6.1.79): mana-check vf.join must FAIL (negative control)
# IPv6, link-local included: none at all on the VF. The kernel's addrconf skips a device
# flagged IFF_SLAVE (up to 6.1) or IFF_NO_ADDRCONF (6.2 on, "net: add IFF_NO_ADDRCONF and
# use it in bonding to prevent ipv6 addrconf"); hv_netvsc sets IFF_SLAVE when it joins a VF
# and our glue primes both flags before the VF comes up, so even the EUI-64 link-local
# address the kernel gives every other interface is absent. An address on the VF can only
# come from a service configuring it (NetworkManager's or networkd's own link-local,
# DHCP, SLAAC), which is what this test is about. The kernel's EUI-64 address is named in
# the failure message to tell the two apart.
#
# Result helpers: res/pass/fail/skip come from tests/lib/guest.sh (installed as
# /us/guest-lib.sh by run.sh). Two of its helpers do not fit this script and are
# replaced by differently named ones here: its check() captures CMD's output into
# /tmp/out and quotes it on failure, while the commands here (vf_bare, mc_three, mc_is)
# explain a failure in $WHY and their output belongs in the journal (expect()); its
# wait_for() evals a string once a second, while the waits here pass a command as
# words, poll it twice a second and try once more at the end (poll()). say() is
# redefined with the uptime stamp: the console interleaves this script with systemd.
. /us/config
GUEST_TAG=US
. /us/guest-lib.sh
PLAN=20
exec 3<> /dev/ttyS1
stty -F /dev/ttyS1 raw -echo 2> /dev/null
up() { cut -d' ' -f1 /proc/uptime; }
say() { echo "US: [$(up)] $*" > /dev/console; }
# expect WHAT CMD...: PASS when CMD succeeds, else FAIL with the reason CMD left in $WHY
expect() { local d=$1; shift; if "$@"; then pass "$d"; else fail "$d${WHY:+: $WHY}"; fi; WHY=; }
echo "@@BOOT uptime=$(up)" >&3
echo "@@PLAN $PLAN" >&3
set -- $MACS
M0=$1 M1=$2
SRV=srv SRVIP=10.78.0.1

dev_of() { # dev_of DRIVER MAC (init namespace)
	local n d
	for n in /sys/class/net/*; do
		[ "$(cat "$n/address" 2> /dev/null)" = "$2" ] || continue
		d=$(readlink "$n/device/driver" 2> /dev/null) || continue
		[ "${d##*/}" = "$1" ] && { echo "${n##*/}"; return 0; }
	done
	return 1
}
master() { local m; m=$(readlink "/sys/class/net/$1/master" 2> /dev/null) && echo "${m##*/}"; }
joined() { local v s; v=$(dev_of mana "$1") && s=$(dev_of hv_netvsc "$1") && [ "$(master "$v")" = "$s" ]; }
poll() { # poll SECS CMD...: until CMD succeeds, twice a second, a last try at the end
	local n=$(($1 * 2)); shift
	while [ $n -gt 0 ]; do "$@" && return 0; sleep 0.5; n=$((n - 1)); done
	"$@"
}
ipv4() { ip -o -4 addr show dev "$1" 2> /dev/null | awk '{print $4}' | tr '\n' ' '; }
has_lease() { ip -o -4 addr show dev "$1" 2> /dev/null | grep -q ' 10\.78\.0\.'; }
# the kernel's own EUI-64 link-local address of MAC $1
eui64_ll() {
	local IFS=: b
	read -r -a b <<< "$1"
	printf 'fe80::%x:%x:%x:%x/64\n' $(( ((0x${b[0]} ^ 2) << 8) | 0x${b[1]} )) $(( (0x${b[2]} << 8) | 0xff )) \
		$(( (0xfe << 8) | 0x${b[3]} )) $(( (0x${b[4]} << 8) | 0x${b[5]} ))
}
# vf_bare VF MAC: no IPv4, no IPv6 (see the top)
vf_bare() {
	local v4 v6 ll
	v4=$(ipv4 "$1")
	ll=$(eui64_ll "$2")
	v6=$(ip -o -6 addr show dev "$1" 2> /dev/null | awk '{print $4}' | tr '\n' ' ')
	WHY="IPv4: ${v4:-none}; IPv6: ${v6:-none} (the kernel's own EUI-64 link-local would be $ll); flags $(cat "/sys/class/net/$1/flags")"
	[ -z "$v4" ] && [ -z "$v6" ]
}
# mcheck: mana-check's vf.* lines for the init namespace, ping to the server running
mcheck() {
	# mana-check gathers everything else before it samples the counters (many seconds
	# under TCG): the ping runs until it is done
	ping -q -i 0.2 -c 1500 -I "$SN0" $SRVIP > /tmp/ping.out 2>&1 &
	local p=$!
	sleep 1
	mana-check --ethernet-only --sample 3 > /tmp/mcheck.out 2>&1
	kill $p 2> /dev/null
	wait $p 2> /dev/null
	grep -E '^[A-Z/]+ +vf\.(join|managed|traffic)' /tmp/mcheck.out | sed 's/  */ /g' > /tmp/mcheck.vf
}
mc_is() { # mc_is STATUS CHECK: every line of CHECK in /tmp/mcheck.vf has STATUS (and there is one)
	WHY="mana-check: $(grep " $2" /tmp/mcheck.vf | tr '\n' ';')"
	grep -q "^[A-Z/]* $2" /tmp/mcheck.vf && ! grep " $2" /tmp/mcheck.vf | grep -vq "^$1 "
}
mc_three() { # the three vf.* checks PASS
	local r=0
	{ mc_is PASS vf.join && mc_is PASS vf.managed && mc_is PASS vf.traffic; } || r=1
	WHY="mana-check: $(tr '\n' ';' < /tmp/mcheck.vf) ping: $(tail -n 2 /tmp/ping.out | tr '\n' ' ')"
	return $r
}
udev_refresh() { udevadm control --reload; udevadm trigger --action=change "/sys/class/net/$VF0"; udevadm settle -t 30; }
nm_state() { nmcli -t -f DEVICE,STATE device 2> /dev/null | awk -F: -v d="$1" '$1 == d {print $2}'; }
nd_state() { networkctl list --no-legend --no-pager 2> /dev/null | awk -v d="$1" '$2 == d {print $5}'; }

# ------------------------------------------------------------------ boot
WHY=
poll 120 joined "$M0"
poll 10 joined "$M1"
VF0=$(dev_of mana "$M0") SN0=$(dev_of hv_netvsc "$M0") VF1=$(dev_of mana "$M1") SN1=$(dev_of hv_netvsc "$M1")
say "vf0=$VF0 sn0=$SN0 vf1=$VF1 sn1=$SN1"
WHY="vf0=$VF0 master $(master "$VF0"), vf1=$VF1 master $(master "$VF1"); $(dmesg | grep -iE 'mana|standin|netvsc' | tail -n 5 | tr '\n' ' ')"
expect "boot: both MANA VFs ($VF0, $VF1) joined to their stand-in NICs ($SN0, $SN1) with udev and modules-load.d loading the modules" \
	sh -c "[ '$(master "$VF0")' = '$SN0' ] && [ '$(master "$VF1")' = '$SN1' ] && [ -n '$SN0' ]"
UNAME=$(udevadm info -q property -p "/sys/class/net/$VF0" 2> /dev/null | sed -n 's/^ID_NET_NAME_\(SLOT\|PATH\)=//p' | head -n 1)
WHY="name $VF0, udev ID_NET_NAME_SLOT/PATH '${UNAME:-none}'"
expect "boot: $VF0 carries its predictable udev name" [ -n "$UNAME" -a "$VF0" = "$UNAME" ]
P=$(udevadm info -q property -p "/sys/class/net/$VF0" 2> /dev/null)
WHY=$(echo "$P" | grep -E 'NM_UNMANAGED|MANA_BACKPORT_VF|ID_NET_MANAGED_BY|ID_NET_DRIVER' | tr '\n' ' ')
expect "boot: the package's udev rule marked the joined $VF0 (NM_UNMANAGED=1, MANA_BACKPORT_VF=1, ID_NET_MANAGED_BY=unmanaged)" \
	sh -c "echo '$P' | grep -qx NM_UNMANAGED=1 && echo '$P' | grep -qx MANA_BACKPORT_VF=1 && echo '$P' | grep -qx ID_NET_MANAGED_BY=unmanaged"
P1=$(udevadm info -q property -p "/sys/class/net/$SN0" 2> /dev/null)
WHY=$(echo "$P1" | grep -E 'NM_UNMANAGED|MANA_BACKPORT_VF' | tr '\n' ' ')
expect "boot: the synthetic NIC $SN0 is not marked" sh -c "! echo '$P1' | grep -qE '^(NM_UNMANAGED|MANA_BACKPORT_VF)=1'"

# the DHCP server behind vPort 1 (its VF follows its NIC into the namespace)
ip netns add $SRV && ip link set "$SN1" netns $SRV && ip -n $SRV link set lo up &&
	ip -n $SRV addr add $SRVIP/24 dev "$SN1" && ip -n $SRV link set "$SN1" up
ip netns exec $SRV dnsmasq --keep-in-foreground --user=root --no-resolv --no-hosts --port=0 \
	--interface="$SN1" --bind-interfaces --dhcp-range=10.78.0.100,10.78.0.150,255.255.255.0,10m \
	--dhcp-leasefile=/run/us-leases --log-dhcp --log-facility=/run/us-dnsmasq.log &
DNSMASQ=$!
sleep 2
WHY="$(ip -n $SRV -br link | tr '\n' ' ') $(tail -n 3 /run/us-dnsmasq.log 2> /dev/null | tr '\n' ' ')"
expect "DHCP server: dnsmasq on $SN1 in namespace $SRV (its VF went along)" kill -0 $DNSMASQ

# ------------------------------------------------------------------ phase: NetworkManager
phase() { # phase NAME START STOP STATEFN
	local name=$1 start=$2 stop=$3 st=$4 s
	systemctl start "$start"
	WHY="$SN0: $(ipv4 "$SN0")$(tail -n 3 /run/us-dnsmasq.log | tr '\n' ' ')"
	expect "$name: $SN0 got its DHCP lease from dnsmasq through the VFs" poll 120 has_lease "$SN0"
	sleep 5
	s=$($st "$VF0")
	WHY="state '${s:-none}'"
	expect "$name: $VF0 is unmanaged ($s)" [ "$s" = unmanaged ]
	expect "$name: $VF0 has no address of its own (no IPv4, no IPv6, not even link-local)" vf_bare "$VF0" "$M0"
	mcheck
	expect "$name: mana-check vf.join, vf.managed and vf.traffic PASS" mc_three
	# negative control: the package's files removed, the service restarted
	unmanaged-vf.sh remove > /dev/null
	udev_refresh
	ip -4 addr flush dev "$SN0"
	systemctl restart "$start"
	[ "$start" = systemd-networkd ] && { networkctl reload; networkctl reconfigure "$VF0"; }
	poll 60 sh -c "[ \"\$($st $VF0 2>/dev/null)\" != unmanaged ] && ip -o -4 addr show dev $VF0 | grep -q inet"
	s=$($st "$VF0")
	mcheck
	expect "$name: negative control: without the package's files $VF0 gets managed ($s, IPv4 $(ipv4 "$VF0")) and mana-check vf.managed FAILs" \
		mc_is FAIL vf.managed
	# restore
	systemctl stop "$start"
	unmanaged-vf.sh install --hyperv yes > /dev/null
	udev_refresh
	# what the service left on the VF (its DHCP address, its own IPv6 link-local)
	ip -4 addr flush dev "$VF0"
	ip -6 addr flush dev "$VF0"
	ip -4 addr flush dev "$SN0"
	ip link set "$VF0" up
}
phase NetworkManager NetworkManager NetworkManager nm_state
phase systemd-networkd systemd-networkd systemd-networkd nd_state

# ------------------------------------------------------------------ name stability
systemctl start systemd-networkd
udevadm control --log-level=debug
JC=$(journalctl --no-pager -q -n 1 --show-cursor 2> /dev/null | sed -n 's/^-- cursor: //p')
rmmod mana 2> /dev/null
sleep 1
modprobe mana
poll 60 joined "$M0"
udevadm settle -t 30
udevadm control --log-level=info
N=$(dev_of mana "$M0")
# udev renames a netdev only on its "add" event, and bookworm's udev (252) leaves an
# interface that is already up alone (kernels before 6.2 would refuse with EBUSY). A NIC
# that is up opens its VF 100 ms after the VF registered (hv_netvsc's VF_TAKEOVER_INT; the
# stand-in does the same): when udev is slower than that (always under TCG) the VF keeps
# its kernel name. Accepted only when udev still computes the old name for it and its own
# log says why it did not apply it (udev 252: "Network interface 'eth0' is already up,
# cannot rename to 'enp0s1'."); any other name change fails.
UN=$(udevadm info -q property -p "/sys/class/net/$N" 2> /dev/null | sed -n 's/^ID_NET_NAME_\(SLOT\|PATH\)=//p' | head -n 1)
R=$(journalctl --no-pager ${JC:+--after-cursor="$JC"} -u systemd-udevd 2> /dev/null |
	grep -F "'${N:-none}' is already up, cannot rename to '$VF0'" | tail -n 1)
WHY="before $VF0, after ${N:-none}, master $(master "$N"); udev name ${UN:-none}; udev log: ${R:-nothing about a rename}"
if [ "$N" = "$VF0" ]; then
	expect "name: after mana unload/reload the VF comes back as $VF0, joined to $SN0" joined "$M0"
else
	# what udev said about this interface (console only, for the record)
	journalctl --no-pager ${JC:+--after-cursor="$JC"} -u systemd-udevd 2> /dev/null | grep -E "(${N:-none}|$VF0)\b" |
		grep -iE "renam|name|up" | tail -n 8 | while IFS= read -r l; do say "udev: $l"; done
	expect "name: after mana unload/reload the VF came back joined as $N: udev still names it $VF0 but skipped the rename (the NIC had opened it already; udev 252 renames only interfaces that are down)" \
		sh -c "[ -n '$N' ] && [ '$(master "$N")' = '$SN0' ] && [ '$UN' = '$VF0' ] && [ -n '$R' ]"
fi
VF0=${N:-$VF0}
sleep 5
s=$(nd_state "$VF0")
WHY="state '$s'; $(udevadm info -q property -p "/sys/class/net/$VF0" 2> /dev/null | grep -E 'NM_UNMANAGED|MANA_BACKPORT_VF' | tr '\n' ' ')"
expect "name: the re-registered $VF0 is unmanaged by networkd again (the files match the driver, not the name)" [ "$s" = unmanaged ]
expect "name: the re-registered $VF0 has no address of its own" vf_bare "$VF0" "$M0"

# ------------------------------------------------------------------ broken join (negative control)
rmmod netvsc_standin
rmmod mana
modprobe mana vf_rejoin=off
poll 60 dev_of mana "$M0" > /dev/null
modprobe netvsc_standin probe_scan=0
sleep 3
mcheck
expect "break: VF first, NIC without the probe-time scan, vf_rejoin=off: mana-check vf.join FAILs" mc_is FAIL vf.join

kill $DNSMASQ 2> /dev/null
J=$(journalctl -k -b -p warning --no-pager 2> /dev/null | grep -E 'BUG|WARNING|Oops|RIP:' | head -n 3 | tr '\n' ' ')
WHY=$J
expect "kernel log: no BUG/WARNING/Oops" [ -z "$J" ]
echo "@@DONE rc=0 uptime=$(up)" >&3
sync
echo o > /proc/sysrq-trigger
