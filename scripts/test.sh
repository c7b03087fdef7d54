#!/usr/bin/env bash
# `npm test`: every check RelayRTC has, in order, then one closing line
#
#   N passed, N failed, N skipped
#
# Stages: typecheck and build (one check each), unit tests, Node integration
# tests and the Playwright e2e suite (counted per test, from machine-readable
# reports in .cache/test-report/), then the benchmark's smoke mode (one check:
# it ran and delivered; no speed assertions). Integration, e2e and the bench
# run inside a private network namespace that has only `lo`, so HTTP,
# WebSocket and ICE all use 127.0.0.1 (see /work/shared/reference/browsers.md).
# The e2e suite runs in Chromium, Firefox ESR and WebKitGTK (apt-installed here
# when missing), and Playwright's WebKit when installed;
# scripts/browser-matrix.mjs then writes its browser × feature table into
# README.md. The cluster integration test needs Debian's redis-server, also
# apt-installed here when missing.
#
# Exits non-zero when any check failed or any stage crashed or timed out.
# Every stage runs even after an earlier one failed, so one run shows all.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPORTS="$PWD/.cache/test-report"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"

# Test files, as in package.json's test:unit and test:integration (listed
# here because those scripts cannot take extra reporter flags after their
# file list, and Node 20's `--test` takes paths, not glob patterns).
shopt -s globstar nullglob
UNIT_FILES=(sdk/src/**/*.test.ts server/src/**/*.test.ts bench/src/**/*.test.ts scripts/**/*.test.mjs)
INTEGRATION_FILES=(server/test/**/*.test.ts)
shopt -u nullglob

# Stage time limits (seconds): generous for this 2-core machine (a quiet run
# takes about a third of each), and small enough that even a run where
# everything hangs ends within 29 minutes, under CI's 30 with npm ci. With
# load average ~20 (other jobs on the machine) unit took 80 s, integration
# 208 s and e2e 692 s; another day, with the run alone at load ~18, e2e took
# 751 s: e2e has the most room (the other stages need a third of theirs).
LIMIT_TYPECHECK=90 LIMIT_BUILD=90 LIMIT_UNIT=150 LIMIT_INTEGRATION=330 LIMIT_E2E=930 LIMIT_BENCH_SMOKE=120

PASSED=0 FAILED=0 SKIPPED=0
ROWS=()
NOTES=()

say() { printf '[test.sh] %s\n' "$*"; }
note() { NOTES+=("$*"); say "note: $*"; }
banner() { printf '\n[test.sh] ===== %s =====\n' "$*"; }

# record STAGE PASSED FAILED SKIPPED SECONDS DETAIL
record() {
  PASSED=$((PASSED + $2)) FAILED=$((FAILED + $3)) SKIPPED=$((SKIPPED + $4))
  ROWS+=("$(printf '%-12s %6s %6s %7s %6ss  %s' "$1" "$2" "$3" "$4" "$5" "$6")")
}

describe_exit() {
  case "$1" in
    124 | 137) echo "timed out after its ${2}s limit" ;;
    *) echo "exited $1" ;;
  esac
}

# --- system packages (apt-get, when missing) ---------------------------------

# apt_install WHAT CONSEQUENCE PACKAGE...: installs Debian packages with
# apt-get (as root, or with passwordless sudo); when it cannot, says what
# follows (CONSEQUENCE) and carries on.
apt_install() {
  local what=$1 consequence=$2
  shift 2
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      note "cannot install $what (not root, no passwordless sudo); $consequence"
      return 0
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    note "cannot install $what (no apt-get here); $consequence"
    return 0
  fi
  local rc=0
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive timeout 300 apt-get update </dev/null || rc=$?
  if ((rc == 0)); then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y "$@" </dev/null || rc=$?
  fi
  if ((rc != 0)); then
    note "apt-get failed (exit $rc); $consequence"
  fi
}

