# Sourced by scripts/test and scripts/bench_notify: finds (or installs) PostgreSQL and starts a
# throwaway cluster on a free port, as the postgres user when run as root. Sets pg_bin, pg_dir,
# pg_port and pg_url, and stops the cluster when the script exits.

find_postgres() {
  pg_bin=""
  for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && pg_bin="$candidate"
  done
  if [ -z "$pg_bin" ]; then
    printf '\n==> %s\n' "Installing PostgreSQL (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    for candidate in /usr/lib/postgresql/*/bin; do
      [ -x "$candidate/initdb" ] && pg_bin="$candidate"
    done
  fi
  [ -n "$pg_bin" ] || { echo "PostgreSQL could not be installed." >&2; exit 1; }
}

# start_postgres [-c name=value ...]: extra server settings (the tests turn fsync off). The cluster
# takes random_page_cost = 1.1, as docs/operations.md recommends for data on SSDs or in memory.
start_postgres() {
  pg_dir=$(mktemp -d /tmp/tverr-pg.XXXXXX)
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  as_pg=()
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$pg_dir"
    as_pg=(runuser -u postgres --)
  fi
  trap stop_postgres EXIT
  printf '\n==> %s\n' "Starting PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $pg_port"
  "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U tverr >/dev/null
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=500 -c random_page_cost=1.1 $*" -w start >/dev/null
  pg_url="postgres://tverr@127.0.0.1:$pg_port/postgres"
}

stop_postgres() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
