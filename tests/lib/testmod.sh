# SPDX-License-Identifier: GPL-2.0
# Build one test-only kernel module (a single .c file and its Kbuild) for one kernel, W=1,
# outside the source tree, in a cache folder of its own; warnings fail the build. Sourced
# by the build.sh of each test module (tests/model/ib/kud, tests/rdma/kverbs,
# tests/netvsc-standin) after tests/lib/common.sh and scripts/lib/kbuild-env.sh.

# mana_testmod_build SRCDIR NAME CACHESUB KDIR|KVER [KBUILD ARGS...]
# Copies SRCDIR/NAME.c and SRCDIR/Kbuild to $MANA_CACHE/CACHESUB/<release>/, builds
# NAME.ko there and prints its path; KBUILD ARGS are added to make's (after W=1).
mana_testmod_build() {
	local src=$1 name=$2 sub=$3 kdir=$4 rel out log
	shift 4
	[ -d "$kdir" ] || kdir=/lib/modules/$kdir/build
	rel=$(mana_kernel_release "$kdir")
	[ -n "$rel" ] || mana_die "no kernel build directory at $kdir"
	out=$MANA_CACHE/$sub/$rel
	mkdir -p "$out"
	mana_lock "$out/.lock" || mana_die "cannot lock $out/.lock"
	cp "$src/$name.c" "$src/Kbuild" "$out/"
	log=$out/build.log
	mana_kbuild_plan "$kdir"
	mana_kbuild_fix_args "$kdir" W=1 "$@"
	if ! mana_kbuild "$kdir" M="$out" ${MANA_KB_ARGS[@]+"${MANA_KB_ARGS[@]}"} modules > "$log" 2>&1; then
		tail -n 30 "$log" >&2
		mana_die "$name build for $rel failed ($log)"
	fi
	if grep -E 'warning:' "$log" >&2; then
		mana_die "$name for $rel: W=1 warnings ($log)"
	fi
	echo "$out/$name.ko"
}
