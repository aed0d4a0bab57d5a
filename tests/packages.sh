#!/usr/bin/env bash
# Checks the built packages as a user's machine would meet them:
#   - the .deb unpacked into a throwaway root (`dpkg -x`, no container), and
#     the `kith` it installs run from there: --version, then a person added
#     and listed in a database of its own;
#   - every shared library the installed programs link (their NEEDED
#     entries) belongs to a package the .deb's Depends names, as
#     dpkg-shlibdeps would have it, and no package is named twice;
#   - the .rpm's digests verify, rpm installs it into a root of its own and
#     the `kith` it installs runs, it holds both programs, and its Requires
#     name each of those libraries by soname (`libcrypto.so.3()(64bit)`),
#     which every RPM distribution resolves whatever it calls its packages.
#
#   tests/packages.sh PACKAGE.deb PACKAGE.rpm
set -euo pipefail

deb="$(realpath "${1:?usage: packages.sh PACKAGE.deb PACKAGE.rpm}")"
rpm="$(realpath "${2:?usage: packages.sh PACKAGE.deb PACKAGE.rpm}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "packages.sh: $*" >&2; exit 1; }

# --- the .deb, unpacked and run -------------------------------------------
root="$work/root"
dpkg-deb -x "$deb" "$root"
for program in usr/bin/kith usr/bin/kith-desktop; do
  [ -x "$root/$program" ] || fail "the .deb does not install $program"
done
version="$(env -u KITH_DB HOME="$work/home" "$root/usr/bin/kith" --version)"
[[ "$version" == "kith $(dpkg-deb -f "$deb" Version)"* ]] || fail "the installed kith says '$version'"
env -u KITH_DB HOME="$work/home" "$root/usr/bin/kith" --db "$work/kith.db" add "Ada Lovelace" --email ada@example.org >/dev/null
listed="$(env -u KITH_DB HOME="$work/home" "$root/usr/bin/kith" --db "$work/kith.db" people --json)"
grep -q '"Ada Lovelace"' <<<"$listed" || fail "the installed kith did not list the person it added: $listed"
echo "the installed kith runs: $version"

# --- what the programs link, and which packages hold it -------------------
sonames() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
linked="$(for program in kith kith-desktop; do sonames "$root/usr/bin/$program"; done | sort -u)"
[ -n "$linked" ] || fail "readelf found no linked libraries"

# Depends as a list of package names, alternatives and versions dropped.
depends="$(dpkg-deb -f "$deb" Depends | tr ',|' '\n\n' | sed 's/(.*)//; s/^ *//; s/ *$//; /^$/d')"
doubled="$(sort <<<"$depends" | uniq -d)"
[ -z "$doubled" ] || fail "the .deb's Depends names a package twice: $doubled"

# Read whole, once: a reader that stopped at its match would end the lister
# with a broken pipe, which pipefail counts as a failure.
ldconfig -p >"$work/ldconfig"
missing=()
while read -r soname; do
  path="$(awk -v lib="$soname" '$1 == lib && /x86-64/ && !found { print $NF; found = 1 }' "$work/ldconfig")"
  [ -n "$path" ] || fail "$soname, linked by the programs, is not installed here"
  # The package that installed the library: found by its real path, or by
  # the path ldconfig gives where the package installed it there (/lib).
  package="$(dpkg -S "$(realpath "$path")" 2>/dev/null | sed -n '1s/:.*//p')" \
    || package="$(dpkg -S "$path" | sed -n '1s/:.*//p')"
  grep -qx "$package" <<<"$depends" || missing+=("$package ($soname)")
done <<<"$linked"
[ ${#missing[@]} -eq 0 ] || fail "the .deb's Depends lacks: ${missing[*]}"
echo "the .deb depends on the package of each of the $(wc -l <<<"$linked") libraries its programs link"

# --- the .rpm ---------------------------------------------------------------
rpm -K --nosignature "$rpm" >/dev/null || fail "the .rpm's digests do not verify"
files="$(rpm -qlp "$rpm")"
for program in /usr/bin/kith /usr/bin/kith-desktop; do
  grep -qx "$program" <<<"$files" || fail "the .rpm does not install $program"
done
# Installed by rpm itself into a root of its own (its dependencies are this
# machine's, not that root's, so they are checked below instead).
rpm_root="$work/rpm-root"
mkdir -p "$rpm_root"
rpm --root "$rpm_root" --initdb
rpm --root "$rpm_root" -i --nodeps --noscripts --nosignature "$rpm" \
  || fail "rpm could not install the .rpm"
rpm_version="$(env -u KITH_DB HOME="$work/home" "$rpm_root/usr/bin/kith" --version)"
[ "$rpm_version" = "$version" ] || fail "the kith the .rpm installed says '$rpm_version'"
requires="$(rpm -qp --requires "$rpm" | sed 's/ *$//')"
missing=()
while read -r soname; do
  grep -qxF "$soname()(64bit)" <<<"$requires" || missing+=("$soname()(64bit)")
done <<<"$linked"
[ ${#missing[@]} -eq 0 ] || fail "the .rpm's Requires lacks: ${missing[*]}"
echo "the .rpm verifies, installs both programs and requires each library by soname"
