# Shared by bin/flink-cluster and bin/submit-job (sourced, not run): where things live, the Flink
# runtime classpath resolved from Maven, and the JVM options every Flink JVM needs.
# Callers set ROOT (the repository root) and `set -euo pipefail` before sourcing this file.

FLINK_CONF_SOURCE="$ROOT/flink-conf"
FLINK_DIST_POM="$FLINK_CONF_SOURCE/dist/pom.xml"
# The classpath cache is per checkout; the run folder (pid files, logs, the run's conf, checkpoints)
# can be moved with FLINK_CLUSTER_HOME so tests and people do not share one.
FLINK_CACHE_DIR="$ROOT/.local/flink-cluster"
FLINK_RUN_DIR="${FLINK_CLUSTER_HOME:-$FLINK_CACHE_DIR}"
# Absolute, because it ends up in file:// URIs and in the JVMs' arguments.
[[ "$FLINK_RUN_DIR" == /* ]] || FLINK_RUN_DIR="$PWD/$FLINK_RUN_DIR"
FLINK_RUN_CONF="$FLINK_RUN_DIR/conf"
FLINK_LOG_DIR="$FLINK_RUN_DIR/log"
BASH_JAVA_UTILS=org.apache.flink.runtime.util.bash.BashJavaUtils

die() {
  echo "error: $*" >&2
  exit 1
}

# Prints the classpath of a Flink "distribution" (flink-runtime, -streaming-java, -clients,
# -runtime-web, -connector-base, log4j) resolved by Maven, cached until a pom changes.
flink_runtime_classpath() {
  local cache="$FLINK_CACHE_DIR/runtime.classpath"
  if [[ -s "$cache" && "$cache" -nt "$FLINK_DIST_POM" && "$cache" -nt "$ROOT/pom.xml" ]] &&
    classpath_complete "$(<"$cache")"; then
    cat "$cache"
    return
  fi
  mkdir -p "$FLINK_CACHE_DIR"
  # A unique temporary name, then a rename: two runs resolving at once never read half a file.
  local tmp="$cache.$$.tmp" mvn_log="$FLINK_CACHE_DIR/resolve.log"
  local mvn_args=(-q -B -Dstyle.color=never -f "$FLINK_DIST_POM" dependency:build-classpath
    "-Dmdep.outputFile=$tmp")
  echo "Resolving the Flink runtime classpath with Maven (cached in ${cache#"$ROOT"/})..." >&2
  # Offline first: everything is normally in ~/.m2 already; go to the network only when it is not.
  if ! mvn -o "${mvn_args[@]}" >"$mvn_log" 2>&1 && ! mvn "${mvn_args[@]}" >>"$mvn_log" 2>&1; then
    rm -f "$tmp"
    tail -n 30 "$mvn_log" >&2
    die "could not resolve the Flink runtime classpath from $FLINK_DIST_POM (Maven log: $mvn_log)"
  fi
  mv "$tmp" "$cache"
  cat "$cache"
}

# True when every jar of a classpath still exists (~/.m2 may have been cleaned since it was cached).
classpath_complete() {
  local jar jars
  IFS=: read -ra jars <<<"$1"
  ((${#jars[@]} > 0)) || return 1
  for jar in "${jars[@]}"; do
    [[ -f "$jar" ]] || return 1
  done
}

# Runs a BashJavaUtils command and prints its results, one per line, without the prefix: the way
# Flink's own scripts get memory settings and the effective configuration.
bash_java_utils() {
  local classpath=$1 output
  shift
  if ! output=$(java -Dlog4j2.StatusLogger.level=OFF -cp "$classpath" "$BASH_JAVA_UTILS" "$@" 2>&1); then
    echo "$output" | tail -n 20 >&2
    die "Flink's BashJavaUtils $1 failed (see above)"
  fi
  local results
  results=$(grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$output" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://') || true
  [[ -n "$results" ]] || die "Flink's BashJavaUtils $1 printed no result: $output"
  echo "$results"
}

# The effective configuration of a conf dir, flattened to one `key: value` line per key, after
# applying dynamic properties given as `-D key=value` arguments: Flink's own parser does the YAML.
flink_effective_conf() {
  local classpath=$1 conf_dir=$2
  shift 2
  bash_java_utils "$classpath" UPDATE_AND_GET_FLINK_CONFIGURATION --configDir "$conf_dir" "$@" -flatten
}

# One value of a flattened configuration (read from stdin), without YAML quotes; fails when absent.
conf_get() {
  local key=$1 line
  line=$(grep -m1 "^${key//./\\.}: ") || return 1
  line=${line#*: }
  line=${line#\'}
  echo "${line%\'}"
}

# The Java 17 module openings Flink needs on every JVM (JobManager, TaskManager and client alike),
# from env.java.opts.all of a flattened configuration (stdin): config.yaml is the one list.
flink_java_opts() {
  local opts
  opts=$(conf_get env.java.opts.all) || opts=""
  [[ -n "$opts" ]] || die "env.java.opts.all is missing from the Flink configuration: Flink needs its Java 17 module flags on every JVM (see flink-conf/config.yaml)"
  echo "$opts"
}

# Runs Flink's command-line client (CliFrontend, what the `flink` script runs) against the running
# cluster's configuration with ACTION and its arguments, e.g. `flink_cli run -d job.jar` or
# `flink_cli stop JOB_ID`. The client's own output goes to stderr and to the file named by
# FLINK_CLI_OUTPUT, for the caller to find ids and paths in; Flink's logging goes to the client log.
# Fails fast with a clear message when no cluster answers. Returns the client's exit status.
flink_cli() {
  local action=$1 classpath conf_dir
  shift
  classpath=$(flink_runtime_classpath)
  if [[ -n "${FLINK_CONF_DIR:-}" ]]; then
    conf_dir=$FLINK_CONF_DIR
  elif [[ -f "$FLINK_RUN_CONF/config.yaml" ]]; then
    conf_dir=$FLINK_RUN_CONF
  else
    die "no cluster configuration at $FLINK_RUN_CONF: start one with bin/flink-cluster start, or set FLINK_CONF_DIR to the conf/ of the cluster to use"
  fi
  [[ -f "$conf_dir/config.yaml" ]] || die "$conf_dir has no config.yaml (Flink 2 reads only config.yaml)"

  # The client's overrides, as dynamic properties (what `flink run -D key=value` does).
  local overrides=()
  [[ -n "${FLINK_REST_ADDRESS:-}" ]] && overrides+=(-D "rest.address=$FLINK_REST_ADDRESS")
  [[ -n "${FLINK_REST_PORT:-}" ]] && overrides+=(-D "rest.port=$FLINK_REST_PORT")

  local effective java_opts
  effective=$(flink_effective_conf "$classpath" "$conf_dir" "${overrides[@]}")
  java_opts=$(flink_java_opts <<<"$effective")
  FLINK_REST="$(conf_get rest.address <<<"$effective" || echo localhost):$(conf_get rest.port <<<"$effective" || echo 8081)"

  # Fail in a second with a clear message instead of after the client's minute of retries.
  if ! curl -fsS --max-time 5 "http://$FLINK_REST/overview" >/dev/null 2>&1; then
    die "no Flink cluster answers at http://$FLINK_REST: start one with bin/flink-cluster start (configuration: $conf_dir)"
  fi

  mkdir -p "$FLINK_LOG_DIR" "$FLINK_RUN_DIR/plugins"
  local client_log="$FLINK_LOG_DIR/flink-client.log" status=0
  # shellcheck disable=SC2086
  FLINK_CONF_DIR="$conf_dir" FLINK_PLUGINS_DIR="$FLINK_RUN_DIR/plugins" java $java_opts \
    "-Dlog.file=$client_log" \
    "-Dlog4j.configurationFile=file:$FLINK_CONF_SOURCE/log4j.properties" \
    -cp "$classpath" org.apache.flink.client.cli.CliFrontend \
    "$action" "${overrides[@]}" "$@" 2>&1 | tee "${FLINK_CLI_OUTPUT:-/dev/null}" >&2 || status=$?
  FLINK_CLIENT_LOG=$client_log
  return "$status"
}
