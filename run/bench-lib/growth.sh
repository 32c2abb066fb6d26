# Sourced by run/bench: how the runtime's cost grows with work, containers and WebSocket subscribers. Uses run/bench's
# $pid, $bench_port, $work, $root, $jdk_bin, wrk_run, proc_cpu, mem_report, and growth_rows (printed by print_growth).

growth_rows=() # "what|level|RSS MB|req/s|CPU us/req|extra"

# growth_point WHAT LEVEL BODY EXPECT [EXTRA]: a short 1-connection load of BODY (the JIT has warmed it), then the
# memory split after a full GC (mem_settle); one row of the growth table
growth_point() {
  wrk_run 1 1 "$growth_seconds" "$1 $2: 1 connection (-t1 -c1)" "$3" "$4"
  mem_settle
  mem_report "with $1 $2 (after a full GC)"
  growth_rows+=("$1|$2|$mem_rss_net|$rps|$cpu_per_req|${5:-}")
}

subs_fd=
subs_pid=
# subs_start COUNT CALLSIGN EVENT: COUNT idle WebSocket subscribers (run/tools/Subscribers.java), each registered
# for EVENT; returns once all are registered, sets subs_ms (how long that took)
subs_start() {
  local i line
  : >"$work/subs.out"
  exec {subs_fd}> >(exec "$jdk_bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k \
    "$root/run/tools/Subscribers.java" --url "http://127.0.0.1:$bench_port/jsonrpc" --count "$1" \
    --callsign "$2" --event "$3" >"$work/subs.out" 2>&1)
  subs_pid=$!
  for ((i = 0; i < 1800; i++)); do # up to 3 minutes on a busy machine
    line=$(grep -m1 '^SUBSCRIBED count=[0-9]* ms=[0-9]*$' "$work/subs.out" || true) # a whole line, not one being written
    [ -n "$line" ] && break
    kill -0 "$subs_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$line" ] || { echo "bench: the subscribers did not connect: $(tail -n 3 "$work/subs.out")" >&2; subs_stop; exit 1; }
  subs_ms=${line##*ms=}
}
# subs_stop: closes the subscribers' standard input (they disconnect and exit); sets subs_events (what they received)
subs_stop() {
  local i
  if [ -n "$subs_fd" ]; then exec {subs_fd}>&-; fi
  subs_fd=
  if [ -n "$subs_pid" ]; then
    for ((i = 0; i < 100; i++)); do kill -0 "$subs_pid" 2>/dev/null || break; sleep 0.1; done
    kill "$subs_pid" 2>/dev/null || true
  fi
  subs_pid=
  subs_events=$(sed -n 's/^RECEIVED events=//p' "$work/subs.out" 2>/dev/null | tail -n 1 || true)
}

# subscriber_growth CALLSIGN EVENT BODY EXPECT FANOUT: for 1, 100 and 1000 subscribers of EVENT, the memory, the cost
# of a 32-connection load of BODY, and of the events FANOUT (a function) makes them deliver
subscriber_growth() {
  local n c0 c1 events per_event
  for n in 1 100 1000; do
    subs_start "$n" "$1" "$2"
    echo "  $n WebSocket subscribers registered in $subs_ms ms" >&2
    sleep 2
    wrk_run 2 32 "$growth_seconds" "$n subscribers: 32 connections (-t2 -c32)" "$3" "$4"
    local load_rps=$rps load_cpu=$cpu_per_req
    mem_settle
    mem_report "with $n subscribers (after a full GC)"
    c0=$(proc_cpu "$pid")
    "$5"
    sleep 1 # the last notifications reach the subscribers
    c1=$(proc_cpu "$pid")
    subs_stop
    events=${subs_events:-0}
    per_event=$(awk -v c=$((c1 - c0)) -v e="$events" -v hz="$clk_tck" 'BEGIN { printf "%.0f", (e > 0 ? c / hz * 1e6 / e : -1) }')
    echo "  fan-out: $events notifications delivered, $per_event us runtime CPU per notification" >&2
    growth_rows+=("subscribers|$n|$mem_rss_net|$load_rps|$load_cpu|$events events, $per_event us CPU each; registered in $subs_ms ms")
  done
}

print_growth() {
  local row what level rss r cpu extra
  echo
  echo "== growth: RSS (without NMT's own share, after a full GC) and runtime CPU per request with more work"
  echo "   (containers: listContainers on 1 connection; subscribers: idle WebSocket clients, a 32-connection load,"
  echo "   then a fan-out of notifications to all of them)"
  printf '%-12s %6s %8s %9s %8s  %s\n' "what" "count" "RSS MB" "req/s" "CPU us" ""
  for row in "${growth_rows[@]}"; do
    IFS='|' read -r what level rss r cpu extra <<<"$row"
    printf '%-12s %6s %8s %9s %8s  %s\n' "$what" "$level" "$rss" "$r" "$cpu" "$extra"
  done
}
