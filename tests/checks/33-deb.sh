#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian package round trip on this machine: "make deb", install it with apt for every kernel
# with headers (the apt-installed 6.1 headers), check where the modules land and what modprobe
# would load, the signatures, the soft dependencies and that a kernel that cannot be built (and
# one with mana built in) leave dpkg configured; then purge and check that the kernel's own
# modules are what modprobe finds again. The machine is put back as it was.
#
# The in-tree side: the headers-only kernels here have no modules. For every kernel whose Debian
# image is in the kernel cache (tests/lib/fetch-kernel.sh), Debian's own in-tree mana.ko is put
# in place for the test (and taken away after), so DKMS's version check, depmod's ranking and the
# rollback are tested against the real in-tree module.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$top/tests/lib/common.sh"
mana_need_pkgs dkms debhelper dpkg-dev fakeroot kmod openssl gcc make \
	linux-headers-amd64 linux-headers-cloud-amd64 || { mana_fail "installing packaging tools and the 6.1 headers"; exit 1; }

pkg=mana-backport-dkms name=mana-backport
# result lines counted by mana_result/mana_finish (tests/lib/common.sh)
pass() { mana_result "PASS: $*"; }
fail() { mana_result "FAIL: $*"; }
t() { date +%s; }

# Serialise with other DKMS users of this package name on a shared machine.
exec 9> /run/lock/mana-backport-dkms.lock
flock -w 900 9 || { fail "could not get /run/lock/mana-backport-dkms.lock"; exit 1; }

if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q installed || [ -e "/var/lib/dkms/$name" ]; then
	fail "$pkg or a DKMS $name entry is already on this machine; refusing to touch it (dkms status: $(dkms status $name | tr '\n' ' '))"
	exit 1
fi

# ---------------------------------------------------------------- hook unit tests (stubs)
hooks=$top/scripts/dkms
ut=$(mktemp -d)
state_files=()
cleanup() {
	rm -rf "$ut"
	for k in "${fake_kernels[@]:-}"; do [ -n "$k" ] && rm -rf "/lib/modules/$k"; done
	for f in "${placed[@]:-}"; do [ -n "$f" ] && rm -f "$f" && rmdir -p --ignore-fail-on-non-empty "$(dirname "$f")" 2>/dev/null; done
	for k in "${kernels[@]:-}"; do
		[ -n "$k" ] || continue
		# depmod output that was not there before the test
		for f in /lib/modules/"$k"/modules.*; do
			[ -e "$f" ] || continue
			grep -qxF "$f" "$ut.before" 2>/dev/null || rm -f "$f"
		done
	done
	[ "$mok_before" = 1 ] || rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	rm -f "$ut.before"
	rm -f /etc/dkms/framework.conf.d/zz-mana-backport-test.conf
}
fake_kernels=() placed=() kernels=()
mok_before=0
[ -e /var/lib/dkms/mok.key ] && mok_before=1
trap cleanup EXIT

mkdir -p "$ut/bin" "$ut/boot"
cat > "$ut/bin/lsinitramfs" <<'EOF'
#!/bin/sh
cat "$UT/listing"
EOF
cat > "$ut/bin/lsinitrd" <<'EOF'
#!/bin/sh
cat "$UT/listing"
EOF
for c in update-initramfs dracut; do
	printf '#!/bin/sh\necho "%s $*" >> "$UT/calls"\nexit ${UT_RC:-0}\n' "$c" > "$ut/bin/$c"
