// upsfleet dashboard: plain JS, no build step. Routes: #/ (fleet grid, optional ?site=&tag=&status=...)
// and #/ups/<id> (detail). Live updates come over SSE (/api/stream, /api/ups/<id>/stream).
(function () {
  'use strict';
  const view = document.getElementById('view');
  const alarmsBox = document.getElementById('alarms');
  const liveState = document.getElementById('live-state');
  let me = null;
  let stream = null;
  let fleet = new Map();     // id -> UPS as in GET /api/ups, patched by live status
  let detail = null;         // state of the open detail page
  let refreshTimer = null;   // readings are not streamed (1 s x fleet would flood browsers): re-read every 30 s
  const REFRESH_MS = 30000;
  const liveStatus = new Map(); // id -> newest UpsStatus seen live (may be newer than the database row)

  const esc = s => String(s == null ? '' : s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const num = (v, digits, unit) => v == null ? '–' : Number(v).toFixed(digits) + (unit || '');
  const runtime = s => s == null ? '–' : (s >= 3600 ? Math.floor(s / 3600) + ' h ' : '') + Math.floor((s % 3600) / 60) + ' min';

  async function api(path, options) {
    const opts = Object.assign({ credentials: 'same-origin' }, options || {});
    // X-Requested-With: a 401 then comes without a Basic challenge, so no browser password popup
    opts.headers = Object.assign({ 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' }, opts.headers || {});
    const res = await fetch(path, opts);
    if (res.status === 401) { location.href = '/login.html'; throw new Error('not logged in'); }
    const type = res.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await res.json() : null;
    if (!res.ok) {
      const err = new Error(body && body.detail ? body.detail : res.status + ' ' + res.statusText);
      err.status = res.status;
      throw err;
    }
    return { body, res };
  }

  /** Colour class: comm lost or stale data beats everything, then low battery, on battery, online. */
  function stateClass(u) {
    if (u.comm === 'LOST' || u.stale) return 'st-lost';
    const s = u.status || [];
    if (s.includes('LB')) return 'st-lb';
    if (s.includes('OB')) return 'st-ob';
    return 'st-ol';
  }

  function stateLabel(u) {
    if (u.comm === 'LOST') return 'COMM LOST';
    return u.stale ? 'STALE (no current data)' : (u.status || []).join(' ') || 'unknown';
  }

  // ---------- live updates
  function openStream(url, onEvent) {
    if (stream) stream.close();
    stream = new EventSource(url, { withCredentials: true });
    stream.addEventListener('hello', () => { liveState.className = 'live on'; });
    stream.onerror = () => { liveState.className = 'live off'; };
    ['status', 'alarm', 'command'].forEach(type => stream.addEventListener(type, e => {
      try { onEvent(JSON.parse(e.data)); } catch (err) { console.warn('bad live event', err); }
    }));
  }

  function showAlarm(a) {
    const div = document.createElement('div');
    div.className = 'alarm ' + (a.state === 'CLEARED' ? 'CLEARED' : a.severity);
    div.dataset.upsId = a.upsId;
    div.textContent = `${new Date(a.ts).toLocaleTimeString()} ${a.upsId}: ${a.alarm} ${a.state}` + (a.message ? ' – ' + a.message : '');
    alarmsBox.prepend(div);
    while (alarmsBox.children.length > 5) alarmsBox.lastChild.remove();
  }

  // ---------- fleet grid
  function parseQuery(hash) {
    const i = hash.indexOf('?');
    return new URLSearchParams(i >= 0 ? hash.substring(i + 1) : '');
  }

  async function showFleet(query) {
    detail = null;
    const limit = 200;
    const offset = parseInt(query.get('offset') || '0', 10) || 0;
    view.innerHTML = `
      <form class="filters" id="filters">
        <input name="site" placeholder="site" value="${esc(query.get('site') || '')}">
        <input name="tag" placeholder="tag" value="${esc(query.get('tag') || '')}">
        <select name="status">
          ${['', 'OL', 'OB', 'LB', 'BYPASS', 'ALARM', 'CAL', 'FSD'].map(s => `<option value="${s}" ${query.get('status') === s ? 'selected' : ''}>${s || 'any status'}</option>`).join('')}
        </select>
        <label><input type="checkbox" name="onBattery" value="true" ${query.get('onBattery') === 'true' ? 'checked' : ''}> on battery</label>
        <label><input type="checkbox" name="commLost" value="true" ${query.get('commLost') === 'true' ? 'checked' : ''}> comm lost</label>
        <label><input type="checkbox" name="stale" value="true" ${query.get('stale') === 'true' ? 'checked' : ''}> stale</label>
        <button type="submit">Filter</button>
        <span id="fleet-count"></span>
      </form>
      <div class="grid" id="grid"></div>
      <div class="pager"><button id="prev" type="button">&larr; previous</button><button id="next" type="button">next &rarr;</button></div>`;
    document.getElementById('filters').addEventListener('submit', e => {
      e.preventDefault();
      const q = new URLSearchParams();
      new FormData(e.target).forEach((v, k) => { if (v) q.set(k, v); });
      location.hash = '#/?' + q.toString();
    });
    const q = new URLSearchParams(query);
    q.set('limit', limit); q.set('offset', offset);
    let result;
    try {
      result = await api('/api/ups?' + q.toString());
    } catch (e) {
      view.insertAdjacentHTML('beforeend', `<p class="error">${esc(e.message)}</p>`);
      return;
    }
    fleet = new Map(result.body.map(u => [u.id, u]));
    fleet.forEach(u => { if (liveStatus.has(u.id)) applyStatus(u, liveStatus.get(u.id)); });
    renderGrid();
    refreshTimer = setInterval(async () => {
      try {
        const fresh = (await api('/api/ups?' + q.toString())).body;
        fleet = new Map(fresh.map(u => [u.id, u]));
        fleet.forEach(u => { if (liveStatus.has(u.id)) applyStatus(u, liveStatus.get(u.id)); });
        renderGrid();
      } catch (e) { console.warn('refresh failed', e); }
    }, REFRESH_MS);
    document.getElementById('fleet-count').textContent = `${result.body.length} UPS shown` + (offset ? ` (from #${offset + 1})` : '');
    const page = o => { const p = new URLSearchParams(query); p.set('offset', Math.max(0, o)); location.hash = '#/?' + p.toString(); };
    const prev = document.getElementById('prev'), next = document.getElementById('next');
    prev.disabled = offset === 0;
    next.disabled = !(result.res.headers.get('Link') || '').includes('rel="next"');
    prev.onclick = () => page(offset - limit);
    next.onclick = () => page(offset + limit);
    openStream('/api/stream', onFleetEvent);
  }

  function card(u) {
    return `<div class="card ${stateClass(u)}" data-ups-id="${esc(u.id)}" tabindex="0">
      <h3>${esc(u.name || u.id)}</h3>
      <div class="meta">${esc(u.id)} · ${esc(u.site || 'no site')}</div>
      <div class="tokens state">${u.comm === 'LOST' ? '<span>COMM LOST</span>' : u.stale ? '<span>STALE</span>' : (u.status || []).map(t => `<span>${esc(t)}</span>`).join('')}</div>
      <div class="values">
        <span>in ${num(u.inputVoltage, 1, ' V')}</span><span>out ${num(u.outputVoltage, 1, ' V')}</span>
        <span>load ${num(u.loadPercent, 0, ' %')}</span><span>charge ${num(u.batteryCharge, 0, ' %')}</span>
        <span>runtime ${runtime(u.runtimeSeconds)}</span><span>batt ${num(u.batteryVoltage, 2, ' V')}</span>
      </div></div>`;
  }

  function renderGrid() {
    const grid = document.getElementById('grid');
    if (!grid) return;
    grid.innerHTML = fleet.size ? [...fleet.values()].map(card).join('') : '<p>No UPS matches.</p>';
    grid.querySelectorAll('.card').forEach(c => c.addEventListener('click', () => { location.hash = '#/ups/' + encodeURIComponent(c.dataset.upsId); }));
  }

  function applyStatus(u, s) {
    if (u.statusTs && Date.parse(u.statusTs) > Date.parse(s.ts)) return; // older than what we show
    u.comm = s.comm; u.flags = s.flags; u.status = s.status; u.statusTs = s.ts;
    if (s.lastReadingTs) u.lastReadingTs = s.lastReadingTs;
  }

  function rememberStatus(e) {
    if (e.type === 'status') liveStatus.set(e.upsId, e.data);
  }

  function onFleetEvent(e) {
    rememberStatus(e);
    if (e.type === 'status' && fleet.has(e.upsId)) {
      const u = fleet.get(e.upsId);
      applyStatus(u, e.data);
      const old = document.querySelector(`.card[data-ups-id="${CSS.escape(e.upsId)}"]`);
      if (old) {
        old.outerHTML = card(u);
        const fresh = document.querySelector(`.card[data-ups-id="${CSS.escape(e.upsId)}"]`);
        fresh.addEventListener('click', () => { location.hash = '#/ups/' + encodeURIComponent(e.upsId); });
      }
    } else if (e.type === 'alarm') {
      showAlarm(e.data);
      setTimeout(loadAlerts, 2000); // alert-service opens or closes its alert a moment after the edge
    }
  }

  // ---------- detail page
  const RANGES = { '1h': 3600e3, '6h': 6 * 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };
  const COMMANDS = [
    { c: 'BEEPER_TOGGLE', label: 'Toggle beeper' },
    { c: 'BATTERY_TEST_QUICK', label: 'Quick test (10 s)' },
    { c: 'BATTERY_TEST_TIMED', label: 'Timed test', arg: 'testMinutes', hint: 'minutes 1–99', def: 5 },
    { c: 'BATTERY_TEST_DEEP', label: 'Deep test (until low)', danger: true },
    { c: 'CANCEL_TEST', label: 'Cancel test' },
    { c: 'SHUTDOWN', label: 'Shut down', arg: 'shutdownMinutes', hint: 'minutes .2–.9 or 1–10', def: 1, danger: true },
    { c: 'SHUTDOWN_RESTORE', label: 'Shut down + restore', arg: 'shutdownMinutes', arg2: 'restoreMinutes', hint: 'then restore after min (1–9999)', def: 1, def2: 10, danger: true },
    { c: 'CANCEL_SHUTDOWN', label: 'Cancel shutdown' },
  ];

  async function showDetail(id) {
    detail = { id, range: '1h' };
    view.innerHTML = `<p><a href="#/">&larr; fleet</a></p>
      <div class="detail">
        <div>
          <div class="panel" id="summary">loading…</div>
          <div class="panel"><h2>Commands</h2><div class="commands" id="command-buttons"></div><div id="cmd-result"></div>
            <table id="command-log"></table></div>
          <div class="panel"><h2>Open alerts</h2><table id="alerts"></table></div>
          <div class="panel"><h2>Protected hosts (NUT)</h2><p id="hosts-count"></p><table id="hosts"></table></div>
          <div class="panel"><h2>Link</h2><p id="link-info"></p><table id="link"></table></div>
        </div>
        <div>
          <div class="panel"><h2>History</h2>
            <div class="ranges">${Object.keys(RANGES).map(r => `<button type="button" data-range="${r}" ${r === '1h' ? 'class="active"' : ''}>${r}</button>`).join(' ')}
              <span id="history-info"></span></div>
            <div class="chart" id="chart-voltage"></div><div class="chart" id="chart-load"></div><div class="chart" id="chart-battery"></div>
          </div>
          <div class="panel"><h2>Event log</h2><table id="events"></table></div>
        </div>
      </div>`;
    let u;
    try {
      u = (await api('/api/ups/' + encodeURIComponent(id))).body;
    } catch (e) {
      document.getElementById('summary').innerHTML = `<p class="error">${esc(e.message)}</p>`;
      return;
    }
    detail.ups = u;
    if (liveStatus.has(id)) applyStatus(u, liveStatus.get(id));
    renderSummary();
    refreshTimer = setInterval(async () => {
      try {
        const fresh = (await api('/api/ups/' + encodeURIComponent(id))).body;
        if (!detail || detail.id !== id) return;
        if (liveStatus.has(id)) applyStatus(fresh, liveStatus.get(id));
        detail.ups = fresh;
        renderSummary();
        loadAlerts();
        loadHosts();
        loadLink();
      } catch (e) { console.warn('refresh failed', e); }
    }, REFRESH_MS);
    renderCommandButtons();
    view.querySelectorAll('.ranges button').forEach(b => b.addEventListener('click', () => {
      view.querySelectorAll('.ranges button').forEach(x => x.classList.toggle('active', x === b));
      detail.range = b.dataset.range;
      loadHistory();
    }));
    loadHistory();
    loadEvents();
    loadCommands();
    loadAlerts();
    loadHosts();
    loadLink();
    openStream('/api/ups/' + encodeURIComponent(id) + '/stream', onDetailEvent);
  }

  function renderSummary() {
    const u = detail.ups;
    const id = u.identity || {}, r = u.rating || {};
    document.getElementById('summary').innerHTML = `
      <h2>${esc(u.name || u.id)} <span class="badge ${stateClass(u)}" id="state-badge">${esc(stateLabel(u))}</span></h2>
      <table>
        <tr><th>id</th><td>${esc(u.id)}</td></tr><tr><th>site</th><td>${esc(u.site)}</td></tr>
        <tr><th>tags</th><td>${esc((u.tags || []).join(', '))}</td></tr><tr><th>gateway</th><td>${esc(u.gatewayId)}</td></tr>
        <tr><th>model</th><td>${esc([id.manufacturer, id.model, id.firmware].filter(Boolean).join(' / '))}</td></tr>
        <tr><th>rating</th><td>${num(r.ratedVoltage, 0, ' V')} · ${num(r.ratedCurrent, 0, ' A')} · batt ${num(r.nominalBatteryVoltage, 1, ' V')} · ${num(r.ratedFrequency, 0, ' Hz')}</td></tr>
        <tr><th>flags</th><td>${esc(u.flags)}</td></tr>
        <tr><th>last reading</th><td>${u.lastReadingTs ? esc(new Date(u.lastReadingTs).toLocaleString()) : '–'}</td></tr>
        <tr><th>input</th><td>${num(u.inputVoltage, 1, ' V')} · ${num(u.inputFrequency, 1, ' Hz')} (fault ${num(u.inputFaultVoltage, 1, ' V')})</td></tr>
        <tr><th>output</th><td>${num(u.outputVoltage, 1, ' V')} · load ${num(u.loadPercent, 0, ' %')}</td></tr>
        <tr><th>battery</th><td>${num(u.batteryVoltage, 2, ' V')} · charge ${num(u.batteryCharge, 0, ' %')} · runtime ${runtime(u.runtimeSeconds)}</td></tr>
        <tr><th>temperature</th><td>${num(u.temperature, 1, ' °C')}</td></tr>
      </table>`;
  }

  function renderCommandButtons() {
    const box = document.getElementById('command-buttons');
    if (!me.canCommand) {
      box.innerHTML = '<p>Your role may view but not send commands.</p>';
      return;
    }
    box.innerHTML = COMMANDS.map(k => `<button type="button" id="cmd-${k.c}" data-command="${k.c}" class="${k.danger ? 'danger' : ''}">${esc(k.label)}</button>`).join('');
    box.querySelectorAll('button').forEach(b => b.addEventListener('click', () => askCommand(COMMANDS.find(k => k.c === b.dataset.command))));
  }

  function askCommand(k) {
    const dialog = document.getElementById('confirm');
    const text = document.getElementById('confirm-text');
    text.innerHTML = `Send <b>${esc(k.label)}</b> to <b>${esc(detail.id)}</b>?` +
      (k.arg ? `<br><label>${esc(k.arg)} <input id="arg1" type="number" step="any" value="${k.def}"></label>` : '') +
      (k.arg2 ? `<br><label>${esc(k.arg2)} <input id="arg2" type="number" step="1" value="${k.def2}"></label>` : '') +
      (k.hint ? `<br><small>${esc(k.hint)}</small>` : '');
    dialog.returnValue = '';
    dialog.onclose = () => {
      if (dialog.returnValue !== 'yes') return;
      const body = { command: k.c };
      if (k.arg) body[k.arg] = Number(document.getElementById('arg1').value);
      if (k.arg2) body[k.arg2] = Number(document.getElementById('arg2').value);
      sendCommand(body);
    };
    dialog.showModal();
  }

  async function sendCommand(body) {
    const out = document.getElementById('cmd-result');
    out.className = '';
    out.textContent = 'sending…';
    try {
      const r = await api('/api/ups/' + encodeURIComponent(detail.id) + '/commands', {
        method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }
      });
      out.textContent = `${body.command} sent (${r.body.commandId}), waiting for the UPS…`;
      out.dataset.commandId = r.body.commandId;
      loadCommands();
    } catch (e) {
      out.className = 'error';
      out.textContent = 'refused: ' + e.message;
    }
  }

  async function loadCommands() {
    const table = document.getElementById('command-log');
    if (!table) return;
    const list = (await api('/api/ups/' + encodeURIComponent(detail.id) + '/commands?limit=10')).body;
    table.innerHTML = '<tr><th>when</th><th>command</th><th>by</th><th>status</th></tr>' + list.map(c =>
      `<tr data-command-id="${esc(c.commandId)}"><td>${esc(new Date(c.requestedAt).toLocaleTimeString())}</td><td>${esc(c.command)}</td>
       <td>${esc(c.requestedBy)}</td><td class="cmd-status">${esc(c.status)}${c.detail ? ' – ' + esc(c.detail) : ''}</td></tr>`).join('');
  }

  /** The hosts whose upsmon is logged in to this UPS on nut-server: they shut down when it must go down. */
  async function loadHosts() {
    const id = detail && detail.id;
    if (!id) return;
    let h;
    try {
      h = (await api('/api/ups/' + encodeURIComponent(id) + '/hosts')).body;
    } catch (e) {
      document.getElementById('hosts-count').textContent = e.message;
      return;
    }
    if (!detail || detail.id !== id) return;
    document.getElementById('hosts-count').textContent = h.count === 0
      ? 'No host is logged in to this UPS over NUT.'
      : `${h.count} host${h.count === 1 ? '' : 's'} protected by ${id}`;
    document.getElementById('hosts').innerHTML = h.count === 0 ? '' : '<tr><th>host</th><th>user</th><th>since</th></tr>'
      + h.hosts.map(x => `<tr data-host="${esc(x.address)}"><td>${esc(x.address)}</td><td>${esc(x.user || '')}</td><td>${esc(new Date(x.since).toLocaleString())}</td></tr>`).join('');
  }

  /**
   * How the line to this UPS behaves (the gateway's link figures) and the device-server host it is behind,
   * summed over all that host's units: a Moxa that drops replies shows here before the UPS goes dark.
   */
  async function loadLink() {
    const id = detail && detail.id;
    if (!id) return;
    let d, hosts;
    try {
      d = (await api('/api/ups/' + encodeURIComponent(id) + '/link')).body;
      hosts = (await api('/api/links/hosts')).body;
    } catch (e) {
      document.getElementById('link-info').textContent = e.message;
      document.getElementById('link').innerHTML = '';
      return;
    }
    if (!detail || detail.id !== id) return;
    const pct = (n, of) => of ? (100 * n / of).toFixed(1) + ' %' : '–';
    const ms = v => v == null ? '–' : v + ' ms';
    const host = hosts.find(h => h.host === d.host);
    document.getElementById('link-info').textContent = `${d.endpoint} (host ${d.host}), since ${new Date(d.since).toLocaleString()}`;
    const row = (k, v) => `<tr><th>${esc(k)}</th><td>${esc(String(v))}</td></tr>`;
    document.getElementById('link').innerHTML =
      row('reply latency p50 / p99', ms(d.latencyP50Ms) + ' / ' + ms(d.latencyP99Ms))
      + row('requests / replies', d.requests + ' / ' + d.replies)
      + row('timeouts', d.timeouts + ' (' + pct(d.timeouts, d.requests) + ')')
      + row('malformed replies', d.malformed + ' (' + pct(d.malformed, d.requests) + ')')
      + row('reconnects', d.reconnects)
      + row('sessions ended by the far end', d.sessionsEnded)
      + row('failed connects', d.connectFailures)
      + row('last error', d.lastError ? d.lastError + ' (' + new Date(d.lastErrorTs).toLocaleString() + ')' : 'none')
      + (d.proposedQuirks && d.proposedQuirks.length ? row('proposed quirks (not applied)', d.proposedQuirks.join(', ')) : '')
      + (host ? row('host ' + host.host, host.units + ' unit(s), ' + pct(host.timeouts + host.malformed, host.requests)
          + ' of replies missing or bad, worst p99 ' + ms(host.worstLatencyP99Ms)) : '');
  }

  /** alert-service's open alerts of this UPS; operators acknowledge them here (no more escalation). */
  async function loadAlerts() {
    const table = document.getElementById('alerts');
    if (!table || !detail) return;
    let html;
    try {
      const list = (await api('/api/alerts?state=open&upsId=' + encodeURIComponent(detail.id))).body;
      html = '<tr><th>raised</th><th>alarm</th><th>state</th><th>acknowledged</th></tr>' + (list.length ? list.map(a =>
        `<tr data-alert-id="${esc(a.alertId)}"><td>${esc(new Date(a.raisedAt).toLocaleString())}</td><td>${esc(a.severity)} ${esc(a.alarm)}</td>
         <td>${esc(a.state)}</td><td class="ack">${a.ackedAt ? 'by ' + esc(a.ackedBy)
           : me.canCommand ? `<button type="button" data-ack="${esc(a.alertId)}">Acknowledge</button>` : 'no'}</td></tr>`).join('')
        : '<tr><td colspan="4">none</td></tr>');
    } catch (e) {
      html = `<tr><td>${esc(e.status === 503 ? 'alerts unavailable: ' + e.message : e.message)}</td></tr>`;
    }
    // redrawn only when something changed, so a periodic refresh never swaps a button under the operator's click
    if (table.dataset.shown === html) return;
    table.dataset.shown = html;
    table.innerHTML = html;
    table.querySelectorAll('button[data-ack]').forEach(b => b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        await api('/api/alerts/' + encodeURIComponent(b.dataset.ack) + '/ack', { method: 'POST' });
      } catch (e) {
        b.disabled = false;
        b.title = e.message;
      }
      loadAlerts();
    }));
  }

  async function loadHistory() {
    const to = new Date(), from = new Date(to.getTime() - RANGES[detail.range]);
    let h;
    try {
      h = (await api(`/api/ups/${encodeURIComponent(detail.id)}/history?from=${from.toISOString()}&to=${to.toISOString()}`)).body;
    } catch (e) {
      document.getElementById('history-info').textContent = e.message;
      return;
    }
    document.getElementById('history-info').textContent = `${h.count} points (${h.resolution})${h.truncated ? ', truncated' : ''}`;
    const opts = { from: h.from, to: h.to, gapMs: h.resolution === 'raw' ? 30000 : 5 * 60000 };
    drawChart(document.getElementById('chart-voltage'), h.points, [
      { key: 'inputVoltage', label: 'input V', color: '#1f77b4' }, { key: 'outputVoltage', label: 'output V', color: '#2ca02c' }], opts);
    drawChart(document.getElementById('chart-load'), h.points, [
      { key: 'loadPercent', label: 'load %', color: '#9467bd' }, { key: 'batteryCharge', label: 'charge %', color: '#ff7f0e' }], opts);
    drawChart(document.getElementById('chart-battery'), h.points, [
      { key: 'batteryVoltage', label: 'battery V', color: '#d62728' }], opts);
  }

  async function loadEvents() {
    const table = document.getElementById('events');
    if (!table) return;
    const list = (await api('/api/ups/' + encodeURIComponent(detail.id) + '/events?limit=50')).body;
    table.innerHTML = '<tr><th>when</th><th>type</th><th>severity</th><th>message</th></tr>' + (list.length ? list.map(ev =>
      `<tr><td>${esc(new Date(ev.ts).toLocaleString())}</td><td>${esc(ev.kind)} ${esc(ev.type)}</td><td>${esc(ev.severity)}</td><td>${esc(ev.message)}</td></tr>`).join('')
      : '<tr><td colspan="4">no events</td></tr>');
  }

  function onDetailEvent(e) {
    rememberStatus(e);
    if (!detail || e.upsId !== detail.id || !detail.ups) return;
    if (e.type === 'status') {
      applyStatus(detail.ups, e.data);
      renderSummary();
    } else if (e.type === 'alarm') {
      showAlarm(e.data);
      const table = document.getElementById('events');
      if (table && table.rows.length) {
        const row = table.insertRow(1);
        const a = e.data;
        row.innerHTML = `<td>${esc(new Date(a.ts).toLocaleString())}</td><td>alarm ${esc(a.alarm)} ${esc(a.state)}</td><td>${esc(a.severity)}</td><td>${esc(a.message)}</td>`;
      }
    } else if (e.type === 'command') {
      loadCommands();
      const out = document.getElementById('cmd-result');
      if (out && out.dataset.commandId === e.data.commandId) out.textContent = `${e.data.command || 'command'}: ${e.data.outcome}` + (e.data.detail ? ' – ' + e.data.detail : '');
    }
  }

  // ---------- routing and start
  function route() {
    if (refreshTimer) { clearInterval(refreshTimer); refreshTimer = null; }
    const hash = location.hash || '#/';
    const m = hash.match(/^#\/ups\/([^?]+)/);
    if (m) showDetail(decodeURIComponent(m[1]));
    else showFleet(parseQuery(hash));
  }

  async function start() {
    const r = await fetch('/api/me', { credentials: 'same-origin', headers: { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' } });
    const body = r.ok ? await r.json() : null;
    if (!body || !body.authenticated) { location.href = '/login.html'; return; }
    me = body;
    document.getElementById('user').textContent = `${me.name} (${me.roles.includes('admin') ? 'admin' : me.canCommand ? 'operator' : 'viewer'})`;
    document.getElementById('admin-link').hidden = !me.canAdmin;
    document.getElementById('logout').onclick = async () => {
      if (stream) stream.close();
      await fetch('/api/logout', { method: 'POST', credentials: 'same-origin' });
      location.href = '/login.html';
    };
    window.addEventListener('hashchange', route);
    route();
  }

  start();
})();
