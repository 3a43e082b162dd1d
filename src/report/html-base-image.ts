/**
 * The base probe's answer in the HTML report: the recommended distroless image, the reasons,
 * the libraries to copy, the proposed Dockerfile and the kubectl debug command. It shows
 * facts as they are (every value escaped: paths and commands came from the workload).
 */
import type { WorkloadResult } from '../model';
import { escapeHtml as esc } from './escape';

interface BaseView {
  recommended?: { variant: string | null; image: string | null; debugImage: string | null; reasons: string[]; copyLines: string[]; chainguard?: { image: string; note: string | null } | null } | null;
  proposedDockerfile?: string | null;
  debug?: { workload: string; container: string; command: string; customProfile: string; findPod: string }[] | null;
}

export function baseImageBox(w: WorkloadResult): string {
  const facts = w.probes.base?.facts as BaseView | undefined;
  const rec = facts?.recommended;
  if (!rec) return '';
  const image = rec.image ? `<code>${esc(rec.image)}</code>` : '<strong>no distroless image</strong>';
  const alt = rec.chainguard ? ` <span class="muted">(or <code>${esc(rec.chainguard.image)}</code>${rec.chainguard.note ? `: ${esc(rec.chainguard.note)}` : ''})</span>` : '';
  const reasons = rec.reasons.length ? `<ul class="evidence">${rec.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : '';
  const copy = rec.copyLines.length ? `<div class="muted">Libraries to copy</div><pre class="patch">${esc(rec.copyLines.join('\n'))}</pre>` : '';
  const dockerfile = facts?.proposedDockerfile ? `<details class="passed"><summary>Proposed Dockerfile</summary><pre class="patch">${esc(facts.proposedDockerfile)}</pre></details>` : '';
  const debug = (facts?.debug ?? []).map((d) =>
    `<details class="passed"><summary>Debug ${esc(d.workload)} / ${esc(d.container)} without a shell</summary><pre class="patch">${esc(`${d.findPod}\n# the --custom file:\n${d.customProfile}\n${d.command}`)}</pre></details>`,
  ).join('');
  return `<div class="probe"><h4>Recommended base image</h4><p>${image}${rec.variant ? ` — variant <code>${esc(rec.variant)}</code>` : ''}${alt}</p>${reasons}${copy}${dockerfile}${debug}</div>`;
}
