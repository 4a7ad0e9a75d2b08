#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Keep network services off MANA VFs: on Azure a MANA netdev is the VF of an hv_netvsc
# NIC with the same MAC; the NIC carries the IP configuration and the VF must stay bare
# (a DHCP client on the VF gets a second lease or takes the route away from the NIC).
#
# Usage: unmanaged-vf.sh install|remove|status [--root DIR] [--hyperv auto|yes|no] [--no-reload]
#   install   write the files below that have no equivalent on the system yet
#   remove    delete the files that install wrote (listed in STATE, still carrying MARK)
#   status    print, per service, which file covers it (ours, a foreign one, or none)
#   --root    operate on a system image mounted at DIR (no reload of running services)
#   --hyperv  whether this is a Hyper-V/Azure guest (default auto: /sys/bus/vmbus exists);
#             the NetworkManager file (driver:mana, which cannot tell a VF from a primary
#             NIC) is written only on one; elsewhere MANA may be the primary NIC (PF mode)
#
# Files (each skipped when an equivalent is installed, e.g. azure-vm-utils'
# 10-azure-unmanaged-sriov.rules / 01-azure-unmanaged-sriov.network, WALinuxAgent's
# 68-azure-sriov-nm-unmanaged.rules, or a NetworkManager snippet naming driver:mana):
#   /etc/udev/rules.d/68-mana-backport-unmanaged-vf.rules
#       a mana netdev that is enslaved (IFF_SLAVE: joined to its hv_netvsc NIC) gets
#       NM_UNMANAGED=1 (NetworkManager), ID_NET_MANAGED_BY=unmanaged (networkd 255+) and
#       MANA_BACKPORT_VF=1; its name is left to the usual naming rules (stable: the PCI slot)
#   /etc/systemd/network/05-mana-backport-unmanaged-vf.network
#       Driver=mana with MANA_BACKPORT_VF=1: Unmanaged=yes (any networkd version); sorts
#       before the catch-all .network files of cloud images
#   /etc/NetworkManager/conf.d/90-mana-backport-unmanaged-vf.conf
#       [keyfile] unmanaged-devices+=driver:mana (Hyper-V guests only, see --hyperv)
# Called by the Debian package's postinst (install) and postrm (purge: remove) and by
# the DKMS POST_INSTALL hook (install) for installs without the package. Exit 0 unless
# the arguments are wrong or a file cannot be written.
set -u
MARK="# Installed by mana-backport (unmanaged-vf.sh); removed when the package is purged."
cmd=${1:-} root='' hyperv=auto reload=1
[ $# -gt 0 ] && shift
while [ $# -gt 0 ]; do
	case $1 in
	--root) root=${2%/}; shift 2 ;;
	--hyperv) hyperv=$2; shift 2 ;;
	--no-reload) reload=0; shift ;;
	*) echo "usage: unmanaged-vf.sh install|remove|status [--root DIR] [--hyperv auto|yes|no] [--no-reload]" >&2; exit 2 ;;
	esac
done
case $cmd in install | remove | status) ;; *) echo "usage: unmanaged-vf.sh install|remove|status [--root DIR] [--hyperv auto|yes|no] [--no-reload]" >&2; exit 2 ;; esac
case $hyperv in auto | yes | no) ;; *) echo "unmanaged-vf.sh: --hyperv takes auto, yes or no" >&2; exit 2 ;; esac
[ -z "$root" ] || reload=0
STATE=$root/var/lib/mana-backport/unmanaged-vf.list
UDEV_F=/etc/udev/rules.d/68-mana-backport-unmanaged-vf.rules
ND_F=/etc/systemd/network/05-mana-backport-unmanaged-vf.network
NM_F=/etc/NetworkManager/conf.d/90-mana-backport-unmanaged-vf.conf
say() { echo "mana-backport: $*"; }

# ours FILE: FILE (a path in the target) was written by us
ours() { [ -f "$root$1" ] && grep -qxF "$MARK" "$root$1"; }

