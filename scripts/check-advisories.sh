#!/usr/bin/env bash
# Security advisories (issue #8): `cargo deny check advisories` against the RustSec database
# snapshot kept in vendor/ (these machines cannot reach GitHub, where the database lives; the
# snapshot's date is printed). Exceptions, each with its reason, are in deny.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../vendor/rustsec-advisory-db.env
source vendor/rustsec-advisory-db.env
dbs=$PWD/target/advisory-dbs
# The folder cargo-deny 0.20 clones the default database URL into.
db=$dbs/advisory-db-3157b0e258782691
rm -rf "$db"
mkdir -p "$db"
tar -xzf vendor/rustsec-advisory-db.tar.gz -C "$db"
# cargo-deny reads the database as a git checkout (it asks git for the commit's date).
git -C "$db" init -q
git -C "$db" add -A
GIT_AUTHOR_DATE=$SNAPSHOT_DATE GIT_COMMITTER_DATE=$SNAPSHOT_DATE \
  git -C "$db" -c user.name=snapshot -c user.email=snapshot@invalid -c commit.gpgsign=false \
  commit -qm "RustSec advisory-db $SNAPSHOT_COMMIT"
echo "RustSec advisory database: commit $SNAPSHOT_COMMIT of $SNAPSHOT_DATE"
ADVISORY_DBS=$dbs cargo deny --offline check advisories
