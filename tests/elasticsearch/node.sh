#!/usr/bin/env bash
# The search node for tests and development (see pom.xml): `node.sh start` builds it from Maven
# Central when needed, starts it on 127.0.0.1:$SEARCH_NODE_PORT (9200) with a 512 MB heap and
# waits until the cluster is green; `node.sh stop` stops it cleanly (SIGTERM, then waits).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${SEARCH_NODE_PORT:-9200}"
heap="${SEARCH_NODE_HEAP:-512m}"
home="$here/target/node-$port"
pidfile="$home/node.pid"
url="http://127.0.0.1:$port"

need() {  # Debian's packages when the machine lacks them
  local missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo; sudo=$( [ "$(id -u)" = 0 ] || echo sudo )
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build() {
  if [ ! -f "$here/target/.built" ] || [ "$here/pom.xml" -nt "$here/target/.built" ] \
     || [ -n "$(find "$here/src" -newer "$here/target/.built" -type f)" ]; then
    echo "Building the search node (Maven Central; the first build downloads ~50 MB)"
    rm -rf "$here/target/lib"
    mvn -B -q -f "$here/pom.xml" -DskipTests package
    touch "$here/target/.built"
  fi
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start() {
  need
  if running; then echo "search node already running on $url (pid $(cat "$pidfile"))"; return; fi
  build
  mkdir -p "$home"
  java -Xms"$heap" -Xmx"$heap" -XX:+UseSerialGC -Djava.awt.headless=true \
       -cp "$here/target/classes:$here/target/lib/*" portal.searchnode.SearchNode "$port" "$home" \
       >"$home/node.log" 2>&1 &
  echo $! >"$pidfile"
  echo -n "Starting the search node on $url (pid $!) "
  for _ in $(seq 1 300); do
    if ! running; then echo; echo "the node exited:"; tail -30 "$home/node.log"; exit 1; fi
    if curl -fs "$url/_cluster/health?wait_for_status=green&timeout=1s" >/dev/null 2>&1; then
      echo "ready"; return
    fi
    echo -n "."; sleep 1
  done
  echo; echo "the node did not become ready in 300 s:"; tail -30 "$home/node.log"; stop; exit 1
}

stop() {
  if ! running; then echo "no search node running on port $port"; rm -f "$pidfile"; return; fi
  local pid; pid="$(cat "$pidfile")"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then echo "the node did not stop in 30 s: killing it"; kill -KILL "$pid"; fi
  rm -f "$pidfile"
  echo "search node on port $port stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running on $url (pid $(cat "$pidfile"))"; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
