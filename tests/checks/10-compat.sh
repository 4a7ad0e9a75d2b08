#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# compat layer: every probe used and every shim called (tests/compat/usage.sh),
# probe results per reference kernel against the goldens in
# tests/compat/expected.tsv, the fast (batched) probe mode against the
# one-object-per-probe mode, probe metadata, and the kernel-configuration
# decisions (refusing =y, requirements, whether mana_ib is built, dkms.conf).
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$top/tests/lib/common.sh"
. "$top/scripts/lib/kbuild-env.sh"
. "$top/tests/compat/kernels.sh"
mkdir -p "$MANA_CACHE"
mana_need_pkgs rsync kmod dwarves libelf1 >&2

exp=$top/tests/compat/expected.tsv
base=${MANA_MATRIX_DIR:-$(mana_checkout_dir matrix)}
mkdir -p "$base"
mapfile -t probes < <(cd "$top/compat/probes" && ls -1 -- *.c | sed 's/\.c$//')

# ---- metadata: every probe has a golden row and names its upstream change ----
rows=$(awk -F'\t' '!/^#/ && $1 != "probe" { print $1 }' "$exp" | sort)
files=$(printf '%s\n' "${probes[@]}" | sort)
if [ "$rows" = "$files" ]; then
	mana_pass "compat: all ${#probes[@]} probes have a row in tests/compat/expected.tsv and every row a probe"
else
	mana_fail "compat: probes and expected.tsv rows differ: $(diff <(echo "$files") <(echo "$rows") | grep '^[<>]' | tr '\n' ' ')"
fi
nometa=
for p in "${probes[@]}"; do
	up=$(awk 'index($0, " * upstream:") == 1 { on = 1 } on && /^ \*\// { on = 0 } on { printf "%s ", $0 }' \
		"$top/compat/probes/$p.c")
	grep -qE '(mainline|present|after 6|in [0-9])' <<< "$up" || nometa+=" $p"
done
if [ -z "$nometa" ]; then
	mana_pass "compat: every probe names the upstream change it covers and its mainline version"
else
	mana_fail "compat: probes without an 'upstream:' line naming the change and version:$nometa"
fi

# ---- every probe has a user, every shim a caller, every HAVE_* a probe ----
"$top/tests/compat/usage.sh" "$top"

