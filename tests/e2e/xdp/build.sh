#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the XDP test objects used by tests/e2e/guest/eth-features.sh.
# Usage: tests/e2e/xdp/build.sh OUTDIR   -> OUTDIR/xdp_{aborted,drop,pass,tx,redirect,bounce}.o
# Needs clang (installed from apt when missing).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$here/../../lib/common.sh"
out=${1:?usage: build.sh OUTDIR}
command -v clang > /dev/null || mana_need_pkgs clang || mana_die "clang is needed for the XDP test programs"
mkdir -p "$out"
for v in aborted:0 drop:1 pass:2 tx:3 redirect:4 bounce:5; do
	clang -O2 -g0 -target bpf -DVERDICT="${v#*:}" -c "$here/xdp_prog.c" -o "$out/xdp_${v%%:*}.o"
done
echo "$out"
