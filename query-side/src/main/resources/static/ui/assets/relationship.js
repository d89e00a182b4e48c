// One relationship: where it stands now, its reputation timeline (points open their events), a replay over either
// time axis (GET /relationships/{id}/as-of) and the event list with diffs, actors and corrections (GET .../steps).
import {
  api, el, $, startPage, statusBadge, words, number, time, day, problemText, param, describe, fact, UUID, ApiError,
} from './common.js';
import { reputationChart, reputationTable, drawInto } from './charts.js';

const MAX_EVENTS = 2000; // events loaded for the list and the replay steps (docs/web-workspace.md, limits)
const SUBJECTS = ['contactId', 'complaintId', 'proposalId'];
const id = param('id');
let me;
let summary;
let steps = [];
const byPosition = new Map();
const correctionsOf = new Map(); // original position -> [correction steps]
const originalOf = new Map(); // correction position -> original step

function mayReadNegotiations() {
  return me.may.negotiations === 'all' || (summary && summary.owner === me.user);
}

// ---------- now ----------
function renderNow(s) {
  document.title = `${s.counterpartyName} · Relationship Ledger`;
  $('#name').replaceChildren(s.counterpartyName, ' ', statusBadge(s.status));
  $('#crumb').textContent = s.counterpartyName;
  const now = $('#now');
  now.replaceChildren(
    fact('Status', statusBadge(s.status), 'status'),
    fact('Owner', s.owner || '—', 'owner'),
    fact('Kind', words(s.kind), 'kind'),
    fact('Tier', words(s.tier), 'tier'),
    fact('Segment', s.segment || '—', 'segment'),
    fact('Reputation', `${number(s.reputation)} (${s.reputationModel})`, 'reputation'),
    fact('Open complaints', String(s.openComplaints), 'openComplaints'),
    fact('Live negotiations', String(s.liveNegotiations), 'liveNegotiations'),
    fact('Active contracts', String(s.activeContracts), 'activeContracts'),
    fact('Contacts', String(s.contactCount), 'contactCount'),
    fact('Last contact', time(s.lastContactAt), 'lastContactAt'),
    fact('Opened', time(s.openedAt), 'openedAt'),
    fact('Next renewal or expiry', day(s.nextRenewalOrExpiry), 'nextRenewalOrExpiry'),
    fact('Last recorded', `${time(s.lastRecordedAt)} (#${s.lastPosition})`, 'lastRecordedAt'));
  now.dataset.state = 'ready';
}

// ---------- reputation ----------
async function loadReputation() {
  const box = $('#reputation-chart');
  box.dataset.state = 'loading';
  const model = $('#model').value;
  try {
    const points = await api(`/relationships/${id}/reputation?model=${model}`);
    drawInto(box, (width) => reputationChart(points, {
      onOpen: openEvent,
      title: `Reputation over time, model ${model}: ${points.length} scoring events`,
    }, width));
    $('#reputation-table').replaceChildren(reputationTable(points));
    box.dataset.state = 'ready';
    box.dataset.points = String(points.length);
  } catch (e) {
    box.replaceChildren(el('p', { class: 'message error' }, problemText(e, 'the reputation timeline')));
    box.dataset.state = 'error';
  }
}

// ---------- events ----------
async function loadSteps() {
  let after = 0;
  const status = $('#events-status');
  while (steps.length < MAX_EVENTS) {
    const page = await api(`/relationships/${id}/steps?limit=200&after=${after}`);
    steps.push(...page.steps);
    status.textContent = `${steps.length} events loaded…`;
    if (page.nextAfter === null || page.nextAfter === undefined || !page.steps.length) {
      return true;
    }
    after = page.nextAfter;
  }
  return false;
}

function subjectKey(payload) {
  for (const key of SUBJECTS) if (payload && payload[key]) return `${key}:${payload[key]}`;
  return null;
}

/** The audit trail's rule: a correction corrects the first earlier non-correction event about the same thing. */
function linkCorrections() {
  const firstOf = new Map();
  for (const step of steps) {
    byPosition.set(step.position, step);
    const key = subjectKey(step.payload);
    if (!key) continue;
    if (step.correctionReason === null || step.correctionReason === undefined) {
      if (!firstOf.has(key)) firstOf.set(key, step);
    } else if (firstOf.has(key)) {
      const original = firstOf.get(key);
      originalOf.set(step.position, original);
      if (!correctionsOf.has(original.position)) correctionsOf.set(original.position, []);
      correctionsOf.get(original.position).push(step);
    }
  }
}

