#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Style and layering gates:
#  - checkpatch.pl --strict (from Debian's linux-source-7.3, trixie-backports) over our
#    kernel C sources and headers: mana/, compat/, tests/kunit/, tests/netvsc-standin/,
#    tests/rdma/kverbs/;
#  - no kernel- or distribution-version conditionals in mana/ or the compat shims;
#  - the GDMA hardware layer (mana/gdma) includes no netdev, ethtool, XDP or RDMA
#    header and has no compat conditionals.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$top/tests/lib/common.sh"
cd "$top"

# ---- checkpatch from Debian's linux-source (the upstream script is not committed) ----
cp_dir=$MANA_CACHE/checkpatch/7.3
get_checkpatch() {
	[ -f "$cp_dir/checkpatch.pl" ] && [ -f "$cp_dir/spelling.txt" ] && [ -f "$cp_dir/const_structs.checkpatch" ] && return 0
	mana_need_pkgs perl xz-utils >&2 || return 1
	mana_linux_source_files "$cp_dir" scripts/checkpatch.pl scripts/spelling.txt \
		scripts/const_structs.checkpatch
}

t0=$(date +%s)
if ! get_checkpatch; then
	mana_fail "checkpatch: could not obtain scripts/checkpatch.pl from Debian's linux-source-7.3"
else
	for group in mana compat tests/compat tests/kunit tests/netvsc-standin tests/debugk tests/rdma/kverbs; do
		if git rev-parse --git-dir > /dev/null 2>&1; then
			mapfile -t files < <(git ls-files -- "$group/*.c" "$group/*.h")
		else
			mapfile -t files < <(find "$group" -name '*.[ch]' -not -path '*/generated/*' 2>/dev/null)
		fi
		files=($(printf '%s\n' "${files[@]}" | sort -u | grep -v '/generated/'))
		[ ${#files[@]} -gt 0 ] || { mana_skip "checkpatch $group: no C files yet"; continue; }
		out=$(printf '%s\n' "${files[@]}" | xargs -P 2 -n 10 perl "$cp_dir/checkpatch.pl" \
			--no-tree --strict --terse --no-summary --show-types -f 2>&1)
		n=$(echo -n "$out" | grep -cE ': (ERROR|WARNING|CHECK):')
		if [ "$n" -eq 0 ]; then
			mana_pass "checkpatch --strict (7.3): ${#files[@]} files in $group/ clean"
		else
			mana_fail "checkpatch --strict (7.3): $n findings in $group/ (${#files[@]} files)"
			echo "$out" | grep -E ': (ERROR|WARNING|CHECK):' | head -n 40 | sed 's/^/    /'
		fi
	done
fi
echo "checkpatch took $(( $(date +%s) - t0 ))s"

# ---- no version conditionals ----
pat='\b(LINUX_VERSION_CODE|KERNEL_VERSION|RHEL_RELEASE(_CODE|_VERSION)?|RHEL_MAJOR|RHEL_MINOR|SLE_VERSION(_CODE)?|SUSE_PRODUCT_CODE|UTS_UBUNTU_RELEASE_ABI|UBUNTU_VERSION_CODE|UTS_RELEASE)\b'
hits=$(grep -rnE "$pat" mana compat/*.h 2>/dev/null)
if [ -z "$hits" ]; then
	mana_pass "no kernel/distribution version macros (LINUX_VERSION_CODE, KERNEL_VERSION, RHEL_*, SLE_*, Ubuntu ABI) in mana/ or compat/*.h"
else
	mana_fail "version macros found in mana/ or compat shims:"
	echo "$hits" | head -n 20 | sed 's/^/    /'
fi

# ---- hardware layer isolation ----
if [ -d mana/gdma ]; then
	inc=$(grep -nE '^#include <(linux/(netdevice|etherdevice|ethtool|if_vlan|filter|bpf|bpf_trace|netdev_features|skbuff)\.h|net/|rdma/|uapi/rdma/)' mana/gdma/*.[ch])
	cond=$(grep -nE '^#(if|ifdef|ifndef|elif).*\b(HAVE_|NEED_|CONFIG_)' mana/gdma/*.[ch] | grep -v '_H$')
	if [ -z "$inc" ] && [ -z "$cond" ]; then
		mana_pass "mana/gdma includes no netdev/ethtool/XDP/RDMA headers and has no HAVE_/NEED_/CONFIG_ conditionals"
	else
		mana_fail "mana/gdma layering: ${inc:+networking/RDMA includes: $inc }${cond:+conditionals: $cond}"
	fi
else
	mana_skip "mana/gdma layering (no mana/gdma directory)"
fi

# ---- test helpers live once (tests/lib) ----
# The result tally (tests/lib/common.sh) and the guest result/wait helpers
# (tests/lib/guest.sh) must not be copied into a runner or a guest script.
copies=$(grep -rnF -e 'npass=$((npass + 1))' -e 'nfail=$((nfail + 1))' \
	-e 'pass() { res "PASS: $*"; }' -e 'fail() { res "FAIL: $*"; }' \
	-e 'wait_for() { i=0; while [ $i -lt "$1" ]' \
	-e 'check() { d=$1; shift; if "$@" > /tmp/out 2>&1' \
	tests scripts --include='*.sh' 2>/dev/null | grep -v '^tests/lib/' |
	grep -v '^tests/checks/12-style.sh:')
if [ -z "$copies" ]; then
	mana_pass "test helpers live once: no copy of the result tally or of the guest pass/fail/check/wait_for helpers outside tests/lib"
else
	mana_fail "copies of tests/lib helpers: $(echo "$copies" | cut -d: -f1,2 | tr '\n' ' ')"
fi
