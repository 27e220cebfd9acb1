# Sourced by .ci/run: installs Virtuoso Open Source from Debian if missing, starts a throw-away instance on
# 127.0.0.1 (its own database in a temporary folder, free ports), and stops it by its pid.
# After virtuoso_start: VIRTUOSO_PID, VIRTUOSO_DIR, VIRTUOSO_HTTP_PORT and RUNGRAPH_TEST_SPARQL are set.

virtuoso_install() {
  if command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null; then return; fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  # The package asks for a DBA password through debconf; preseed it so the install never prompts.
  # (Our instance uses its own fresh database, whose DBA password is the default "dba".)
  printf '%s\n' \
    'virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba' \
    'virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba' | $sudo debconf-set-selections
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends virtuoso-opensource
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Whether a URL answers 2xx (node rather than curl, which a minimal CI image may lack).
answers() {
  node -e "fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "$1"
}

virtuoso_start() {
  virtuoso_install
  VIRTUOSO_DIR="$(mktemp -d -t rungraph-virtuoso-XXXXXX)"
  local sql_port http_port
  sql_port="$(free_port)"
  http_port="$(free_port)"
  while [ "$http_port" = "$sql_port" ]; do http_port="$(free_port)"; done
  mkdir -p "$VIRTUOSO_DIR/db"
  cat >"$VIRTUOSO_DIR/virtuoso.ini" <<INI
[Database]
DatabaseFile = $VIRTUOSO_DIR/db/virtuoso.db
ErrorLogFile = $VIRTUOSO_DIR/db/virtuoso.log
LockFile = $VIRTUOSO_DIR/db/virtuoso.lck
TransactionFile = $VIRTUOSO_DIR/db/virtuoso.trx
xa_persistent_file = $VIRTUOSO_DIR/db/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = $VIRTUOSO_DIR/db/virtuoso-temp.db
TransactionFile = $VIRTUOSO_DIR/db/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:$sql_port
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., $VIRTUOSO_DIR
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxQueryMem = 1G
CheckpointInterval = 60
[HTTPServer]
ServerPort = 127.0.0.1:$http_port
ServerRoot = $VIRTUOSO_DIR
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
INI
  virtuoso-t +foreground +configfile "$VIRTUOSO_DIR/virtuoso.ini" >"$VIRTUOSO_DIR/stdout.log" 2>&1 &
  VIRTUOSO_PID=$!
  VIRTUOSO_HTTP_PORT=$http_port
  local i
  for i in $(seq 1 120); do
    if answers "http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D"; then break; fi
    if ! kill -0 "$VIRTUOSO_PID" 2>/dev/null; then
      echo "Virtuoso exited while starting:" >&2
      cat "$VIRTUOSO_DIR/stdout.log" "$VIRTUOSO_DIR/db/virtuoso.log" >&2 || true
      return 1
    fi
    sleep 0.5
  done
  if [ "$i" = 120 ]; then echo "Virtuoso did not answer on port $http_port within 60 s" >&2; return 1; fi
  # The anonymous SPARQL account may update (this instance only listens on 127.0.0.1).
  isql-vt "127.0.0.1:$sql_port" dba dba exec='GRANT SPARQL_UPDATE TO "SPARQL";' >"$VIRTUOSO_DIR/isql.log" 2>&1 \
    || { cat "$VIRTUOSO_DIR/isql.log" >&2; return 1; }
  export RUNGRAPH_TEST_SPARQL="sparql+http://127.0.0.1:$http_port/sparql"
  echo "Virtuoso (pid $VIRTUOSO_PID) answers at $RUNGRAPH_TEST_SPARQL"
}

virtuoso_stop() {
  if [ -n "${VIRTUOSO_PID:-}" ] && kill -0 "$VIRTUOSO_PID" 2>/dev/null; then
    kill "$VIRTUOSO_PID"
    local i
    for i in $(seq 1 40); do kill -0 "$VIRTUOSO_PID" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$VIRTUOSO_PID" 2>/dev/null || true
  fi
  if [ -n "${VIRTUOSO_DIR:-}" ]; then rm -rf "$VIRTUOSO_DIR"; fi
}
