#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the package against every reference kernel with W=1 (extra warnings)
# and C=1 (sparse), from clean, and report per kernel.
#
# Usage: scripts/build-matrix.sh [REF...]      (default: all, see tests/compat/kernels.sh)
#   REF: 5.10 6.1 6.1-generic 6.12 7.3 5.15 (5.15 needs MANA_K515_KDIR, local only)
# Env: MANA_MATRIX_FLAGS (default "W=1 C=1"), MANA_MATRIX_DIR (default $MANA_CACHE/matrix/<checkout>)
#
# Prints one line per check in the check-runner format (PASS:/FAIL:/SKIP:), per kernel:
#   build   - Kbuild succeeded and mana.ko (and mana_ib.ko when the kernel can host it) exist,
#             as does the compile test of every compat shim (tests/compat/shims, not installed)
#   clean   - no compiler, sparse or modpost warning in the build log
#   sparse  - sparse really ran on every compiled file
#   modinfo - version is dkms.conf's PACKAGE_VERSION, vermagic is the target kernel
#   ns      - every symbol mana.ko exports is in the MANA_OOT namespace; mana_ib imports it
# Logs: $MANA_MATRIX_DIR/<ref>.log. Exit status 1 if any check failed.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$top/tests/lib/common.sh"
. "$top/scripts/lib/kbuild-env.sh"
. "$top/tests/compat/kernels.sh"

refs=("$@")
[ ${#refs[@]} -gt 0 ] || read -r -a refs <<< "$MANA_REF_KERNELS"
read -r -a flags <<< "${MANA_MATRIX_FLAGS:-W=1 C=1}"
base=${MANA_MATRIX_DIR:-$(mana_checkout_dir matrix)}
version=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$top/dkms.conf")
mkdir -p "$MANA_CACHE"
mana_need_pkgs sparse rsync kmod dwarves libelf1 >&2 || mana_die "cannot install build tools"
failed=0
fail() { mana_fail "$*"; failed=1; }

# Lines that look like warnings but are not about our code, each with its reason.
benign() {
	# Debian's 7.x linux-kbuild lacks scripts/checker-valid.sh; build.sh passes
	# KBUILD_CHECKSRC so sparse runs anyway (the "sparse" check below proves it).
	grep -vE 'Makefile:[0-9]+: C=[0-9] specified, but .* is not available or not up to date'
}

for ref in "${refs[@]}"; do
	kdir=$(mana_ref_kdir "$ref" 2> "$MANA_CACHE/.ref-err")
	rc=$?
	if [ $rc -eq 2 ]; then
		mana_skip "matrix $ref: $(cat "$MANA_CACHE/.ref-err")"
		continue
	elif [ $rc -ne 0 ] || [ -z "$kdir" ]; then
		fail "matrix $ref: cannot get the kernel headers: $(tail -n 2 "$MANA_CACHE/.ref-err" | tr '\n' ' ')"
		continue
	fi
	kver=$(mana_kernel_release "$kdir")
	out=$base/$ref
	log=$out.log
	mkdir -p "$base"
	t0=$(date +%s)
	"$top/scripts/build.sh" --rebuild --out "$out" "$kdir" "${flags[@]}" MANA_SHIM_TEST=m > "$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - t0 ))
	name="$ref ($kver)"
	if [ $rc -ne 0 ]; then
		fail "matrix $name: build failed with status $rc in ${secs}s (log: $log)"
		grep -E 'error|Error' "$log" | head -n 5 | sed 's/^/    /'
		continue
	fi
	gen=$out/compat/generated/$kver
	mods=(mana/mana.ko tests/compat/shims/mana_compat_shims.ko)
	if grep -q '^MANA_BUILD_IB := m' "$gen/config.mk" && [ -f "$out/mana/ib/Kbuild" ]; then
		mods+=(mana/ib/mana_ib.ko)
	fi
	missing=
	for m in "${mods[@]}"; do [ -f "$out/$m" ] || missing+=" $m"; done
	if [ -n "$missing" ]; then
		fail "matrix $name: built but missing:$missing"
		continue
	fi
	mana_pass "matrix $name: ${mods[*]} built with ${flags[*]} in ${secs}s"

	warns=$(grep -E '(warning|error): |^WARNING: ' "$log" | benign)
	if [ -z "$warns" ]; then
		mana_pass "matrix $name: no compiler, sparse or modpost warnings"
	else
		fail "matrix $name: $(echo "$warns" | wc -l) warning lines (log: $log)"
		echo "$warns" | head -n 20 | sed 's/^/    /'
	fi

	if [[ " ${flags[*]} " == *" C="[12]" "* ]]; then
		ncc=$(grep -cE '^ +CC \[M\] +.*\.o$' "$log" | head -n1)
		nmod=$(grep -cE '^ +CC \[M\] +.*(\.mod\.o|module-common\.o)$' "$log")
		ncheck=$(grep -cE '^ +CHECK +' "$log")
		nc=$((ncc - nmod))
		if [ "$ncheck" -ge "$nc" ] && [ "$nc" -gt 0 ]; then
			mana_pass "matrix $name: sparse checked all $nc compiled files"
		else
			fail "matrix $name: sparse ran on $ncheck of $nc compiled files"
		fi
	fi

	v=$(modinfo -F version "$out/mana/mana.ko")
	vm=$(modinfo -F vermagic "$out/mana/mana.ko")
	if [ "$v" = "$version" ] && [ "${vm%% *}" = "$kver" ]; then
		mana_pass "matrix $name: modinfo version $v, vermagic $kver"
	else
		fail "matrix $name: modinfo version '$v' (want $version), vermagic '${vm%% *}' (want $kver)"
	fi

	# Module.symvers columns: crc, symbol, module, export type, namespace.
	exports=$(awk -F'\t' '$3 ~ /(^|\/)mana\/mana$/' "$out/Module.symvers" 2>/dev/null)
	shimns=$(awk -F'\t' '$2 == "mana_shimtest_misc" { print $5 }' "$out/Module.symvers" 2>/dev/null)
	[ "$shimns" = MANA_OOT ] || fail "matrix $name: the shim test export is in namespace '$shimns', not MANA_OOT"
	nexp=$(echo -n "$exports" | grep -c .)
	bad=$(echo -n "$exports" | awk -F'\t' '$5 != "MANA_OOT" { print $2 }' | tr '\n' ' ')
	if [ "$nexp" -eq 0 ]; then
		mana_skip "matrix $name: namespace (mana.ko exports no symbols yet)"
	elif [ -n "$bad" ]; then
		fail "matrix $name: exported outside the MANA_OOT namespace: $bad"
	else
		ns_ib=
		if [ -f "$out/mana/ib/mana_ib.ko" ]; then
			imp=$(modinfo -F import_ns "$out/mana/ib/mana_ib.ko" | tr '\n' ' ')
			if [[ " $imp " == *" MANA_OOT "* ]]; then ns_ib=", mana_ib imports it"
			else fail "matrix $name: mana_ib.ko does not import MANA_OOT (import_ns: $imp)"; continue; fi
		fi
		mana_pass "matrix $name: all $nexp exports of mana.ko are in namespace MANA_OOT$ns_ib"
	fi
done
exit $failed
