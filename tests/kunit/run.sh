#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run our KUnit suites (and a load/unload check of our mana.ko) inside a real booted kernel
# under QEMU/TCG. This is `make kunit KVER=...`.
#
# Usage: tests/kunit/run.sh KVER
#   KVER  6.1 | 6.12 (the current Debian bookworm cloud kernels), or a concrete Debian release
#         such as 6.1.0-56-cloud-amd64; any other release needs the overrides below.
#         6.1-debug: the debug kernel of tests/debugk/build.sh (its log is also scanned for
#         KASAN/lockdep/kmemleak reports, as on any kernel built with them).
#   env KDIR, VMLINUZ, MODROOT  use a locally built kernel instead of a Debian one (all three:
#         build dir with Module.symvers, bzImage, INSTALL_MOD_PATH root; KDIR alone is ignored,
#         since `make` always exports one; KVER is then the tree's kernel.release, whatever
#         the argument says, as `make kunit` passes the running kernel's). A kernel whose
#         .config has CONFIG_KUNIT=m uses its own kunit.ko; others get the external build
#         (tests/kunit/kunit-oot.sh, Debian 6.1/6.12 only).
#       TIMEOUT  QEMU timeout in seconds (default 300)
# Output: PASS/FAIL/SKIP lines (one per KUnit case, per suite, per module load/unload step)
# for scripts/check.sh; exit status 0 only if everything passed.
# Work files: $MANA_CACHE/kunit/<kver>/ (serial log: boot.log, KTAP: boot.log.ktap).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/../lib/common.sh"
want=${1:?usage: tests/kunit/run.sh KVER}
t0=$(date +%s)
stage() { mana_log "[+$(( $(date +%s) - t0 ))s] $*"; }

mana_need_pkgs gcc make bc flex bison libelf-dev libssl-dev dwarves kmod cpio gzip xz-utils zstd \
	python3 busybox-static qemu-system-x86 file >&2

# `make kunit` always exports KDIR (its default is /lib/modules/KVER/build): a local kernel is
# selected by VMLINUZ + MODROOT, and only then is KDIR used.
if [ -n "${VMLINUZ:-}${MODROOT:-}" ]; then
	[ -n "${KDIR:-}" ] && [ -n "${VMLINUZ:-}" ] && [ -n "${MODROOT:-}" ] ||
		mana_die "KDIR, VMLINUZ and MODROOT must be given together"
	KDIR=$(readlink -f "$KDIR") VMLINUZ=$(readlink -f "$VMLINUZ") MODROOT=$(readlink -f "$MODROOT")
	# the tree's own release names its modules; `make kunit` passes the running kernel's
	KVER=$(cat "$KDIR/include/config/kernel.release" 2> /dev/null || echo "$want")
	[ "$KVER" = "$want" ] || mana_log "local kernel: release $KVER from $KDIR (not '$want')"
elif [ "$want" = 6.1-debug ]; then
	# the debug kernel (KASAN, lockdep, kmemleak, ...) of tests/debugk/build.sh
	stage "debug kernel (tests/debugk/build.sh)"
	eval "$("$MANA_TOP/tests/debugk/build.sh")"
else
	case $want in
	6.1) meta=linux-image-cloud-amd64 ;;
	6.12) meta=linux-image-6.12-cloud-amd64 ;;
	*) meta=linux-image-$want ;;
	esac
	stage "fetching kernel $meta"
	eval "$("$MANA_TOP/tests/lib/fetch-kernel.sh" "$meta")"
fi
[ -f "$KDIR/Makefile" ] || mana_die "no kernel build dir at $KDIR"
[ -d "$MODROOT/lib/modules/$KVER" ] || mana_die "no $MODROOT/lib/modules/$KVER"
work=$MANA_CACHE/kunit/$KVER
mkdir -p "$work"
# one run per kernel at a time (a developer and `make check` may share the cache)
exec 9> "$work/.lock"
if ! flock -n 9; then
	mana_log "waiting for another KUnit run on $KVER to finish"
	flock -w 1800 9 || mana_die "another KUnit run on $KVER holds $work/.lock"
fi
label="kunit-$KVER"
stage "kernel $KVER (KDIR=$KDIR)"

# KUnit itself
in_tree='' extra=() symvers=()
if grep -q '^CONFIG_KUNIT=m' "$KDIR/.config"; then
	in_tree=kunit
	stage "native KUnit (CONFIG_KUNIT=m): using the kernel's kunit.ko"
elif grep -q '^CONFIG_KUNIT=y' "$KDIR/.config"; then
	stage "native KUnit (built in)"
else
	koot=$work/kunit-oot
	key="$(sha256sum "$here/kunit-oot.sh" | cut -c1-16) $(stat -c %Y "$KDIR/Makefile")"
	if [ ! -f "$koot/kunit.ko" ] || [ "$(cat "$koot/.key" 2>/dev/null)" != "$key" ]; then
		stage "building external kunit.ko"
		"$here/kunit-oot.sh" "$KVER" "$KDIR" "$koot" > "$work/kunit-oot.log" 2>&1 ||
			{ tail -n 30 "$work/kunit-oot.log" >&2; mana_fail "$label: build external kunit.ko (log $work/kunit-oot.log)"; exit 1; }
		echo "$key" > "$koot/.key"
	else
		stage "external kunit.ko from cache"
	fi
	extra+=(-e "$koot/kunit.ko")
	symvers+=("$koot/Module.symvers")
