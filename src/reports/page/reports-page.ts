import type { Response } from 'express';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The managers' reports page: a static shell (no data in it) whose script, served from
 * /reports/assets, reads /api/v1/reports/* with the session cookie and draws the charts with
 * uPlot (vendored from node_modules, no CDN). Scripts only from this origin (CSP).
 */
export function reportsPage(userName: string, role: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>SLA 报表 · Reports · Complaint desk</title>
<link rel="stylesheet" href="/reports/assets/uPlot.min.css">
<link rel="stylesheet" href="/reports/assets/reports.css">
<script src="/reports/assets/uPlot.iife.min.js" defer></script>
<script src="/reports/assets/reports.js" defer></script>
</head>
<body>
<header>
  <h1>投诉 SLA 报表 <small>SLA reports</small></h1>
  <div class="who">${escapeHtml(userName)} (${escapeHtml(role)})
    <form method="post" action="/admin/logout"><button type="submit" class="link">退出 Sign out</button></form>
  </div>
</header>
<form id="period" class="period">
  <label>从 From <input type="date" id="from" name="from" required></label>
  <label>到 To (含 incl.) <input type="date" id="to" name="to" required></label>
  <label>时区 Time zone <input type="text" id="tz" name="tz" size="16"></label>
  <button type="submit">刷新 Refresh</button>
  <a href="/api/v1/reports/definitions" target="_blank" rel="noopener">指标定义 Definitions</a>
</form>
<p id="status" role="status" class="status">加载中 Loading…</p>

<section id="trend-section">
  <div class="section-head"><h2>达标率趋势 Compliance trend</h2><a id="trend-csv" class="csv" download>下载 CSV</a></div>
  <p class="hint">按受理日的响应与解决达标率(达标 / (达标 + 超时))。Acknowledge and resolve compliance by day received.</p>
  <div id="trend-chart" class="chart"></div>
  <p id="trend-summary" class="summary"></p>
</section>

<section id="backlog-section">
  <div class="section-head"><h2>积压投诉(按时长)Backlog by age</h2><a id="backlog-csv" class="csv" download>下载 CSV</a></div>
  <p class="hint">当前未结投诉,超时的在前。Open complaints now, breached first.</p>
  <div id="backlog-chart" class="chart"></div>
  <table id="backlog-table"><thead><tr><th>超时 Breached</th><th>升级级别 Level</th><th>时长 Age</th><th>数量 Count</th><th>最早受理 Oldest</th></tr></thead><tbody></tbody></table>
</section>

<section id="breaches-section">
  <div class="section-head"><h2>超时清单 Breach list</h2><a id="breaches-csv" class="csv" download>下载 CSV</a></div>
  <p class="hint">每个超时的时钟(前 100 条;CSV 含全部)。Every missed clock (first 100 here; the CSV has them all).</p>
  <table id="breaches-table"><thead><tr><th>编号 Reference</th><th>受理 Received</th><th>时钟 Clock</th><th>期限 Due</th><th>超时 Late by</th><th>状态 Status</th><th>处理人 Assignee</th></tr></thead><tbody></tbody></table>
</section>
</body>
</html>
`;
}

export function sendReportsPage(res: Response, html: string): void {
  res
    .status(200)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    })
    .send(html);
}
