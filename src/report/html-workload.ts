/**
 * One workload in the HTML report: verdict and score, blockers first, then each probe's
 * checks (failures with evidence, remediation and proposed patch; passes folded away).
 * Every value goes through `esc`: workload text is data.
 */
import type { ProbeId } from '../../probes/types';
import type { CheckResult, ProbeResult, ProbeStatus, ReportCatalog, WorkloadResult } from '../model';
import { escapeHtml as esc } from './escape';
import { baseImageBox } from './html-base-image';
import { probeColumns, probeSections, VERDICT_LABEL, waveOf, type ProbeSection } from './report-view';

export function verdictBadge(w: Pick<WorkloadResult, 'verdict'>): string {
  return `<span class="badge v-${esc(w.verdict)}">${esc(VERDICT_LABEL[w.verdict])}</span>`;
}

/** A probe's status, with its reason when the full result is at hand. */
export type ProbeStatusOf = Partial<Record<ProbeId, Pick<ProbeResult, 'status'> & { reason?: string }>>;

/** A status in one character, for the list's narrow column; the pill's title and colour say it in full. */
const STATUS_MARK: Record<ProbeStatus, string> = { pass: '✓', warn: '!', fail: '✗', unknown: '?', error: '⚠', skip: '–' };

/**
 * One pill per catalog probe, in registry order; a probe that did not run shows as "—".
 * `mini`: the status as a mark (✓ ✗ ? …), its word in the title.
 */
export function probePills(probes: ProbeStatusOf, columns: ReportCatalog['probes'], mini = false): string {
  const pills = probeColumns(columns).map((id) => {
    const p = probes[id];
    const status = p?.status ?? 'none';
    if (mini) return `<span class="pill mini s-${esc(status)}" title="${esc(id)}: ${esc(p ? p.status : 'not run')}${p?.reason ? ` — ${esc(p.reason)}` : ''}">${esc(id)} ${p ? STATUS_MARK[p.status] : '—'}</span>`;
    const tip = p?.reason ? ` title="${esc(p.reason)}"` : '';
    return `<span class="pill s-${esc(status)}"${tip}>${esc(id)} ${p ? esc(p.status) : '—'}</span>`;
  });
  return `<span class="pills">${pills.join('')}</span>`;
}

/** Evidence beyond the first few lines is folded: the first lines tell the story, the rest prove it. */
const EVIDENCE_SHOWN = 4;

function evidenceList(evidence: readonly string[]): string {
  if (evidence.length === 0) return '';
  const li = (e: string): string => `<li><code>${esc(e)}</code></li>`;
  const shown = evidence.length > EVIDENCE_SHOWN + 1 ? evidence.slice(0, EVIDENCE_SHOWN) : evidence;
  const more = evidence.slice(shown.length);
  const fold = more.length ? `<details class="passed"><summary>${more.length} more</summary><ul class="evidence">${more.map(li).join('')}</ul></details>` : '';
  return `<ul class="evidence">${shown.map(li).join('')}</ul>${fold}`;
}

function checkItem(c: CheckResult): string {
  const evidence = evidenceList(c.evidence);
  const locations = c.locations?.length
    ? `<div class="muted mono">${c.locations.map((l) => `${esc(l.file)}:${esc(l.line)}${l.column ? `:${esc(l.column)}` : ''}`).join(', ')}</div>`
    : '';
  const fix = c.status === 'fail' && c.remediation ? `<p class="fix"><strong>Fix:</strong> ${esc(c.remediation)}</p>` : '';
  const patch = c.status === 'fail' && c.patch ? `<div class="muted">Proposed patch</div><pre class="patch">${esc(c.patch)}</pre>` : '';
  return `<li class="check c-${esc(c.status)} sev-${esc(c.severity)}"><span class="sev">${esc(c.severity)}</span><code>${esc(c.id)}</code> — ${esc(c.message)}${locations}${evidence}${fix}${patch}</li>`;
}

function folded(checks: readonly CheckResult[], label: string): string {
  if (checks.length === 0) return '';
  const items = checks.map((c) => `<li><code>${esc(c.id)}</code> — ${esc(c.message)}</li>`).join('');
  return `<details class="passed"><summary>${checks.length} ${label}</summary><ul>${items}</ul></details>`;
}

