// Small inline-SVG charts drawn by our own code: no chart library, nothing to license.
import { el, svg, time, number } from './common.js';

/**
 * Draws a chart at its box's real width (1 SVG unit = 1 CSS pixel, so the labels keep their size at 390 px as at
 * 1280 px) and draws it again when the box is resized. The drawn width is kept in data-width.
 */
export function drawInto(box, draw) {
  let drawn = 0;
  const render = () => {
    const width = Math.round(box.clientWidth);
    if (!width || width === drawn) return;
    drawn = width;
    const chart = draw(width);
    chart.dataset.width = String(width);
    box.replaceChildren(chart);
  };
  if (box.chartObserver) box.chartObserver.disconnect(); // drawn again with other data (another model)
  box.chartObserver = new ResizeObserver(render);
  box.chartObserver.observe(box);
  render();
}

const RISK = 40; // status rule: reputation below 40 puts a relationship at risk (docs/read-models/relationship-status.md)

/**
 * A reputation sparkline, scaled to its own range (at least 10 points high) so that a change shows; the dashed line
 * is the at-risk level (40) when it lies in that range. The label says the numbers.
 */
export function sparkline(values, label) {
  const w = 120, h = 32, pad = 4;
  const n = values.length;
  let lo = n ? Math.min(...values) : 0;
  let hi = n ? Math.max(...values) : 100;
  if (hi - lo < 10) { const mid = (hi + lo) / 2; lo = mid - 5; hi = mid + 5; }
  const x = (i) => (n <= 1 ? w - pad : pad + (i * (w - 2 * pad)) / (n - 1));
  const y = (v) => h - pad - ((v - lo) * (h - 2 * pad)) / (hi - lo);
  const chart = svg('svg', { class: 'spark', viewBox: `0 0 ${w} ${h}`, role: 'img', 'aria-label': label,
    preserveAspectRatio: 'none', focusable: 'false' });
  if (RISK >= lo && RISK <= hi) chart.append(svg('line', { class: 'risk-line', x1: 0, x2: w, y1: y(RISK), y2: y(RISK) }));
  if (n) {
    chart.append(svg('polyline', { points: (n === 1 ? [values[0], values[0]] : values)
      .map((v, i) => `${n === 1 ? (i ? w - pad : pad) : x(i)},${y(v)}`).join(' ') }));
  }
  return chart;
}