fi

# our mana.ko (and mana_ib.ko where the kernel can host it), built the way the package builds
# it: compat probes for this kernel, then Kbuild (scripts/build.sh keeps $work/pkg in sync with
# the tree, so rebuilds are incremental)
rc=0
pkgko=''
stage "building mana.ko"
if "$MANA_TOP/scripts/build.sh" --out "$work/pkg" "$KDIR" > "$work/pkg.log" 2>&1; then
	pkgko=$work/pkg/mana/mana.ko
fi
if [ -n "$pkgko" ] && [ -f "$pkgko" ]; then
	mana_pass "$label build of our mana.ko"
	extra+=(-e "$pkgko")
	deps=$(modinfo -F depends "$pkgko" | tr ',' ' ')
	in_tree="$in_tree $deps"
	# mana_ib.ko too when this kernel can host it; its in-tree dependencies, never mana
	ibko=$work/pkg/mana/ib/mana_ib.ko
	if [ -f "$ibko" ]; then
		extra+=(-e "$ibko")
		for d in $(modinfo -F depends "$ibko" | tr ',' ' '); do
			[ "$d" = mana ] || in_tree="$in_tree $d"
		done
	fi
else
	pkgko=''
	tail -n 30 "$work/pkg.log" >&2
	mana_fail "$label build of our mana.ko (log $work/pkg.log); its load/unload checks cannot run"
	rc=1
fi

# the KUnit test modules, compiled with the compat config scripts/build.sh generated above
stage "building KUnit test modules"
gen=$work/pkg/compat/generated/$KVER
if [ ! -d "$gen" ]; then
	mana_fail "$label compat probes for the test module (no $gen: see $work/pkg.log)"
	exit 1
fi
tsrc=$work/tests-src
rm -rf "$tsrc"; mkdir -p "$tsrc/tests"
cp -a "$MANA_TOP/mana" "$MANA_TOP/compat" "$tsrc/"
rm -rf "$tsrc/compat/generated"
cp -a "$here" "$tsrc/tests/kunit"
find "$tsrc" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -delete
if ! make -C "$KDIR" M="$tsrc/tests/kunit" -j2 KBUILD_EXTRA_SYMBOLS="${symvers[*]}" W=1 \
	MANA_BP_GEN="$gen" modules > "$work/tests.log" 2>&1; then
	tail -n 40 "$work/tests.log" >&2
	mana_fail "$label build of the KUnit test modules (log $work/tests.log)"
	exit 1
fi
if grep -E 'warning:' "$work/tests.log" >&2; then
	mana_fail "$label KUnit test modules build without warnings (log $work/tests.log)"; rc=1
fi
tests=()
for ko in "$tsrc"/tests/kunit/*.ko; do tests+=(-e "$ko"); done
[ ${#tests[@]} -gt 0 ] || mana_die "no test modules built"

# expected suites and cases, from the sources
suites=() cases=()
while read -r s; do suites+=(--suite "$s"); done < <(awk '/struct kunit_suite [a-z0-9_]+ = \{/ {s = 1} s && /\.name *=/ {match($0, /"[^"]*"/); print substr($0, RSTART + 1, RLENGTH - 2); s = 0}' "$here"/*.c)
while read -r c; do cases+=(--case "$c"); done < <(grep -ohE 'KUNIT_CASE(_PARAM)?\([a-z0-9_]+' "$here"/*.c | sed 's/.*(//')

stage "initramfs"
# a debug kernel (tests/debugk): kmemleak baseline first, final scan and kernel log last
debugk=0
! grep -qE '^CONFIG_(KASAN|PROVE_LOCKING|DEBUG_KMEMLEAK)=y' "$KDIR/.config" || debugk=1
{
	echo "MANA_EXPECT_VERSION='$( [ -n "$pkgko" ] && modinfo -F version "$pkgko")'"
	[ $debugk = 0 ] || { cat "$MANA_TOP/tests/debugk/guest-scan.sh"; echo debugk_begin; }
	cat "$here/guest.sh"
	[ $debugk = 0 ] || echo debugk_end
} > "$work/guest.sh"
read -r -a in_tree_list <<< "$in_tree"
"$MANA_TOP/tests/vm/mkinitramfs.sh" -k "$KVER" -r "$MODROOT" ${in_tree_list[0]+-m "${in_tree_list[*]}"} \
	"${extra[@]}" "${tests[@]}" -s "$work/guest.sh" -o "$work/initrd.gz" >&2
stage "booting $KVER under QEMU/TCG"
b0=$(date +%s)
"$MANA_TOP/tests/vm/qemu-run.sh" "$VMLINUZ" "$work/initrd.gz" "$work/boot.log" || true
stage "boot took $(( $(date +%s) - b0 ))s; checking $work/boot.log"
python3 "$MANA_TOP/tests/vm/ktap-check.py" --label "$label" "${suites[@]}" "${cases[@]}" "$work/boot.log" || rc=1
[ $debugk = 0 ] || "$MANA_TOP/tests/debugk/scan-log.sh" "$label" "$work/boot.log" || rc=1
stage "done (rc=$rc)"
exit $rc
