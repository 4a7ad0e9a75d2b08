# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Guest side of the debug-kernel checks (tests/debugk), sourced by the e2e /init and by the
# KUnit guest script (busybox sh) of a debug kernel (KASAN, lockdep or kmemleak; the host
# copies it only there). Without kmemleak (e.g. a local lockdep-only tree) the scans are left
# out and the section still carries the whole kernel log, with kmemleak=none.
#   debugk_begin  at boot: forget what kmemleak suspects from the boot itself
#   debugk_end    at the end: two kmemleak scans, then the suspects and the whole kernel log
#                 on the console between "@@DEBUGK-LOG-BEGIN" and "@@DEBUGK-LOG-END", where
#                 tests/debugk/scan-log.sh looks for KASAN, lockdep, kmemleak, DEBUG_OBJECTS,
#                 BUG and WARNING reports (the console only gets KERN_ERR and above)
DEBUGK_KML=/sys/kernel/debug/kmemleak

debugk_kml() {
	[ -e "$DEBUGK_KML" ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	[ -e "$DEBUGK_KML" ]
}

debugk_begin() {
	debugk_kml || return 0
	echo scan > "$DEBUGK_KML"
	echo clear > "$DEBUGK_KML"
}

debugk_end() {
	_dk_n=none
	if debugk_kml; then
		# kmemleak reports an object only once it is older than 5 s and was unreferenced
		# in a scan; a second scan drops pointers that only sat in a register or on a stack
		sleep 6
		echo scan > "$DEBUGK_KML"
		echo scan > "$DEBUGK_KML"
		_dk_n=$(grep -c '^unreferenced object' "$DEBUGK_KML")
	fi
	{
		echo "@@DEBUGK-LOG-BEGIN kmemleak=$_dk_n taint=$(cat /proc/sys/kernel/tainted)"
		[ "$_dk_n" = none ] || cat "$DEBUGK_KML"
		dmesg
		echo "@@DEBUGK-LOG-END"
	} > /dev/console 2>&1
}
