// Compliance: run the command side's hash-chain verification and list every correction beside its original
// (GET /audit: corrections carry `corrects`, originals carry `corrections`).
import { api, el, $, startPage, time, number, problemText, describe, words } from './common.js';

const CORRECTION_TYPES = ['ContactSummaryCorrected', 'ComplaintDetailsCorrected', 'ProposalTermsCorrected'];
const PAGE = 50;
const IDS = new Set(['relationshipId', 'contactId', 'complaintId', 'proposalId', 'negotiationId', 'reason']);
let cursors = {};
let buffered = [];
let filters = {};
const originals = new Map(); // subject -> Promise<entries>

// ---------- verification ----------
async function verify() {
  const box = $('#verification');
  const button = $('#verify');
  button.disabled = true;
  box.dataset.state = 'loading';
  box.replaceChildren(el('p', { class: 'message' }, 'Verifying the chain on the command side…'));
  try {
    const response = await fetch('/ui/api/command/chain/verification', {
      credentials: 'same-origin', headers: { Accept: 'application/json' },
    });
    const type = response.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await response.json().catch(() => null) : null;
    box.dataset.status = String(response.status);
    if (response.ok && body && typeof body.ok === 'boolean') {
      const item = (label, value, field) => el('div', {}, el('dt', {}, label), el('dd', { dataset: { field } }, value));
      const facts = el('dl', { class: 'facts' },
        item('Checked from', `#${describe(body.checkedFrom)}`, 'checkedFrom'),
        item('Checked to', `#${describe(body.checkedTo)}`, 'checkedTo'),
        item('Events checked', number(body.eventsChecked, 0), 'eventsChecked'),
        body.chainHead !== undefined ? item('Chain head', body.chainHead === null ? 'none yet' : `#${body.chainHead}`, 'chainHead') : null,
        body.checkpointsVerified !== undefined ? item('Signed checkpoints verified', number(body.checkpointsVerified, 0), 'checkpointsVerified') : null,
        body.unchainedTail !== undefined ? item('Events not yet chained', number(body.unchainedTail, 0), 'unchainedTail') : null);
      const notes = Array.isArray(body.notes) && body.notes.length
        ? el('ul', { class: 'sublist', id: 'verification-notes' }, body.notes.map((n) => el('li', {}, n))) : null;
      const verdict = body.ok
        ? el('p', { class: 'message ok', id: 'verification-verdict', dataset: { ok: 'true' } }, 'The chain is intact: every hash matches.')
        : el('p', { class: 'message error', id: 'verification-verdict', dataset: { ok: 'false' } },
          'The chain is broken', body.firstMismatch
            ? `: first mismatch at position ${body.firstMismatch.position}: ${body.firstMismatch.problem}.` : '.');
      box.replaceChildren(...[verdict, facts, notes, el('p', { class: 'hint' }, `Verified ${time(new Date().toISOString())}.`)]
        .filter(Boolean));
    } else if (response.status === 404) {
      box.replaceChildren(el('p', { class: 'message warn', id: 'verification-verdict', dataset: { ok: 'unavailable' } },
        'Chain verification is not available yet: the command side does not offer it (it answered 404). '
        + 'Nothing was checked.'));
    } else if (response.status === 403) {
      box.replaceChildren(el('p', { class: 'message error', id: 'verification-verdict' },
        'Your role may not run the chain verification.'));
    } else {
      box.replaceChildren(el('p', { class: 'message error', id: 'verification-verdict' },
        `The verification could not be run (${response.status}${body && body.detail ? `: ${body.detail}` : ''}).`));
    }
  } catch (e) {
    box.replaceChildren(el('p', { class: 'message error', id: 'verification-verdict' },
      `The verification could not be run: ${e.message}.`));
  } finally {
    box.dataset.state = 'ready';
    button.disabled = false;
  }
}

// ---------- corrections ----------
function auditQuery(type, cursor) {
  const p = new URLSearchParams({ type, sort: '-position', limit: String(PAGE), opened: 'true' });
  for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
  if (cursor) p.set('cursor', cursor);
  return `/audit?${p}`;
}

/** Next page of the merged, newest-first list over the three correction types. */
async function nextCorrections() {
  await Promise.all(CORRECTION_TYPES.map(async (type) => {
    const state = cursors[type];
    if (state.done || state.items.length >= PAGE) return;
    const page = await api(auditQuery(type, state.cursor));
    state.items.push(...page.items);
    state.cursor = page.nextCursor;
    state.done = !page.nextCursor;
  }));
  const taken = [];
  while (taken.length < PAGE) {
    let best = null;
    for (const type of CORRECTION_TYPES) {
      const head = cursors[type].items[0];
      if (head && (!best || head.position > cursors[best].items[0].position)) best = type;
    }
    if (!best) break;
    taken.push(cursors[best].items.shift());
    if (!cursors[best].items.length && !cursors[best].done) break; // refill before comparing again
  }
  return taken;
}