done
printf '#!/bin/sh\nexit 0\n' > "$ut/bin/depmod"
chmod +x "$ut/bin"/*
uth() { env UT="$ut" PATH="$ut/bin:$PATH" MANA_BOOT_DIR="$ut/boot" MANA_UNMANAGED_ROOT="$ut/root" "$@" 2>&1; }
K=6.1.0-99-hooktest
: > "$ut/calls"; echo initrd > "$ut/boot/initrd.img-$K"
echo "usr/lib/modules/$K/kernel/drivers/net/ethernet/microsoft/mana/mana.ko" > "$ut/listing"
o=$(uth "$hooks/initramfs-refresh.sh" "$K"); r=$?
[ $r = 0 ] && grep -qx "update-initramfs -u -k $K" "$ut/calls" &&
	pass "initramfs hook: an initramfs that carries mana is refreshed (update-initramfs -u -k KVER)" ||
	fail "initramfs hook did not refresh an initramfs with mana: rc=$r calls=$(cat "$ut/calls") out=$o"
: > "$ut/calls"; echo "usr/lib/modules/$K/kernel/drivers/scsi/hv_storvsc.ko" > "$ut/listing"
o=$(uth "$hooks/initramfs-refresh.sh" "$K"); r=$?
[ $r = 0 ] && [ ! -s "$ut/calls" ] && grep -q 'does not carry mana' <<< "$o" &&
	pass "initramfs hook: an initramfs without mana is left alone" || fail "initramfs hook touched an initramfs without mana: $(cat "$ut/calls") $o"
: > "$ut/calls"; echo "usr/lib/modules/$K/updates/dkms/mana.ko" > "$ut/listing"
o=$(UT_RC=1 uth "$hooks/post-remove.sh" "$K"); r=$?
[ $r = 0 ] && grep -q 'update-initramfs failed' <<< "$o" &&
	pass "post-remove hook: a failing update-initramfs is reported and the hook still exits 0" || fail "post-remove hook with failing update-initramfs: rc=$r $o"
rm -f "$ut/boot/initrd.img-$K"; : > "$ut/calls"; echo "x/mana.ko" > "$ut/listing"; echo img > "$ut/boot/initramfs-$K.img"
o=$(uth "$hooks/initramfs-refresh.sh" "$K"); r=$?
[ $r = 0 ] && grep -qx "dracut -f --kver $K" "$ut/calls" &&
	pass "initramfs hook: dracut images are refreshed with dracut -f --kver" || fail "initramfs hook (dracut): rc=$r $(cat "$ut/calls") $o"
rm -f "$ut/boot/initramfs-$K.img"; : > "$ut/calls"
echo CONFIG_MICROSOFT_MANA=y > "$ut/boot/config-$K"
o=$(uth "$hooks/post-install.sh" "$K"); r=$?
[ $r = 0 ] && grep -q 'mana built in' <<< "$o" && [ ! -s "$ut/calls" ] &&
	pass "post-install hook warns about a kernel with mana built in (=y) and finds no initramfs to refresh" || fail "post-install hook =y: rc=$r $o"
[ -f "$ut/root/etc/udev/rules.d/68-mana-backport-unmanaged-vf.rules" ] && [ -f "$ut/root/etc/systemd/network/05-mana-backport-unmanaged-vf.network" ] &&
	pass "post-install hook writes the unmanaged-VF udev rule and .network (installs without the package; MANA_UNMANAGED_ROOT)" ||
	fail "post-install hook did not write the unmanaged-VF files under \$MANA_UNMANAGED_ROOT: $o"

# ---------------------------------------------------------------- build the package
t0=$(t)
out=$(cd "$top" && make -s deb 2>&1); r=$?
deb=$(sed -n 's/^DEB=//p' <<< "$out")
if [ $r -ne 0 ] || [ ! -f "$deb" ]; then
	fail "make deb: $(tail -n 5 <<< "$out" | tr '\n' ' ')"; exit 1
fi
version=$(dpkg-deb -f "$deb" Version)
pass "make deb built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) in $(( $(t) - t0 ))s"
contents=$(dpkg-deb -c "$deb")
missing=
for f in "./usr/src/$name-$version/dkms.conf" "./usr/src/$name-$version/Kbuild" "./usr/src/$name-$version/mana/Kbuild" \
	"./usr/src/$name-$version/scripts/build.sh" "./usr/src/$name-$version/scripts/dkms/post-install.sh" \
	"./usr/src/$name-$version/scripts/dkms/post-remove.sh" ./usr/sbin/mana-check ./usr/sbin/mana-bringup \
	"./lib/modprobe.d/$name.conf"; do
	grep -q " $f\$" <<< "$contents" || missing="$missing $f"
done
bad=$(grep -E '\.(o|ko|cmd|o\.d)$|/compat/generated/' <<< "$contents" | awk '{print $6}' | tr '\n' ' ')
noexec=$(grep -E "\./usr/src/$name-$version/scripts/.*\.sh$" <<< "$contents" | grep -v '^-rwx' | awk '{print $6}' | tr '\n' ' ')
if [ -z "$missing" ] && [ -z "$bad" ] && [ -z "$noexec" ]; then
	pass "package holds the DKMS source tree, executable hooks, mana-check, mana-bringup and the modprobe.d file; no build output"
else
	fail "package contents: missing:${missing:- none}; build output: ${bad:-none}; not executable: ${noexec:-none}"
fi
if dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./postinst | sh -n; then pass "postinst is valid sh"; else fail "postinst does not parse"; fi

# ---------------------------------------------------------------- prepare kernels
for b in /lib/modules/*/build; do
	[ -e "$b/Makefile" ] && kernels+=("$(basename "$(dirname "$b")")")
