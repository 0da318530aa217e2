#!/usr/bin/env bash
# `make varnish`: Debian's varnishd with default.vcl (beside this file) on 127.0.0.1:VARNISH_PORT in
# front of the portal on 127.0.0.1:PORT (`make run`, or gunicorn), as a daemon; `make varnish-stop`.
# Its working files are in var/varnish/. Usage: varnish.sh start VARNISH_PORT PORT | stop
set -euo pipefail
cd "$(dirname "$0")/../../.."
work="$PWD/var/varnish"
pidfile="$work/varnishd.pid"
varnishd=$(command -v varnishd || echo /usr/sbin/varnishd)

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case "${1:-}" in
  start)
    port=${2:-6081}
    backend=${3:-8000}
    if running; then
      echo "varnish: already running (pid $(cat "$pidfile")); make varnish-stop first"
      exit 0
    fi
    mkdir -p "$work"
    sed "s/\.port = \"8000\";/.port = \"$backend\";/" portal/deploy/varnish/default.vcl > "$work/default.vcl"
    "$varnishd" -j none -n "$work/instance" -P "$pidfile" -a "127.0.0.1:$port" -T "127.0.0.1:0" \
      -f "$work/default.vcl" -s malloc,256m -p default_ttl=0
    echo "varnish: http://127.0.0.1:$port/ in front of 127.0.0.1:$backend (pid $(cat "$pidfile"))."
    echo "varnish: for the portal to purge it, start the site with FRONTEND_CACHE_URL=http://127.0.0.1:$port"
    ;;
  stop)
    if running; then
      kill "$(cat "$pidfile")"
      for _ in $(seq 1 50); do running || break; sleep 0.2; done
      echo "varnish: stopped"
    else
      echo "varnish: not running"
    fi
    rm -f "$pidfile"
    ;;
  *)
    echo "usage: $0 start VARNISH_PORT PORT | stop" >&2
    exit 2
    ;;
esac
