#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# mana-check inside a QEMU guest with the software MANA device (tests/model, the e2e harness
# of tests/e2e): the Debian 6.1 cloud kernel boots a busybox initramfs, loads mana, binds it to
# the model's 1414:00ba function, and runs scripts/mana-check there (busybox sh, the guest's
# real ip/ethtool). mana-check must find the device, the bound driver and which copy it is.
# There is no Hyper-V in the guest (no VMBus, no hv_netvsc), so the VF-join checks are N/A:
# those are covered by the fixtures of tests/mana-check/.
#
# Two runs: "intree" (the Debian module) and "ours" (our mana.ko from scripts/build.sh, put in
# the guest's updates/ directory like a package would): mana-check must name the right copy.
# Environment: MANA_CHECK_VM_KVER (default 6.1), MANA_CHECK_VM_DRIVERS (default "intree ours").
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$top/tests/lib/common.sh"
kver_arg=${MANA_CHECK_VM_KVER:-6.1}
drivers=${MANA_CHECK_VM_DRIVERS:-intree ours}
if [ ! -f "$top/tests/e2e/lib.sh" ] || [ ! -f "$top/tests/model/Makefile" ]; then
	mana_skip "mana-check in the QEMU guest (the e2e harness or the device model is not in the tree)"
	exit 0
fi
. "$top/tests/e2e/lib.sh"
rc=0
fail() { mana_fail "$@"; rc=1; }

