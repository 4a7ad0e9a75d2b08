#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Our mana_ib.ko on the software MANA device: boots a Debian kernel (TCG) with our mana.ko
# and mana_ib.ko on the model (tests/model) and runs guest.sh there: mana_ib binds to the
# "mana.rdma" auxiliary device, registers manae_0 with one port per vPort, follows the
# netdev state, goes away and comes back with the PCI function, unloads cleanly; in between
# verbs-smoke.c (libibverbs + rdma-core's mana provider, Debian's) creates and destroys a
# PD, MR, CQs, WQ, indirection table, RSS QP and raw send QP the way DPDK does, and again
# with the netdev up, when the QPs must be refused with EBUSY. verbs-traffic.c then carries
# packets both ways through the raw queues (GDMA WQEs, doorbells, CQEs written and read by
# the program itself, as DPDK's net/mana does; completion channel wakes on an armed RX CQ)
# with bookworm's rdma-core 44 and with trixie's rdma-core 56 (fetched into the cache,
# run in the guest with its own loader and libc under /trixie), feeds bad input to our
# uverbs (the model's objects must be back at the baseline), and waits for
# IBV_EVENT_DEVICE_FATAL while the model asks for a reset (event 135); manae_0 must come
# back and carry packets again. The RNIC (mana_0, on the model's RDMA device): verbs-rc.c
# connects two RC QPs with rdma-core 56 and moves SEND/WRITE/WRITE_IMM/READ through the
# model's engine, feeds it bad work requests and state transitions; rdma-core 44 (no RC)
# must be refused cleanly; a process exiting with QPs in flight leaves no device object.
#
# The port netdev is the vPort netdev or its master (the netvsc device on Azure): checked
# with a bridge as master and with the hv_netvsc stand-in (tests/netvsc-standin), also
# across a port re-created for a missed join, through iproute2's "rdma link".
#
# Usage: tests/model/ib/run.sh [KVER]   (6.1 default; 6.12, 7.3 or a Debian release)
# Reuses the e2e harness (tests/e2e/lib.sh, vm.py): the e2e initramfs with DRIVER=ours gets a
# second cpio archive appended with mana_ib.ko, its in-tree dependencies and guest.sh in
# place of the e2e guest script. Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../../lib/common.sh"
. "$MANA_TOP/tests/e2e/lib.sh"
here=$MANA_TOP/tests/model/ib


t0=$(date +%s)
e2e_host_deps || { mana_result "FAIL: mana_ib on the model: host packages"; mana_finish; }
eval "$("$E2E_DIR/qemu-bundle.sh")" || { mana_result "FAIL: mana_ib on the model: no QEMU bundle"; mana_finish; }
e2e_kernel "$(e2e_pick_kver "${1:-6.1}")"
mkdir -p "$E2E_CACHE/runs"

if ! ko=$(e2e_ours_ko "$KDIR"); then
	mana_result "FAIL: build our mana.ko for $KVER"
	mana_finish
fi
ibko=$(dirname "$ko")/ib/mana_ib.ko
if [ ! -f "$ibko" ]; then
	mana_result "FAIL: our mana_ib.ko built for $KVER (no $ibko; MANA_BUILD_IB off for this kernel?)"
	mana_finish
fi
mana_result "PASS: our mana.ko and mana_ib.ko built for $KVER"
# the hv_netvsc stand-in for the join checks (e2e_mkinitramfs puts E2E_EXTRA_KO in updates/)
if ! standin=$("$MANA_TOP/tests/netvsc-standin/build.sh" "$KDIR"); then
	mana_result "FAIL: build the hv_netvsc stand-in for $KVER"
	mana_finish
fi
export E2E_EXTRA_KO=$standin
model=$(e2e_model) || { mana_result "FAIL: device model did not build"; mana_finish; }

work=$(mktemp -d "$E2E_CACHE/runs/$KVER-mana_ib.XXXXXX")
config="MODE=test
DRIVER=ours
KVER=$KVER
MACS='$(e2e_macs 2)'
XFER_MB=0
FEATURES=0"
e2e_mkinitramfs "$work/initrd-base.gz" "$KVER" "$MODROOT" ours "$ko" "$config" ||
	{ mana_result "FAIL: initramfs build"; mana_finish; }

