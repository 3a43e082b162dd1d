/** The report's one stylesheet, inlined so a saved report is a single self-contained file. */
export const REPORT_CSS = `
:root { --ready:#1a7f37; --caveats:#b7791f; --not-ready:#c62828; --incomplete:#6e7781; --ink:#1f2328; --muted:#59636e;
  --line:#d8dee4; --bg:#f6f8fa; --card:#fff; --mono:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:var(--bg); }
header.top { background:#0d1117; color:#f0f6fc; padding:18px 32px; display:flex; align-items:baseline; gap:16px; flex-wrap:wrap; }
header.top h1 { margin:0; font-size:22px; letter-spacing:.2px; } header.top h1 a { color:#f0f6fc; }
header.top .sub { color:#9da7b3; }
header.top nav { margin-left:auto; font-size:13px; color:#9da7b3; } header.top nav a { color:#9da7b3; margin-left:10px; }
main { max-width:1180px; margin:0 auto; padding:24px 32px 48px; }
h2 { font-size:18px; margin:32px 0 12px; }
a { color:#0969da; text-decoration:none; } a:hover { text-decoration:underline; }
code, pre, .mono { font-family:var(--mono); font-size:13px; }
.muted { color:var(--muted); }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:16px 20px; }
.summary { display:grid; grid-template-columns:repeat(5,minmax(0,1fr)); gap:16px; }
.stat { border-top:4px solid var(--line); }
.stat .n { font-size:34px; font-weight:650; line-height:1.1; }
.stat.v-ready { border-top-color:var(--ready); } .stat.v-ready .n { color:var(--ready); }
.stat.v-caveats { border-top-color:var(--caveats); } .stat.v-caveats .n { color:var(--caveats); }
.stat.v-not-ready { border-top-color:var(--not-ready); } .stat.v-not-ready .n { color:var(--not-ready); }
.stat.v-incomplete { border-top-color:var(--incomplete); } .stat.v-incomplete .n { color:var(--incomplete); }
.split { display:grid; grid-template-columns:1fr 2fr; gap:16px; margin-top:16px; align-items:start; }
.split h2 { margin-top:0; }
svg rect.v-ready, .legend .v-ready { fill:var(--ready); background:var(--ready); }
svg rect.v-caveats, .legend .v-caveats { fill:var(--caveats); background:var(--caveats); }
svg rect.v-not-ready, .legend .v-not-ready { fill:var(--not-ready); background:var(--not-ready); }
svg rect.v-incomplete, .legend .v-incomplete { fill:var(--incomplete); background:var(--incomplete); }
svg text { font:11px system-ui,sans-serif; fill:var(--muted); } svg text.count { fill:var(--ink); font-weight:600; }
svg .baseline { stroke:var(--line); }
.legend { display:flex; gap:14px; font-size:13px; color:var(--muted); }
.legend i { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:5px; }
.waves { display:grid; grid-template-columns:repeat(4,minmax(0,1fr)); gap:12px; }
.wave { border:1px solid var(--line); border-radius:6px; padding:10px 12px; border-top:4px solid var(--line); }
.wave.w1 { border-top-color:var(--ready); } .wave.w2 { border-top-color:var(--caveats); } .wave.w3 { border-top-color:var(--not-ready); } .wave.w4 { border-top-color:var(--incomplete); }
.wave h3 { margin:0; font-size:15px; } .wave p { margin:2px 0 8px; font-size:13px; }
.wave ul { list-style:none; margin:0; padding:0; } .wave li { padding:6px 0; border-top:1px solid var(--bg); font-size:14px; overflow-wrap:anywhere; }
.wave.w4 .why { max-height:5.7em; overflow:hidden; }
.wave .why { display:block; font-size:12px; color:var(--muted); line-height:1.9; }
code.chip { display:inline-block; font-size:11px; line-height:1.5; padding:0 5px; border-radius:4px; background:#f0f3f6; color:var(--ink); border:1px solid var(--line); overflow-wrap:anywhere; }
code.chip.sev-critical { border-color:var(--not-ready); color:var(--not-ready); font-weight:600; }
table { width:100%; border-collapse:collapse; background:var(--card); border:1px solid var(--line); border-radius:8px; overflow:hidden; }
th, td { text-align:left; padding:8px 12px; border-bottom:1px solid var(--line); vertical-align:middle; }
th { background:#f0f3f6; font-size:13px; color:var(--muted); font-weight:600; }
td.num { font-variant-numeric:tabular-nums; font-weight:600; }
.badge { display:inline-block; padding:1px 10px; border-radius:999px; color:#fff; font-size:13px; font-weight:600; white-space:nowrap; }
.badge.v-ready { background:var(--ready); } .badge.v-caveats { background:var(--caveats); } .badge.v-not-ready { background:var(--not-ready); } .badge.v-incomplete { background:var(--incomplete); }
.pills { display:flex; gap:4px; flex-wrap:wrap; }
.pill { display:inline-block; padding:0 7px; border-radius:4px; font-size:12px; border:1px solid var(--line); background:#f6f8fa; white-space:nowrap; }
.pill.s-pass { background:#dafbe1; border-color:#aceebb; } .pill.s-warn { background:#fff8c5; border-color:#eed888; }
.pill.s-fail { background:#ffebe9; border-color:#ffcecb; } .pill.s-error { background:#ffebe9; border-color:var(--not-ready); font-weight:600; }
.pill.s-skip, .pill.s-none { color:var(--muted); }
svg.trend polyline { fill:none; stroke:#0969da; stroke-width:1.8; } svg.trend circle { fill:#0969da; }
svg.trend .mid { stroke:var(--line); stroke-dasharray:2 3; }
svg.trend { vertical-align:middle; } .trend-note { display:block; font-size:11px; }
details.workload { margin-top:12px; padding:10px 20px; }
details.workload > summary { cursor:pointer; list-style-position:outside; }
span.anchor { display:block; scroll-margin-top:64px; }
details.workload[open] > summary { border-bottom:1px solid var(--line); padding-bottom:10px; margin-bottom:4px; }
.wl-head { display:inline-flex; align-items:center; gap:12px; flex-wrap:wrap; vertical-align:middle; }
.wl-name { font-size:18px; font-weight:650; overflow-wrap:anywhere; }
h2.wl-title { margin:0 0 8px; font-weight:400; }
.wl-head .score { font-size:20px; font-weight:650; } .wl-head .score small { color:var(--muted); font-weight:400; }
.blockers { background:#ffebe9; border:1px solid #ffcecb; border-radius:6px; padding:8px 14px; margin:12px 0; }
.blockers ul { margin:4px 0 0; padding-left:20px; }
.probe { margin-top:14px; } .probe h4 { margin:0 0 6px; font-size:15px; display:flex; gap:8px; align-items:center; }
.probe .reason { display:block; font-size:13px; margin-bottom:4px; }
.probe.compact { display:flex; gap:14px; align-items:baseline; flex-wrap:wrap; } .probe.compact h4 { margin:0; min-width:240px; }
.probe.compact details.passed { margin:0; } .probe.compact .reason { display:inline; margin:0; }
ul.checks { list-style:none; margin:0; padding:0; }
li.check { border-left:4px solid var(--line); padding:6px 12px; margin:6px 0; background:#fafbfc; border-radius:0 6px 6px 0; }
li.check.c-fail { border-left-color:var(--not-ready); } li.check.c-unknown { border-left-color:#8c959f; }
li.check.c-fail.sev-normal, li.check.c-fail.sev-low { border-left-color:var(--caveats); }
.sev { font-size:11px; font-weight:700; text-transform:uppercase; letter-spacing:.4px; margin-right:6px; color:var(--muted); }
.sev-critical .sev { color:var(--not-ready); } .sev-important .sev { color:#bc4c00; }
ul.evidence { margin:4px 0; padding-left:18px; font-size:13px; } ul.evidence code { overflow-wrap:anywhere; white-space:pre-wrap; }
.fix { margin:4px 0; font-size:14px; }
pre.patch { background:#0d1117; color:#e6edf3; padding:10px 12px; border-radius:6px; overflow:auto; margin:6px 0; }
details.passed { margin:6px 0 0; font-size:13px; } details.passed summary { cursor:pointer; color:var(--muted); }
details.passed ul { margin:4px 0; padding-left:18px; }
footer { color:var(--muted); font-size:13px; margin-top:40px; }
.split2 { display:grid; grid-template-columns:minmax(0,1fr) minmax(0,1fr); gap:16px; margin-top:16px; align-items:start; }
.split2 h2, .plan h2, .card > h2:first-child { margin-top:0; } .split2 > *, .stack > * { min-width:0; } .split2 .card { overflow-x:auto; } .stack { display:grid; gap:16px; } .plan { margin-top:16px; }
a.card { display:block; color:inherit; } a.card:hover { text-decoration:none; border-color:#0969da; }
.count { display:inline-block; min-width:1.6em; padding:0 6px; border-radius:999px; background:#eaeef2; color:var(--muted); font-size:12px; font-weight:600; text-align:center; vertical-align:middle; }
a.all { display:inline-block; margin-top:6px; font-size:13px; font-weight:600; } a.more { font-size:12px; white-space:nowrap; }
.small { font-size:12px; }
table.compact th, table.compact td { padding:5px 7px; font-size:13px; } table.compact { border-radius:6px; }
td.fixcell { color:var(--muted); font-size:12px; overflow-wrap:anywhere; }
/* Three lines and an ellipsis; the whole fix is the title and the check's own page. */
.split2 td.fixcell div { display:-webkit-box; -webkit-line-clamp:3; -webkit-box-orient:vertical; overflow:hidden; }
table.top-checks td:first-child { min-width:170px; } table.compact td code { font-size:12px; overflow-wrap:anywhere; }
strong.blocks { color:var(--not-ready); }
td.v-ready { color:var(--ready); } td.v-caveats { color:var(--caveats); } td.v-not-ready { color:var(--not-ready); } td.v-incomplete { color:var(--incomplete); }
svg.bar rect.v-ready { fill:var(--ready); } svg.bar rect.v-caveats { fill:var(--caveats); } svg.bar rect.v-not-ready { fill:var(--not-ready); } svg.bar rect.v-incomplete { fill:var(--incomplete); }
svg.bar { background:#eaeef2; border-radius:2px; vertical-align:middle; }
details.rest { font-size:13px; } details.rest summary { cursor:pointer; color:#0969da; }
.needs { background:#f0f3f6; border:1px solid var(--line); border-radius:6px; padding:8px 14px; margin:12px 0; }
.needs ul { margin:4px 0 0; padding-left:20px; }
form.filters { display:flex; flex-wrap:wrap; gap:10px 16px; align-items:flex-end; margin-bottom:12px; font-size:13px; }
form.filters label, form.search label { display:flex; flex-direction:column; gap:2px; color:var(--muted); }
form.search { margin:0 0 16px; display:flex; gap:8px; align-items:flex-end; font-size:13px; }
input, select, button { font:inherit; font-size:13px; padding:4px 6px; border:1px solid var(--line); border-radius:6px; background:#fff; color:var(--ink); }
input[type=search] { min-width:220px; } button { background:#0969da; color:#fff; border-color:#0969da; cursor:pointer; padding:4px 14px; }
table.list td.name { overflow-wrap:break-word; min-width:120px; max-width:260px; font-weight:600; } table.list td.problems { font-size:12px; min-width:180px; max-width:300px; }
.table-wrap { overflow-x:auto; }
table.list td.problems code.chip { white-space:nowrap; overflow-wrap:normal; } table.list .pills { max-width:200px; }
table.groups th, table.groups td { padding:5px 5px; } table.groups td:first-child { overflow-wrap:anywhere; }
table.list th, table.list td { padding:6px 8px; }
.pill.mini { padding:0 4px; font-size:11px; }
table.list th a { color:var(--muted); text-decoration:underline dotted; } table.list td.name .small { font-weight:400; }
.delta.up { color:var(--ready); font-weight:600; } .delta.down { color:var(--not-ready); font-weight:600; }
nav.pager { margin:12px 0; display:flex; gap:8px; flex-wrap:wrap; font-size:14px; } nav.pager .current { font-weight:700; padding:0 4px; border-bottom:2px solid #0969da; }
p.exports { font-size:13px; color:var(--muted); margin-top:16px; }
p.active .pill a { color:var(--not-ready); margin-left:4px; font-weight:700; }
p.crumbs { font-size:13px; margin:0 0 12px; }
svg.trend rect.band, svg.trend-chart rect.band { stroke:none; }
rect.band.b-ready { fill:#dafbe1; } rect.band.b-caveats { fill:#fff8c5; } rect.band.b-not-ready { fill:#ffebe9; }
svg.trend-chart { max-width:760px; display:block; margin-bottom:12px; }
svg.trend-chart polyline { fill:none; stroke:#0969da; stroke-width:2; }
svg.trend-chart .grid { stroke:#d8dee4; stroke-width:.6; } svg.trend-chart .threshold { stroke-width:1.5; stroke-dasharray:6 4; }
svg.trend-chart .threshold.t-ready { stroke:var(--ready); } svg.trend-chart .threshold.t-not-ready { stroke:var(--not-ready); }
svg.trend-chart text.threshold-label { font-size:12px; font-weight:600; } text.threshold-label.t-ready { fill:var(--ready); } text.threshold-label.t-not-ready { fill:var(--not-ready); }
svg.trend-chart circle { stroke:#fff; stroke-width:1; } svg.trend-chart circle.v-ready { fill:var(--ready); } svg.trend-chart circle.v-caveats { fill:var(--caveats); }
svg.trend-chart circle.v-not-ready { fill:var(--not-ready); } svg.trend-chart circle.v-incomplete, svg.trend-chart circle.v-none { fill:var(--incomplete); }
svg.trend-chart text.gap { fill:var(--incomplete); font-size:13px; font-weight:700; }
@media (max-width:860px) { .summary, .waves, .split, .split2 { grid-template-columns:1fr; } main { padding:16px; } }
`;
