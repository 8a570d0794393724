#!/usr/bin/env bash
# Runs tests with every clock moved ahead: node, the vitest workers, PGlite (which reads node's
# clock), Chromium and a throwaway PostgreSQL cluster all run under libfaketime with the same
# offset, so a test that mixes a fixed date with the real clock, or sample data that expires,
# fails today instead of on the day it comes true.
#
#   scripts/test-time-travel.sh [--offset +800d] [--no-postgres] [vitest arguments…]
#
# Needs libfaketime (Debian: apt-get install -y faketime). PostgreSQL: the server binaries under
# /usr/lib/postgresql/*/bin (or PG_BIN_DIR); as root the cluster runs as the postgres user.
set -euo pipefail
cd "$(dirname "$0")/.."

offset="+800d"
postgres=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --offset) offset="$2"; shift 2 ;;
    --no-postgres) postgres=0; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

lib=""
for candidate in /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 /usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1 /usr/local/lib/faketime/libfaketime.so.1; do
  if [ -f "$candidate" ]; then lib="$candidate"; break; fi
done
if [ -z "$lib" ]; then
  echo "libfaketime not found: apt-get install -y faketime" >&2
  exit 2
fi

# The clock moves normally from the shifted start; timers (monotonic clocks) are left alone.
fake=(env LD_PRELOAD="$lib" FAKETIME="$offset" FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_DONT_RESET=1)
echo "time travel: clocks moved by $offset, now $("${fake[@]}" date -u +%Y-%m-%dT%H:%M:%SZ) for the tests" >&2

root=""
cleanup() {
  if [ -n "$root" ]; then
    if [ -f "$root/data/postmaster.pid" ]; then as_pg "$bin/pg_ctl" -D "$root/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$root"
  fi
}
trap cleanup EXIT

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "${fake[@]}" "$@"; else "${fake[@]}" "$@"; fi
}

test_url=""
if [ "$postgres" = 1 ]; then
  bin="${PG_BIN_DIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
  if [ ! -x "$bin/pg_ctl" ]; then
    echo "PostgreSQL server binaries not found (set PG_BIN_DIR or pass --no-postgres)" >&2
    exit 2
  fi
  root="$(mktemp -d /tmp/time-travel-pg.XXXXXX)"
  mkdir -p "$root/socket"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$root"; fi
  as_pg "$bin/initdb" -D "$root/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  as_pg "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 30 \
    -o "-p $port -k $root/socket -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" start >/dev/null
  "${fake[@]}" "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "create database test" >/dev/null
  server_now="$("$bin/psql" -At -h 127.0.0.1 -p "$port" -U postgres -d test -c "select now()::date")"
  echo "time travel: PostgreSQL on port $port says today is $server_now" >&2
  test_url="postgres://postgres@127.0.0.1:$port/test"
  # The restart test starts its own clusters from the same binaries: they inherit the offset.
fi

TEST_DATABASE_URL="$test_url" "${fake[@]}" npx vitest run "${args[@]}"
