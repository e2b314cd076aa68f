#!/usr/bin/env bash
# Replaces the advisory database snapshot in vendor/ with the newest commit of SOURCE (a git URL
# or a local clone; default https://github.com/rustsec/advisory-db), then runs the check.
set -euo pipefail
cd "$(dirname "$0")/.."
source=${1:-https://github.com/rustsec/advisory-db}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q --depth 1 "$source" "$work/db"
commit=$(git -C "$work/db" rev-parse HEAD)
date=$(git -C "$work/db" log -1 --format=%cI HEAD)
git -C "$work/db" archive --format=tar HEAD crates LICENSE.txt | gzip -9n > vendor/rustsec-advisory-db.tar.gz
sed -i "s/^SNAPSHOT_COMMIT=.*/SNAPSHOT_COMMIT=$commit/; s/^SNAPSHOT_DATE=.*/SNAPSHOT_DATE=$date/" \
  vendor/rustsec-advisory-db.env
scripts/check-advisories.sh
