/* The reports page: reads /api/v1/reports/* with the session cookie (same origin, GET only),
   draws the charts with uPlot and fills the tables. No build step. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var API = '/api/v1/reports/';
  var BUCKETS = ['<1h', '1-4h', '4-24h', '1-3d', '3-7d', '7-30d', '>30d'];
  var charts = {};

  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function dateValue(d) { return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()); }
  function localMidnight(value) { var p = value.split('-'); return new Date(+p[0], +p[1] - 1, +p[2]); }

  function query() {
    var from = localMidnight($('from').value);
    var to = localMidnight($('to').value);
    to.setDate(to.getDate() + 1); // the "to" date is included: the period ends at the next midnight
    var q = 'from=' + encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(to.toISOString());
    var tz = $('tz').value.trim();
    return tz ? q + '&tz=' + encodeURIComponent(tz) : q;
  }

  function get(path) {
    return fetch(API + path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
      if (res.status === 401) { location.href = '/admin/login?next=%2Freports'; throw new Error('signed out'); }
      return res.json().then(function (body) {
        if (!res.ok) throw new Error((body && (body.detail || body.title)) || ('HTTP ' + res.status));
        return body;
      });
    });
  }

  function pct(v) { return v === null || v === undefined ? '–' : (v * 100).toFixed(1) + '%'; }
  function duration(s) {
    if (s === null || s === undefined) return '–';
    if (s < 3600) return Math.round(s / 60) + ' min';
    if (s < 86400) return (s / 3600).toFixed(1) + ' h';
    return (s / 86400).toFixed(1) + ' d';
  }
  function cell(text) { var td = document.createElement('td'); td.textContent = text === null || text === undefined ? '' : String(text); return td; }
  function fill(table, rows, toCells, rowClass) {
    var body = table.querySelector('tbody');
    body.textContent = '';
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      if (rowClass) tr.className = rowClass(r);
      toCells(r).forEach(function (c) { tr.appendChild(cell(c)); });
      body.appendChild(tr);
    });
  }
  function width(el) { return Math.max(320, el.clientWidth || 800); }
  function draw(name, el, opts, data) {
    if (charts[name]) charts[name].destroy();
    el.textContent = '';
    charts[name] = new uPlot(opts, data, el);
    el.setAttribute('data-points', String(data[0].length));
  }

  function trend(q) {
    $('trend-csv').href = API + 'sla?groupBy=day&format=csv&' + q;
    return get('sla?groupBy=day&' + q).then(function (body) {
      var rows = body.rows;
      var xs = rows.map(function (r) { return Date.parse(r.group + 'T00:00:00Z') / 1000; });
      var ack = rows.map(function (r) { return r.acknowledgeCompliance === null ? null : r.acknowledgeCompliance * 100; });
      var res = rows.map(function (r) { return r.resolveCompliance === null ? null : r.resolveCompliance * 100; });
      var el = $('trend-chart');
      draw('trend', el, {
        width: width(el), height: 260,
        tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); },
        scales: { y: { range: [0, 100] } },
        series: [{}, { label: '响应达标率 Acknowledge %', stroke: '#2563eb', width: 2, points: { show: true } },
                     { label: '解决达标率 Resolve %', stroke: '#16a34a', width: 2, points: { show: true } }],
        axes: [{}, { values: function (u, vals) { return vals.map(function (v) { return v + '%'; }); } }],
      }, [xs, ack, res]);
      var total = rows.reduce(function (a, r) { return a + r.total; }, 0);
      var breached = rows.reduce(function (a, r) { return a + r.breached; }, 0);
      $('trend-summary').textContent = '投诉 ' + total + ' 件,超时 ' + breached + ' 件 · ' + total + ' complaints, ' + breached + ' breached';
    });
  }

  function backlog(q) {
    $('backlog-csv').href = API + 'backlog?format=csv';
    return get('backlog').then(function (body) {
      var rows = body.rows;
      var breached = BUCKETS.map(function () { return 0; });
      var onTime = BUCKETS.map(function () { return 0; });
      rows.forEach(function (r) { var i = BUCKETS.indexOf(r.ageBucket); (r.breached ? breached : onTime)[i] += r.count; });
      var el = $('backlog-chart');
      var bars = uPlot.paths.bars({ size: [0.35, 60] });
      draw('backlog', el, {
        width: width(el), height: 240,
        scales: { x: { time: false, range: [-0.5, BUCKETS.length - 0.5] }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
        series: [{ label: '时长 Age', value: function (u, v) { return v === null ? '' : BUCKETS[v]; } },
                 { label: '已超时 Breached', fill: '#dc2626', stroke: '#dc2626', paths: bars, points: { show: false } },
                 { label: '未超时 Not breached', fill: '#60a5fa', stroke: '#60a5fa', paths: bars, points: { show: false } }],
        axes: [{ splits: function () { return BUCKETS.map(function (_, i) { return i; }); }, values: function (u, vals) { return vals.map(function (v) { return BUCKETS[v] || ''; }); } }, {}],
      }, [BUCKETS.map(function (_, i) { return i; }), breached, onTime]);
      fill($('backlog-table'), rows, function (r) { return [r.breached ? '是 yes' : '否 no', r.escalationLevel, r.ageBucket, r.count, new Date(r.oldestReceivedAt).toLocaleString()]; },
        function (r) { return r.breached ? 'breached' : ''; });
    });
  }

  function breaches(q) {
    $('breaches-csv').href = API + 'breaches?format=csv&' + q;
    return get('breaches?limit=100&' + q).then(function (body) {
      fill($('breaches-table'), body.rows, function (r) {
        return [r.reference, new Date(r.receivedAt).toLocaleString(), r.clock, new Date(r.dueAt).toLocaleString(), duration(r.lateBySeconds), r.status, r.assigneeName || '—'];
      });
    });
  }

  function load() {
    var q = query();
    $('status').textContent = '加载中 Loading…';
    $('status').className = 'status';
    return Promise.all([trend(q), backlog(q), breaches(q)]).then(function () {
      $('status').textContent = '已更新 Updated ' + new Date().toLocaleTimeString();
      document.body.setAttribute('data-loaded', 'true');
    }).catch(function (err) {
      $('status').textContent = '出错 Error: ' + err.message;
      $('status').className = 'status error';
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var today = new Date();
    var from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29);
    $('from').value = dateValue(from);
    $('to').value = dateValue(today);
    try { $('tz').value = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { /* no Intl zone */ }
    $('period').addEventListener('submit', function (e) { e.preventDefault(); load(); });
    load();
  });
})();
