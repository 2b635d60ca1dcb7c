#!/bin/sh
# Builds roomserver_VERSION_ARCH.deb from a built binary, with dpkg-deb only (no debhelper).
#   tools/make-deb.sh BINARY OUTDIR VERSION
# `make deb` passes a release build linked with --static-swift-stdlib; the package tests pass the
# debug build, which is packaged the same way.
set -eu

binary=$1
outdir=$2
version=$3
here=$(cd "$(dirname "$0")/.." && pwd)
arch=$(dpkg --print-architecture)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root

# The program, and beside it (../share/roomserver/public) the browser client it serves.
install -D -m 0755 "$binary" "$root/usr/bin/roomserver"
strip --strip-unneeded "$root/usr/bin/roomserver"
install -d "$root/usr/share/roomserver/public"
cp -R "$here/Public/app" "$here/Public/locales" "$root/usr/share/roomserver/public/"
install -D -m 0644 "$here/deploy/nginx/roomserver" "$root/usr/share/roomserver/nginx/roomserver"

# The service, its nightly backup, and the one configuration file (a conffile: upgrades keep edits).
for unit in roomserver.service roomserver-backup.service roomserver-backup.timer; do
    install -D -m 0644 "$here/deploy/$unit" "$root/lib/systemd/system/$unit"
done
install -D -m 0644 "$here/deploy/roomserver.conf" "$root/etc/roomserver/roomserver.conf"
for doc in README.md docs/DEPLOY.md docs/OPERATIONS.md docs/PRIVACY.md docs/SECURITY.md; do
    install -D -m 0644 "$here/$doc" "$root/usr/share/doc/roomserver/$(basename "$doc")"
done
find "$root" -type d -exec chmod 0755 {} +
find "$root/usr/share" -type f -exec chmod 0644 {} +

# The Debian packages the program links against, with the versions it needs (dpkg-shlibdeps reads the
# symbols it uses: a build on a newer system must not install on an older one and fail at start).
mkdir -p "$work/shlibs/debian"
printf 'Source: roomserver\n\nPackage: roomserver\nArchitecture: any\n' >"$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O -e "$root/usr/bin/roomserver" 2>/dev/null | sed -n 's/^shlibs:Depends=//p') || depends=""
# Without dpkg-dev, or for a build that links the Swift runtime dynamically (the tests' debug build): the
# packages owning its NEEDED libraries, unversioned. A library no package owns is named, so it is not missed.
[ -n "$depends" ] || for library in $(objdump -p "$root/usr/bin/roomserver" | awk '/NEEDED/ { print $2 }'); do
    path=$(ldconfig -p | awk -v lib="$library" '$1 == lib && /x86-64|aarch64|,/ { print $NF; exit }')
    package=""
    if [ -n "$path" ]; then
        package=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null || true)
        package=${package%%:*}
    fi
    if [ -z "$package" ]; then
        echo "make-deb: $library belongs to no Debian package; the package will need it installed by hand" >&2
        continue
    fi
    case ", $depends, " in *", $package, "*) ;; *) depends="${depends:+$depends, }$package" ;; esac
done

install -d "$root/DEBIAN"
size=$(du -sk "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
    "$here/deploy/debian/control" >"$root/DEBIAN/control"
install -m 0644 "$here/deploy/debian/conffiles" "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
    install -m 0755 "$here/deploy/debian/$script" "$root/DEBIAN/$script"
done
(cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print | sed 's|^\./||' | sort | xargs md5sum) \
    >"$root/DEBIAN/md5sums"

mkdir -p "$outdir"
package="$outdir/roomserver_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$package" >/dev/null
echo "$package"