ensure_browsers() {
  local missing=() bin
  for bin in /usr/bin/chromium /usr/bin/firefox-esr /usr/bin/WebKitWebDriver /usr/bin/xvfb-run; do
    [ -x "$bin" ] || missing+=("$bin")
  done
  ((${#missing[@]} == 0)) && return 0

  banner "browsers"
  say "missing ${missing[*]}: installing chromium firefox-esr webkit2gtk-driver xvfb with apt-get"
  apt_install browsers "browser projects without a binary skip" chromium firefox-esr webkit2gtk-driver xvfb
}

# The cluster tests (server/test/cluster.test.ts) start real redis-server
# processes; the service the package starts is not used.
ensure_redis() {
  command -v redis-server >/dev/null && return 0
  banner "redis"
  say "missing redis-server: installing redis-server with apt-get"
  apt_install redis-server "the cluster tests skip" redis-server
}

# --- loopback-only network namespace ----------------------------------------

IP=$(command -v ip || echo /usr/sbin/ip)
NETNS=()
# Root gets `unshare -n`; elsewhere an unprivileged user namespace (-r) may
# still allow one. Without either, tests use the host network, with a note.
for candidate in "unshare -n" "unshare -rn"; do
  if $candidate -- "$IP" link set lo up 2>/dev/null; then
    read -r -a NETNS <<<"$candidate"
    break
  fi
done
if ((${#NETNS[@]} == 0)); then
  note "no private network namespace (unshare -n and -rn refused): integration and e2e use the host network"
fi

# in_loopback_netns CMD...: runs CMD in a fresh namespace with only `lo` up and
# a default route over it (Firefox finds no local address without that route).
in_loopback_netns() {
  if ((${#NETNS[@]} == 0)); then
    "$@"
    return
  fi
  "${NETNS[@]}" -- sh -c '
    ip=$1; shift
    "$ip" link set lo up && "$ip" route add default dev lo src 127.0.0.1 || exit 98
    if [ "$("$ip" -o link | wc -l)" -ne 1 ]; then
      echo "network namespace has interfaces besides lo:" >&2; "$ip" -o link >&2; exit 98
    fi
    exec "$@"' sh "$IP" "$@"
}

# --- stages -----------------------------------------------------------------

# run_check NAME LIMIT CMD...: a stage that is one check (passes or fails).
run_check() {
  local name=$1 limit=$2 start=$SECONDS rc=0
  shift 2
  banner "$name"
  timeout -k 10 "$limit" "$@" || rc=$?
  if ((rc == 0)); then
    record "$name" 1 0 0 $((SECONDS - start)) "ok"
  else
    record "$name" 0 1 0 $((SECONDS - start)) "$(describe_exit "$rc" "$limit")"
  fi
}

# tap_counts FILE: "passed failed skipped cancelled" from node:test's TAP
# summary; cancelled tests (timed out) are also counted as failed.
tap_counts() {
  node -e '
    const tap = require("fs").readFileSync(process.argv[1], "utf8");
    const last = (k) => { const m = [...tap.matchAll(new RegExp(`^# ${k} (\\d+)$`, "gm"))].pop(); return m ? Number(m[1]) : undefined; };
    if (last("pass") === undefined) process.exit(1);
    const n = (k) => last(k) ?? 0;
    console.log(n("pass"), n("fail") + n("cancelled"), n("skipped") + n("todo"), n("cancelled"));
  ' "$1" 2>/dev/null
}

# run_node_tests NAME LIMIT NETNS(yes|no) CONCURRENCY(number|default) FILES...
run_node_tests() {
  local name=$1 limit=$2 netns=$3 concurrency=$4 start=$SECONDS rc=0 tap="$REPORTS/$1.tap"
  shift 4
  banner "$name"
  if (($# == 0)); then
    say "no test files"
    record "$name" 0 0 0 0 "no test files"
    return
  fi
  # --test-timeout also bounds each test file's process as a whole, so a file
  # whose tests pass but which never exits (an open socket or timer) is
  # reported as cancelled instead of stalling the stage. 120 s: the cluster
  # file starts redis-server and three server processes before its tests.
  local cmd=(timeout -k 10 "$limit" node --import tsx --test --test-timeout=120000
    --test-reporter=spec --test-reporter-destination=stdout
    --test-reporter=tap --test-reporter-destination="$tap")
  [ "$concurrency" = default ] || cmd+=(--test-concurrency="$concurrency")
  cmd+=("$@")
  if [ "$netns" = yes ]; then
    in_loopback_netns "${cmd[@]}" || rc=$?
  else
    "${cmd[@]}" || rc=$?
  fi
  local counts p f s c detail="ok"
  if counts=$(tap_counts "$tap"); then
    read -r p f s c <<<"$counts"
  else
    p=0 f=0 s=0 c=0
  fi
  if ((rc != 0 && f == 0)); then
    f=1 detail="$(describe_exit "$rc" "$limit") with no failing test reported (counted as 1 failure)"
  elif ((f > 0)); then
    detail="failures"
    ((c > 0)) && detail+=" ($c cancelled: timed out, or the file never exited)"
  fi
  record "$name" "$p" "$f" "$s" $((SECONDS - start)) "$detail"
}

# playwright_counts FILE: "passed failed skipped errors", then one line per skip reason.
playwright_counts() {
  node -e '
    const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
    console.log(expected + flaky, unexpected, skipped, (report.errors ?? []).length);
    const reasons = new Map();
    const walk = (suite) => {
      for (const spec of suite.specs ?? [])
        for (const t of spec.tests ?? [])
          if (t.status === "skipped")
            for (const a of t.annotations ?? [])
              if (a.type === "skip") {
                const key = `[${t.projectName}] ${a.description ?? "(no reason given)"}`;
                reasons.set(key, (reasons.get(key) ?? 0) + 1);
              }
      for (const child of suite.suites ?? []) walk(child);
    };
    (report.suites ?? []).forEach(walk);
    for (const [reason, n] of reasons) console.log(`${n} skipped: ${reason}`);
  ' "$1" 2>/dev/null
}

run_e2e() {
  local name=e2e limit=$LIMIT_E2E start=$SECONDS rc=0 json="$REPORTS/e2e.json"
  banner "$name"
  local xvfb=()
  if command -v xvfb-run >/dev/null; then
    xvfb=(xvfb-run -a)
  else
    note "xvfb-run missing: e2e runs without an X display (headless Chromium does not need one)"
  fi
  in_loopback_netns env PLAYWRIGHT_JSON_OUTPUT_FILE="$json" \
    "${xvfb[@]}" timeout -k 15 "$limit" node_modules/.bin/playwright test || rc=$?

  local out p=0 f=0 s=0 errors=0 detail="ok"
  if out=$(playwright_counts "$json"); then
    read -r p f s errors <<<"$(head -n1 <<<"$out")"
    while IFS= read -r line; do
      [ -n "$line" ] && note "e2e $line"
    done < <(tail -n +2 <<<"$out")
  fi
  if ((rc != 0 && f == 0)); then
    f=1 detail="$(describe_exit "$rc" "$limit") with no failing test reported (counted as 1 failure)"
    ((errors > 0)) && detail+="; Playwright reported $errors error(s) outside tests, see above"
  elif ((f > 0)); then
    detail="failures"
  fi
  record "$name" "$p" "$f" "$s" $((SECONDS - start)) "$detail"

  # The README's browser table shows this run, whatever its outcome.
  if [ -f "$json" ]; then
    node scripts/browser-matrix.mjs "$json" README.md || note "browser-matrix failed: README's browser table not updated"
  else
    note "no e2e report: README's browser table not updated"
  fi
}

# --- run ----------------------------------------------------------------------

ensure_browsers
ensure_redis
run_check typecheck "$LIMIT_TYPECHECK" npm run typecheck
run_check build "$LIMIT_BUILD" npm run build
# Integration files run one at a time (as in package.json): each starts real
# servers and peers, and on two cores parallel files only disturb the timing.
run_node_tests unit "$LIMIT_UNIT" no default "${UNIT_FILES[@]}"
run_node_tests integration "$LIMIT_INTEGRATION" yes 1 "${INTEGRATION_FILES[@]}"
run_e2e
# The benchmark enters its own loopback-only namespace (bench/run.sh).
run_check bench-smoke "$LIMIT_BENCH_SMOKE" npm run --silent bench -- --smoke

banner "summary"
printf '%-12s %6s %6s %7s %7s  %s\n' stage passed failed skipped time detail
printf '%s\n' "${ROWS[@]}"
for n in "${NOTES[@]}"; do say "note: $n"; done
printf '%d passed, %d failed, %d skipped\n' "$PASSED" "$FAILED" "$SKIPPED"
((FAILED == 0))
