#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Probe a target kernel for the features the MANA drivers use and write the
# per-kernel compat configuration.
#
# Usage: scripts/compat-probe.sh [options] KDIR OUTDIR
#   KDIR     the target kernel's build directory (/lib/modules/<release>/build)
#   OUTDIR   where to write the results, normally <build>/compat/generated/<release>
# Options:
#   --each       compile every probe as its own object (slow, reference mode);
#                the default compiles all probes in a few objects and maps each
#                compiler diagnostic back to the probe it came from
#   --jobs N     parallel compile jobs (default: min(2, nproc))
#   --force      ignore the cached result
#   --native     run make directly (we are already inside the build toolchain;
#                used when Kbuild itself asks for the probes); CC from --cc
#   --cc CC      compiler to use with --native
#
# OUTDIR receives:
#   mana_compat_config.h  HAVE_* defines, each with the upstream change it covers;
#                         probes that failed are listed with the compiler's reason
#   config.mk             Kbuild variables (MANA_BUILD_IB := m or empty, ...)
#   results.txt           one "NAME y|n" line per probe (what tests/compat compares)
#   config-check.txt      the kernel configuration checks and their outcome
#   probe.log             the full compiler output of the probe run
# Exit status: 0 ok, 3 kernel configuration cannot host this package (message on
# stderr and in config-check.txt), 1 other errors.
#
# Probe files: compat/probes/<NAME>.c, see compat/README.md for the format.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$top/tests/lib/common.sh"
. "$top/scripts/lib/kbuild-env.sh"

each=0 jobs= force=0 native=0 cc=
while [ $# -gt 0 ]; do
	case $1 in
	--each) each=1; shift ;;
	--jobs) jobs=$2; shift 2 ;;
	--force) force=1; shift ;;
	--native) native=1; shift ;;
	--cc) cc=$2; shift 2 ;;
	-*) mana_die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || mana_die "usage: compat-probe.sh [--each] [--jobs N] [--force] KDIR OUTDIR"
kdir=$(readlink -f "$1") out=$2
mkdir -p "$out" && out=$(readlink -f "$out")
[ -n "$jobs" ] || { jobs=$(nproc); [ "$jobs" -gt 2 ] && jobs=2; }
autoconf=$kdir/include/generated/autoconf.h
[ -r "$autoconf" ] || mana_die "$kdir is not a configured kernel build directory (no include/generated/autoconf.h)"
kver=$(mana_kernel_release "$kdir")
probedir=$top/compat/probes

# ---- kernel configuration checks -------------------------------------------
cfg() {	# cfg NAME -> y, m or n
	if grep -q "^#define CONFIG_$1 1" "$autoconf"; then echo y
	elif grep -q "^#define CONFIG_$1_MODULE 1" "$autoconf"; then echo m
	else echo n; fi
}
check=$out/config-check.txt
{
	echo "# kernel configuration checks for $kver ($kdir)"
	for c in MICROSOFT_MANA MANA_INFINIBAND PCI PCI_MSI PCI_HYPERV PCI_HYPERV_INTERFACE PAGE_POOL \
		DIMLIB NET_SHAPER AUXILIARY_BUS INFINIBAND INFINIBAND_USER_ACCESS MODVERSIONS MODULE_SIG; do
		echo "CONFIG_$c=$(cfg $c)"
	done
} > "$check"
refuse() {
	echo "REFUSED: $*" >> "$check"
	echo "mana-backport: cannot build for $kver: $*" >&2
	exit 3
}
[ "$(cfg MICROSOFT_MANA)" = y ] &&
	refuse "the kernel has the MANA Ethernet driver built in (CONFIG_MICROSOFT_MANA=y); a built-in driver cannot be replaced by a module. Use the kernel's own mana driver, or a kernel where CONFIG_MICROSOFT_MANA is m or unset."
[ "$(cfg MANA_INFINIBAND)" = y ] &&
	refuse "the kernel has the MANA RDMA driver built in (CONFIG_MANA_INFINIBAND=y); it cannot be replaced by a module."
[ "$(cfg PCI_MSI)" = n ] && refuse "CONFIG_PCI_MSI is not enabled; MANA needs MSI-X interrupts."
[ "$(cfg PCI_HYPERV)" = n ] && [ "$(cfg PCI_HYPERV_INTERFACE)" = n ] &&
	refuse "neither CONFIG_PCI_HYPERV nor CONFIG_PCI_HYPERV_INTERFACE is enabled; the MANA VF is only reachable through the Hyper-V PCI bus."
