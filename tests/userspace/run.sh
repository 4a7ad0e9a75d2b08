#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Real user space on the MANA device model: a minimal Debian bookworm root (debootstrap:
# systemd as init, systemd-udevd, NetworkManager, systemd-networkd, dnsmasq for the DHCP
# server) booted from an initramfs with OUR mana.ko and the hv_netvsc stand-in
# (tests/netvsc-standin) on Debian's 6.1 cloud kernel, the package's unmanaged-VF files
# written into it by scripts/unmanaged-vf.sh. tests/userspace/guest/us-test.sh (a systemd
# service) runs the phases and reports on ttyS1 (tests/e2e/vm.py).
#
# Usage: tests/userspace/run.sh [KVER]      (6.1 by default; any tests/e2e/run.sh kernel)
# The root is cached as a gzip'd cpio under $MANA_CACHE/userspace/, keyed by its package
# list and the recipe below (USR_ROOT_REV); the per-run part (modules, scripts, config) is
# a second cpio appended to it. Environment: USR_TIMEOUT (VM deadline, s, default 1500),
# USR_KEEP=1 (keep the work folder of a passing run).
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
. "$MANA_TOP/tests/e2e/lib.sh"

USR_PKGS="systemd systemd-sysv udev dbus libpam-systemd network-manager iproute2 dnsmasq-base ethtool kmod procps iputils-ping"
USR_ROOT_REV=1
# result tally: mana_result / mana_finish (tests/lib/common.sh)
result() { mana_result "$1"; }
finish() { mana_finish; }
trap '[ -n "$mana_finished" ] || { echo "FAIL: userspace setup (see the error above)"; echo "$npass passed, $((nfail + 1)) failed"; }' EXIT

