#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the DKMS Debian package of mana-backport (what "make deb" runs).
#
# Usage: scripts/make-deb.sh [--src DIR] [--out DIR]
#   --src DIR  package source tree with a dkms.conf (default: this checkout; from a git
#              checkout it ships the work tree's files that git does not ignore, never
#              build output)
#   --out DIR  where the .deb goes (default: out/ in the checkout, git-ignored)
# Output: <out>/<name>-dkms_<version>_all.deb; prints "DEB=<path>" last.
#
# The package holds the sources in /usr/src/<name>-<version> (built by DKMS on the target
# machine for every kernel with headers), mana-check in /usr/sbin and the modprobe soft
# dependencies in /lib/modprobe.d/<name>.conf. Packaging templates: scripts/deb/.
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$top/tests/lib/common.sh"

src=$top out=$top/out
while [ $# -gt 0 ]; do
	case $1 in
	--src) src=$(readlink -f "$2"); shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) mana_die "usage: scripts/make-deb.sh [--src DIR] [--out DIR]" ;;
	esac
done
[ -f "$src/dkms.conf" ] || mana_die "no dkms.conf in $src"
mana_need_pkgs dpkg-dev debhelper fakeroot || mana_die "cannot install the packaging tools"

conf() { sed -n "s/^$1=\"\{0,1\}\([^\"]*\)\"\{0,1\}\$/\1/p" "$src/dkms.conf" | head -n 1; }
name=$(conf PACKAGE_NAME) version=$(conf PACKAGE_VERSION)
[ -n "$name" ] && [ -n "$version" ] || mana_die "PACKAGE_NAME/PACKAGE_VERSION not found in $src/dkms.conf"
case $version in [0-9]*) ;; *) mana_die "PACKAGE_VERSION '$version' is not a Debian version" ;; esac

mkdir -p "$MANA_CACHE/deb"
parent=$(mktemp -d "$MANA_CACHE/deb/build.XXXXXX")   # private: make deb may run twice at once
trap 'rm -rf "$parent"' EXIT
stage=$parent/$name-$version
mkdir -p "$stage/src" "$stage/debian/source" "$out"
out=$(readlink -f "$out")

# The source that DKMS builds: the tracked files (as they are in the work tree), without
# tests except the shell library the build scripts use, and without CI files.
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z --cached --others --exclude-standard -- . ':!:tests' ':!:.ci' ':!:.gitignore' ':!:out' |
		grep -zvE '(\.o|\.o\.d|\.ko|\.mod|\.mod\.c|\.cmd|\.a)$|(^|/)(modules\.order|Module\.symvers)$' |
		xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -cf -) | tar -C "$stage/src" -xf -
	[ -f "$src/tests/lib/common.sh" ] && install -D -m 0644 "$src/tests/lib/common.sh" "$stage/src/tests/lib/common.sh"
else
	tar -C "$src" --exclude=./tests --exclude=./.ci --exclude=./out --exclude=./build --exclude='*.o' \
		--exclude='*.ko' --exclude='.*.cmd' --exclude=./compat/generated -cf - . | tar -C "$stage/src" -xf -
	[ -f "$src/tests/lib/common.sh" ] && install -D -m 0644 "$src/tests/lib/common.sh" "$stage/src/tests/lib/common.sh"
fi
# The hooks DKMS runs, mana-check and mana-bringup come from this checkout's scripts/ when the source
# tree has none (e.g. --src pointing at a bare module tree).
for f in scripts/dkms/post-install.sh scripts/dkms/post-remove.sh scripts/dkms/initramfs-refresh.sh \
	scripts/dkms/mana-backport-modprobe.conf scripts/mana-check scripts/mana-bringup; do
	[ -e "$stage/src/$f" ] || install -D "$top/$f" "$stage/src/$f"
done
# the DKMS hooks and build scripts must stay executable
find "$stage/src" -name '*.sh' -exec chmod 0755 {} +

tmpl=$top/scripts/deb
for f in control rules postinst prerm postrm copyright; do
	sed -e "s/@NAME@/$name/g" -e "s/@VERSION@/$version/g" "$tmpl/$f" > "$stage/debian/$f"
done
mv "$stage/debian/postinst" "$stage/debian/$name-dkms.postinst"
mv "$stage/debian/prerm" "$stage/debian/$name-dkms.prerm"
mv "$stage/debian/postrm" "$stage/debian/$name-dkms.postrm"
chmod 0755 "$stage/debian/rules"
echo "3.0 (native)" > "$stage/debian/source/format"
[ -f "$src/README.md" ] && echo src/README.md > "$stage/debian/$name-dkms.docs"
commit=$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$src" status --porcelain -- . 2>/dev/null | grep -qv '^??' && echo " (with uncommitted changes)" || true)
cat > "$stage/debian/changelog" <<CL
$name ($version) unstable; urgency=medium

  * Built from $commit$dirty.

 -- mana-backport maintainers <mana-backport@localhost>  $(date -R)
CL

mana_log "building $name-dkms $version in $stage"
log=$MANA_CACHE/deb/$name-$version.build.log
(cd "$stage" && dpkg-buildpackage -b -us -uc -rfakeroot) > "$log" 2>&1 ||
	{ tail -n 30 "$log" >&2; mana_die "dpkg-buildpackage failed (log: $log)"; }
deb=$parent/${name}-dkms_${version}_all.deb
[ -f "$deb" ] || mana_die "dpkg-buildpackage made no $(basename "$deb") (log: $log)"
cp -f "$deb" "$out/"
echo "DEB=$out/$(basename "$deb")"
