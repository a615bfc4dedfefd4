#!/usr/bin/env bash
# Builds the base of drkit's container image from Debian packages alone: no registry, no Docker.
#
#   build-base.sh CACHE LINK SUITE PG_MAJOR JRE_PACKAGE UID
#
# CACHE/<key>/rootfs.tar    the Debian root: the JRE, pg_dump of PG_MAJOR, nothing else of note
#                           (also the throwaway root the Debian package test installs into)
# CACHE/<key>/base-image.tar a `docker save` archive: that root plus a layer with the drkit user
#                           (uid UID), which Jib takes as its tar:// base image
# LINK                      a symbolic link to CACHE/<key>, where the build finds both
#
# <key> is a hash of the arguments and of this script, so a change to either builds anew and
# repeated builds reuse what is there. Needs root (mmdebstrap's root mode) and mmdebstrap.
set -euo pipefail
cache=$1 link=$2 suite=$3 pg=$4 jre=$5 uid=$6
key=$(printf '%s\n' "$suite" "$pg" "$jre" "$uid" "$(sha256sum < "$0")" | sha256sum | cut -c1-16)
dir="$cache/$key"
mkdir -p "$cache" "$(dirname "$link")"
if [ ! -f "$dir/base-image.tar" ]; then
  command -v mmdebstrap >/dev/null || { echo "build-base: mmdebstrap is not installed: apt-get install mmdebstrap" >&2; exit 1; }
  tmp=$(mktemp -d "$cache/.build-$key.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  echo "build-base: building the image's Debian $suite root with pg_dump $pg (once; cached in $dir)" >&2
  # documentation, manuals and translations are a third of the root and nobody reads them in a
  # container (man1 stays, empty: update-alternatives links the JRE's manual pages there)
  mmdebstrap --mode=root --variant=essential --quiet \
    --include="$jre,postgresql-client-$pg,adduser,passwd,ca-certificates,tzdata" \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --setup-hook='mkdir -p "$1"/usr/share/man/man1' \
    --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
    "$suite" "$tmp/rootfs.tar"
  # the second layer: the image's own user, which the Debian package creates for itself elsewhere
  mkdir -p "$tmp/user/etc" "$tmp/user/var/lib/drkit"
  tar -xf "$tmp/rootfs.tar" -C "$tmp/user" ./etc/passwd ./etc/group
  echo "drkit:x:$uid:$uid:drkit:/var/lib/drkit:/usr/sbin/nologin" >> "$tmp/user/etc/passwd"
  echo "drkit:x:$uid:" >> "$tmp/user/etc/group"
  tar --numeric-owner --owner=0 --group=0 -cf "$tmp/user.tar" -C "$tmp/user" ./etc/passwd ./etc/group
  tar --numeric-owner --owner="$uid" --group="$uid" -rf "$tmp/user.tar" -C "$tmp/user" ./var/lib/drkit
  diff1=$(sha256sum < "$tmp/rootfs.tar" | cut -d' ' -f1)
  diff2=$(sha256sum < "$tmp/user.tar" | cut -d' ' -f1)
  arch=$(dpkg --print-architecture)
  mkdir "$tmp/image"
  gzip -1 -c "$tmp/rootfs.tar" > "$tmp/image/rootfs.tar.gz"
  gzip -1 -c "$tmp/user.tar" > "$tmp/image/user.tar.gz"
  cat > "$tmp/image/config.json" <<JSON
{"architecture":"$arch","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"],"User":"$uid:$uid","WorkingDir":"/var/lib/drkit"},"rootfs":{"type":"layers","diff_ids":["sha256:$diff1","sha256:$diff2"]},"history":[{"created_by":"mmdebstrap --variant=essential $suite: $jre, postgresql-client-$pg"},{"created_by":"the drkit user, uid $uid"}]}
JSON
  cat > "$tmp/image/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["drkit-base:$suite-pg$pg"],"Layers":["rootfs.tar.gz","user.tar.gz"]}]
JSON
  tar -cf "$tmp/base-image.tar" -C "$tmp/image" manifest.json config.json rootfs.tar.gz user.tar.gz
  mkdir "$tmp/out"
  mv "$tmp/rootfs.tar" "$tmp/base-image.tar" "$tmp/out/"
  # another build may have finished the same key meanwhile: its result is as good as ours
  mv -T "$tmp/out" "$dir" 2>/dev/null || true
fi
ln -sfn "$dir" "$link"
echo "build-base: $dir" >&2