# second archive: mana_ib.ko, the in-tree modules it needs (load order), guest.sh as e2e.sh
x=$work/extra
mkdir -p "$x/ib" "$x/e2e"
cp "$ibko" "$x/ib/mana_ib.ko"
: > "$x/ib/order"
# bridge: a master device for the primary-netdev checks; with IB_KUD=1 (check 44) also
# rdma_ucm and what it needs (rdma_cm, ib_cm) for rping
extra_deps=bridge
[ "${IB_KUD:-0}" = 1 ] && extra_deps="bridge rdma_ucm"
for dep in $(modinfo -F depends "$ibko" | tr ',' ' ') $extra_deps; do
	[ "$dep" = mana ] && continue
	for rel in $(modprobe -C /dev/null -d "$MODROOT" -S "$KVER" --show-depends "$dep" 2> /dev/null |
			awk '$1 == "insmod" {print $2}'); do
		name=$(basename "$rel")
		name=${name%.xz}
		name=${name%.zst}
		grep -qx "$name" "$x/ib/order" && continue
		case $rel in
		*.xz) xz -dc "$rel" > "$x/ib/$name" ;;
		*.zst) zstd -qdc "$rel" > "$x/ib/$name" ;;
		*) cp "$rel" "$x/ib/$name" ;;
		esac
		echo "$name" >> "$x/ib/order"
	done
done
# iproute2's rdma tool shows the netdev of each IB port
e2e_copy_elf "$(e2e_guest_tools)" usr/bin/rdma "$x"
# the verbs program (built here against Debian's libibverbs) with its libraries and provider
mana_need_pkgs libibverbs-dev ibverbs-providers gcc > /dev/null ||
	{ mana_result "FAIL: host packages for the verbs program"; mana_finish; }
mkdir -p "$x/usr/bin" "$x/etc/libibverbs.d"
if ! gcc -O2 -Wall -Wextra -Werror -o "$x/usr/bin/verbs-smoke" "$here/verbs-smoke.c" \
		-libverbs -lmana 2> "$work/verbs-smoke.log"; then
	mana_result "FAIL: build tests/model/ib/verbs-smoke.c ($(head -c 300 "$work/verbs-smoke.log"))"
	mana_finish
fi
if ! gcc -O2 -Wall -Wextra -Werror -o "$x/usr/bin/verbs-traffic" "$here/verbs-traffic.c" \
		-libverbs -lmana 2> "$work/verbs-traffic.log"; then
	mana_result "FAIL: build tests/model/ib/verbs-traffic.c ($(head -c 300 "$work/verbs-traffic.log"))"
	mana_finish
fi
# linked with libmana (as the other programs) so that the library path picks the provider
if ! gcc -O2 -Wall -Wextra -Werror -o "$x/usr/bin/verbs-rc" "$here/verbs-rc.c" \
		-libverbs -Wl,--no-as-needed -lmana 2> "$work/verbs-rc.log"; then
	mana_result "FAIL: build tests/model/ib/verbs-rc.c ($(head -c 300 "$work/verbs-rc.log"))"
	mana_finish
fi
# dma-buf MRs through the uverbs ioctl (tests/rdma/dmabuf-mr.c), linked the same way
if ! gcc -O2 -Wall -Wextra -Werror -o "$x/usr/bin/dmabuf-mr" "$MANA_TOP/tests/rdma/dmabuf-mr.c" \
		-libverbs -Wl,--no-as-needed -lmana 2> "$work/dmabuf-mr.log"; then
	mana_result "FAIL: build tests/rdma/dmabuf-mr.c ($(head -c 300 "$work/dmabuf-mr.log"))"
	mana_finish
fi
for lib in libibverbs.so.1 libmana.so.1 libibverbs/libmana-rdmav34.so; do
	e2e_copy_elf "" "usr/lib/x86_64-linux-gnu/$lib" "$x"
