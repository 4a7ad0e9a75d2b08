#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch QEMU 11.1 (trixie-backports) with the trixie runtime libraries it needs, glibc
# included, and unpack them with dpkg -x under $MANA_CACHE/qemu-11.1/ (nothing is
# installed on the host). QEMU >= 10.1 is needed for the vfio-user-pci client; bookworm
# ships 7.2 and trixie 10.0, neither has it. The binary is started through the bundled
# dynamic loader, so the host's older glibc does not matter.
#
# Usage: qemu-bundle.sh        prints QEMU=<path of a wrapper script that runs qemu>
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"

dest=$MANA_CACHE/qemu-11.1
wrapper=$dest/run-qemu.sh
mana_lock "$MANA_CACHE/locks/qemu-bundle.lock" || mana_die "cannot lock the QEMU bundle"
if [ ! -e "$dest/.complete" ]; then
	mana_need_pkgs apt dpkg >&2
	read -r -a apt_opts <<< "$(mana_suite_opts trixie-backports)"
	rm -rf "$dest"
	mkdir -p "$dest/debs"
	chmod 777 "$dest/debs"
	# QEMU itself from trixie-backports; the libraries it links (and their own
	# libraries) from trixie. The list was taken from the binary's DT_NEEDED closure;
	# the final --version run below proves it complete.
	qemu_pkgs=(qemu-system-x86/trixie-backports qemu-system-common/trixie-backports
		qemu-system-data/trixie-backports seabios/trixie-backports)
	libs=(libc6 libcapstone5 libgnutls30t64 libpng16-16t64 libpixman-1-0 zlib1g
		libjpeg62-turbo libsasl2-2 libnuma1 libglib2.0-0t64 librdmacm1t64 libibverbs1
		libzstd1 libslirp0 libvdeplug2t64 libbpf1 libudev1 libpmem1 libseccomp2 libfdt1
		libnettle8t64 libgmp10 libhogweed6t64 libfuse3-4 libaio1t64 liburing2 libp11-kit0
		libidn2-0 libunistring5 libtasn1-6 libmount1 libselinux1 libffi8 libpcre2-8-0
		libnl-3-200 libnl-route-3-200 libelf1t64 libndctl6 libdaxctl1 libblkid1 libuuid1
		libkmod2 liblzma5 libssl3t64 libcap2 libatomic1)
	pkgs=("${qemu_pkgs[@]}")
	for l in "${libs[@]}"; do pkgs+=("$l/trixie"); done
	mana_log "downloading QEMU 11.1 and ${#libs[@]} trixie libraries"
	( cd "$dest/debs" && apt-get -q "${apt_opts[@]}" download "${pkgs[@]}" ) >/dev/null ||
		mana_die "apt-get download of the QEMU bundle failed"
	for d in "$dest"/debs/*.deb; do dpkg -x "$d" "$dest"; done
	rm -rf "$dest/debs" "$dest/usr/share/doc" "$dest/usr/share/man" "$dest/usr/share/locale"
	cat > "$wrapper" <<'EOS'
#!/bin/sh
# Runs the bundled QEMU 11.1 through the bundled trixie dynamic loader.
R=$(dirname "$(readlink -f "$0")")
L=$R/usr/lib/x86_64-linux-gnu:$R/lib/x86_64-linux-gnu
export QEMU_MODULE_DIR=$R/usr/lib/x86_64-linux-gnu/qemu
exec "$R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$L" \
	"$R/usr/bin/qemu-system-x86_64" -L "$R/usr/share/qemu" -L "$R/usr/share/seabios" "$@"
EOS
	chmod +x "$wrapper"
	ver=$("$wrapper" --version | head -n1) || mana_die "bundled QEMU does not start"
	"$wrapper" -device vfio-user-pci,help 2>/dev/null | grep -q '^vfio-user-pci options' ||
		mana_die "bundled QEMU ($ver) has no vfio-user-pci device"
	mana_log "QEMU bundle ready: $ver"
	touch "$dest/.complete"
fi
echo "QEMU=$wrapper"
