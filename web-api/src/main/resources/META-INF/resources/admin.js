// upsfleet admin page: users (add, disable/enable, reset password, role, sites) and the audit log.
// Plain JS like app.js; every action is a call of /api/admin/* (admins only: others get 403).
(function () {
  'use strict';
  const msg = document.getElementById('admin-msg');
  const esc = s => String(s == null ? '' : s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const ROLES = ['viewer', 'operator', 'admin'];
  let olderLink = null;

  async function api(path, options) {
    const opts = Object.assign({ credentials: 'same-origin' }, options || {});
    opts.headers = Object.assign({ 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' }, opts.headers || {});
    if (opts.json !== undefined) {
      opts.body = JSON.stringify(opts.json);
      opts.headers['Content-Type'] = 'application/json';
      delete opts.json;
    }
    const res = await fetch(path, opts);
    if (res.status === 401) { location.href = '/login.html'; throw new Error('not logged in'); }
    const type = res.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await res.json() : null;
    if (!res.ok) throw new Error(body && body.detail ? body.detail : res.status + ' ' + res.statusText);
    return { body, res };
  }

  function say(text, error) {
    msg.textContent = text;
    msg.className = error ? 'error' : '';
  }

  const sitesOf = text => text.split(',').map(s => s.trim()).filter(s => s.length > 0);

  async function loadUsers() {
    const { body } = await api('/api/admin/users');
    document.getElementById('users').innerHTML = body.map(u => `<tr data-user="${esc(u.name)}">
      <td>${esc(u.name)}</td>
      <td><select data-role="${esc(u.name)}">${ROLES.map(r => `<option${r === u.role ? ' selected' : ''}>${r}</option>`).join('')}</select></td>
      <td><input data-sites="${esc(u.name)}" value="${esc(u.sites.join(', '))}" list="known-sites">
          <button type="button" data-save-sites="${esc(u.name)}">Save</button></td>
      <td>${u.enabled ? 'enabled' : '<b>disabled</b>'}
          <button type="button" data-toggle="${esc(u.name)}" data-enabled="${u.enabled}">${u.enabled ? 'Disable' : 'Enable'}</button></td>
      <td><input type="password" data-pw="${esc(u.name)}" placeholder="new password" autocomplete="new-password">
          <button type="button" data-reset="${esc(u.name)}">Reset</button></td>
      <td>${esc(u.createdAt)} by ${esc(u.createdBy)}</td></tr>`).join('');
  }

  async function loadSites() {
    const { body } = await api('/api/admin/sites');
    document.getElementById('sites').textContent = body.join(', ') || '(none yet)';
    document.getElementById('known-sites').innerHTML = body.map(s => `<option value="${esc(s)}">`).join('');
  }

  async function loadAudit(link) {
    const { body, res } = await api(link || '/api/admin/audit?limit=50');
    document.getElementById('audit').innerHTML = body.map(e => `<tr data-audit="${e.id}">
      <td>${esc(e.at)}</td><td>${esc(e.actor)}</td><td>${esc(e.address)}</td><td>${esc(e.action)}</td>
      <td>${esc(e.target)}</td><td>${esc(e.detail)}</td></tr>`).join('');
    const next = (res.headers.get('Link') || '').match(/<([^>]+)>;\s*rel="next"/);
    olderLink = next ? new URL(next[1], location.href).pathname + new URL(next[1], location.href).search : null;
    document.getElementById('audit-older').disabled = !olderLink;
  }

  async function act(what, call) {
    try {
      await call();
      say(what);
      await loadUsers();
      await loadAudit();
    } catch (e) {
      say(e.message, true);
    }
  }

  function wire() {
    document.getElementById('add-form').onsubmit = ev => {
      ev.preventDefault();
      const name = document.getElementById('new-name').value.trim();
      act(`user ${name} added`, () => api('/api/admin/users', { method: 'POST', json: {
        name, password: document.getElementById('new-password').value,
        role: document.getElementById('new-role').value, sites: sitesOf(document.getElementById('new-sites').value) } })
        .then(() => { document.getElementById('new-name').value = ''; document.getElementById('new-password').value = ''; }));
    };
    document.getElementById('users').addEventListener('click', ev => {
      const t = ev.target;
      const enc = n => encodeURIComponent(n);
      if (t.dataset.toggle) {
        const verb = t.dataset.enabled === 'true' ? 'disable' : 'enable';
        act(`user ${t.dataset.toggle}: ${verb}d`, () => api(`/api/admin/users/${enc(t.dataset.toggle)}/${verb}`, { method: 'POST' }));
      } else if (t.dataset.reset) {
        const input = document.querySelector(`input[data-pw="${CSS.escape(t.dataset.reset)}"]`);
        act(`user ${t.dataset.reset}: password reset`, () => api(`/api/admin/users/${enc(t.dataset.reset)}/password`,
          { method: 'PUT', json: { password: input.value } }));
      } else if (t.dataset.saveSites) {
        const input = document.querySelector(`input[data-sites="${CSS.escape(t.dataset.saveSites)}"]`);
        act(`user ${t.dataset.saveSites}: sites saved`, () => api(`/api/admin/users/${enc(t.dataset.saveSites)}/sites`,
          { method: 'PUT', json: { sites: sitesOf(input.value) } }));
      }
    });
    document.getElementById('users').addEventListener('change', ev => {
      const t = ev.target;
      if (t.dataset.role) {
        act(`user ${t.dataset.role}: role ${t.value}`, () => api(`/api/admin/users/${encodeURIComponent(t.dataset.role)}/role`,
          { method: 'PUT', json: { role: t.value } }));
      }
    });
    document.getElementById('audit-newest').onclick = () => loadAudit().catch(e => say(e.message, true));
    document.getElementById('audit-older').onclick = () => olderLink && loadAudit(olderLink).catch(e => say(e.message, true));
    document.getElementById('logout').onclick = async () => {
      await fetch('/api/logout', { method: 'POST', credentials: 'same-origin' });
      location.href = '/login.html';
    };
  }

  async function start() {
    const r = await fetch('/api/me', { credentials: 'same-origin', headers: { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' } });
    const me = r.ok ? await r.json() : null;
    if (!me || !me.authenticated) { location.href = '/login.html'; return; }
    document.getElementById('user').textContent = me.name;
    if (!me.canAdmin) { say('This page is for admins only.', true); return; }
    wire();
    try {
      await Promise.all([loadUsers(), loadSites(), loadAudit()]);
    } catch (e) {
      say(e.message, true);
    }
  }

  start();
})();
