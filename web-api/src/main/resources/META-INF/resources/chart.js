// A small line chart in plain SVG (no chart library): time on x, auto-scaled values on y, one path per series.
(function () {
  const NS = 'http://www.w3.org/2000/svg';

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function niceRange(min, max) {
    if (min === max) { min -= 1; max += 1; }
    const pad = (max - min) * 0.08;
    return [min - pad, max + pad];
  }

  /** series: [{key, label, color}], points: [{ts, key...}] */
  window.drawChart = function (container, points, series, options) {
    container.innerHTML = '';
    const W = 600, H = 180, L = 44, R = 8, T = 8, B = 22;
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img' }, container);
    const times = points.map(p => Date.parse(p.ts));
    const values = [];
    series.forEach(s => points.forEach(p => { if (p[s.key] != null) values.push(p[s.key]); }));
    if (!points.length || !values.length) {
      el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', fill: '#888', 'font-size': 13 }, svg).textContent = 'no data in this range';
    } else {
      const t0 = options && options.from ? Date.parse(options.from) : Math.min(...times);
      const t1 = options && options.to ? Date.parse(options.to) : Math.max(...times);
      const [v0, v1] = niceRange(Math.min(...values), Math.max(...values));
      const x = t => L + (W - L - R) * (t - t0) / Math.max(1, t1 - t0);
      const y = v => T + (H - T - B) * (1 - (v - v0) / (v1 - v0));
      for (let i = 0; i <= 4; i++) {
        const v = v0 + (v1 - v0) * i / 4;
        el('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#eee' }, svg);
        el('text', { x: L - 4, y: y(v) + 4, 'text-anchor': 'end', fill: '#666', 'font-size': 10 }, svg).textContent = v.toFixed(v1 - v0 < 10 ? 1 : 0);
      }
      for (let i = 0; i <= 3; i++) {
        const t = t0 + (t1 - t0) * i / 3;
        const d = new Date(t);
        const label = (t1 - t0) > 86400000 ? d.toLocaleDateString() + ' ' + d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
          : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        el('text', { x: x(t), y: H - 6, 'text-anchor': i === 0 ? 'start' : i === 3 ? 'end' : 'middle', fill: '#666', 'font-size': 10 }, svg).textContent = label;
      }
      // gaps longer than 5 sample intervals (or 5 min for 1m data) break the line: no invented data
      const gap = (options && options.gapMs) || 10000;
      series.forEach(s => {
        let d = '', last = null;
        points.forEach((p, i) => {
          const v = p[s.key];
          if (v == null) { last = null; return; }
          const move = last == null || times[i] - last > gap;
          d += (move ? 'M' : 'L') + x(times[i]).toFixed(1) + ',' + y(v).toFixed(1);
          last = times[i];
        });
        el('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 1.5, 'vector-effect': 'non-scaling-stroke' }, svg);
      });
    }
    const legend = document.createElement('div');
    legend.className = 'legend';
    series.forEach(s => {
      const span = document.createElement('span');
      span.innerHTML = `<b style="color:${s.color}">&#9632;</b> `;
      span.appendChild(document.createTextNode(s.label));
      legend.appendChild(span);
    });
    container.appendChild(legend);
  };
})();