# usr_root: the cached root cpio (built once per package list and recipe); prints its path
usr_root() {
	local key dir out tmp r
	key=$(printf '%s\n' "$USR_PKGS" "$USR_ROOT_REV" | sha256sum | cut -c1-16)
	dir=$MANA_CACHE/userspace
	out=$dir/root-bookworm-$key.cpio.gz
	[ -s "$out" ] && { echo "$out"; return 0; }
	mkdir -p "$dir"
	exec 8> "$dir/.lock"
	flock -w 900 8 || mana_die "could not lock $dir/.lock"
	[ -s "$out" ] && { echo "$out"; return 0; }
	mana_need_pkgs debootstrap >&2 || mana_die "cannot install debootstrap"
	tmp=$(mktemp -d "$dir/build.XXXXXX")
	r=$tmp/root
	local mirror
	mirror=$(grep -hoE '(https?://[^ ]+/debian)( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | head -n1 | tr -d ' ')
	mana_log "debootstrap bookworm ($USR_PKGS) into $r (log $tmp/debootstrap.log)"
	if ! nice -n 5 debootstrap --variant=minbase --include="${USR_PKGS// /,}" bookworm "$r" \
		"${mirror:-http://deb.debian.org/debian}" > "$tmp/debootstrap.log" 2>&1; then
		tail -n 20 "$tmp/debootstrap.log" >&2
		rm -rf "$tmp"
		mana_die "debootstrap failed"
	fi
	# small: no documentation, locales, apt lists or caches
	rm -rf "$r"/usr/share/doc/* "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/locale/* \
		"$r"/var/cache/apt/* "$r"/var/lib/apt/lists/* "$r"/var/cache/debconf/*-old "$r"/debootstrap
	# network services start only when the test asks (one phase each); no timers, no
	# filesystem maintenance, no login prompts
	rm -f "$r"/etc/systemd/system/multi-user.target.wants/NetworkManager.service \
		"$r"/etc/systemd/system/dbus-org.freedesktop.nm-dispatcher.service \
		"$r"/etc/systemd/system/network-online.target.wants/NetworkManager-wait-online.service \
		"$r"/etc/systemd/system/multi-user.target.wants/e2scrub_reap.service \
		"$r"/etc/systemd/system/timers.target.wants/* "$r"/etc/systemd/system/getty.target.wants/*
	ln -sf /dev/null "$r/etc/systemd/system/serial-getty@.service"
	ln -sf /dev/null "$r/etc/systemd/system/getty@.service"
	ln -sf /dev/null "$r/etc/systemd/system/systemd-networkd-wait-online.service"
	echo mana-us > "$r/etc/hostname"
	echo 5a2f1c0e6d3b4a7c8e9f0a1b2c3d4e5f > "$r/etc/machine-id"
	printf '#!/bin/sh\n# PID 1 of the userspace guest: systemd on the initramfs root\nexec /lib/systemd/systemd "$@"\n' > "$r/init"
	chmod 0755 "$r/init"
	( cd "$r" && find . | cpio -o -H newc --quiet | gzip -1 ) > "$tmp/root.cpio.gz" ||
		{ rm -rf "$tmp"; mana_die "packing the root failed"; }
	mv "$tmp/root.cpio.gz" "$out"
	rm -rf "$tmp"
	mana_log "root cached: $out ($(du -m "$out" | cut -f1) MiB)"
	echo "$out"
}

t_start=$(date +%s)
e2e_host_deps || mana_die "cannot install the host packages"
eval "$("$E2E_DIR/qemu-bundle.sh")" || mana_die "no QEMU 11.1 bundle"
e2e_kernel "$(e2e_pick_kver "${1:-6.1}")"
ours_ko=$(e2e_ours_ko "$KDIR") || { result "FAIL: build our mana.ko for $KVER with scripts/build.sh"; finish; }
standin_ko=$("$MANA_TOP/tests/netvsc-standin/build.sh" "$KDIR") ||
	{ result "FAIL: build the hv_netvsc stand-in for $KVER"; finish; }
model=$(e2e_model) || { result "FAIL: device model: tests/model did not build"; finish; }
t_root=$(date +%s)
base=$(usr_root)
t_root=$(( $(date +%s) - t_root ))

mkdir -p "$MANA_CACHE/userspace/runs"
find "$MANA_CACHE/userspace/runs" -mindepth 1 -maxdepth 1 -type d -mtime +1 -exec rm -rf {} + 2>/dev/null
work=$(mktemp -d "$MANA_CACHE/userspace/runs/$KVER.XXXXXX")
o=$work/overlay
mkdir -p "$o/usr/sbin" "$o/us" "$o/etc/systemd/system/multi-user.target.wants" "$o/etc/modprobe.d" \
	"$o/etc/modules-load.d" "$o/etc/systemd/network"
# our mana.ko, the stand-in and mana's in-tree dependencies (usr/lib: the root is merged-/usr)
E2E_EXTRA_KO=$standin_ko e2e_modules "$MODROOT" "$KVER" ours "$ours_ko" "$work/mods" > /dev/null
mkdir -p "$o/usr/lib"
mv "$work/mods/lib/modules" "$o/usr/lib/modules"
macs=$(e2e_macs 2)
read -r m0 m1 <<< "$macs"
echo "options netvsc_standin macs=$m0,$m1" > "$o/etc/modprobe.d/netvsc-standin.conf"
echo netvsc_standin > "$o/etc/modules-load.d/netvsc-standin.conf"
# what a cloud image has: a catch-all DHCP .network for every Ethernet link (the VF too,
# unless our file keeps networkd off it)
printf '[Match]\nType=ether\n\n[Network]\nDHCP=yes\n' > "$o/etc/systemd/network/80-dhcp-all.network"
# the package's unmanaged-VF files, as postinst writes them on a Hyper-V guest
"$MANA_TOP/scripts/unmanaged-vf.sh" install --root "$o" --hyperv yes > "$work/unmanaged-vf.log" ||
	mana_die "unmanaged-vf.sh install --root failed: $(cat "$work/unmanaged-vf.log")"
install -m 0755 "$MANA_TOP/scripts/unmanaged-vf.sh" "$o/usr/sbin/unmanaged-vf.sh"
install -m 0755 "$MANA_TOP/scripts/mana-check" "$o/usr/sbin/mana-check"
install -m 0755 "$MANA_TOP/tests/userspace/guest/us-test.sh" "$o/us/us-test.sh"
install -m 0644 "$MANA_TOP/tests/lib/guest.sh" "$o/us/guest-lib.sh"
printf "MACS='%s'\nKVER=%s\n" "$macs" "$KVER" > "$o/us/config"
cat > "$o/etc/systemd/system/mana-us-test.service" << 'EOF'
[Unit]
Description=mana-backport user-space checks (tests/userspace)
After=systemd-udevd.service systemd-modules-load.service dbus.service
Wants=dbus.service

[Service]
Type=simple
ExecStart=/bin/bash /us/us-test.sh
StandardOutput=journal+console
StandardError=journal+console
EOF
ln -s ../mana-us-test.service "$o/etc/systemd/system/multi-user.target.wants/mana-us-test.service"
( cd "$o" && find . | cpio -o -H newc --quiet | gzip -1 ) > "$work/overlay.cpio.gz"
cat "$base" "$work/overlay.cpio.gz" > "$work/initrd.gz"
mana_log "setup took $(( $(date +%s) - t_start ))s (of which the root: ${t_root}s); booting (console: $work/console.log)"

t_vm=$(date +%s)
while IFS= read -r line; do
	case $line in
	PASS:* | FAIL:* | SKIP:*) result "$line" ;;
	*) echo "$line" ;;
	esac
done < <(python3 "$E2E_DIR/vm.py" --qemu "$QEMU" --kernel "$VMLINUZ" --initrd "$work/initrd.gz" \
	--workdir "$work" --timeout "${USR_TIMEOUT:-1500}" --smp 1 --mem 2G --checks \
	--append "systemd.show_status=0 systemd.log_level=warning" \
	-- "$model" --socket "{socket}" --control "{control}" --vports 2 --mac-base "$E2E_MAC_BASE" \
	--log "$work/model-events.log")
mana_log "VM run took $(( $(date +%s) - t_vm ))s, total $(( $(date +%s) - t_start ))s"
if [ "$nfail" -eq 0 ] && [ -z "${USR_KEEP:-}" ]; then
	rm -rf "$work"
else
	echo "logs: $work"
	echo "--- last console lines ($work/console.log):"
	tail -n 30 "$work/console.log" 2> /dev/null | sed 's/^/  | /'
fi
finish
