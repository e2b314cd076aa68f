#!/usr/bin/env bash
# Installs what building and running need on a fresh Debian machine with Rust: the wasm32 target
# and the wasm-bindgen CLI of exactly the version in Cargo.lock. Sourced by run.sh and test.sh.
set -euo pipefail

rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown

wanted=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$wanted" ]; then
  echo "installing wasm-bindgen-cli $wanted (a few minutes, once)"
  # Without --locked: the CLI's lock file names a webpki-roots the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$wanted"
fi

# PostgreSQL's client library, which the server links for its PostgreSQL backend.
if ! ldconfig -p | grep 'libpq\.so ' >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq libpq-dev
  else
    echo "libpq-dev is missing: sudo apt-get install libpq-dev" >&2
    exit 1
  fi
fi

# Node.js and npm (Debian packages), for the npm packages below.
if ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq nodejs npm
  else
    echo "Node.js and npm are missing: sudo apt-get install nodejs npm" >&2
    exit 1
  fi
fi

# The npm packages the build uses (terser, which minifies wasm-bindgen's glue) and the browser
# tests use, at the versions in package-lock.json.
if [ ! -d node_modules/terser ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/ical.js ]; then
  npm ci --no-audit --no-fund
fi
