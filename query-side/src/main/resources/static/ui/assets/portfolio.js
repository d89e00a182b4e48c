// Portfolio: every relationship the user may read, at-risk ones first, with status, owner, kind, reputation trend
// and open complaints; filters and search map one to one onto GET /relationships.
import { api, el, $, startPage, statusBadge, words, number, day, problemText, limiter } from './common.js';
import { sparkline, trendWords, dailyChart, drawInto } from './charts.js';

const ORDER = ['AT_RISK', 'ACTIVE', 'DORMANT', 'CLOSED'];
const HEADINGS = { AT_RISK: 'At risk', ACTIVE: 'Active', DORMANT: 'Dormant', CLOSED: 'Closed' };
const PAGE = 50;
const fields = ['q', 'status', 'kind', 'tier', 'owner', 'sort'];
const spark = limiter(4);
let me;
let generation = 0;

function readForm() {
  const form = $('#filters');
  const values = {};
  for (const name of fields) values[name] = form.elements[name].value.trim();
  values.mine = form.elements.mine.checked;
  return values;
}

function writeForm(values) {
  const form = $('#filters');
  for (const name of fields) form.elements[name].value = values[name] || (name === 'sort' ? 'reputation' : '');
  form.elements.mine.checked = !!values.mine;
  form.elements.owner.disabled = !!values.mine;
}

function fromUrl() {
  const p = new URLSearchParams(location.search);
  const values = {};
  for (const name of fields) values[name] = p.get(name) || '';
  values.mine = p.get('mine') === '1';
  if (![...p.keys()].length && me.roles.length === 1 && me.roles[0] === 'RELATIONSHIP_MANAGER') {
    values.mine = true; // a relationship manager starts with their own relationships; "Only mine" off shows all
  }
  return values;
}

