#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch a Debian kernel image and its headers without installing them: the .debs are
# unpacked with dpkg -x under $MANA_CACHE/kernels/<kver>/ (no initramfs, no /boot, no
# postinst), the flavour Makefile is pointed at the unpacked -common headers, and
# depmod is run on the unpacked modules.
#
# Usage: fetch-kernel.sh [--suite SUITE] [--headers-only] META
#   META   a Debian (meta) package naming the image: linux-image-cloud-amd64 (bookworm 6.1),
#          linux-image-6.12-cloud-amd64 (bookworm-security), or a concrete linux-image-<kver>.
#   SUITE  bookworm (default: the machine's own sources), bullseye, trixie, trixie-backports.
# Prints eval-able lines: KVER=... KDIR=... VMLINUZ=... MODROOT=...
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/common.sh"

suite=bookworm headers_only=0
while [ $# -gt 1 ]; do
	case $1 in
	--suite) suite=$2; shift 2 ;;
	--headers-only) headers_only=1; shift ;;
	*) break ;;
	esac
done
meta=${1:?usage: fetch-kernel.sh [--suite S] [--headers-only] META}
mana_need_pkgs kmod >&2

apt_opts=()
if [ "$suite" != bookworm ]; then
	read -r -a apt_opts <<< "$(mana_suite_opts "$suite")"
else
	[ -e "$MANA_CACHE/.apt-updated" ] || { mana_apt update >/dev/null; mkdir -p "$MANA_CACHE"; touch "$MANA_CACHE/.apt-updated"; }
fi

# Follow "Depends: linux-image-<ver>" from meta packages down to the concrete image;
# with backports the candidate is not the newest, so ask for the highest version.
resolve() {
	local p=$1 d
	while :; do
		d=$(apt-cache "${apt_opts[@]}" show "$p" 2>/dev/null |
			awk '/^Version:/{v=$2} /^Depends:/{print v" "$0}' | sort -V | tail -n1 |
			grep -oE 'linux-image-[0-9][^ ,|]*' | head -n1) || true
		[ -n "$d" ] || break
		p=$d
	done
	echo "${p%-unsigned}"
}
img=$(resolve "$meta")
kver=${img#linux-image-}
[ "$kver" != "$img" ] || mana_die "cannot resolve $meta to a kernel image"
out=$MANA_CACHE/kernels/$kver
mkdir -p "$MANA_CACHE/kernels"
# One fetch per kernel at a time; concurrent callers wait for it and reuse it.
exec 9> "$MANA_CACHE/kernels/.lock-$kver"
flock 9
if [ -e "$out/.complete" ] && [ $headers_only = 0 ] && [ ! -e "$out/boot/vmlinuz-$kver" ]; then
	rm -f "$out/.complete"	# a headers-only fetch: add the image
fi
if [ ! -e "$out/.complete" ]; then
	rm -rf "$out"; mkdir -p "$out/debs"
	hdr=linux-headers-$kver
	deps=$(apt-cache "${apt_opts[@]}" depends "$hdr" 2>/dev/null |
		awk '/Depends: linux-(headers|kbuild)-/{print $2}' | sort -u)
	pkgs=("$hdr" $deps)
	if [ $headers_only = 0 ]; then
		# Newer Debian kernels split the image into linux-binary-* (vmlinuz) and
		# linux-modules-* packages on which linux-image-* depends.
		pkgs+=("$img")
		pkgs+=($(apt-cache "${apt_opts[@]}" depends "$img" 2>/dev/null |
			awk '/Depends: linux-(binary|modules)-[0-9]/{print $2}' | sort -u))
	fi
	( cd "$out/debs" && chmod 777 . && apt-get "${apt_opts[@]}" download "${pkgs[@]}" >/dev/null 2>&1 ) ||
		mana_die "download failed: ${pkgs[*]}"
	for d in "$out"/debs/*.deb; do dpkg -x "$d" "$out"; done
	rm -rf "$out/debs"
	kdir=$out/usr/src/linux-headers-$kver
	sed -i "s#^include /usr/src/#include $out/usr/src/#" "$kdir/Makefile"
	# Merged-/usr packages put modules (and, when split, vmlinuz) under usr/lib/modules:
	# give every kernel the same lib/modules and boot/vmlinuz-<kver> layout.
	if [ ! -e "$out/lib" ] && [ -d "$out/usr/lib/modules" ]; then
		ln -s usr/lib "$out/lib"
	fi
	if [ $headers_only = 0 ] && [ ! -e "$out/boot/vmlinuz-$kver" ] &&
	   [ -e "$out/lib/modules/$kver/vmlinuz" ]; then
		mkdir -p "$out/boot"
		ln -s "../lib/modules/$kver/vmlinuz" "$out/boot/vmlinuz-$kver"
	fi
	if [ -d "$out/lib/modules/$kver" ]; then
		depmod -b "$out" "$kver" 2>/dev/null || true
	fi
	touch "$out/.complete"
fi
echo "KVER=$kver"
echo "KDIR=$out/usr/src/linux-headers-$kver"
echo "VMLINUZ=$out/boot/vmlinuz-$kver"
echo "MODROOT=$out"