done
cp /etc/libibverbs.d/mana.driver "$x/etc/libibverbs.d/"
# trixie's rdma-core 56 (libibverbs1, ibverbs-providers) with its own loader and libc, under
# /trixie in the guest; fetched once into the cache, never installed on the host
troot=$MANA_CACHE/ib-trixie-rdma-core
mana_lock "$troot.lock" || mana_die "cannot lock $troot.lock"
if [ ! -e "$troot/.done" ]; then
	rm -rf "$troot" && mkdir -p "$troot/debs"
	topts=$(mana_suite_opts trixie) &&
		# shellcheck disable=SC2086
		( cd "$troot/debs" && chmod 777 . && apt-get $topts download libibverbs1 \
			ibverbs-providers libnl-3-200 libnl-route-3-200 libc6 > /dev/null 2>&1 ) &&
		for deb in "$troot"/debs/*.deb; do dpkg -x "$deb" "$troot/root"; done &&
		touch "$troot/.done" ||
		{ mana_result "FAIL: fetch trixie's rdma-core 56 (libibverbs1, ibverbs-providers)"; mana_finish; }
fi
for lib in usr/lib/x86_64-linux-gnu/libibverbs.so.1 usr/lib/x86_64-linux-gnu/libmana.so.1 \
		usr/lib/x86_64-linux-gnu/libibverbs/libmana-rdmav34.so usr/lib64/ld-linux-x86-64.so.2; do
	e2e_copy_elf "$troot/root" "$lib" "$x/trixie"
done
mkdir -p "$x/trixie/etc/libibverbs.d"
echo "driver /trixie/usr/lib/x86_64-linux-gnu/libibverbs/libmana" > "$x/trixie/etc/libibverbs.d/mana.driver"
# IB_KUD=1 (check 44): trixie's rping (rdmacm-utils, librdmacm1t64) under /trixie, and the
# kernel UD test module (tests/model/ib/kud) as /ib/rnic_kud.ko
if [ "${IB_KUD:-0}" = 1 ]; then
	croot=$MANA_CACHE/ib-trixie-rdmacm-2
	mana_lock "$croot.lock" || mana_die "cannot lock $croot.lock"
	if [ ! -e "$croot/.done" ]; then
		rm -rf "$croot" && mkdir -p "$croot/debs"
		topts=$(mana_suite_opts trixie) &&
			# shellcheck disable=SC2086
			( cd "$croot/debs" && chmod 777 . && apt-get $topts download librdmacm1t64 \
				rdmacm-utils libibverbs1 libnl-3-200 libnl-route-3-200 libc6 libgcc-s1 \
				> /dev/null 2>&1 ) &&
			for deb in "$croot"/debs/*.deb; do dpkg -x "$deb" "$croot/root"; done &&
			touch "$croot/.done" ||
			{ mana_result "FAIL: fetch trixie's rping (rdmacm-utils, librdmacm1t64)"; mana_finish; }
	fi
	e2e_copy_elf "$croot/root" usr/bin/rping "$x/trixie"
	# glibc loads it for pthread_exit() (rping's threads end that way)
	e2e_copy_elf "$croot/root" usr/lib/x86_64-linux-gnu/libgcc_s.so.1 "$x/trixie"
	if ! kud=$("$here/kud/build.sh" "$KDIR"); then
		mana_result "FAIL: build the kernel UD test module (tests/model/ib/kud) for $KVER"
		mana_finish
	fi
	cp "$kud" "$x/ib/rnic_kud.ko"
fi
mana_log "rdma-core in the guest: bookworm $(dpkg-query -W -f='${Version}' libibverbs1), trixie $(ls "$troot"/debs/libibverbs1_*.deb | sed 's/.*libibverbs1_\([^_]*\)_.*/\1/')"
# IB_GUEST=FILE: another guest script (rnic-guest.sh for check 44, or a part of guest.sh
# while debugging); IB_MIN_PDS: PDs that script creates at least (default 4)
cp "${IB_GUEST:-$here/guest.sh}" "$x/e2e/e2e.sh"
chmod +x "$x/e2e/e2e.sh"
( cd "$x" && find . | cpio -o -H newc --quiet | gzip -1 ) > "$work/extra.gz"
cat "$work/initrd-base.gz" "$work/extra.gz" > "$work/initrd.gz"
mana_log "mana_ib deps: $(tr '\n' ' ' < "$x/ib/order"); booting (console: $work/console.log)"

while IFS= read -r line; do
	case $line in
	PASS:* | FAIL:* | SKIP:*) mana_result "$line" ;;
	*) echo "$line" ;;
	esac
done < <(e2e_vm "$work" test --checks)
# what the device saw: the verbs program ran twice (PD, MR, doorbell page each time), no
# management request failed
stats=$work/stats-final.json
if [ -s "$stats" ]; then
	got=$(python3 - "$stats" << 'PY'
import json, sys
req = json.load(open(sys.argv[1]))["requests"]
n = lambda op: req.get(op, {}).get("count", 0)
bad = sorted(op for op, v in req.items() if v.get("errors"))
print("pd %d/%d mr %d/%d db %d/%d errors %s" % (n("0x1d"), n("0x1e"), n("0x1f"), n("0x20"),
      n("0x16"), n("0x18"), ",".join(bad) or "none"))
PY
)
	set -- $got
	if [ "$1 $3 $5 $7 $8" = "pd mr db errors none" ] && [ "${2%/*}" = "${2#*/}" ] &&
		[ "${4%/*}" = "${4#*/}" ] && [ "${6%/*}" = "${6#*/}" ] && [ "${2%/*}" -ge "${IB_MIN_PDS:-4}" ]; then
		mana_result "PASS: the model saw as many DESTROY_PD, DESTROY_MR and doorbell-page frees as creates ($got)"
	else
		mana_result "FAIL: model request counts: want creates = destroys for pd, mr, db and 'errors none', got '$got'"
	fi
else
	mana_result "FAIL: no model statistics ($stats)"
fi
mana_log "total $(($(date +%s) - t0))s"
if [ "$nfail" -eq 0 ]; then
	rm -rf "$work"
else
	echo "logs: $work"
	tail -n 30 "$work/console.log" 2> /dev/null | sed 's/^/  | /'
fi
mana_finish
