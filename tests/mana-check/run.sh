#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs scripts/mana-check against every fixture machine in fixtures/ and checks the status of
# the named checks, the exit code (text and --json), the JSON document (valid, documented
# keys, one entry per check), and --collect on one fixture.
#
# Usage: tests/mana-check/run.sh [FIXTURE-NAME...]     (default: all)
# Prints PASS:/FAIL: lines for scripts/check.sh. Needs gcc and depmod (fake module files).
set -uo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
top=$(cd "$here/../.." && pwd)
check=$top/scripts/mana-check
STUB_TOOLS="ethtool ip nmcli mokutil dkms lsinitramfs lsinitrd lspci dmesg pkg-config dpkg-query rpm ibv_devinfo dpdk-testpmd"
work=$(mktemp -d "${TMPDIR:-/tmp}/mana-check-fx.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
# shellcheck source=tests/lib/common.sh
. "$top/tests/lib/common.sh"
# result lines counted by mana_result/mana_finish (tests/lib/common.sh)
pass() { mana_result "PASS: $*"; }
fail() { mana_result "FAIL: $*"; }

# shellcheck source=tests/mana-check/lib.sh
. "$here/lib.sh"

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$here"/fixtures/*.sh; do names+=("$(basename "$f" .sh)"); done
fi

for name in "${names[@]}"; do
	fx=$here/fixtures/$name.sh
	[ -r "$fx" ] || { fail "fixture $name: no such file $fx"; continue; }
	F=$work/$name
	rm -rf "$F"; mkdir -p "$F/state" "$F/bin"
	EXPECTS=() DEXPECTS=() expect_exit='' no_tools='' desc='' args=(--sample 0)
	expect() { EXPECTS+=("$1=$2"); }
	expect_dpdk() { DEXPECTS+=("$1=$2"); }   # a key of the --json "dpdk" object (null, true, false, text)
	# shellcheck disable=SC1090
	. "$fx"
	if ! ( set -e; build ) > "$F/build.log" 2>&1; then
		fail "fixture $name: build failed: $(tail -n 3 "$F/build.log" | tr '\n' ' ')"
		continue
	fi
	# stub the tools the fixture recorded output for; every other one counts as not installed
	absent=$no_tools
	for t in $STUB_TOOLS; do
		if ls "$F/cmd" | grep -q "^$t" && ! grep -qw "$t" <<< "$no_tools"; then
			cp "$here/stub.sh" "$F/bin/$t"
		else
			absent="$absent $t"
		fi
	done
	echo "$absent" > "$F/absent"
	envs=(MANA_FIX="$F" MANA_STUB_STATE="$F/state" MANA_CHECK_SYSFS="$F/sys" MANA_CHECK_PROC="$F/proc"
	      MANA_CHECK_ROOT="$F/root" MANA_CHECK_NO="$absent" PATH="$F/bin:$PATH")
	rm -f "$F/state"/*
	env "${envs[@]}" sh "$check" "${args[@]}" > "$F/out.txt" 2> "$F/err.txt"; rc_text=$?
	rm -f "$F/state"/*
	env "${envs[@]}" sh "$check" "${args[@]}" --json > "$F/out.json" 2>> "$F/err.txt"; rc_json=$?

	ok=1
	if [ "$rc_text" != "$expect_exit" ] || [ "$rc_json" != "$expect_exit" ]; then
		fail "$name: exit code text=$rc_text json=$rc_json, expected $expect_exit"; ok=0
	fi
	if [ -s "$F/err.txt" ]; then
		fail "$name: mana-check wrote to stderr: $(head -n 3 "$F/err.txt" | tr '\n' ' ')"; ok=0
	fi
	if ! python3 -m json.tool "$F/out.json" > /dev/null 2>&1; then
		fail "$name: --json output is not valid JSON"; ok=0
	else
		verdict=$(DEXPECTS="$(printf '%s\n' "${DEXPECTS[@]}")" python3 - "$F/out.json" "$expect_exit" "${EXPECTS[@]}" <<'PY'
import json, os, sys
doc = json.load(open(sys.argv[1]))
want_exit = int(sys.argv[2])
problems = []
top_keys = {"schema", "tool", "version", "host", "kernel", "hyperv_guest", "status", "exit_code", "verdict", "counts", "dpdk", "checks"}
if set(doc) != top_keys:
    problems.append("top-level keys %s" % sorted(set(doc) ^ top_keys))
if doc.get("schema") != 2 or doc.get("tool") != "mana-check":
    problems.append("schema/tool")
if doc.get("exit_code") != want_exit:
    problems.append("exit_code %s" % doc.get("exit_code"))
if doc.get("status") != {0: "PASS", 1: "WARN", 2: "FAIL"}[want_exit]:
    problems.append("status %s" % doc.get("status"))
got = {}
ck_keys = {"id", "subject", "status", "summary", "next", "evidence"}
for c in doc["checks"]:
    if set(c) != ck_keys or c["status"] not in ("PASS", "WARN", "FAIL", "N/A") or not isinstance(c["evidence"], list):
        problems.append("malformed check %r" % c)
        continue
    key = c["id"] + ("[%s]" % c["subject"] if c["subject"] else "")
    got[key] = c["status"]
    if c["status"] in ("WARN", "FAIL") and not c["next"]:
        problems.append("%s is %s without a 'next' hint" % (key, c["status"]))
counts = {s: sum(1 for c in doc["checks"] if c["status"] == s) for s in ("PASS", "WARN", "FAIL", "N/A")}
if counts != doc["counts"]:
    problems.append("counts %s != %s" % (doc["counts"], counts))
for ids in ("hardware.pci", "driver.bound", "driver.origin", "driver.ondisk", "driver.mana_ib", "driver.initramfs",
            "kernel.ethernet", "kernel.rdma", "kernel.dpdk", "vf.join", "vf.managed", "vf.traffic",
            "secureboot.state", "secureboot.signing", "dkms.status"):
    if not any(k == ids or k.startswith(ids + "[") for k in got):
        problems.append("check %s missing" % ids)
hw = got.get("hardware.pci")
want_verdict = ("no MANA device" if hw != "PASS" else
                {"PASS": "MANA is working", "WARN": "MANA is working, with warnings", "FAIL": "MANA is NOT working"}[doc["status"]])
if not doc.get("verdict", "").startswith(want_verdict):
    problems.append("verdict %r, expected it to start with %r" % (doc.get("verdict"), want_verdict))
dpdk_keys = {"verdict", "dpdk_version", "dpdk_source", "net_mana_pmd", "rdma_core_version", "rdma_core_source", "libmana",
             "mana_ib", "mana_ib_version", "mana_ib_file", "mana_ib_loaded", "ib_device", "uverbs", "ports", "hugepages",
             "processes", "missing"}
dp = doc.get("dpdk") or {}
if set(dp) != dpdk_keys:
    problems.append("dpdk keys %s" % sorted(set(dp) ^ dpdk_keys))
elif dp["verdict"] not in ("ready", "kernel-ready", "not-ready", "not-checked") or \
        not all(isinstance(dp[k], list) for k in ("ports", "processes", "missing")) or not isinstance(dp["hugepages"], int):
    problems.append("malformed dpdk object %r" % dp)
for e in filter(None, os.environ.get("DEXPECTS", "").split("\n")):
    key, want = e.split("=", 1)
    got_v = dp.get(key)
    got_s = "null" if got_v is None else json.dumps(got_v) if isinstance(got_v, (bool, list)) else str(got_v)
    if got_s != want:
        problems.append("dpdk.%s is %s, expected %s" % (key, got_s, want))
for e in sys.argv[3:]:
    key, want = e.rsplit("=", 1)
    if got.get(key) != want:
        problems.append("%s is %s, expected %s" % (key, got.get(key, "absent"), want))
print("; ".join(problems) if problems else "ok")
PY
)
		if [ "$verdict" != ok ]; then fail "$name: $verdict"; ok=0; fi
	fi
	# the text report shows the same statuses
	for e in "${EXPECTS[@]}"; do
		key=${e%=*} want=${e##*=}
		grep -qF -- "$(printf '%-4s  %s ' "$want" "$key")" "$F/out.txt" || { fail "$name: text report lacks '$want $key'"; ok=0; }
	done
	if [ "$ok" = 1 ]; then
		pass "mana-check fixture $name: ${#EXPECTS[@]} statuses, exit $expect_exit, JSON valid ($desc)"
	else
		sed 's/^/    | /' "$F/out.txt"
	fi
	if [ "$name" = healthy ]; then
		rm -f "$F/state"/*
		env "${envs[@]}" sh "$check" --sample 0 --collect "$F/evidence.tar.gz" > /dev/null 2>&1
		list=$(tar -tzf "$F/evidence.tar.gz" 2>/dev/null)
		missing=
		for f in mana-check.json mana-check.txt dmesg-mana-netvsc.txt ethtool-S-eth0.txt ethtool-i-enP30832s1.txt \
			ip-d-link.txt lspci-nn.txt modinfo-mana.txt dkms-status.txt mokutil-sb-state.txt; do
			grep -q "/$f\$" <<< "$list" || missing="$missing $f"
		done
		if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not any("\\" in e for c in d["checks"] for e in c["evidence"]))' "$F/out.json"; then
			pass "mana-check --json escapes backslashes in evidence (ip -o output) correctly with $(readlink -f "$(command -v awk)")"
		else
			fail "mana-check --json lost the backslash of the ip -o evidence"
		fi
		if [ -z "$missing" ] && tar -xzf "$F/evidence.tar.gz" -O --wildcards '*/mana-check.json' | python3 -m json.tool > /dev/null; then
			pass "mana-check --collect writes a tarball with the evidence ($(wc -l <<< "$list") entries)"
		else
			fail "mana-check --collect: tarball missing:${missing:- valid mana-check.json}"
		fi
	fi
done

# the same statuses (and the same "dpdk" object) when /bin/sh is busybox (minimal images)
if command -v busybox > /dev/null && [ -d "$work/healthy" ]; then
	for bx in healthy dpdk-vf-up; do
		F=$work/$bx
		[ -d "$F" ] || continue
		rm -f "$F/state"/*
		env MANA_FIX="$F" MANA_STUB_STATE="$F/state" MANA_CHECK_SYSFS="$F/sys" MANA_CHECK_PROC="$F/proc" \
			MANA_CHECK_ROOT="$F/root" MANA_CHECK_NO="$(cat "$F/absent")" PATH="$F/bin:$PATH" \
			busybox sh "$check" --sample 0 --json > "$F/busybox.json" 2>&1
		if python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit([c["status"] for c in a["checks"]] != [c["status"] for c in b["checks"]] or a["dpdk"] != b["dpdk"])' "$F/out.json" "$F/busybox.json" 2>/dev/null; then
			pass "mana-check under busybox sh gives the same statuses and dpdk object as under $(readlink -f /bin/sh) ($bx fixture)"
		else
			fail "mana-check under busybox sh differs from $(readlink -f /bin/sh) on the $bx fixture"
		fi
	done
elif [ -d "$work/healthy" ]; then
	mana_result "SKIP: mana-check under busybox sh (busybox not installed)"
fi

# usage errors
if sh "$check" --bogus > /dev/null 2>&1; [ $? -eq 3 ]; then pass "mana-check rejects an unknown option with exit 3"; else fail "mana-check: unknown option not rejected with 3"; fi
mana_finish
