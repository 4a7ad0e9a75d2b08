# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/kunit/run.sh, sourced by the initramfs /init (busybox sh).
# MANA_EXPECT_VERSION (set by run.sh in front of this file): MODULE_VERSION of our mana.ko.
# /etc/mods.conf: IN_TREE = in-tree modules (kunit on native-KUnit kernels, and the
# dependencies of our mana.ko), EXTRA = our modules: kunit (external build), the KUnit test
# modules, then mana. Each result is printed as "### CHECK-PASS: ..." or "### CHECK-FAIL: ...".
. /etc/mods.conf
check() { # check "what" command...
	what=$1; shift
	if out=$("$@" 2>&1); then echo "### CHECK-PASS: $what"; else echo "### CHECK-FAIL: $what: $out"; fi
}
loaded() { grep -q "^$1 " /proc/modules; }
dmesg -n 1
dmesg -c > /dev/null
for m in $IN_TREE; do
	[ "$m" = mana ] && continue
	check "modprobe $m (in-tree module)" modprobe "$m"
done
tests=''
for m in $EXTRA; do
	case $m in
	kunit) check "insmod kunit.ko (external KUnit build)" insmod "/lib/modules/$KVER/extra/kunit.ko" ;;
	mana | mana_ib) ;;
	*) tests="$tests $m" ;;
	esac
done
for m in $tests; do
	# KUnit runs the suites while the module initialises
	check "insmod $m.ko (runs its KUnit suites)" insmod "/lib/modules/$KVER/extra/$m.ko"
	check "rmmod $m" rmmod "$m"
done
if [ -f "/lib/modules/$KVER/extra/mana.ko" ]; then
	check "our mana.ko loads with no device present (insmod)" insmod "/lib/modules/$KVER/extra/mana.ko"
	check "mana listed in /proc/modules after insmod" loaded mana
	v=$(cat /sys/module/mana/version 2>/dev/null)
	if [ -n "$v" ] && [ "$v" = "$MANA_EXPECT_VERSION" ]; then
		echo "### CHECK-PASS: loaded mana is ours (version $v)"
	else
		echo "### CHECK-FAIL: loaded mana is ours (version '$v', expected '$MANA_EXPECT_VERSION')"
	fi
	if [ -d /sys/bus/pci/drivers/mana ]; then echo "### CHECK-PASS: mana registered its PCI driver (/sys/bus/pci/drivers/mana)"
	else echo "### CHECK-FAIL: mana registered its PCI driver (no /sys/bus/pci/drivers/mana)"; fi
	if [ -f "/lib/modules/$KVER/extra/mana_ib.ko" ]; then
		check "our mana_ib.ko loads on top of our mana.ko (insmod)" \
			insmod "/lib/modules/$KVER/extra/mana_ib.ko"
		check "rmmod mana_ib" rmmod mana_ib
		if loaded mana_ib; then echo "### CHECK-FAIL: mana_ib gone from /proc/modules after rmmod"
		else echo "### CHECK-PASS: mana_ib gone from /proc/modules after rmmod"; fi
	fi
	check "rmmod mana" rmmod mana
	if loaded mana; then echo "### CHECK-FAIL: mana gone from /proc/modules after rmmod"
	else echo "### CHECK-PASS: mana gone from /proc/modules after rmmod"; fi
fi
# taint bits that mean trouble: 5 bad page, 7 oops (die), 9 WARN, 14 soft lockup
t=$(cat /proc/sys/kernel/tainted)
echo "### TAINT $t"
if [ $((t & ((1 << 5) | (1 << 7) | (1 << 9) | (1 << 14)))) -eq 0 ]; then
	echo "### CHECK-PASS: kernel not tainted by a WARN, oops, bad page or lockup (taint $t)"
else
	echo "### CHECK-FAIL: kernel tainted by a WARN, oops, bad page or lockup (taint $t)"
fi
echo "### KTAP-BEGIN"
dmesg | sed -e 's/^<[0-9]*>//' -e 's/^\[[ 0-9.]*\] //'
echo "### KTAP-END"
