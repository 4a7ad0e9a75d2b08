#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Compat bookkeeping, without a kernel: every probe in compat/probes/ has a user,
# every shim in compat/*.h has a caller in mana/, and every HAVE_* the code tests
# has a probe. Prints PASS/FAIL lines (tests/lib/common.sh); run by
# tests/checks/10-compat.sh.
#
# A probe's user: a preprocessor line (#if/#ifdef/#ifndef/#elif) in mana/ or
# compat/*.h, or scripts/compat-probe.sh naming it outside a comment (the
# mana_ib build decision). A shim: a macro defined or a static inline function
# in compat/*.h (include guards aside); its caller: a non-comment line of
# mana/**/*.[ch] naming it, or a preprocessor condition in compat/*.h (a shim
# that selects other shims). tests/compat/shims/ compiles every shim and does
# not count as a user.
#
# Usage: tests/compat/usage.sh [TOP]   (TOP defaults to this checkout)
set -uo pipefail
top=${1:-$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)}
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
cd "$top" || exit 1
bad=0

# non-comment lines of the driver sources (block comment bodies start with " *")
code=$(find mana -name '*.[ch]' -print0 | xargs -0 cat | grep -vE '^\s*(\*( |/|$)|/\*|//)')
cpp=$( { find mana -name '*.[ch]' -print0 | xargs -0 cat; cat compat/*.h; } |
	grep -E '^\s*#\s*(if|ifdef|ifndef|elif)\b')
script=$(grep -vE '^\s*#' scripts/compat-probe.sh)

mapfile -t probes < <(cd compat/probes && ls -1 -- *.c | sed 's/\.c$//')
unused=
for p in "${probes[@]}"; do
	grep -qw -- "$p" <<< "$cpp" && continue
	grep -qw -- "$p" <<< "$script" && continue
	unused+=" $p"
done
if [ -z "$unused" ]; then
	mana_pass "compat usage: each of the ${#probes[@]} probes is tested by the code, a shim or the mana_ib build decision"
else
	bad=1; mana_fail "compat usage: probes nobody uses (delete them, or use them through a shim):$unused"
fi

# shim names: #define NAME, and the function name of each static inline
shims=$(for f in compat/*.h; do
	sed -n 's/^#define \([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$f" | grep -vE '^MANA_COMPAT(_[A-Z_]+)?_H$'
	tr '\n' ' ' < "$f" | grep -oE 'static inline[^{;]*[{;]' |
		awk '{ n = ""; s = $0
		       while (match(s, /[A-Za-z_][A-Za-z0-9_]*[ ]*\(/)) { n = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH) }
		       sub(/[ ]*\($/, "", n); print n }'
done | sort -u)
nshims=0 uncalled=
for s in $shims; do
	nshims=$((nshims + 1))
	grep -qw -- "$s" <<< "$code" && continue
	grep -qw -- "$s" <<< "$cpp" && continue
	uncalled+=" $s"
done
if [ -z "$uncalled" ]; then
	mana_pass "compat usage: each of the $nshims shims in compat/*.h has a caller in mana/"
else
	bad=1; mana_fail "compat usage: shims nobody calls (delete them, or call them):$uncalled"
fi

# HAVE_* names the code or the compile test relies on
used=$( { find mana tests/compat/shims tests/kunit -name '*.[ch]' -print0 2>/dev/null | xargs -0 cat
	  cat compat/*.h; echo "$script"; } | grep -oE '\bHAVE_[A-Z0-9_]*[A-Z0-9]' | sort -u)
missing=
for h in $used; do
	[ -f "compat/probes/$h.c" ] || missing+=" $h"
done
if [ -z "$missing" ]; then
	mana_pass "compat usage: every HAVE_* the code tests ($(wc -w <<< "$used")) has a probe in compat/probes/"
else
	bad=1; mana_fail "compat usage: HAVE_* tested but no probe defines it (always false):$missing"
fi
exit $bad
