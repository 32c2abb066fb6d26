# Sourced by run/bench: where the runtime's resident memory goes. Needs $pid (the runtime) and $jdk_bin (the JDK
# the runtime runs on, for jcmd). With Native Memory Tracking on (run/bench's default, -XX:NativeMemoryTracking=
# summary) the JVM's own account is split by category; without it only what /proc shows.
#
# RSS = files mapped (libjvm and the other libraries, resident) + the class-data archive (resident: Debian's JDK maps
# it at a random address and relocates every page, so all of it is private) + the Java heap (its resident pages,
# from its address range in /proc/PID/smaps) + NMT's other categories (committed; for malloc and thread stacks that
# is what is resident) + the rest (malloc memory glibc keeps after a free, committed pages not touched yet).

mem_jcmd() { "$jdk_bin/jcmd" "$pid" "$@" 2>/dev/null; }

# mem_sample: sets mem_rss (MB) and mem_nmt_own (MB, 0 without NMT); mem_table (the split, lines "name|MB|note")
mem_sample() {
  local heap_range nmt
  mem_rss=$(awk '/^Rss:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo "?")
  # the heap's reserved range: the lowest and highest address GC.heap_info names before the metaspace lines
  heap_range=$(mem_jcmd GC.heap_info | awk '/Metaspace/ { exit } { while (match($0, /0x[0-9a-f]+/)) {
      a = substr($0, RSTART + 2, RLENGTH - 2); $0 = substr($0, RSTART + RLENGTH)
      if (lo == "" || length(a) < length(lo) || (length(a) == length(lo) && a < lo)) lo = a
      if (hi == "" || length(a) > length(hi) || (length(a) == length(hi) && a > hi)) hi = a } }
    END { if (lo != "") print lo, hi }')
  nmt=$(mem_jcmd VM.native_memory summary scale=KB)
  mem_table=$(awk -v range="$heap_range" -v nmt="$nmt" -v rss="$mem_rss" '
    function hex(s,   i, c, v) { v = 0; s = tolower(s)
      for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c }
      return v }
    BEGIN { split(range, r, " "); lo = (r[1] == "") ? -1 : hex(r[1]); hi = (r[2] == "") ? -1 : hex(r[2]) }
    /^[0-9a-f]+-[0-9a-f]+ / { split($1, a, "-"); start = hex(a[1]); name = (NF >= 6) ? $6 : ""
      kind = (name ~ /\.jsa$/) ? "cds" : (name ~ /^\// ? "file" : ((lo >= 0 && start >= lo && start < hi) ? "heap" : "anon"))
      next }
    /^Rss:/ { kb[kind] += $2 }
    END {
      n = split(nmt, lines, "\n")
      for (i = 1; i <= n; i++) {
        l = lines[i]
        if (l ~ /^-/ && match(l, /committed=[0-9]+KB/)) {
          cat = l; sub(/^- */, "", cat); sub(/ *\(.*/, "", cat)
          c[cat] = substr(l, RSTART + 10, RLENGTH - 12) + 0
        }
        if (l ~ /^ *malloc: / && total_malloc == "") { m = l; sub(/.*#/, "", m); total_malloc = m + 0 }
      }
      nmt_on = ("Java Heap" in c)
      printf "files mapped: libjvm and the other libraries|%.1f|resident\n", kb["file"] / 1024
      printf "class-data archive (CDS)|%.1f|resident\n", kb["cds"] / 1024
      printf "Java heap|%.1f|resident%s\n", kb["heap"] / 1024, nmt_on ? sprintf(" of %.1f committed", c["Java Heap"] / 1024) : ""
      acc = kb["file"] + kb["cds"] + kb["heap"]
      if (nmt_on) {
        row("metaspace and class space", c["Metaspace"] + c["Class"], "committed")
        row("symbols", c["Symbol"], "")
        row("code cache", c["Code"], "committed")
        row("thread stacks and thread data", c["Thread"], "")
        row("JIT compilers (Compiler, Arena Chunk)", c["Compiler"] + c["Arena Chunk"], "malloc, this moment")
        row("GC data", c["GC"], "")
        other = 0
        for (k in c) if (k !~ /^(Java Heap|Shared class space|Metaspace|Class|Symbol|Code|Thread|Compiler|Arena Chunk|GC|Native Memory Tracking)$/) other += c[k]
        row("other JVM malloc (Internal, Module, Other, ...)", other, "")
        own = c["Native Memory Tracking"] + total_malloc * 16 / 1024
        row("Native Memory Tracking itself", own, "its tables and 16 bytes per malloc")
        printf "NMTOWN|%.1f|\n", own / 1024
      }
      printf "rest|%.1f|%s\n", rss - acc / 1024, nmt_on ? "RSS minus the above: malloc memory glibc keeps, untouched commits (+/-)" : "metaspace, threads, code, malloc"
    }
    function row(name, v, note) { printf "%s|%.1f|%s\n", name, v / 1024, note; acc += v }
  ' "/proc/$pid/smaps")
  mem_nmt_own=$(awk -F'|' '$1 == "NMTOWN" { print $2 }' <<<"$mem_table")
  mem_nmt_own=${mem_nmt_own:-0}
  mem_table=$(grep -v '^NMTOWN|' <<<"$mem_table")
}

# mem_settle: a full GC (which gives back heap over MaxHeapFreeRatio) and a second and a half for the JVM's next
# malloc trim and for compilations in flight to end, so that a sample shows what is kept, not garbage of the moment;
# the growth runs compare such samples
mem_settle() {
  mem_jcmd GC.run >/dev/null || true
  sleep 1.5
}

# mem_report LABEL: samples and prints the split to stderr; sets mem_rss and mem_rss_net (RSS without NMT's own share)
mem_report() {
  local threads
  threads=$(ls "/proc/$pid/task" 2>/dev/null | wc -l)
  mem_sample
  mem_rss_net=$(awk -v r="$mem_rss" -v o="$mem_nmt_own" 'BEGIN { printf "%.1f", r - o }')
  printf "  memory %s: RSS %s MB (%s without NMT's own share), %s threads\n" "$1" "$mem_rss" "$mem_rss_net" "$threads" >&2
  awk -F'|' '{ printf "    %-50s %6s MB  %s\n", $1, $2, $3 }' <<<"$mem_table" >&2
}
