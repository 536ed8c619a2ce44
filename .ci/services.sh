#!/usr/bin/env bash
# Installs (if missing) and starts the services the tests need, all bound to 127.0.0.1:
#   - PostgreSQL from Debian's packages, a throwaway cluster owned by the postgres user;
#   - MLflow from PyPI (in a venv), `mlflow server` with a temporary backend and proxied artifacts.
# Prints `export ...` lines for the test environment on stdout; progress goes to stderr.
# Usage:  eval "$(.ci/services.sh)"      (state lives under $REID_SERVICES_DIR, default /tmp/reid-services)
set -euo pipefail
log() { echo "[services] $*" >&2; }

state="${REID_SERVICES_DIR:-/tmp/reid-services}"
pg_port="${REID_PG_PORT:-55432}"
mlflow_port="${REID_MLFLOW_PORT:-55000}"
mlflow_version="2.17.2"
venv="${REID_MLFLOW_VENV:-$HOME/.cache/comic-reid/mlflow-venv}"
mkdir -p "$state"

# ---------- PostgreSQL ----------
pg_bin=""
find_pg() { pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"; }
find_pg
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
  log "installing postgresql from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  find_pg
fi
[[ -x "$pg_bin/initdb" ]] || { log "PostgreSQL server binaries not found after install"; exit 1; }
pgdata="$state/pgdata"
if ! su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D '$pgdata' status" >/dev/null 2>&1; then
  rm -rf "$pgdata"; mkdir -p "$pgdata" "$state/pgsock"; chown -R postgres "$state/pgsock" "$pgdata"
  chmod 755 "$state"
  log "initdb $pgdata"
  su postgres -s /bin/sh -c "$pg_bin/initdb -D '$pgdata' -U postgres --auth=trust -E UTF8 >/dev/null"
  log "starting postgres on 127.0.0.1:$pg_port"
  su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D '$pgdata' -l '$pgdata/server.log' -w -o \"-h 127.0.0.1 -p $pg_port -k $state/pgsock\" start >/dev/null"
  psql_() { su postgres -s /bin/sh -c "psql -h 127.0.0.1 -p $pg_port -U postgres -v ON_ERROR_STOP=1 -qAt -c \"$1\""; }
  psql_ "CREATE ROLE reid LOGIN PASSWORD 'reid' CREATEDB" >&2
  psql_ "CREATE DATABASE reid_test OWNER reid" >&2
fi

# ---------- MLflow ----------
if [[ ! -x "$venv/bin/mlflow" ]] || ! "$venv/bin/python" -c "import mlflow.store.db.utils,mlflow,sys; sys.exit(0 if mlflow.__version__=='$mlflow_version' else 1)" 2>/dev/null; then
  log "installing mlflow==$mlflow_version from PyPI into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "mlflow==$mlflow_version" "sqlalchemy<2.1" >&2
fi
if ! curl -fsS "http://127.0.0.1:$mlflow_port/health" >/dev/null 2>&1; then
  mdir="$state/mlflow"; rm -rf "$mdir"; mkdir -p "$mdir/artifacts"
  log "starting mlflow server on 127.0.0.1:$mlflow_port"
  nohup "$venv/bin/mlflow" server --host 127.0.0.1 --port "$mlflow_port" --workers 1 \
    --backend-store-uri "sqlite:///$mdir/mlflow.db" --artifacts-destination "$mdir/artifacts" \
    > "$mdir/server.log" 2>&1 &
  echo $! > "$mdir/pid"
  for i in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$mlflow_port/health" >/dev/null 2>&1 && break
    kill -0 "$(cat "$mdir/pid")" 2>/dev/null || break
    sleep 1
  done
  curl -fsS "http://127.0.0.1:$mlflow_port/health" >/dev/null 2>&1 || { log "mlflow server did not come up:"; tail -20 "$mdir/server.log" >&2; exit 1; }
fi
log "services up"
echo "export REID_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$pg_port/reid_test"
echo "export REID_TEST_PG_USER=reid"
echo "export REID_TEST_PG_PASSWORD=reid"
echo "export REID_TEST_MLFLOW_URI=http://127.0.0.1:$mlflow_port"
