#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print a fresh expected.tsv from probe runs on the reference kernels (5.15 needs
# MANA_K515_KDIR). Review the diff against tests/compat/expected.tsv before committing:
# a changed value is either a probe fix or a kernel change worth a note.
#   tests/compat/regen-expected.sh > /tmp/e.tsv && diff tests/compat/expected.tsv /tmp/e.tsv
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$top/tests/lib/common.sh"
. "$top/scripts/lib/kbuild-env.sh"
. "$top/tests/compat/kernels.sh"
cols=(5.10 5.15 6.1 6.12 7.3)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for c in "${cols[@]}"; do
	kdir=$(mana_ref_kdir "$c") || mana_die "no kernel for $c"
	"$top/scripts/compat-probe.sh" "$kdir" "$tmp/out-$c" >&2 ||
		mana_die "probing $c failed"
	cp "$tmp/out-$c/results.txt" "$tmp/$c"
done
grep '^#' "$top/tests/compat/expected.tsv"
printf 'probe'; printf '\t%s' "${cols[@]}"; echo
join "$tmp/5.10" "$tmp/5.15" | join - "$tmp/6.1" | join - "$tmp/6.12" | join - "$tmp/7.3" | tr ' ' '\t'
