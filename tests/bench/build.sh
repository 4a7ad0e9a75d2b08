#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest-side helpers of tests/e2e/bench.sh into OUTDIR: udpgen and tcprr (static)
# and the XDP_DROP and XDP_TX objects (tests/e2e/xdp). Usage: tests/bench/build.sh OUTDIR
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
gcc -O2 -Wall -Wextra -Werror -static -o "$out/udpgen" "$here/udpgen.c"
gcc -O2 -Wall -Wextra -Werror -static -o "$out/tcprr" "$here/tcprr.c"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/../e2e/xdp/build.sh" "$tmp" > /dev/null
cp "$tmp/xdp_drop.o" "$tmp/xdp_bounce.o" "$out/"
echo "$out"