# ---- goldens per reference kernel ----
for ref in $MANA_REF_KERNELS; do
	kdir=$(mana_ref_kdir "$ref" 2> "$MANA_CACHE/.ref-err")
	rc=$?
	if [ $rc -eq 2 ]; then
		mana_skip "compat goldens $ref: $(cat "$MANA_CACHE/.ref-err")"
		continue
	elif [ $rc -ne 0 ]; then
		mana_fail "compat goldens $ref: cannot get kernel headers: $(tail -n 2 "$MANA_CACHE/.ref-err" | tr '\n' ' ')"
		continue
	fi
	kver=$(mana_kernel_release "$kdir")
	col=$(mana_ref_column "$ref")
	t0=$(date +%s)
	"$top/scripts/build.sh" --probe-only --out "$base/$ref" "$kdir" > "$base/$ref.probe.log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - t0 ))
	res=$base/$ref/compat/generated/$kver/results.txt
	if [ $rc -ne 0 ] || [ ! -f "$res" ]; then
		mana_fail "compat goldens $ref ($kver): probing failed with status $rc (log: $base/$ref.probe.log)"
		continue
	fi
	flips=$(awk -F'\t' -v col="$col" '
		FNR == NR {
			if ($1 == "probe") {
				for (i = 2; i <= NF; i++)
					if ($i == col)
						c = i
			} else if (!/^#/ && c) {
				want[$1] = $c
			}
			next
		}
		{ if (!($1 in want)) print $1 "=" $2 "(no golden)"
		  else if (want[$1] != $2) print $1 "=" $2 "(expected " want[$1] ")" }' "$exp" FS=' ' "$res")
	if [ -z "$flips" ]; then
		took=$(sed -n 's/.* probes in \([0-9]*\) s\..*/\1/p' "${res%/*}/mana_compat_config.h")
		mana_pass "compat goldens $ref ($kver): all ${#probes[@]} probes as expected ($(grep -c ' y$' "$res") present; the probe run took ${took:-?}s, this step ${secs}s)"
	else
		mana_fail "compat goldens $ref ($kver): probes flipped: $(echo $flips)"
		echo "  reasons are in $base/$ref/compat/generated/$kver/mana_compat_config.h"
	fi
done

# ---- the batched probe run equals one object per probe (on 6.1) ----
kdir=$(mana_ref_kdir 6.1 2> /dev/null)
kver=$(mana_kernel_release "$kdir")
batch=$base/6.1/compat/generated/$kver/results.txt
each=$(mana_checkout_dir compat-each)/6.1
mkdir -p "$each"
t0=$(date +%s)
if [ -f "$batch" ] && "$top/scripts/compat-probe.sh" --each "$kdir" "$each" > "$each.log" 2>&1; then
	if cmp -s "$batch" "$each/results.txt"; then
		mana_pass "compat: batched probing gives the same ${#probes[@]} results as one object per probe on 6.1 (each-mode took $(( $(date +%s) - t0 ))s)"
	else
		mana_fail "compat: batched and per-probe results differ on 6.1: $(diff "$batch" "$each/results.txt" | grep '^[<>]' | tr '\n' ' ')"
	fi
else
	mana_fail "compat: per-probe reference run on 6.1 failed (log: $each.log)"
fi

# ---- kernel configuration decisions, on copies of a real kernel config ----
fake=$(mktemp -d)
trap 'rm -rf "$fake"' EXIT
src61=$(mana_ref_kdir 6.1 2> /dev/null)
mkfake() {	# mkfake NAME SED-EXPR: a "kernel dir" whose config is 6.1's, edited
	local d=$fake/$1
	mkdir -p "$d/include/generated" "$d/include/config"
	cp "$src61/include/generated/autoconf.h" "$src61/include/generated/utsrelease.h" "$d/include/generated/"
	cp "$src61/.config" "$d/.config"
	sed -i "$2" "$d/include/generated/autoconf.h" "$d/.config"
	echo 'all:' > "$d/Makefile"
	echo "$d"
}
d=$(mkfake mana-y 's/^#define CONFIG_MICROSOFT_MANA_MODULE 1/#define CONFIG_MICROSOFT_MANA 1/; s/^CONFIG_MICROSOFT_MANA=m/CONFIG_MICROSOFT_MANA=y/')
msg=$("$top/scripts/compat-probe.sh" "$d" "$fake/out-y" 2>&1)
rc=$?
if [ $rc -eq 3 ] && grep -q 'CONFIG_MICROSOFT_MANA=y' <<< "$msg" && grep -q 'cannot be replaced' <<< "$msg"; then
	mana_pass "compat config: a kernel with CONFIG_MICROSOFT_MANA=y is refused with a message (status 3)"
else
	mana_fail "compat config: CONFIG_MICROSOFT_MANA=y not refused (status $rc: $msg)"
fi
d=$(mkfake nomsi '/CONFIG_PCI_MSI /d; /^CONFIG_PCI_MSI=/d')
msg=$("$top/scripts/compat-probe.sh" "$d" "$fake/out-msi" 2>&1)
rc=$?
if [ $rc -eq 3 ] && grep -q 'CONFIG_PCI_MSI' <<< "$msg"; then
	mana_pass "compat config: a kernel without CONFIG_PCI_MSI is refused with a message"
else
	mana_fail "compat config: missing CONFIG_PCI_MSI not refused (status $rc)"
fi
d=$(mkfake nohv '/CONFIG_PCI_HYPERV/d')
msg=$("$top/scripts/compat-probe.sh" "$d" "$fake/out-hv" 2>&1)
rc=$?
if [ $rc -eq 3 ] && grep -q 'PCI_HYPERV' <<< "$msg"; then
	mana_pass "compat config: a kernel without CONFIG_PCI_HYPERV(_INTERFACE) is refused with a message"
else
	mana_fail "compat config: missing CONFIG_PCI_HYPERV not refused (status $rc)"
fi
# mana_ib decision as recorded by the real probe runs.
for ref_ib in "5.10:" "6.1:m" "6.12:m" "7.3:m"; do
	ref=${ref_ib%%:*} want=${ref_ib#*:}
	k=$(mana_ref_kdir "$ref" 2> /dev/null) || continue
	mk=$base/$ref/compat/generated/$(mana_kernel_release "$k")/config.mk
	got=$(sed -n 's/^MANA_BUILD_IB := //p' "$mk" 2>/dev/null)
	if [ -f "$mk" ] && [ "$got" = "$want" ]; then
		mana_pass "compat config: mana_ib build decision on $ref is '${want:-not built}' ($(grep '^mana_ib:' "${mk%/*}/config-check.txt" | cut -c1-120))"
	else
		mana_fail "compat config: mana_ib decision on $ref is '${got}' (want '${want}')"
	fi
done

# dkms.conf evaluated for the same configurations, as DKMS does (sourced by bash).
dkms_eval() {	# dkms_eval KDIR: print the module list and exclusions dkms.conf yields
	( kernelver=$(mana_kernel_release "$1") arch=x86_64 kernel_source_dir=$1 parallel_jobs=2
	  cd /tmp && . "$2/dkms.conf" 2>/dev/null
	  echo "mods=${BUILT_MODULE_NAME[*]} excl=${BUILD_EXCLUSIVE_CONFIG:-} ver=$PACKAGE_VERSION" \
	       "dest=${DEST_MODULE_LOCATION[*]} weak=${NO_WEAK_MODULES:-}" )
}
withib=$fake/src-ib
mkdir -p "$withib/mana/ib" && cp "$top/dkms.conf" "$withib/" && touch "$withib/mana/ib/Kbuild"
r61=$(dkms_eval "$src61" "$withib")
r510=$(dkms_eval "$(mana_ref_kdir 5.10 2> /dev/null)" "$withib")
ry=$(dkms_eval "$fake/mana-y" "$withib")
if [[ $r61 == *"mods=mana mana_ib excl= "* ]] && [[ $r510 == *"mods=mana excl= "* ]] &&
   [[ $ry == *"excl=!CONFIG_MICROSOFT_MANA"* ]] && [[ $r61 == *"dest=/updates/dkms /updates/dkms weak=yes"* ]]; then
	mana_pass "dkms.conf: mana+mana_ib as a pair on 6.1, mana only on 5.10 (no auxiliary bus), =y kernels excluded; both to /updates/dkms, no weak modules"
else
	mana_fail "dkms.conf evaluation: 6.1: $r61 | 5.10: $r510 | =y: $ry"
fi
