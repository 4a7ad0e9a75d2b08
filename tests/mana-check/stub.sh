#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Stand-in for ethtool, ip, nmcli, mokutil, dkms, lsinitramfs, lsinitrd, lspci, dmesg, pkg-config in
# mana-check fixture runs: prints what the fixture recorded under $MANA_FIX/cmd.
# Installed by run.sh as $BIN/<tool> (a copy of this file); the tool is the file name.
tool=${0##*/}
cmd=$MANA_FIX/cmd
out() { [ -r "$cmd/$1" ] || exit 1; cat "$cmd/$1"; }
case $tool in
ethtool)
	case $1 in
	-S)
		# successive calls return successive samples (.1, .2, ...), then stay on the last
		n=$(cat "$MANA_STUB_STATE/ethtool-S-$2" 2>/dev/null || echo 0); n=$((n + 1))
		echo "$n" > "$MANA_STUB_STATE/ethtool-S-$2"
		[ -r "$cmd/ethtool-S-$2.$n" ] || n=$(ls "$cmd" | sed -n "s/^ethtool-S-$2\.//p" | sort -n | tail -n 1)
		[ -n "$n" ] || { echo "no stats available" >&2; exit 94; }
		out "ethtool-S-$2.$n" ;;
	*) out "ethtool$1-$2" ;;
	esac ;;
ip)
	case "$*" in
	"-o -4 addr show dev "*) [ -r "$cmd/ip-4-$6" ] && cat "$cmd/ip-4-$6"; exit 0 ;;
	"-o -d link show dev "*) out "ip-link-$6" ;;
	*) out ip ;;
	esac ;;
nmcli)
	case "$*" in
	*RUNNING*) out nmcli-running ;;
	*DEVICE,STATE*) out nmcli-device ;;
	*) out nmcli-device ;;
	esac ;;
mokutil)
	case $1 in
	--sb-state) out mokutil-sb-state ;;
	--test-key) out mokutil-test-key ;;
	*) out mokutil-list-enrolled ;;
	esac ;;
dkms) out dkms-status ;;
*) out "$tool" ;;
esac
