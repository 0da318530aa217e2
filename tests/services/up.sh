#!/usr/bin/env bash
# Installs (from Debian's packages, when missing) and starts the servers the test suite and the
# benchmarks use, on loopback only:
#   postgres  PostgreSQL on 127.0.0.1:5432, trust authentication for 127.0.0.1 and ::1
#   redis     Redis on 127.0.0.1:6379, no persistence
#   varnish   Varnish's varnishd, installed only: the production-stack tests, `make load` and
#             `make varnish` start their own, with the repository's VCL
# Usage: tests/services/up.sh postgres redis varnish
# Already running servers are left as they are. Exits non-zero if a server is not ready in 60 s.
set -euo pipefail

SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    echo "services: apt-get update"
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  echo "services: installing $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

wait_for() {  # wait_for NAME COMMAND...
  local name=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then echo "services: $name ready"; return 0; fi
    sleep 1
  done
  echo "services: $name did not become ready in 60 s" >&2
  return 1
}

postgres_up() {
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    apt_install postgresql
  fi
  local version cluster hba conf
  version=$(ls /etc/postgresql | sort -V | tail -1)
  cluster=main
  if [ ! -d "/etc/postgresql/$version/$cluster" ]; then
    $SUDO pg_createcluster "$version" "$cluster" --port 5432 >/dev/null
  fi
  hba="/etc/postgresql/$version/$cluster/pg_hba.conf"
  conf="/etc/postgresql/$version/$cluster/postgresql.conf"
  # Trust on loopback for the test databases, as CI expects; first matching line wins.
  if ! $SUDO grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    $SUDO sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    echo "services: PostgreSQL trusts 127.0.0.1 and ::1 ($hba)"
  fi
  if ! $SUDO grep -q "^port = 5432" "$conf"; then
    $SUDO sed -i 's/^port = .*/port = 5432/' "$conf"
  fi
  if pg_isready -h 127.0.0.1 -p 5432 -q; then
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" reload >/dev/null 2>&1 || true
  else
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
  fi
  wait_for "PostgreSQL $version on 127.0.0.1:5432" \
    psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc 'select 1'
}

redis_up() {
  command -v redis-server >/dev/null || apt_install redis-server
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port 6379 --save "" --appendonly no --daemonize yes \
      --logfile /tmp/portal-redis-6379.log >/dev/null
  fi
  wait_for "Redis on 127.0.0.1:6379" redis-cli -h 127.0.0.1 -p 6379 ping
}

varnish_up() {
  # Debian's package may start its own varnishd on :6081 where systemd runs; nothing here uses it.
  if ! command -v varnishd >/dev/null && [ ! -x /usr/sbin/varnishd ]; then
    apt_install varnish
  fi
  echo "services: $("$(command -v varnishd || echo /usr/sbin/varnishd)" -V 2>&1 | head -1)"
}

[ $# -gt 0 ] || set -- postgres redis varnish
for service in "$@"; do
  case "$service" in
    postgres) postgres_up ;;
    redis) redis_up ;;
    varnish) varnish_up ;;
    *) echo "services: unknown service '$service' (postgres, redis, varnish)" >&2; exit 2 ;;
  esac
done
