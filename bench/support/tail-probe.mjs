// A probe for a server child under load (BENCH_SERVER_NODE_OPTIONS="--import <this file>"):
// once a second it prints one `tail-probe {json}` line with what held the main thread in that
// second: event-loop delay (p50, p99, max), GC pauses (count, total, longest, by kind), and
// each path's time inside the server (from the request parsed to the answer written), so a
// client-side tail can be told apart into the server's own time and the host's. Plain
// JavaScript, because NODE_OPTIONS loads it before tsx.
import diagnostics from 'node:diagnostics_channel';
import { createHistogram, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let gc = { count: 0, ms: 0, maxMs: 0, kinds: {} };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.count += 1;
    gc.ms += entry.duration;
    gc.maxMs = Math.max(gc.maxMs, entry.duration);
    const kind = entry.detail?.kind ?? 0;
    gc.kinds[kind] = (gc.kinds[kind] ?? 0) + 1;
  }
}).observe({ entryTypes: ['gc'] });

const started = new WeakMap();
let paths = new Map();
diagnostics.subscribe('http.server.request.start', ({ request }) => {
  started.set(request, process.hrtime.bigint());
});
diagnostics.subscribe('http.server.response.finish', ({ request }) => {
  const t0 = started.get(request);
  if (t0 === undefined) return;
  const micros = Number((process.hrtime.bigint() - t0) / 1000n);
  const path = (request.url ?? '').split('?')[0];
  let h = paths.get(path);
  if (!h) {
    h = createHistogram();
    paths.set(path, h);
  }
  h.record(Math.max(1, micros));
});

let cpu = process.cpuUsage();
const ms = (ns) => Math.round(ns / 1e4) / 100;
setInterval(() => {
  const used = process.cpuUsage(cpu);
  cpu = process.cpuUsage();
  const served = {};
  for (const [path, h] of paths) {
    served[path] = {
      n: h.count,
      p50: h.percentile(50) / 1000,
      p99: h.percentile(99) / 1000,
      max: h.max / 1000,
    };
  }
  const line = {
    t: Date.now(),
    loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    gc: { ...gc, ms: Math.round(gc.ms * 100) / 100, maxMs: Math.round(gc.maxMs * 100) / 100 },
    cpuMs: Math.round((used.user + used.system) / 1000),
    served,
  };
  process.stderr.write(`tail-probe ${JSON.stringify(line)}\n`);
  loop.reset();
  gc = { count: 0, ms: 0, maxMs: 0, kinds: {} };
  paths = new Map();
}, 1000).unref();