e2e_host_deps || { fail "host packages for the guest"; exit 1; }
eval "$("$E2E_DIR/qemu-bundle.sh")" || { fail "QEMU bundle (tests/e2e/qemu-bundle.sh)"; exit 1; }
e2e_kernel "$kver_arg"
model=$(e2e_model) || { fail "device model did not build (make -C tests/model)"; exit 1; }
run_vm() { # run_vm DRIVER
local driver=$1 ours_ko work code jcode origin verdict t0
ours_ko=
if [ "$driver" = ours ]; then
	ours_ko=$(e2e_ours_ko "$KDIR") || { fail "our mana.ko does not build for $KVER"; return 1; }
fi

work=$MANA_CACHE/e2e/runs/$KVER-mana-check-$driver
rm -rf "$work"; mkdir -p "$work/overlay/e2e" "$work/overlay/usr/sbin"
e2e_mkinitramfs "$work/initrd.gz" "$KVER" "$MODROOT" "$driver" "$ours_ko" \
	"MODE=test
DRIVER=$driver
KVER=$KVER" || { fail "guest initramfs"; return 1; }

# Second archive, appended: replaces the guest script and adds mana-check (the kernel
# unpacks concatenated initramfs archives in order, later files win).
cp "$top/scripts/mana-check" "$work/overlay/usr/sbin/mana-check"
chmod +x "$work/overlay/usr/sbin/mana-check"
cat > "$work/overlay/e2e/e2e.sh" <<'GUEST'
#!/bin/sh
# mana-check guest script: bind mana to the model's function, then run mana-check.
out() { while IFS= read -r l; do echo "@@OUT $1 $l" >&3; done; }
echo "@@PLAN 0" >&3
pci=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1414:0x00ba ] && pci=${d##*/}
done
modprobe mana 2>&1 | out LOG
i=0
while [ $i -lt 60 ]; do	# bound, and the netdevs registered (up to 20 s after binding)
	if [ -n "$pci" ] && [ "$(readlink "/sys/bus/pci/devices/$pci/driver" 2>/dev/null | sed 's#.*/##')" = mana ]; then
		ls "/sys/bus/pci/devices/$pci/net" > /dev/null 2>&1 && break
		b=$((${b:-0} + 1)); [ "$b" -ge 20 ] && break
	fi
	sleep 1; i=$((i + 1))
done
echo "function ${pci:-none}, driver $(readlink "/sys/bus/pci/devices/$pci/driver" 2>/dev/null | sed 's#.*/##'), netdevs $(ls "/sys/bus/pci/devices/$pci/net" 2>/dev/null | tr '\n' ' ')" | out LOG
for n in $(ls "/sys/bus/pci/devices/$pci/net" 2>/dev/null); do /usr/sbin/ip link set "$n" up; done
sh /usr/sbin/mana-check --sample 1 --ethernet-only > /tmp/mc.txt 2> /tmp/mc.err
echo "$?" | out RC
sh /usr/sbin/mana-check --sample 0 --ethernet-only --json > /tmp/mc.json 2>> /tmp/mc.err
echo "$?" | out JRC
sh /usr/sbin/mana-check --sample 0 --collect /tmp/evidence.tar.gz > /dev/null 2>> /tmp/mc.err
tar -tzf /tmp/evidence.tar.gz 2>/dev/null | grep -c . | out NCOLLECT
out MC < /tmp/mc.txt
out JSON < /tmp/mc.json
out ERR < /tmp/mc.err
GUEST
( cd "$work/overlay" && find . | cpio -o -H newc --quiet | gzip -1 ) >> "$work/initrd.gz"

t0=$(date +%s)
e2e_vm "$work" test > "$work/vm.out" 2>&1
echo "VM run: $(( $(date +%s) - t0 ))s (console: $work/console.log)"
sed -n 's/^LOG //p' "$work/vm.out" | sed 's/^/  guest: /'
sed -n 's/^MC //p' "$work/vm.out" | sed 's/^/  | /'
sed -n 's/^ERR //p' "$work/vm.out" | sed 's/^/  stderr: /'
code=$(sed -n 's/^RC //p' "$work/vm.out" | head -n 1)
jcode=$(sed -n 's/^JRC //p' "$work/vm.out" | head -n 1)
sed -n 's/^JSON //p' "$work/vm.out" > "$work/mana-check.json"
if [ -z "$code" ]; then
	fail "mana-check did not run in the guest ($(tail -n 5 "$work/vm.out" | tr '\n' ' '))"
	tail -n 20 "$work/console.log" 2>/dev/null | sed 's/^/  console: /'
	return 1
fi
[ "$driver" = ours ] && origin=mana-backport || origin="kernel's own"
verdict=$(python3 - "$work/mana-check.json" "$code" "$jcode" "$origin" <<'PY'
import json, sys
try:
    doc = json.load(open(sys.argv[1]))
except Exception as e:
    print("JSON from the guest does not parse: %s" % e); sys.exit()
code, jcode, origin = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
st = {c["id"] + ("[%s]" % c["subject"] if c["subject"] else ""): c for c in doc["checks"]}
bad = []
want = {"hardware.pci": "PASS", "driver.bound": "PASS", "driver.origin": "PASS", "driver.ondisk": "PASS",
        "kernel.ethernet": "PASS", "vf.join": "N/A", "secureboot.state": "N/A"}
for k, v in want.items():
    got = st.get(k, {}).get("status")
    if got != v:
        bad.append("%s is %s, expected %s" % (k, got, v))
if origin not in st.get("driver.origin", {}).get("summary", ""):
    bad.append("driver.origin does not name the %s copy: %r" % (origin, st.get("driver.origin", {}).get("summary")))
if "1414:00ba" not in st.get("hardware.pci", {}).get("summary", ""):
    bad.append("hardware.pci does not show 1414:00ba")
if doc["exit_code"] != jcode or code != jcode:
    bad.append("exit codes: text %d, json %d, json exit_code %d" % (code, jcode, doc["exit_code"]))
print("; ".join(bad) if bad else "ok")
PY
)
ncol=$(sed -n 's/^NCOLLECT //p' "$work/vm.out" | head -n 1)
if [ "${ncol:-0}" -ge 15 ]; then
	mana_pass "mana-check --collect in the $driver guest (busybox tar) wrote a tarball with $ncol entries"
else
	fail "mana-check --collect in the $driver guest: tarball has ${ncol:-no} entries"
fi
errs=$(sed -n 's/^ERR //p' "$work/vm.out" | grep -v '^mana-check: evidence written to')
[ -z "$errs" ] || fail "mana-check wrote to stderr in the $driver guest: $(head -n 3 <<< "$errs" | tr '\n' ' ')"
if [ "$verdict" = ok ]; then
	mana_pass "mana-check in a QEMU guest ($KVER, $driver mana on the device model): finds 1414:00ba, mana bound, $origin copy matching the file on disk, exit $code"
else
	fail "mana-check in the QEMU guest: $verdict"
fi
}
for d in $drivers; do run_vm "$d"; done
exit $rc
