#!/usr/bin/env bash
# Runs a command with a throw-away Redis on loopback (no persistence), and stops it afterwards.
# The command sees PHARE_TEST_REDIS_URL; tests that use Redis give each run its own keys.
set -euo pipefail
command -v redis-server >/dev/null || { echo "Redis is not installed (apt-get install redis-server)" >&2; exit 1; }
dir=$(mktemp -d /tmp/phare-redis.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/log" >/dev/null
cleanup() { [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
export PHARE_TEST_REDIS_URL="redis://127.0.0.1:$port"
"$@"
