#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build a small busybox initramfs for booting a test kernel under QEMU.
#
# Usage: mkinitramfs.sh -k KVER -o OUT.cpio.gz [-r MODROOT] [-m "mod ..."] [-e file.ko]... [-s script.sh]
#   -k KVER     kernel release (directory name under lib/modules)
#   -r MODROOT  root that holds lib/modules/KVER of the booted kernel (dpkg -x of a Debian image,
#               or INSTALL_MOD_PATH of a local build); needed only with -m
#   -m MODS     in-tree modules to copy with their dependencies (resolved with kmod's
#               modprobe --show-depends; .ko.xz/.zst/.gz are decompressed so busybox can load them)
#   -e KO       our own .ko, copied to lib/modules/KVER/extra/ (repeatable)
#   -s SCRIPT   guest script, sourced by /init after /proc, /sys, /dev and debugfs are mounted.
#               It sees $KVER and /etc/mods.conf (IN_TREE="...", EXTRA="..." in load order).
# The initramfs' /init prints "### GUEST-UP" first and "### GUEST-DONE" last, then powers off.
# Default script: modprobe every listed module and print the kernel log between
# "### KTAP-BEGIN" and "### KTAP-END".
#
# Needs: busybox-static, kmod, cpio, gzip, xz-utils, zstd.
set -euo pipefail
KVER='' MODROOT='' OUT='' MODS='' SCRIPT=''
EXTRA=()
while getopts k:r:o:m:e:s: o; do
	case $o in
	k) KVER=$OPTARG ;;
	r) MODROOT=$(readlink -f "$OPTARG") ;;
	o) OUT=$OPTARG ;;
	m) MODS=$OPTARG ;;
	e) EXTRA+=("$(readlink -f "$OPTARG")") ;;
	s) SCRIPT=$(readlink -f "$OPTARG") ;;
	*) exit 2 ;;
	esac
done
[ -n "$KVER" ] && [ -n "$OUT" ] || { echo "usage: mkinitramfs.sh -k KVER -o OUT [-r MODROOT -m MODS] [-e KO]... [-s SCRIPT]" >&2; exit 2; }

bb=/bin/busybox
file -L "$bb" 2>/dev/null | grep -q 'statically linked' || { echo "need busybox-static (/bin/busybox is not static)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,sbin,dev,proc,sys,tmp,etc,lib/modules/"$KVER"/extra}
cp "$bb" "$tmp/bin/busybox"
md=$tmp/lib/modules/$KVER
in_tree=()
if [ -n "$MODS" ]; then
	[ -n "$MODROOT" ] || { echo "-m needs -r MODROOT" >&2; exit 2; }
	src=$MODROOT/lib/modules/$KVER
	[ -f "$src/modules.dep" ] || depmod -b "$MODROOT" "$KVER"
	for m in $MODS; do
		if ! deps=$(/sbin/modprobe -C /dev/null -d "$MODROOT" -S "$KVER" --show-depends "$m" 2>&1); then
			echo "mkinitramfs: cannot resolve in-tree module $m: $deps" >&2
			exit 1
		fi
		while read -r kind path _; do
			[ "$kind" = insmod ] || continue
			rel=${path#"$MODROOT"/lib/modules/"$KVER"/}
			mkdir -p "$md/$(dirname "$rel")"
			case $path in
			*.ko.xz) xz -dc "$path" > "$md/${rel%.xz}" ;;
			*.ko.zst) zstd -qdc "$path" > "$md/${rel%.zst}" ;;
			*.ko.gz) gzip -dc "$path" > "$md/${rel%.gz}" ;;
			*) cp "$path" "$md/$rel" ;;
			esac
		done <<< "$deps"
		in_tree+=("$m")
	done
fi
extra=()
for ko in "${EXTRA[@]}"; do
	cp "$ko" "$md/extra/"
	extra+=("$(basename "$ko" .ko)")
done
touch "$md/modules.order" "$md/modules.builtin" "$md/modules.builtin.modinfo"
depmod -b "$tmp" "$KVER"

cat > "$tmp/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
KVER=$(uname -r)
echo "### GUEST-UP $KVER uptime=$(cut -d' ' -f1 /proc/uptime)"
. /test.sh
echo "### GUEST-DONE uptime=$(cut -d' ' -f1 /proc/uptime)"
poweroff -f || reboot -f
INIT
chmod +x "$tmp/init"
printf 'IN_TREE="%s"\nEXTRA="%s"\n' "${in_tree[*]}" "${extra[*]}" > "$tmp/etc/mods.conf"
if [ -n "$SCRIPT" ]; then
	cp "$SCRIPT" "$tmp/test.sh"
else
	cat > "$tmp/test.sh" <<'GUEST'
. /etc/mods.conf
dmesg -n 1
dmesg -c > /dev/null
for m in $IN_TREE $EXTRA; do
	if out=$(modprobe "$m" 2>&1); then echo "### MODPROBE-OK $m"; else echo "### MODPROBE-FAIL $m: $out"; fi
done
echo "### KTAP-BEGIN"
dmesg | sed -e 's/^<[0-9]*>//' -e 's/^\[[ 0-9.]*\] //'
echo "### KTAP-END"
GUEST
fi
( cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1 ) > "$OUT"
echo "initramfs: $OUT ($(du -h "$OUT" | cut -f1)); in-tree: ${in_tree[*]:-none}; extra: ${extra[*]:-none}"