[ "$(cfg PAGE_POOL)" = n ] && refuse "CONFIG_PAGE_POOL is not enabled; the Ethernet receive path needs page_pool."
ib=m ib_why="CONFIG_AUXILIARY_BUS=$(cfg AUXILIARY_BUS), CONFIG_INFINIBAND=$(cfg INFINIBAND), CONFIG_INFINIBAND_USER_ACCESS=$(cfg INFINIBAND_USER_ACCESS)"
if [ "$(cfg AUXILIARY_BUS)" = n ] || [ "$(cfg INFINIBAND)" = n ] || [ "$(cfg INFINIBAND_USER_ACCESS)" = n ]; then
	ib= ib_why="$ib_why; all three are needed"
fi

# ---- probe list and cache key ----------------------------------------------
mapfile -t probes < <(cd "$probedir" && ls -1 -- *.c 2>/dev/null | sed 's/\.c$//' | sort)
[ ${#probes[@]} -gt 0 ] || mana_die "no probes in $probedir"
if [ $native = 1 ]; then
	plan="native ${cc:-gcc}"
else
	mana_kbuild_plan "$kdir"
	plan="$MANA_KB_MODE $MANA_KB_CC"
fi
key=$( {
	echo "$kver $kdir $plan mode=$each"
	stat -c '%n %s %Y' "$autoconf" "$kdir/Module.symvers" 2>/dev/null
	cat "$probedir"/*.c "$0" "$top/scripts/lib/kbuild-env.sh"
} | sha256sum | cut -c1-16)
# mana_ib is written against the verbs API of 5.15 and later: port numbers are
# u32 ("RDMA: Support more than 255 rdma ports", 5.13) and create_qp fills a QP
# the core allocated ("RDMA: Globally allocate and release QP memory", 5.15).
# A kernel with the auxiliary bus but an older verbs API (5.11-5.14) gets mana.ko
# without mana_ib instead of a build error.
ib_verdict() {	# needs result[] filled; appends the mana_ib line to config-check.txt
	if [ -n "$ib" ]; then
		for n in HAVE_IB_PORT_U32 HAVE_IB_CREATE_QP_CORE_ALLOC; do
			[ "${result[$n]}" = y ] ||
				{ ib= ib_why="$ib_why; $n is not set (verbs API older than 5.15)"; }
		done
	fi
	if [ -n "$ib" ]; then
		echo "mana_ib: built ($ib_why)" >> "$check"
	else
		echo "mana_ib: not built ($ib_why)" >> "$check"
	fi
}
declare -A result
if [ $force = 0 ] && [ -f "$out/.key" ] && [ "$(cat "$out/.key")" = "$key" ] &&
   [ -f "$out/results.txt" ] && [ -f "$out/mana_compat_config.h" ] && [ -f "$out/config.mk" ]; then
	while read -r n v; do result[$n]=$v; done < "$out/results.txt"
	ib_verdict
	mana_log "compat: $kver up to date ($out)"
	exit 0
fi
rm -f "$out/.key"

# Metadata from a probe's header comment: "field: value" lines.
# A field may continue on following " * " lines until the next field or "*/".
meta() {
	awk -v f="$2" '
		index($0, " * " f ":") == 1 { v = substr($0, length(f) + 5); sub(/^ +/, "", v); on = 1; next }
		on && (/^ \* [a-z-]+: / || /^ \*\//) { on = 0 }
		on && /^ \* / { v = v " " substr($0, 4) }
		END { print v }' "$probedir/$1.c"
}

# ---- compiling -------------------------------------------------------------
work=$out/.probe-work
t0=$(date +%s%N)
export MANA_KB_BIND="$out:${MANA_KB_BIND:-}"
run_kbuild() {	# run_kbuild DIR LOG OBJS...
	local dir=$1 log=$2
	shift 2
	{
		echo "obj-m := $*"
		echo "ccflags-y := -Wno-error -Werror=implicit-function-declaration -Werror=incompatible-pointer-types \\"
		echo "  -Werror=int-conversion -Werror=return-type -Werror=discarded-qualifiers \\"
		echo "  -Wno-unused-function -Wno-unused-variable -Wno-missing-prototypes -Wno-missing-declarations"
	} > "$dir/Kbuild"
	if [ $native = 1 ]; then
		env -i PATH="$PATH" HOME="${HOME:-/root}" LC_ALL=C \
			make -C "$kdir" ${cc:+CC="$cc"} $(mana_kbuild_extra_args "$kdir") M="$dir" \
			-k -j"$jobs" KBUILD_MODPOST_WARN=1 modules > "$log" 2>&1
	else
		mana_kbuild "$kdir" M="$dir" -k -j"$jobs" KBUILD_MODPOST_WARN=1 modules > "$log" 2>&1
	fi
	return 0
}

# emit_probe NAME INDEX: the probe's text for a batch object. Each #include
# becomes a __has_include() test so that a missing header is an ordinary
# error of this probe rather than a fatal one for the whole object; #line
# keeps the probe's own file name and line numbers in every diagnostic.
emit_probe() {
	local n=$1 i=$2
	# PROBE() is defined inside the probe's own #line region: diagnostics in
	# a PROBE() expansion point at its definition and must name this probe.
	printf '#line 1 "probes/%s.c"\n#undef PROBE\n#define PROBE(x) mana_probe_%s_##x\n#line 1 "probes/%s.c"\n' "$n" "$i" "$n"
	awk -v f="probes/$n.c" '
		/^#include[ \t]*</ {
			h = $0; sub(/^#include[ \t]*/, "", h); sub(/[ \t].*$/, "", h)
			printf "#if __has_include(%s)\n#include %s\n#else\n#line %d \"%s\"\n#error missing header %s\n#endif\n#line %d \"%s\"\n", h, h, NR, f, h, NR + 1, f
			next
		}
		{ print }' "$probedir/$n.c"
}

# attribute LOG: print the probe names that have an error in LOG, or the word
# UNATTRIBUTED when an error cannot be tied to a probe.
attribute() {
	awk '
		function probe_of(s,   m) {
			if (match(s, /probes\/[A-Z0-9_]+\.c/))
				return substr(s, RSTART + 7, RLENGTH - 9)
			return ""
		}
		{ line[NR] = $0 }
		END {
			for (i = 1; i <= NR; i++) {
				if (line[i] !~ /(error|fatal error): / || line[i] ~ /^make/)
					continue
				p = probe_of(line[i])
				# error inside a kernel header: the macro-expansion or
				# "included from" notes that follow name our probe
				for (j = i + 1; p == "" && j <= NR && line[j] !~ /(error|fatal error): /; j++)
					p = probe_of(line[j])
				# else the "In function" line that precedes it
				for (j = i - 1; p == "" && j >= 1 && line[j] !~ /(error|fatal error): /; j--)
					p = probe_of(line[j])
				print (p == "" ? "UNATTRIBUTED" : p)
			}
		}' "$1" | sort -u
}

declare -A result
log=$out/probe.log
: > "$log"

probe_each() {	# probe_each NAMES...: one object per probe
	local n objs=() d=$work/each
	rm -rf "$d"; mkdir -p "$d"
	for n in "$@"; do
		{ printf '#define PROBE(x) mana_probe_##x\n#line 1 "probes/%s.c"\n' "$n"; cat "$probedir/$n.c"; } > "$d/p_$n.c"
		objs+=("p_$n.o")
	done
	run_kbuild "$d" "$d/build.log" "${objs[@]}"
	echo "===== each: ${*}" >> "$log"; cat "$d/build.log" >> "$log"
	local built=0
	for n in "$@"; do
		if [ -f "$d/p_$n.o" ]; then result[$n]=y; built=1; else result[$n]=n; fi
	done
	# Nothing compiled and no probe has a compiler error: Kbuild itself did not
	# run (broken kernel dir, missing tools). That is an error, not "all absent".
	if [ $built = 0 ] && ! grep -qE 'p_[A-Z0-9_]+\.c:[0-9]+:[0-9]+: (fatal )?error: |probes/[A-Z0-9_]+\.c:[0-9]+:[0-9]+: (fatal )?error: ' "$d/build.log"; then
		tail -n 5 "$d/build.log" >&2
		mana_die "Kbuild did not compile any probe against $kdir (log: $log)"
	fi
}

probe_batch() {	# probe_batch PASS NAMES...: a few objects holding all probes
	local pass=$1; shift
	local d=$work/batch$pass i=0 c n objs=() nchunks=$jobs
	rm -rf "$d"; mkdir -p "$d"
	[ $# -lt "$nchunks" ] && nchunks=$#
	for ((c = 0; c < nchunks; c++)); do : > "$d/chunk$c.c"; objs+=("chunk$c.o"); done
	for n in "$@"; do
		emit_probe "$n" $i >> "$d/chunk$((i % nchunks)).c"
		i=$((i + 1))
	done
	run_kbuild "$d" "$d/build.log" "${objs[@]}"
	echo "===== batch pass $pass: $# probes in $nchunks objects" >> "$log"; cat "$d/build.log" >> "$log"
	local failed
	failed=$(attribute "$d/build.log")
	if grep -qx UNATTRIBUTED <<< "$failed"; then
		mana_log "compat: an error could not be tied to one probe; compiling each probe alone"
		probe_each "$@"
		return
	fi
	for n in "$@"; do result[$n]=y; done
	for n in $failed; do result[$n]=n; done
	# all objects must exist when no probe failed (otherwise Kbuild itself broke)
	if [ -z "$failed" ]; then
		for c in "${objs[@]}"; do
			[ -f "$d/$c" ] || { mana_log "compat: $c missing without a compiler error; compiling each probe alone"; probe_each "$@"; return; }
		done
	fi
}

if [ $each = 1 ]; then
	probe_each "${probes[@]}"
else
	probe_batch 1 "${probes[@]}"
	# A failing probe could hide a later probe's error (parser recovery), so
	# the passing set is compiled again on its own until it is error-free.
	for pass in 2 3 4; do
		ok=(); bad=0
		for n in "${probes[@]}"; do [ "${result[$n]}" = y ] && ok+=("$n") || bad=1; done
		[ $bad = 1 ] && [ ${#ok[@]} -gt 0 ] || break
		before=${#ok[@]}
		probe_batch $pass "${ok[@]}"
		after=0; for n in "${ok[@]}"; do [ "${result[$n]}" = y ] && after=$((after + 1)); done
		[ "$after" -eq "$before" ] && break
	done
fi

# Requirements beyond compiling: an exported symbol, a kernel config option.
for n in "${probes[@]}"; do
	[ "${result[$n]}" = y ] || continue
	for s in $(meta "$n" requires-symbol); do
		if ! awk -v s="$s" '$2 == s { f = 1 } END { exit !f }' "$kdir/Module.symvers" 2>/dev/null; then
			result[$n]=n
			echo "===== $n: compiles but $s is not exported by this kernel (Module.symvers)" >> "$log"
		fi
	done
	for c in $(meta "$n" requires-config); do
		if [ "$(cfg "${c#CONFIG_}")" = n ]; then
			result[$n]=n
			echo "===== $n: compiles but $c is not enabled" >> "$log"
		fi
	done
done
ib_verdict
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
secs=$((ms / 1000)).$(printf %03d $((ms % 1000)))

# ---- outputs ---------------------------------------------------------------
reason() {	# first compiler error of a failed probe, or the requirement note
	local r
	r=$(grep -m1 -E "probes/$1\.c:[0-9]+:[0-9]+: (fatal )?error: " "$log" | sed 's/.*probes\//probes\//')
	[ -n "$r" ] || r=$(grep -m1 -E "^===== $1: " "$log" | sed 's/^===== //')
	[ -n "$r" ] || r=$(grep -m1 -B3 -E "probes/$1\.c" "$log" | grep -m1 'error: ' | sed 's/^.*error: /error: /')
	echo "${r:-did not compile (see probe.log)}" | tr -d '\r' | sed 's#\*/#* /#g' | cut -c1-200
}
tmp=$(mktemp -d)
{
	echo "/* SPDX-License-Identifier: GPL-2.0 */"
	echo "/*"
	echo " * Generated by scripts/compat-probe.sh: do not edit."
	echo " * Kernel $kver, build dir $kdir"
	echo " * Toolchain: $plan; ${#probes[@]} probes in ${secs%.*} s. Full compiler output: probe.log"
	echo " */"
	echo "#ifndef MANA_COMPAT_CONFIG_H"
	echo "#define MANA_COMPAT_CONFIG_H"
	echo
	for n in "${probes[@]}"; do
		echo "/* $n: $(meta "$n" upstream) */"
		if [ "${result[$n]}" = y ]; then
			echo "#define $n 1"
		else
			echo "/* not set: $(reason "$n") */"
		fi
	done
	echo
	[ -n "$ib" ] && echo "#define MANA_BUILD_IB 1" || echo "/* MANA_BUILD_IB not set: $ib_why */"
	echo
	echo "#endif /* MANA_COMPAT_CONFIG_H */"
} > "$tmp/h"
for n in "${probes[@]}"; do echo "$n ${result[$n]}"; done > "$tmp/r"
{
	echo "# Generated by scripts/compat-probe.sh for $kver"
	echo "MANA_KERNELRELEASE := $kver"
	echo "MANA_BUILD_IB := $ib"
} > "$tmp/mk"
# Replace only when the content changed, so unchanged kernels do not rebuild.
for f in h:mana_compat_config.h r:results.txt mk:config.mk; do
	cmp -s "$tmp/${f%%:*}" "$out/${f#*:}" || mv "$tmp/${f%%:*}" "$out/${f#*:}"
done
rm -rf "$tmp" "$work"
echo "$key" > "$out/.key"
nyes=$(grep -c ' y$' "$out/results.txt")
mana_log "compat: $kver: ${#probes[@]} probes, $nyes present, in ${secs%.*} s ($plan) -> $out"