# files_in DIR... SUFFIX: the files with that suffix in the target's DIRs, ours excluded
files_in() {
	local suf d f
	eval "suf=\${$#}"
	while [ $# -gt 1 ]; do
		d=$root$1
		shift
		for f in "$d"/*"$suf"; do
			[ -f "$f" ] || continue
			grep -qxF "$MARK" "$f" && continue
			# a file masked by an empty or /dev/null one in /etc does not count
			[ -s "$f" ] || continue
			echo "$f"
		done
	done
}

# A foreign udev rule that marks VFs unmanaged for NetworkManager: NM_UNMANAGED set to 1
# in a rule that names mana, the Hyper-V PCI bus (hv_pci: every VF of an Azure VM) or
# azure-vm-utils' AZURE_UNMANAGED_SRIOV.
udev_equiv() {
	local f
	for f in $(files_in /etc/udev/rules.d /run/udev/rules.d /usr/lib/udev/rules.d /lib/udev/rules.d .rules); do
		grep -v '^[[:space:]]*#' "$f" | grep 'NM_UNMANAGED}="1"' |
			grep -qE 'mana|hv_pci|AZURE_UNMANAGED_SRIOV' && { echo "$f"; return 0; }
	done
	return 1
}
# A foreign .network that leaves MANA VFs unmanaged: Unmanaged=yes in a file that
# matches the mana driver or azure-vm-utils' AZURE_UNMANAGED_SRIOV property.
networkd_equiv() {
	local f
	for f in $(files_in /etc/systemd/network /run/systemd/network /usr/lib/systemd/network /lib/systemd/network .network); do
		grep -qiE '^[[:space:]]*Unmanaged[[:space:]]*=[[:space:]]*(yes|true|1|on)' "$f" || continue
		grep -qE '^[[:space:]]*(Driver[[:space:]]*=.*mana|Property[[:space:]]*=.*AZURE_UNMANAGED_SRIOV)' "$f" &&
			{ echo "$f"; return 0; }
	done
	return 1
}
# A foreign NetworkManager snippet whose unmanaged-devices names driver:mana, or a
# foreign udev rule that sets NM_UNMANAGED (NetworkManager honours it).
nm_equiv() {
	local f
	for f in $(files_in /etc/NetworkManager/conf.d /run/NetworkManager/conf.d /usr/lib/NetworkManager/conf.d .conf) \
		$( [ -f "$root/etc/NetworkManager/NetworkManager.conf" ] && echo "$root/etc/NetworkManager/NetworkManager.conf"); do
		grep -qE '^[[:space:]]*unmanaged-devices[[:space:]]*\+?=.*driver:mana' "$f" && { echo "$f"; return 0; }
	done
	udev_equiv
}

is_hyperv() {
	case $hyperv in
	yes) return 0 ;;
	no) return 1 ;;
	esac
	[ -d /sys/bus/vmbus/devices ] && [ -z "$root" ]
}

# put FILE: write the content on stdin to the target's FILE and record it; 0 written,
# 3 already there with that content, 1 error
put() {
	mkdir -p "$(dirname "$root$1")" "$(dirname "$STATE")" || return 1
	cat > "$root$1.tmp.$$" || { rm -f "$root$1.tmp.$$"; return 1; }
	grep -qxF "$1" "$STATE" 2>/dev/null || echo "$1" >> "$STATE"
	# the same content again (postinst after the DKMS hook, one call per kernel): quiet
	if cmp -s "$root$1.tmp.$$" "$root$1"; then
		rm -f "$root$1.tmp.$$"
		return 3
	fi
	mv -f "$root$1.tmp.$$" "$root$1" || { rm -f "$root$1.tmp.$$"; return 1; }
	say "wrote $1"
}

udev_body() {
	cat <<EOF
$MARK
# A MANA netdev joined to its hv_netvsc NIC (the NIC made itself the VF's master and set
# IFF_SLAVE, 0x800 in the flags attribute) carries no configuration of its own: tell
# NetworkManager (NM_UNMANAGED) and systemd-networkd (ID_NET_MANAGED_BY from 255 on; the
# MANA_BACKPORT_VF property for 05-mana-backport-unmanaged-vf.network) to leave it alone.
# A mana netdev without a master (a primary NIC on bare metal) is not touched. One rule:
# DRIVERS walks up from the netdev, so a negated DRIVERS test would already hold at the
# netdev itself (it has no driver) and could not be used to skip non-MANA devices.
SUBSYSTEM=="net", ACTION!="remove", DRIVERS=="mana", ATTR{flags}=="0x*[89abcdefABCDEF]??", ENV{MANA_BACKPORT_VF}="1", ENV{NM_UNMANAGED}="1", ENV{ID_NET_MANAGED_BY}="unmanaged"
EOF
}
networkd_body() {
	cat <<EOF
$MARK
# MANA VFs (marked by 68-mana-backport-unmanaged-vf.rules once joined to their hv_netvsc
# NIC) are configured through that NIC: networkd must not touch them (no DHCP, no IPv6
# link-local address, no link state changes).
[Match]
Driver=mana
Property=MANA_BACKPORT_VF=1

[Link]
Unmanaged=yes
EOF
}
nm_body() {
	cat <<EOF
$MARK
# On Hyper-V/Azure every mana netdev is the VF of an hv_netvsc NIC, which carries the
# IP configuration; NetworkManager must leave the VF alone (the udev rule
# 68-mana-backport-unmanaged-vf.rules also sets NM_UNMANAGED=1 on joined VFs).
[keyfile]
unmanaged-devices+=driver:mana
EOF
}

do_install() {
	local eq changed=0 rc=0
	noted() { case $1 in 0) changed=1 ;; 3) ;; *) rc=1 ;; esac; }
	if eq=$(udev_equiv); then
		say "udev: ${eq#"$root"} already marks the VFs unmanaged; not installing $UDEV_F"
	else
		udev_body | put "$UDEV_F"
		noted $?
	fi
	if eq=$(networkd_equiv); then
		say "systemd-networkd: ${eq#"$root"} already leaves the VFs unmanaged; not installing $ND_F"
	else
		networkd_body | put "$ND_F"
		noted $?
	fi
	if eq=$(nm_equiv); then
		say "NetworkManager: ${eq#"$root"} already leaves the VFs unmanaged; not installing $NM_F"
	elif ! is_hyperv; then
		say "NetworkManager: not a Hyper-V guest (no /sys/bus/vmbus): mana may be the primary NIC here, not installing $NM_F (the udev rule still covers joined VFs)"
	else
		nm_body | put "$NM_F"
		noted $?
	fi
	[ $changed = 1 ] && reload_services
	return $rc
}

do_remove() {
	local f changed=0 keep=
	[ -f "$STATE" ] || { say "no unmanaged-VF files were installed"; return 0; }
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		if ours "$f"; then
			rm -f "$root$f" && say "removed $f" && changed=1
		elif [ -e "$root$f" ]; then
			say "kept $f: it no longer carries our marker line (edited by hand)"
			keep="$keep $f"
		fi
	done < "$STATE"
	rm -f "$STATE"
	rmdir "$(dirname "$STATE")" 2>/dev/null
	[ $changed = 1 ] && reload_services
	return 0
}

do_status() {
	local eq
	for s in udev:udev_equiv:$UDEV_F systemd-networkd:networkd_equiv:$ND_F NetworkManager:nm_equiv:$NM_F; do
		IFS=: read -r name fn file <<EOF
$s
EOF
		if ours "$file"; then echo "$name: $file (mana-backport)"
		elif eq=$($fn); then echo "$name: ${eq#"$root"} (equivalent, not ours)"
		else echo "$name: none"
		fi
	done
}

# tell the running services (best effort; a system being installed has none)
reload_services() {
	[ $reload = 1 ] || return 0
	if [ -S /run/udev/control ] && command -v udevadm > /dev/null; then
		udevadm control --reload > /dev/null 2>&1 &&
			udevadm trigger --subsystem-match=net --action=change > /dev/null 2>&1
	fi
	if command -v networkctl > /dev/null && [ -d /run/systemd/netif ]; then
		networkctl reload > /dev/null 2>&1
	fi
	if command -v nmcli > /dev/null && [ -d /run/NetworkManager ]; then
		nmcli general reload conf > /dev/null 2>&1
	fi
	return 0
}

case $cmd in
install) do_install ;;
remove) do_remove ;;
status) do_status ;;
esac