function original(entry) {
  if (!entry.subject) return Promise.resolve(null);
  if (!originals.has(entry.subject)) {
    const p = new URLSearchParams({ subject: entry.subject, limit: '200', opened: 'true' });
    originals.set(entry.subject, api(`/audit?${p}`).then((page) => page.items));
  }
  return originals.get(entry.subject).then((items) => items.find((i) => i.position === entry.corrects) || null);
}

// An entry's event as a person reads it: sealed values opened (decisions 0019, 0021), else the payload as stored.
function shown(entry) {
  return entry.opened || entry.payload;
}

function payloadFacts(payload) {
  return el('ul', { class: 'sublist' }, Object.entries(payload || {})
    .filter(([k]) => !IDS.has(k))
    .map(([k, v]) => el('li', {}, el('span', { class: 'mono' }, k), `: ${describe(v)}`)));
}

function relationshipLink(id) {
  return el('a', { href: `/ui/relationship.html?id=${id}` }, 'relationship');
}

async function row(entry) {
  const tr = el('tr', { dataset: { position: entry.position, corrects: entry.corrects ?? '' } });
  const orig = await original(entry).catch(() => null);
  tr.append(
    el('td', { 'data-label': 'Correction' },
      el('strong', {}, `#${entry.position} ${entry.eventType}`), el('br'),
      `${time(entry.recordedAt)} by ${entry.actor}`, el('br'),
      `Reason: ${entry.correctionReason || '—'}`, payloadFacts(shown(entry))),
    el('td', { 'data-label': 'Original' }, orig
      ? [el('strong', {}, `#${orig.position} ${orig.eventType}`), el('br'),
        `${time(orig.recordedAt)} by ${orig.actor}`,
        orig.businessTime ? [el('br'), `happened ${time(orig.businessTime)}`] : '',
        payloadFacts(shown(orig)),
        orig.corrections && orig.corrections.length > 1
          ? el('p', { class: 'hint' }, `Corrected ${orig.corrections.length} times: `
            + orig.corrections.map((c) => `#${c.position}`).join(', ')) : '']
      : (entry.corrects ? `#${entry.corrects} (not readable)` : 'Original not found')),
    el('td', { 'data-label': 'Where' }, relationshipLink(entry.relationshipId),
      entry.aggregateType === 'Negotiation'
        ? [el('br'), el('a', { href: `/ui/negotiation.html?id=${entry.aggregateId}` }, 'negotiation')] : '',
      el('br'), el('span', { class: 'hint' }, words(entry.aggregateType))));
  return tr;
}

async function showMore() {
  const box = $('#corrections');
  const more = $('#corrections-more');
  more.disabled = true;
  box.dataset.state = 'loading';
  try {
    const items = await nextCorrections();
    let body = $('tbody', box);
    if (!body) {
      box.replaceChildren(el('div', { class: 'table-wrap' }, el('table', { class: 'cards', id: 'corrections-table' },
        el('caption', { class: 'visually-hidden' }, 'Corrections, newest first, each beside its original'),
        el('thead', {}, el('tr', {}, ['Correction', 'Original', 'Where'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}))));
      body = $('tbody', box);
    }
    const rows = await Promise.all(items.map(row));
    body.append(...rows);
    const shown = body.children.length;
    $('#corrections-status').textContent = shown ? `${shown} corrections shown.` : 'No correction matches.';
    more.hidden = CORRECTION_TYPES.every((t) => cursors[t].done && !cursors[t].items.length);
  } catch (e) {
    $('#corrections-status').textContent = problemText(e, 'the corrections');
  } finally {
    more.disabled = false;
    box.dataset.state = 'ready';
  }
}

function readFilters() {
  const form = $('#correction-filters');
  const date = (value) => (value ? `${value}T00:00:00Z` : '');
  filters = {
    relationshipId: form.elements.relationshipId.value.trim(),
    actor: form.elements.actor.value.trim(),
    recordedFrom: date(form.elements.recordedFrom.value),
    recordedTo: date(form.elements.recordedTo.value),
  };
  cursors = Object.fromEntries(CORRECTION_TYPES.map((t) => [t, { cursor: null, done: false, items: [] }]));
  buffered = [];
  $('#corrections').replaceChildren();
}

async function main() {
  const me = await startPage('compliance');
  $('#verify').addEventListener('click', verify);
  if (!me.may.audit) {
    $('#corrections').replaceChildren(el('p', { class: 'message' }, 'Your role may not read the audit trail.'));
    return;
  }
  $('#correction-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    readFilters();
    showMore();
  });
  $('#corrections-more').addEventListener('click', showMore);
  readFilters();
  await showMore();
}

main().catch((e) => {
  $('#page-error').textContent = problemText(e, 'the compliance page');
});