function toUrl(values) {
  const p = new URLSearchParams();
  for (const name of fields) if (values[name] && !(name === 'sort' && values[name] === 'reputation')) p.set(name, values[name]);
  if (values.mine) p.set('mine', '1');
  const query = p.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

function query(values, status, cursor) {
  const p = new URLSearchParams({ limit: String(PAGE), sort: values.sort || 'reputation', status });
  if (values.q) p.set('q', values.q);
  if (values.kind) p.set('kind', values.kind);
  if (values.tier) p.set('tier', values.tier);
  const owner = values.mine ? me.user : values.owner;
  if (owner) p.set('owner', owner);
  if (cursor) p.set('cursor', cursor);
  return `/relationships?${p}`;
}

function row(r) {
  const cell = (label, content, cls) => el('td', { 'data-label': label, class: cls }, content);
  const reputation = el('div', {}, el('span', { class: 'score' }, number(r.reputation)));
  const tr = el('tr', { dataset: { relationshipId: r.relationshipId, status: r.status } },
    cell('Counterparty', el('a', { href: `/ui/relationship.html?id=${r.relationshipId}`, class: 'name-link' },
      r.counterpartyName), 'name'),
    cell('Status', statusBadge(r.status)),
    cell('Owner', r.owner || '—'),
    cell('Kind', words(r.kind)),
    cell('Tier', words(r.tier)),
    cell('Reputation', reputation, 'reputation'),
    cell('Open complaints', String(r.openComplaints), 'num complaints'),
    cell('Live negotiations', String(r.liveNegotiations), 'num'),
    cell('Last contact', day(r.lastContactAt)));
  const mine = generation;
  spark(async () => {
    if (mine !== generation) return;
    try {
      const points = await api(`/relationships/${r.relationshipId}/reputation`);
      const values = points.length ? [points[0].before, ...points.map((p) => p.after)].slice(-30) : [r.reputation];
      reputation.append(sparkline(values, `${r.counterpartyName}: ${trendWords(values)}`));
    } catch (e) {
      reputation.append(el('span', { class: 'hint' }, ' (trend unavailable)'));
    }
  });
  return tr;
}

function table(status) {
  return el('div', { class: 'table-wrap' }, el('table', { class: 'cards portfolio', id: `table-${status}` },
    el('caption', { class: 'visually-hidden' }, `${HEADINGS[status]} relationships`),
    el('thead', {}, el('tr', {}, ['Counterparty', 'Status', 'Owner', 'Kind', 'Tier', 'Reputation', 'Open complaints',
      'Live negotiations', 'Last contact'].map((h, i) => el('th', { scope: 'col', class: i === 6 || i === 7 ? 'num' : null }, h)))),
    el('tbody', {})));
}

async function loadGroup(values, status, section, cursor, mine = generation) {
  const body = $('tbody', section);
  const more = $('button.more', section);
  if (more) more.remove();
  const page = await api(query(values, status, cursor));
  if (mine !== generation) return 0;
  for (const r of page.items) body.append(row(r));
  section.hidden = body.children.length === 0 && !values.status;
  if (!body.children.length && values.status) {
    section.append(el('p', { class: 'message' }, 'No relationship matches.'));
  }
  if (page.nextCursor) {
    section.append(el('button', { type: 'button', class: 'secondary more', on: { click: (e) => {
      e.target.disabled = true;
      loadGroup(values, status, section, page.nextCursor).catch(showError);
    } } }, `Show more ${HEADINGS[status].toLowerCase()} relationships`));
  }
  return page.items.length;
}

async function load() {
  const values = readForm();
  toUrl(values);
  const mine = ++generation;
  $('#page-error').textContent = '';
  const groups = $('#groups');
  groups.dataset.state = 'loading';
  groups.replaceChildren();
  const statuses = values.status ? [values.status] : ORDER;
  let total = 0;
  for (const status of statuses) {
    const section = el('section', { class: 'card group', id: `group-${status}`, 'aria-labelledby': `heading-${status}` },
      el('h2', { id: `heading-${status}` }, statusBadge(status), HEADINGS[status]), table(status));
    groups.append(section);
    total += await loadGroup(values, status, section, null, mine);
    if (mine !== generation) return;
  }
  groups.dataset.state = 'ready';
  $('#result-status').textContent = total ? `${total} relationships shown` : 'No relationship matches the filters';
  if (!total && !values.status) {
    groups.append(el('p', { class: 'message', id: 'no-match' }, 'No relationship matches the filters.'));
  }
}

function showError(e) {
  $('#page-error').textContent = problemText(e, 'the relationships');
}

async function trend() {
  const box = $('#portfolio-trend');
  try {
    const days = await api('/portfolio/reputation');
    const values = days.filter((d) => d.relationships > 0).map((d) => d.averageScore);
    const last = days[days.length - 1];
    const chartBox = el('div');
    box.append(chartBox, el('p', { class: 'hint' }, last && last.relationships
        ? `Today (${last.day}): average ${number(last.averageScore)} over ${last.relationships} relationships.`
        : 'No scored relationship yet.'));
    drawInto(chartBox, (width) => dailyChart(days, `Portfolio ${trendWords(values)}`, width));
  } catch (e) {
    box.append(el('p', { class: 'message' }, problemText(e, 'the portfolio trend')));
  }
  box.dataset.state = 'ready';
}

async function main() {
  me = await startPage('portfolio');
  writeForm(fromUrl());
  const form = $('#filters');
  form.addEventListener('submit', (e) => { e.preventDefault(); load().catch(showError); });
  for (const name of ['status', 'kind', 'tier', 'sort']) {
    form.elements[name].addEventListener('change', () => load().catch(showError));
  }
  form.elements.mine.addEventListener('change', () => {
    form.elements.owner.disabled = form.elements.mine.checked;
    load().catch(showError);
  });
  let typing;
  form.elements.q.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => load().catch(showError), 350);
  });
  $('#clear').addEventListener('click', () => { writeForm({}); load().catch(showError); });
  trend();
  await load();
}

main().catch(showError);