done
[ ${#kernels[@]} -gt 0 ] || { fail "no kernel headers installed (/lib/modules/*/build)"; exit 1; }
ls -d /lib/modules/*/modules.* > "$ut.before" 2>/dev/null
declare -A intree=()
for k in "${kernels[@]}"; do
	cache=$MANA_CACHE/kernels/$k/lib/modules/$k
	# the cloud image is small (27 MB) and other checks fetch it anyway
	case $k in *-cloud-amd64)
		[ -d "$cache" ] || "$top/tests/lib/fetch-kernel.sh" "linux-image-$k" > /dev/null ||
			echo "could not fetch linux-image-$k; testing $k without its in-tree module" ;;
	esac
	src=$(find "$cache/kernel/drivers/net/ethernet/microsoft/mana" -name 'mana.ko*' 2>/dev/null | head -n 1)
	[ -n "$src" ] || continue
	dst=/lib/modules/$k/${src#"$cache/"}
	[ -e "$dst" ] && { intree[$k]=$dst; continue; }
	mkdir -p "$(dirname "$dst")" && cp "$src" "$dst" && placed+=("$dst") && intree[$k]=$dst
	depmod -a "$k" 2>/dev/null
done
echo "kernels with headers: ${kernels[*]}; Debian in-tree mana.ko placed for: ${!intree[*]}"
# two kernels that must not break the installation: one whose build fails, one with mana =y
kb=6.1.0-0-manatest-broken ky=6.1.0-0-manatest-builtin
fake_kernels=("$kb" "$ky")
for k in "${fake_kernels[@]}"; do
	mkdir -p "/lib/modules/$k/build/include"
	printf 'all modules:\n\t@echo "deliberately broken test kernel tree"; exit 1\n' > "/lib/modules/$k/build/Makefile"
done
echo "CONFIG_MICROSOFT_MANA=m" > "/lib/modules/$kb/build/.config"
echo "CONFIG_MICROSOFT_MANA=y" > "/lib/modules/$ky/build/.config"

# ---------------------------------------------------------------- install
# an equivalent of the unmanaged-VF files already on this machine (then postinst writes none)
uvf_pre=$("$top/scripts/unmanaged-vf.sh" status 2>/dev/null | grep -v ': none$' | tr '\n' ' ')
[ -e /var/lib/mana-backport/unmanaged-vf.list ] && { fail "/var/lib/mana-backport/unmanaged-vf.list exists before the install"; exit 1; }
t0=$(t)
log=$MANA_CACHE/logs/deb-install.log
mkdir -p "$(dirname "$log")"
mana_apt install "$deb" > "$log" 2>&1; r=$?
cat "$log"
st=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)
if [ $r -eq 0 ] && [ "$st" = "install ok installed" ]; then
	pass "apt install of the package succeeded in $(( $(t) - t0 ))s, dpkg state '$st' although $kb fails to build and $ky has mana built in"
else
	fail "apt install: exit $r, dpkg state '$st' (log $log)"
fi
grep -q "$kb: FAILED to build" "$log" && pass "postinst names the kernel whose build failed, with the build log path" ||
	fail "postinst did not report the failed build for $kb"
grep -q "$ky: refused: mana is built into this kernel" "$log" && pass "postinst refuses the kernel with mana built in (=y) with a message" ||
	fail "postinst did not refuse $ky"

# unmanaged-VF files (scripts/unmanaged-vf.sh; tests/checks/43 covers the equivalents logic):
# this machine has none of azure-vm-utils' or WALinuxAgent's, so the udev rule and the
# .network must be there; the NetworkManager snippet only on a Hyper-V guest
uvf_u=/etc/udev/rules.d/68-mana-backport-unmanaged-vf.rules uvf_n=/etc/systemd/network/05-mana-backport-unmanaged-vf.network
uvf_m=/etc/NetworkManager/conf.d/90-mana-backport-unmanaged-vf.conf uvf_l=/var/lib/mana-backport/unmanaged-vf.list
uvf_st=$(/usr/src/$name-$version/scripts/unmanaged-vf.sh status 2>&1)
if [ -n "$uvf_pre" ]; then
	echo "SKIP: unmanaged-VF files after install (this machine already has an equivalent: $uvf_pre)"
elif grep -q 'Installed by mana-backport' "$uvf_u" 2>/dev/null && grep -q 'Installed by mana-backport' "$uvf_n" 2>/dev/null &&
   grep -qxF "$uvf_u" "$uvf_l" && grep -qxF "$uvf_n" "$uvf_l" &&
   { { [ -d /sys/bus/vmbus ] && [ -f "$uvf_m" ]; } || { [ ! -d /sys/bus/vmbus ] && [ ! -e "$uvf_m" ]; }; }; then
	pass "postinst wrote the unmanaged-VF udev rule and .network$([ -d /sys/bus/vmbus ] && echo " and NetworkManager snippet" || echo "; no NetworkManager snippet (not a Hyper-V guest)"); listed for purge"
else
	fail "unmanaged-VF files after install: $(tr '\n' ';' <<< "$uvf_st")"
fi

ib_expected=0
[ -f "/usr/src/$name-$version/mana/ib/Kbuild" ] && ib_expected=1
for k in "${kernels[@]}"; do
	f=$(modinfo -k "$k" -F filename mana 2>/dev/null)
	v=$(modinfo -k "$k" -F version mana 2>/dev/null)
	if [[ $f == /lib/modules/$k/updates/dkms/mana.ko* ]] && dkms status -m "$name" -v "$version" -k "$k" | grep -q installed; then
		pass "$k: mana.ko installed to updates/dkms; modinfo -k resolves mana to it (version $v)${intree[$k]:+, over the in-tree ${intree[$k]#/lib/modules/$k/}}"
	else
		fail "$k: modinfo -k resolves mana to '${f:-nothing}', expected our updates/dkms copy of $version"
		[ -f "/var/lib/dkms/$name/$version/build/make.log" ] && tail -n 25 "/var/lib/dkms/$name/$version/build/make.log" | sed 's/^/  make.log: /'
	fi
	[[ $f == */updates/dkms/* ]] && [ "$v" != "$version" ] && fail "$k: mana.ko reports version '${v:-none}', the package is $version (MODULE_VERSION must use MANA_BACKPORT_VERSION, which Kbuild takes from dkms.conf)"
	if [ $ib_expected = 1 ]; then
		fi=$(modinfo -k "$k" -F filename mana_ib 2>/dev/null)
		[[ $fi == /lib/modules/$k/updates/dkms/mana_ib.ko* ]] && pass "$k: modinfo -k resolves mana_ib to our updates/dkms copy" ||
			{ grep -qE '^CONFIG_INFINIBAND_USER_ACCESS=[ym]' "/lib/modules/$k/build/.config" &&
				fail "$k: mana_ib resolves to '${fi:-nothing}', expected our updates/dkms copy" ||
				echo "SKIP: $k: mana_ib (kernel has no InfiniBand user verbs)"; }
	fi
	signer=$(modinfo -k "$k" -F signer mana 2>/dev/null) key=$(modinfo -k "$k" -F sig_key mana 2>/dev/null | tr -d ':')
	serial=$(openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -serial 2>/dev/null | sed 's/^serial=//')
	if [ -n "$signer" ] && [ -n "$serial" ] && [ "${key^^}" = "${serial^^}" ]; then
		pass "$k: mana.ko is signed by the DKMS MOK key pair (signer '$signer', key serial $serial)"
	else
		fail "$k: mana.ko signature: signer '$signer' key '$key' vs /var/lib/dkms/mok.pub serial '$serial'"
	fi
done
[ $ib_expected = 1 ] || echo "SKIP: mana_ib resolution (mana/ib/ is not in the source tree yet, so the package builds mana only)"
for k in "$kb" "$ky"; do
	ls /lib/modules/$k/updates/dkms/mana.ko* > /dev/null 2>&1 && fail "$k: a mana.ko was installed for a kernel that must be skipped"
done
sd=$(modprobe -c 2>/dev/null | grep -E '^softdep mana(_ib)? ')
if grep -qx 'softdep mana pre: hv_netvsc pci-hyperv' <<< "$sd" && grep -qx 'softdep mana_ib pre: mana ib_uverbs' <<< "$sd"; then
	pass "modprobe soft dependencies active: $(tr '\n' ';' <<< "$sd")"
else
	fail "modprobe -c lacks the soft dependencies: $sd"
fi
j=$(mana-check --sample 0 --json 2>/dev/null); jr=$?
if [ $jr -le 2 ] && python3 -c 'import json,sys; d=json.load(sys.stdin); c=[x for x in d["checks"] if x["id"]=="dkms.status"][0]; ev=" ".join(c["evidence"]); sys.exit(not all(k in ev for k in sys.argv[1:]))' "${kernels[@]}" <<< "$j"; then
	pass "installed /usr/sbin/mana-check runs (exit $jr) and its dkms.status lists the package for ${kernels[*]}"
else
	fail "installed mana-check: exit $jr, dkms.status evidence lacks the installed kernels"
fi

# ---------------------------------------------------------------- upgrade, signed with a given key
# A second package with a higher version, built from a plain copy of the tree (no git: the
# tar path of make-deb.sh), installed over the first one while DKMS is told to sign with a
# key pair of our own (framework.conf.d), as a user with an enrolled MOK would.
for k in "${fake_kernels[@]}"; do rm -rf "/lib/modules/$k"; done
fake_kernels=()
v2=${version}+upgradetest1
cp2=$ut/src2
mkdir -p "$cp2"
(cd "$top" && git ls-files -z --cached --others --exclude-standard | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
	tar --null -T - -cf -) | tar -C "$cp2" -xf -
sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$v2\"/" "$cp2/dkms.conf"
# The second version builds for the cloud kernel only (half the build time): the other
# kernels exercise the BUILD_EXCLUSIVE path (dkms exit 77), which postinst reports as skipped.
printf '\n# check 41: upgrade test builds for the cloud kernel only\nBUILD_EXCLUSIVE_KERNEL="-cloud-amd64$"\n' >> "$cp2/dkms.conf"
out2=$("$top/scripts/make-deb.sh" --src "$cp2" --out "$ut/out2" 2>&1); deb2=$(sed -n 's/^DEB=//p' <<< "$out2")
openssl req -new -x509 -nodes -days 2 -subj "/CN=mana-backport test MOK" -newkey rsa:2048 \
	-keyout "$ut/mok.priv" -outform DER -out "$ut/mok.der" > /dev/null 2>&1
mkdir -p /etc/dkms/framework.conf.d
printf 'mok_signing_key=%s\nmok_certificate=%s\n' "$ut/mok.priv" "$ut/mok.der" > /etc/dkms/framework.conf.d/zz-mana-backport-test.conf
t0=$(t)
if [ -f "$deb2" ] && mana_apt install "$deb2" > "$log.upgrade" 2>&1 &&
   [ "$(dpkg-query -W -f='${Version} ${Status}' "$pkg")" = "$v2 install ok installed" ]; then
	pass "upgrade to $v2 (package built from a non-git copy) installed in $(( $(t) - t0 ))s"
else
	fail "upgrade to $v2: $(tail -n 5 "$log.upgrade" 2>/dev/null | tr '\n' ' ') $out2"
fi
cat "$log.upgrade" 2>/dev/null
old_left=$(dkms status "$name" 2>/dev/null | grep "$name/$version," | tr '\n' ' ')
[ -z "$old_left" ] && [ ! -e "/usr/src/$name-$version" ] && pass "upgrade removed version $version from DKMS and /usr/src" ||
	fail "after the upgrade the old version is still there: ${old_left:-/usr/src/$name-$version}"
serial2=$(openssl x509 -inform DER -in "$ut/mok.der" -noout -serial | sed 's/^serial=//')
for k in "${kernels[@]}"; do
	f=$(modinfo -k "$k" -F filename mana 2>/dev/null)
	if [[ $k != *-cloud-amd64 ]]; then
		if grep -q "$k: skipped: DKMS says this kernel is excluded" "$log.upgrade" && [[ $f != */updates/dkms/* ]]; then
			pass "$k: excluded by the upgraded package's BUILD_EXCLUSIVE_KERNEL: postinst says so, the old copy is gone, dpkg configured"
		else
			fail "$k: after the upgrade with BUILD_EXCLUSIVE_KERNEL excluding it: modprobe finds '${f:-nothing}', postinst message missing"
		fi
		continue
	fi
	v=$(modinfo -k "$k" -F version mana 2>/dev/null) signer=$(modinfo -k "$k" -F signer mana 2>/dev/null)
	key=$(modinfo -k "$k" -F sig_key mana 2>/dev/null | tr -d ':')
	if [[ $f == /lib/modules/$k/updates/dkms/mana.ko* ]] && dkms status -m "$name" -v "$v2" -k "$k" | grep -q installed &&
	   [ "$signer" = "mana-backport test MOK" ] && [ "${key^^}" = "${serial2^^}" ]; then
		pass "$k: after the upgrade modprobe resolves mana to the $v2 build, signed with the key pair given in /etc/dkms/framework.conf.d"
	else
		fail "$k: after the upgrade: '${f:-nothing}', dkms: $(dkms status -m "$name" -k "$k" | tr '\n' ' '), signer '$signer' key '$key' (want 'mana-backport test MOK' $serial2)"
		[ -f "/var/lib/dkms/$name/$v2/build/make.log" ] && tail -n 25 "/var/lib/dkms/$name/$v2/build/make.log" | sed 's/^/  make.log: /'
	fi
	[[ $f == */updates/dkms/* ]] && [ "$v" != "$v2" ] && fail "$k: after the upgrade mana.ko reports version '${v:-none}', the package is $v2 (MODULE_VERSION must use MANA_BACKPORT_VERSION, which Kbuild takes from dkms.conf)"
done
rm -f /etc/dkms/framework.conf.d/zz-mana-backport-test.conf

# ---------------------------------------------------------------- purge
t0=$(t)
mana_apt purge "$pkg" > "$log.purge" 2>&1; r=$?
cat "$log.purge"
left=$( { dkms status "$name" 2>/dev/null; ls -d /var/lib/dkms/$name /usr/src/$name-* /lib/modprobe.d/$name.conf /usr/sbin/mana-check /usr/sbin/mana-bringup \
	"$uvf_u" "$uvf_n" "$uvf_m" "$uvf_l" 2>/dev/null;
	ls /lib/modules/*/updates/dkms/mana*.ko* 2>/dev/null; } | tr '\n' ' ')
if [ $r -eq 0 ] && ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q installed && [ -z "$left" ]; then
	pass "apt purge removed the package in $(( $(t) - t0 ))s; no DKMS entry, source, module, config or unmanaged-VF file left"
else
	fail "apt purge: exit $r, left behind: ${left:-nothing} (log $log.purge)"
fi
for k in "${kernels[@]}"; do
	f=$(modinfo -k "$k" -F filename mana 2>/dev/null)
	if [ -n "${intree[$k]:-}" ]; then
		[ "$f" = "${intree[$k]}" ] && pass "$k: after removal modinfo -k resolves mana to the in-tree ${f#/lib/modules/$k/} again" ||
			fail "$k: after removal mana resolves to '${f:-nothing}', expected the in-tree ${intree[$k]}"
	else
		[ -z "$f" ] && pass "$k: after removal no mana override is left (headers-only kernel: no in-tree module to fall back to)" ||
			fail "$k: after removal mana still resolves to $f"
	fi
done
mana_finish
