// The dashboard page: reads the figures for the filter, draws each chart with Apache ECharts
// (served by the bot), and keeps a table view and a CSV link beside every chart.
// A plain script (no build step); the strict CSP allows scripts from the bot only.
(function () {
  'use strict';
  var main = document.getElementById('dashboard');
  var status = document.getElementById('status');
  var form = document.getElementById('filters');
  var texts = JSON.parse(main.getAttribute('data-texts'));
  var instances = {};
  var shown = {};
  var loads = 0;
  var whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
  var compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
  var PALETTE = ['#1f5fa8', '#e07b00', '#2e8b57', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d'];
  var LIGHTS = ['#2e7d32', '#f9a825', '#c62828', '#9e9e9e'];
  var MARKED = '#c0392b';

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function format(value) {
    return typeof value === 'number' ? whole.format(value) : value === null || value === undefined ? '' : String(value);
  }

  function labelOf(chart, row) {
    return chart.label.map(function (i) { return row[i]; }).filter(function (v) { return v !== null && v !== ''; }).join(' · ');
  }

  function query() {
    var params = new URLSearchParams();
    ['from', 'to', 'area'].forEach(function (name) {
      var value = form.elements[name].value;
      if (value) params.set(name, value);
    });
    return params;
  }

  function base(chart) {
    return {
      aria: { enabled: true },
      animation: false,
      color: chart.id === 'check-ins' ? LIGHTS : PALETTE,
      tooltip: { trigger: chart.kind === 'heatmap' ? 'item' : 'axis', renderMode: 'richText', confine: true },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    };
  }

  function axisFormatter(value) { return compact.format(value); }

  function option(chart, width) {
    var o = base(chart);
    var rows = chart.limit ? chart.rows.slice(0, chart.limit) : chart.rows;
    var labels = rows.map(function (row) { return labelOf(chart, row); });
    var twoAxes = chart.series.some(function (s) { return s.axis === 1; });
    var valueAxes = twoAxes
      ? [{ type: 'value', name: chart.columns[chart.series[0].column], axisLabel: { formatter: axisFormatter } },
         { type: 'value', name: chart.columns[chart.series.filter(function (s) { return s.axis === 1; })[0].column], axisLabel: { formatter: axisFormatter }, splitLine: { show: false } }]
      : [{ type: 'value', axisLabel: { formatter: axisFormatter } }];
    if (chart.kind === 'heatmap') {
      var columns = chart.series.map(function (s) { return chart.columns[s.column]; });
      var cells = [];
      var max = 1;
      rows.forEach(function (row, y) {
        chart.series.forEach(function (s, x) { cells.push([x, y, row[s.column]]); max = Math.max(max, row[s.column]); });
      });
      o.legend = undefined;
      o.grid.bottom = 56;
      o.xAxis = { type: 'category', data: columns, axisLabel: { interval: 0, rotate: 30, width: 110, overflow: 'truncate' }, splitArea: { show: true } };
      o.yAxis = { type: 'category', data: labels, inverse: true, splitArea: { show: true } };
      o.visualMap = { type: 'piecewise', orient: 'horizontal', left: 'center', bottom: 0, itemWidth: 14,
        pieces: [{ value: 0, label: '0', color: '#f4b6b6' }, { min: 1, max: Math.max(1, Math.ceil(max / 2)), color: '#9ecae1' }, { min: Math.ceil(max / 2) + 1, max: Math.max(2, max), color: '#2b6cb0' }] };
      o.series = [{ type: 'heatmap', name: chart.title, data: cells, label: { show: true } }];
      return o;
    }
    var horizontal = chart.kind === 'hbar';
    // Every bar named: long names wrap below a few bars, slant below many, and are cut beside horizontal ones.
    var many = labels.length > 5 || (width - 110) / Math.max(1, labels.length) < 75;
    var categoryAxis = {
      type: 'category', data: labels, inverse: horizontal,
      axisLabel: horizontal ? { interval: 0, width: 150, overflow: 'truncate' }
        : chart.kind === 'line' ? { hideOverlap: true }
        : { interval: 0, rotate: many ? 40 : 0, width: many ? 110 : Math.max(40, (width - 110) / Math.max(1, labels.length) - 6), overflow: many ? 'truncate' : 'break' },
    };
    if (chart.target) valueAxes[0].max = function (extent) { return Math.max(extent.max, chart.target.value); };
    o.xAxis = horizontal ? valueAxes[0] : categoryAxis;
    o.yAxis = horizontal ? categoryAxis : valueAxes;
    if (horizontal && !chart.stacked) o.legend = undefined;
    o.series = chart.series.map(function (s) {
      var serie = {
        type: s.type || 'bar',
        name: chart.columns[s.column],
        yAxisIndex: horizontal ? undefined : (s.axis || 0),
        stack: chart.stacked ? 'all' : undefined,
        data: rows.map(function (row) {
          var value = row[s.column];
          return chart.mark !== undefined && row[chart.mark] ? { value: value, itemStyle: { color: MARKED } } : value;
        }),
      };
      if (s.type === 'line') serie.symbolSize = 6;
      return serie;
    });
    if (chart.target) {
      var line = o.series[o.series.length - 1];
      line.markLine = { symbol: 'none', lineStyle: { type: 'dashed', color: '#c0392b' }, label: { position: 'insideStartTop', formatter: chart.target.label + ' ' + compact.format(chart.target.value) }, data: [{ yAxis: chart.target.value }] };
    }
    return o;
  }

  function table(chart) {
    var head = el('tr', {}, chart.columns.map(function (c) { return el('th', { scope: 'col', text: c }); }));
    var body = chart.rows.map(function (row) {
      return el('tr', {}, row.map(function (cell, i) {
        return el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row', text: format(cell) } : { text: format(cell), class: typeof cell === 'number' ? 'num' : '' });
      }));
    });
    return el('table', {}, [el('caption', { text: chart.title }), el('thead', {}, [head]), el('tbody', {}, body)]);
  }

  function card(chart) {
    var existing = document.getElementById('card-' + chart.id);
    if (existing) return existing;
    var toggle = el('button', { type: 'button', class: 'toggle', 'aria-pressed': 'false', 'aria-controls': 'table-' + chart.id, text: texts.table });
    var node = el('article', { class: 'card', id: 'card-' + chart.id, 'aria-labelledby': 'title-' + chart.id }, [
      el('header', {}, [
        el('h3', { id: 'title-' + chart.id }),
        el('div', { class: 'tools' }, [toggle, el('a', { class: 'csv', download: '', text: texts.csv })]),
      ]),
      el('p', { class: 'note' }),
      el('div', { class: 'chart', id: 'chart-' + chart.id, role: 'img' }),
      el('div', { class: 'table-wrap', id: 'table-' + chart.id, hidden: '' }),
      el('p', { class: 'empty', hidden: '', text: texts.empty }),
    ]);
    toggle.addEventListener('click', function () {
      var showTable = toggle.getAttribute('aria-pressed') !== 'true';
      toggle.setAttribute('aria-pressed', String(showTable));
      toggle.textContent = showTable ? texts.chart : texts.table;
      node.classList.toggle('as-table', showTable);
      node.querySelector('.table-wrap').hidden = !showTable;
      if (!showTable && instances[chart.id]) draw(chart.id);
    });
    document.getElementById('section-' + chart.section).appendChild(node);
    return node;
  }

  /** (Re)draws a chart at its box's current width (labels are fitted to it). */
  function draw(id) {
    var target = document.getElementById('chart-' + id);
    if (!target.clientWidth) return;
    instances[id].resize();
    instances[id].setOption(option(shown[id], target.clientWidth), true);
  }

  function render(chart, params) {
    var node = card(chart);
    node.querySelector('h3').textContent = chart.title;
    var note = node.querySelector('.note');
    note.textContent = chart.note || '';
    note.hidden = !chart.note;
    var csv = node.querySelector('.csv');
    csv.setAttribute('href', '/dashboard/data/' + chart.id + '.csv' + (params.toString() ? '?' + params : ''));
    csv.setAttribute('aria-label', texts.csv + ': ' + chart.title);
    var wrap = node.querySelector('.table-wrap');
    wrap.replaceChildren(table(chart));
    var empty = chart.rows.length === 0;
    node.querySelector('.empty').hidden = !empty;
    node.classList.toggle('is-empty', empty);
    var target = node.querySelector('.chart');
    target.setAttribute('aria-label', chart.title);
    var count = chart.limit ? Math.min(chart.limit, chart.rows.length) : chart.rows.length;
    if (chart.kind === 'hbar') target.style.height = Math.max(160, count * 26 + 40) + 'px';
    if (chart.kind === 'heatmap') target.style.height = Math.max(220, chart.rows.length * 48 + 130) + 'px';
    if (!instances[chart.id]) instances[chart.id] = echarts.init(target);
    shown[chart.id] = chart;
    draw(chart.id);
    target.setAttribute('data-rows', String(count));
  }

  function load() {
    var params = query();
    status.textContent = texts.loading;
    main.setAttribute('aria-busy', 'true');
    return fetch('/dashboard/data' + (params.toString() ? '?' + params : ''), { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (body) {
          if (!res.ok) throw new Error(body.error || texts.failed.replace('{status}', String(res.status)));
          return body;
        });
      })
      .then(function (body) {
        body.charts.forEach(function (chart) { render(chart, params); });
        history.replaceState(null, '', params.toString() ? '?' + params : location.pathname);
        status.textContent = '';
        main.setAttribute('data-loads', String(++loads));
      })
      .catch(function (error) {
        status.textContent = error.message;
        status.className = 'error';
      })
      .then(function () { main.removeAttribute('aria-busy'); });
  }

  var initial = new URLSearchParams(location.search);
  ['from', 'to', 'area'].forEach(function (name) {
    if (initial.get(name)) form.elements[name].value = initial.get(name);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    status.className = '';
    load();
  });
  form.addEventListener('reset', function () { setTimeout(load, 0); });
  var pending;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () { Object.keys(instances).forEach(draw); }, 150);
  });
  load();
})();