/** The portfolio's daily average: a small line chart over the days, with the first and last day named. */
export function dailyChart(days, label, W = 800) {
  const H = 150, L = 36, R = 12, T = 12, B = 30;
  const scored = days.map((d, i) => ({ ...d, i })).filter((d) => d.relationships > 0);
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, id: 'portfolio-chart' });
  const x = (i) => (days.length <= 1 ? L : L + (i * (W - L - R)) / (days.length - 1));
  const y = (v) => T + ((100 - v) * (H - T - B)) / 100;
  for (const v of [0, 50, 100]) {
    chart.append(svg('line', { class: 'grid-line', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    chart.append(svg('text', { class: 'tick', x: L - 8, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  chart.append(svg('line', { class: 'threshold', x1: L, x2: W - R, y1: y(RISK), y2: y(RISK) }));
  if (scored.length) {
    chart.append(svg('polyline', { class: 'series', points: scored.map((d) => `${x(d.i)},${y(d.averageScore)}`).join(' ') }));
    const lastDay = scored[scored.length - 1];
    chart.append(svg('g', { class: 'point' }, svg('circle', { class: 'dot', cx: x(lastDay.i), cy: y(lastDay.averageScore), r: 4.5 })));
  }
  if (days.length) {
    chart.append(svg('text', { class: 'tick', x: L, y: H - 8 }, String(days[0].day)));
    chart.append(svg('text', { class: 'tick', x: W - R, y: H - 8, 'text-anchor': 'end' }, String(days[days.length - 1].day)));
  }
  return chart;
}

/** Words for a sparkline's label: where the score started and ended. */
export function trendWords(values) {
  if (!values.length) return 'no reputation changes yet';
  const first = values[0], last = values[values.length - 1];
  const dir = last > first ? 'up' : last < first ? 'down' : 'unchanged';
  return `reputation ${dir}, ${number(first)} to ${number(last)} over ${values.length - 1} change${values.length === 2 ? '' : 's'}`;
}

/**
 * The reputation timeline: one point per event that changed the score, in ledger order. The points form one
 * keyboard stop (Tab), arrow keys move between them, Enter or a click opens the event behind the point.
 */
export function reputationChart(points, { onOpen, title }, W = 800) {
  const H = W < 600 ? 220 : 260, L = 36, R = 14, T = 14, B = 44;
  const values = points.length ? [points[0].before, ...points.map((p) => p.after)] : [];
  const n = values.length;
  const x = (i) => (n <= 1 ? L + (W - L - R) / 2 : L + (i * (W - L - R)) / (n - 1));
  const y = (v) => T + ((100 - Math.max(0, Math.min(100, v))) * (H - T - B)) / 100;
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'group', 'aria-label': title,
    id: 'reputation-svg' });
  for (const v of [0, 25, 50, 75, 100]) {
    chart.append(svg('line', { class: 'grid-line', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    chart.append(svg('text', { class: 'tick', x: L - 8, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  chart.append(svg('line', { class: 'threshold', x1: L, x2: W - R, y1: y(RISK), y2: y(RISK) }));
  chart.append(svg('text', { class: 'tick', x: L + 6, y: y(RISK) + 16 }, 'at risk below 40'));
  chart.append(svg('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));
  if (!n) {
    chart.append(svg('text', { class: 'tick', x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'No event has changed the score yet'));
    return chart;
  }
  chart.append(svg('polyline', { class: 'series', points: values.map((v, i) => `${x(i)},${y(v)}`).join(' ') }));
  const labelEvery = Math.max(1, Math.ceil(points.length / Math.max(2, Math.floor((W - L - R) / 56))));
  const marks = [];
  points.forEach((p, i) => {
    const cx = x(i + 1), cy = y(p.after);
    const sign = p.points > 0 ? '+' : '';
    const label = `#${p.position} ${p.eventType}: ${number(p.before)} to ${number(p.after)} (${sign}${number(p.points)}, ${p.rule}), ${time(p.at)}`;
    const mark = svg('g', { class: 'point', role: 'button', tabindex: '-1', 'aria-label': label,
      'data-position': p.position },
      svg('title', {}, label),
      svg('circle', { class: 'halo', cx, cy, r: 11 }),
      svg('circle', { class: 'dot', cx, cy, r: 5.5 }));
    mark.addEventListener('click', () => { select(i); onOpen(p.position); });
    chart.append(mark);
    marks.push(mark);
    if (i % labelEvery === 0 || i === points.length - 1) {
      chart.append(svg('text', { class: 'tick', x: cx, y: H - B + 18, 'text-anchor': 'middle' }, `#${p.position}`));
    }
  });
  chart.append(svg('text', { class: 'tick', x: L, y: H - 6 }, W < 600 ? 'event #, in ledger order'
    : `event #, in ledger order: ${time(points[0].at).slice(0, 10)} → ${time(points[points.length - 1].at).slice(0, 10)}`));
  let current = marks.length - 1;
  const select = (i) => {
    marks[current].setAttribute('tabindex', '-1');
    current = Math.max(0, Math.min(marks.length - 1, i));
    marks[current].setAttribute('tabindex', '0');
  };
  marks[current].setAttribute('tabindex', '0');
  chart.addEventListener('keydown', (event) => {
    const moves = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 };
    if (event.key in moves) {
      select(current + moves[event.key]);
    } else if (event.key === 'Home') {
      select(0);
    } else if (event.key === 'End') {
      select(marks.length - 1);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(points[current].position);
      return;
    } else {
      return;
    }
    event.preventDefault();
    marks[current].focus();
  });
  return chart;
}

/** The same timeline as a table (for screen readers and for reading exact values). */
export function reputationTable(points) {
  return el('div', { class: 'table-wrap' }, el('table', {},
    el('caption', {}, 'Reputation changes, in ledger order'),
    el('thead', {}, el('tr', {}, ['Event', 'Type', 'Rule', 'Points', 'Before', 'After', 'Scored at']
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, points.map((p) => el('tr', {},
      el('td', {}, el('a', { href: `#event-${p.position}` }, `#${p.position}`)),
      el('td', {}, p.eventType), el('td', {}, p.rule),
      el('td', { class: 'num' }, number(p.points)), el('td', { class: 'num' }, number(p.before)),
      el('td', { class: 'num' }, number(p.after)), el('td', {}, time(p.at)))))));
}

/** Price per round for both sides, with the mandate's floor and ceiling; prices in the first round's currency. */
export function priceChart(rounds, mandate, W = 800) {
  const H = W < 600 ? 200 : 240, L = 44, R = 12, T = 14, B = 30;
  const currency = rounds.find((r) => r.currentTerms && r.currentTerms.price)?.currentTerms.price.currency;
  const priced = rounds.filter((r) => r.currentTerms && r.currentTerms.price && r.currentTerms.price.currency === currency);
  const limits = [mandate?.priceFloor, mandate?.priceCeiling].filter((m) => m && m.currency === currency).map((m) => Number(m.amount));
  const amounts = priced.map((r) => Number(r.currentTerms.price.amount)).concat(limits);
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', id: 'price-chart',
    'aria-label': priced.length
      ? `Price per round in ${currency}: ` + priced.map((r) => `round ${r.round} ${r.side === 'OURS' ? 'ours' : 'theirs'} ${number(r.currentTerms.price.amount)}`).join(', ')
      : 'No priced proposals' });
  if (!priced.length) return chart;
  let lo = Math.min(...amounts), hi = Math.max(...amounts);
  const pad = (hi - lo) * 0.1 || Math.max(1, hi * 0.1);
  lo -= pad; hi += pad;
  const maxRound = Math.max(...rounds.map((r) => r.round));
  const x = (round) => (maxRound <= 1 ? L + (W - L - R) / 2 : L + ((round - 1) * (W - L - R)) / (maxRound - 1));
  const y = (v) => T + ((hi - v) * (H - T - B)) / (hi - lo);
  for (let i = 0; i <= 4; i++) {
    const v = lo + ((hi - lo) * i) / 4;
    chart.append(svg('line', { class: 'grid-line', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    chart.append(svg('text', { class: 'tick', x: L - 8, y: y(v) + 4, 'text-anchor': 'end' }, number(v, 0)));
  }
  for (const [m, name] of [[mandate?.priceFloor, 'floor'], [mandate?.priceCeiling, 'ceiling']]) {
    if (m && m.currency === currency) {
      chart.append(svg('line', { class: 'mandate', x1: L, x2: W - R, y1: y(m.amount), y2: y(m.amount) }));
      chart.append(svg('text', { class: 'tick', x: W - R, y: y(m.amount) - 6, 'text-anchor': 'end' }, `mandate ${name} ${number(m.amount)}`));
    }
  }
  for (const side of ['OURS', 'THEIRS']) {
    const own = priced.filter((r) => r.side === side);
    if (!own.length) continue;
    const cls = side === 'OURS' ? '' : 'theirs';
    chart.append(svg('polyline', { class: `series ${cls}`, points: own.map((r) => `${x(r.round)},${y(r.currentTerms.price.amount)}`).join(' ') }));
    for (const r of own) {
      chart.append(svg('g', { class: `point ${cls}` },
        svg('title', {}, `Round ${r.round} (${side === 'OURS' ? 'ours' : 'theirs'}): ${number(r.currentTerms.price.amount)} ${currency}`),
        svg('circle', { class: 'dot', cx: x(r.round), cy: y(r.currentTerms.price.amount), r: 5 })));
    }
  }
  chart.append(svg('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));
  for (let round = 1; round <= maxRound; round++) {
    chart.append(svg('text', { class: 'tick', x: x(round), y: H - B + 18, 'text-anchor': 'middle' }, `R${round}`));
  }
  return chart;
}