function eventLink(step, text) {
  return el('a', { href: `#event-${step.position}`, on: { click: (e) => { e.preventDefault(); openEvent(step.position); } } },
    text || `#${step.position} ${step.eventType}`);
}

function eventBody(step) {
  const body = el('div', { class: 'event-body' });
  const original = originalOf.get(step.position);
  if (step.correctionReason !== null && step.correctionReason !== undefined) {
    body.append(el('p', { class: 'message warn correction-note', dataset: { corrects: original ? original.position : '' } },
      'Correction of ', original ? eventLink(original) : 'an event not shown', `. Reason: ${step.correctionReason}`));
  }
  const corrections = correctionsOf.get(step.position) || [];
  if (corrections.length) {
    body.append(el('div', { class: 'message warn correction-note', dataset: { corrections: corrections.map((c) => c.position).join(',') } },
      `Corrected ${corrections.length} time${corrections.length > 1 ? 's' : ''} later; this original stays as recorded:`,
      el('ul', { class: 'sublist' }, corrections.map((c) => el('li', {}, eventLink(c),
        ` by ${c.actor}, ${time(c.recordedAt)}: ${c.correctionReason}`)))));
  }
  const facts = el('dl', { class: 'facts' },
    fact('Recorded', time(step.recordedAt)),
    fact('Happened (business time)', step.businessTime ? time(step.businessTime) : '— (when recorded)'),
    fact('Actor', `${step.actor} (${String(step.actorRoles || '').split(',').map(words).join(', ')})`),
    fact('Correlation id', el('span', { class: 'mono' }, step.correlationId || '—')),
    fact('Causation id', el('span', { class: 'mono' }, step.causationId || '—')));
  body.append(facts);
  if (step.payload && step.payload.negotiationId && mayReadNegotiations()) {
    body.append(el('p', {}, el('a', { href: `/ui/negotiation.html?id=${step.payload.negotiationId}` },
      'Open the negotiation audit')));
  }
  const changes = step.changes || [];
  body.append(changes.length
    ? el('div', { class: 'table-wrap' }, el('table', { class: 'diff' },
      el('caption', {}, 'What changed in the relationship'),
      el('thead', {}, el('tr', {}, ['Field', 'Before', 'After'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, changes.map((c) => el('tr', {},
        el('td', { class: 'mono' }, c.field), el('td', {}, describe(c.before)), el('td', {}, describe(c.after)))))))
    : el('p', { class: 'hint' }, 'No field of the relationship view changed.'));
  body.append(el('details', {}, el('summary', {}, 'The event as recorded (JSON)'),
    el('pre', {}, JSON.stringify(step.payload, null, 2))));
  return body;
}

function eventItem(step) {
  const isCorrection = step.correctionReason !== null && step.correctionReason !== undefined;
  const corrected = correctionsOf.has(step.position);
  const summaryLine = el('summary', {},
    el('span', { class: 'pos' }, `#${step.position}`), ' ', el('strong', {}, step.eventType),
    ` by ${step.actor} · ${time(step.recordedAt)}`,
    step.businessTime ? ` · happened ${time(step.businessTime)}` : '',
    isCorrection ? [' ', el('span', { class: 'badge warn' }, 'correction')] : '',
    corrected ? [' ', el('span', { class: 'badge warn' }, 'corrected later')] : '',
    step.changes && step.changes.length ? ` · ${step.changes.length} field${step.changes.length > 1 ? 's' : ''} changed` : '');
  const details = el('details', {}, summaryLine);
  details.addEventListener('toggle', () => {
    if (details.open && details.children.length === 1) details.append(eventBody(step));
  }, { once: false });
  return el('li', { id: `event-${step.position}`, dataset: { position: step.position, type: step.eventType } }, details);
}

function renderEvents(complete) {
  const list = $('#events');
  list.replaceChildren(...steps.map(eventItem));
  const types = [...new Set(steps.map((s) => s.eventType))].sort();
  $('#event-type').append(...types.map((t) => el('option', { value: t }, t)));
  $('#events-status').textContent = complete
    ? `${steps.length} events.`
    : `The first ${steps.length} events are shown (the list stops at ${MAX_EVENTS}).`;
  list.dataset.state = 'ready';
}

function filterEvents() {
  const type = $('#event-type').value;
  for (const li of $('#events').children) li.hidden = !!type && li.dataset.type !== type;
}

/** Opens the event behind a chart point or a link: expands it, scrolls to it and moves the focus there. */
function openEvent(position) {
  const li = document.getElementById(`event-${position}`);
  if (!li) {
    $('#events-status').textContent = `Event #${position} is not among the events loaded.`;
    return;
  }
  if (li.hidden) {
    $('#event-type').value = '';
    filterEvents();
  }
  for (const other of document.querySelectorAll('#events > li.highlight')) other.classList.remove('highlight');
  li.classList.add('highlight');
  const details = $('details', li);
  details.open = true;
  if (details.children.length === 1) details.append(eventBody(byPosition.get(position)));
  const summaryLine = $('summary', li);
  summaryLine.focus({ preventScroll: true });
  li.scrollIntoView({ block: 'start' });
  history.replaceState(null, '', `${location.pathname}${location.search}#event-${position}`);
}

// ---------- replay ----------
let stops = [];
let replaySeq = 0;
let replayAbort;
let sliderTimer;

function effectiveTime(step, axis) {
  return axis === 'business' && step.businessTime ? step.businessTime : step.recordedAt;
}

function buildStops() {
  const axis = currentAxis();
  const sorted = steps.map((s) => ({ at: effectiveTime(s, axis), step: s }))
    .sort((a, b) => (Date.parse(a.at) - Date.parse(b.at)) || (a.step.position - b.step.position));
  stops = [];
  for (const { at, step } of sorted) {
    const last = stops[stops.length - 1];
    if (last && Date.parse(last.at) === Date.parse(at)) last.events.push(step);
    else stops.push({ at, events: [step] });
  }
  const slider = $('#replay-slider');
  slider.max = String(Math.max(0, stops.length - 1));
  slider.value = slider.max;
  slider.disabled = stops.length === 0;
}

function currentAxis() {
  return document.querySelector('input[name="axis"]:checked').value;
}

function stopText(index) {
  const stop = stops[index];
  const what = stop.events.map((s) => `${s.eventType} (#${s.position})`).join(', ');
  return `Step ${index + 1} of ${stops.length}: just after ${what}, ${time(stop.at, { ms: true })}`;
}

function onSlider(immediate) {
  const index = Number($('#replay-slider').value);
  const stop = stops[index];
  if (!stop) return;
  $('#replay-slider').setAttribute('aria-valuetext', stopText(index));
  $('#replay-moment').dataset.at = stop.at;
  $('#replay-moment').replaceChildren(stopText(index), ' ',
    ...stop.events.map((s) => [' ', eventLink(s, `open #${s.position}`)]).flat());
  $('#replay-at').value = stop.at.replace(/Z$/, '').slice(0, 23);
  clearTimeout(sliderTimer);
  if (immediate) replay(stop.at);
  else sliderTimer = setTimeout(() => replay(stop.at), 150);
}

function list(title, items, render, field) {
  return el('div', { dataset: { list: field } }, el('h3', {}, `${title} (${items.length})`),
    items.length ? el('ul', { class: 'sublist' }, items.map(render)) : el('p', { class: 'hint' }, 'None.'));
}

function replayFact(label, text, field, value) {
  const item = fact(label, text, field);
  $('dd', item).dataset.value = value === null || value === undefined ? '' : String(value);
  return item;
}

async function replay(at) {
  const axis = currentAxis();
  const seq = ++replaySeq;
  if (replayAbort) replayAbort.abort();
  replayAbort = new AbortController();
  const view = $('#replay-view');
  view.dataset.state = 'loading';
  view.setAttribute('aria-busy', 'true');
  try {
    const answer = await api(`/relationships/${id}/as-of?at=${encodeURIComponent(at)}&axis=${axis}`,
      { signal: replayAbort.signal });
    if (seq !== replaySeq) return;
    const v = answer.view;
    const s = v.summary;
    $('#replay-message').textContent = `As of ${time(answer.at, { ms: true })}, ${axis} time: ${answer.eventsFolded} events folded`
      + (answer.checkpointPosition ? ` on top of the checkpoint at #${answer.checkpointPosition}` : '') + '.';
    $('#replay-facts').replaceChildren(
      replayFact('Status', statusBadge(s.status), 'status', s.status),
      replayFact('Owner', s.owner || '—', 'owner', s.owner),
      replayFact('Tier', words(s.tier), 'tier', s.tier),
      replayFact('Reputation', number(s.reputation), 'reputation', s.reputation),
      replayFact('Contacts', String(s.contactCount), 'contactCount', s.contactCount),
      replayFact('Open complaints', String(s.openComplaints), 'openComplaints', s.openComplaints),
      replayFact('Live negotiations', String(s.liveNegotiations), 'liveNegotiations', s.liveNegotiations),
      replayFact('Active contracts', String(s.activeContracts), 'activeContracts', s.activeContracts),
      replayFact('Last contact', time(s.lastContactAt), 'lastContactAt', s.lastContactAt),
      replayFact('Last event folded', `#${s.lastPosition}`, 'lastPosition', s.lastPosition));
    $('#replay-lists').replaceChildren(
      list('Complaints', Object.entries(v.complaints), ([cid, c]) =>
        el('li', {}, `${words(c.category)}, ${words(c.severity)}: ${words(c.status)} (filed ${time(c.filedAt)})`), 'complaints'),
      list('Negotiations', Object.entries(v.negotiations), ([nid, n]) => el('li', {},
        mayReadNegotiations() ? el('a', { href: `/ui/negotiation.html?id=${nid}` }, n.subject) : n.subject,
        `: ${words(n.status)}, ${n.rounds} rounds`), 'negotiations'),
      list('Contracts', Object.entries(v.contracts), ([cid, c]) =>
        el('li', {}, `${c.title}: ${words(c.status)}, ${number(c.value)} ${c.currency}`), 'contracts'),
      list('People at the counterparty', Object.entries(v.people), ([pid, name]) => el('li', {}, name), 'people'),
      list('Delegates', v.delegates, (d) => el('li', {}, d), 'delegates'));
    view.dataset.at = at;
    view.dataset.axis = axis;
    view.dataset.state = 'ready';
  } catch (e) {
    if (e.name === 'AbortError' || seq !== replaySeq) return;
    $('#replay-facts').replaceChildren();
    $('#replay-lists').replaceChildren();
    $('#replay-message').textContent = e instanceof ApiError && e.status === 404
      ? `The relationship did not exist yet at ${time(at)} (${axis} time).`
      : problemText(e, 'the relationship at that moment');
    view.dataset.at = at;
    view.dataset.axis = axis;
    view.dataset.state = 'ready';
  } finally {
    if (seq === replaySeq) view.setAttribute('aria-busy', 'false');
  }
}

// ---------- page ----------
async function main() {
  me = await startPage('portfolio');
  if (!id || !UUID.test(id)) {
    $('#page-error').textContent = 'No relationship is named: open one from the portfolio.';
    return;
  }
  summary = await api(`/relationships/${id}`);
  renderNow(summary);
  $('#model').addEventListener('change', loadReputation);
  const reputation = loadReputation();
  const complete = await loadSteps();
  linkCorrections();
  renderEvents(complete);
  $('#event-type').addEventListener('change', filterEvents);
  buildStops();
  const slider = $('#replay-slider');
  slider.addEventListener('input', () => onSlider(false));
  slider.addEventListener('change', () => onSlider(true));
  for (const radio of document.querySelectorAll('input[name="axis"]')) {
    radio.addEventListener('change', () => { buildStops(); onSlider(true); });
  }
  $('#replay-at-form').addEventListener('submit', (e) => {
    e.preventDefault();
    let value = $('#replay-at').value;
    if (!value) return;
    if (value.length === 16) value += ':00';
    const at = new Date(`${value}Z`).toISOString();
    $('#replay-moment').textContent = `The moment you chose: ${time(at, { ms: true })}`;
    $('#replay-moment').dataset.at = at;
    replay(at);
  });
  onSlider(true);
  await reputation;
  const target = /^#event-(\d+)$/.exec(location.hash);
  if (target) openEvent(Number(target[1]));
}

main().catch((e) => {
  $('#page-error').textContent = problemText(e, 'this relationship');
});
