/**
 * A generated exposition of realistic shape for the metrics benchmarks: counters and
 * gauges with four labels, and labelled histograms, about 80 bytes a series. Deterministic,
 * so every run and every tool parses the same bytes.
 */

/** Text 0.0.4 exposition with `series` series (rounded to whole families of 1,000). */
export function generateExposition(series = 100_000): string {
  const parts: string[] = [];
  const families = Math.max(1, Math.round(series / 1000));
  for (let f = 0; f < families; f++) {
    const kind = f % 4;
    if (kind === 3) parts.push(histogramFamily(f));
    else parts.push(kind === 0 ? counterFamily(f) : gaugeFamily(f));
  }
  return parts.join('');
}

function counterFamily(f: number): string {
  const name = `app_requests_${f}_total`;
  let out = `# HELP ${name} Requests handled by handler group ${f}.\n# TYPE ${name} counter\n`;
  for (let i = 0; i < 1000; i++) {
    out += `${name}{method="${i % 2 ? 'GET' : 'POST'}",handler="/api/v1/items/${i}",code="${200 + (i % 5)}"} ${i * 17 + f}\n`;
  }
  return out;
}

function gaugeFamily(f: number): string {
  const name = `app_queue_${f}_depth`;
  let out = `# HELP ${name} Items waiting in queue group ${f}.\n# TYPE ${name} gauge\n`;
  for (let i = 0; i < 1000; i++) out += `${name}{queue="q${i}",shard="${i % 16}",zone="eu-west-1a"} ${(i * 0.37).toFixed(2)}\n`;
  return out;
}

/** 100 label sets × (8 buckets + sum + count) = 1,000 series. */
function histogramFamily(f: number): string {
  const name = `app_latency_${f}_seconds`;
  const bounds = ['0.005', '0.01', '0.05', '0.1', '0.5', '1', '5', '+Inf'];
  let out = `# HELP ${name} Latency of handler group ${f}.\n# TYPE ${name} histogram\n`;
  for (let i = 0; i < 100; i++) {
    const labels = `handler="/api/v1/items/${i}",method="GET"`;
    bounds.forEach((le, b) => {
      out += `${name}_bucket{${labels},le="${le}"} ${i * 10 + b * 3}\n`;
    });
    out += `${name}_sum{${labels}} ${(i * 1.25).toFixed(3)}\n${name}_count{${labels}} ${i * 10 + 21}\n`;
  }
  return out;
}