/** Failures open with their evidence; checks not evaluated and passes are folded away. */
function probeBlock(s: ProbeSection): string {
  const failedChecks = s.checks.filter((c) => c.status === 'fail');
  const status = s.result?.status ?? 'none';
  const reason = s.result?.reason ? `<span class="muted reason">${esc(s.result.reason)}</span>` : '';
  const list = failedChecks.length ? `<ul class="checks">${failedChecks.map(checkItem).join('')}</ul>` : '';
  const head = `<h4>${esc(s.title)} <span class="pill s-${esc(status)}">${esc(status === 'none' ? 'not run' : status)}</span></h4>`;
  const rest = `${folded(s.checks.filter((c) => c.status === 'unknown'), 'not evaluated')}${folded(s.checks.filter((c) => c.status === 'pass'), 'passed')}`;
  // A probe with no failure takes one line, so the findings stand out.
  if (!list) return `<div class="probe compact">${head}${reason}${rest}</div>`;
  return `<div class="probe">${head}${reason}${list}${rest}</div>`;
}

function blockersBox(w: WorkloadResult): string {
  if (w.blockers.length === 0) return '';
  const items = w.blockers.map((id) => {
    const c = w.checks.find((x) => x.id === id);
    return `<li><code>${esc(id)}</code>${c ? ` — ${esc(c.message)}` : ''}</li>`;
  });
  return `<div class="blockers"><strong>Blocked by</strong> (critical: the workload breaks or goes blind without a shell)<ul>${items.join('')}</ul></div>`;
}

/** What an incomplete verdict could not take into account, and what would complete it. */
function needsBox(w: WorkloadResult): string {
  if (w.incomplete.length === 0) return '';
  const items = w.incomplete.map((m) => `<li>${m.probe ? `<code>${esc(m.probe)}</code>: ` : ''}${esc(m.reason)} — <strong>${esc(m.input)}</strong></li>`);
  return `<div class="needs"><strong>Not judged yet</strong> — what distroready needs to complete the verdict<ul>${items.join('')}</ul></div>`;
}

/** Name, verdict, score and wave on one line; `group` is the workload's namespace or team when it has one. */
export function workloadHead(w: WorkloadResult, group?: { label: string; value: string | null }): string {
  const score = w.score === null ? '—' : esc(w.score);
  const grouped = group?.value ? `<span class="pill">${esc(group.label)} ${esc(group.value)}</span>` : '';
  return `<span class="wl-head"><span class="wl-name">${esc(w.name)}</span>${verdictBadge(w)}<span class="score">${score}<small>/100</small></span><span class="pill">wave ${waveOf(w)}</span>${grouped}<span class="muted">probed ${esc(w.probedAt)} · sweep ${esc(w.sweepId)}</span></span>`;
}

/** What keeps the workload from moving (blockers), and what keeps it from being judged. */
export function workloadAlerts(w: WorkloadResult): string {
  return `${blockersBox(w)}${needsBox(w)}`;
}

/** Each probe's checks: failures with evidence, fix and patch; the rest folded; then the recommended base image. */
export function probeFindings(w: WorkloadResult, probes: ReportCatalog['probes']): string {
  return `${probeSections(w, probes).map(probeBlock).join('\n')}${baseImageBox(w)}`;
}

/** Blockers, what is missing, then each probe's checks. */
export function workloadFindings(w: WorkloadResult, probes: ReportCatalog['probes']): string {
  return `${workloadAlerts(w)}${probeFindings(w, probes)}`;
}

/**
 * One workload in the saved report: a fold whose summary line is always visible. Its anchor
 * is the first thing inside the fold, so following a link to it opens the fold (HTML's
 * ancestor-details revealing on fragment navigation; Chromium does it, with no script).
 */
export function workloadSection(w: WorkloadResult, anchor: string, open: boolean, probes: ReportCatalog['probes'], group?: { label: string; value: string | null }): string {
  return `<details class="workload card"${open ? ' open' : ''}>
<summary>${workloadHead(w, group)}</summary>
<span class="anchor" id="${esc(anchor)}"></span>${workloadFindings(w, probes)}
</details>`;
}
