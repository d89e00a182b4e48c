// Shared by every page of the workspace: data calls, the header, small DOM and formatting helpers.
// The pages call the read API under /ui/api (the same controllers as /relationships, /negotiations, ...) with the
// session cookie; nothing is computed here that the API already answers.

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `the server answered ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** GET /ui/api + path as JSON. 401 sends the browser to the login page; other refusals throw ApiError. */
export async function api(path, { signal } = {}) {
  const response = await fetch('/ui/api' + path, {
    headers: { Accept: 'application/json' }, credentials: 'same-origin', signal,
  });
  if (response.status === 401) {
    location.assign('/ui/login');
    throw new ApiError(401, { detail: 'your session has ended; log in again' });
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

/** A human sentence for a failed call. */
export function problemText(error, what) {
  if (error instanceof ApiError) {
    if (error.status === 403) return `You may not see ${what}: ${error.message}.`;
    if (error.status === 404) return `Not found: ${error.message}.`;
    if (error.status === 503) return `The read model is still catching up; try again in a moment.`;
    return `Could not load ${what} (${error.status}): ${error.message}.`;
  }
  if (error && error.name === 'AbortError') return '';
  return `Could not load ${what}: ${error && error.message ? error.message : error}.`;
}

let sessionPromise;
export function session() {
  sessionPromise ||= api('/session');
  return sessionPromise;
}

/** Builds an element: el('a', {href: '#', class: 'x', dataset: {...}, on: {click: f}}, 'text', child, ...). */
export function el(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** The same for SVG elements (charts). */
export function svg(tag, attrs = {}, ...children) {
  return build(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, children);
}

function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) node.dataset[k] = v;
    } else if (key === 'text') {
      node.textContent = value;
    } else if (key === 'class') {
      node.setAttribute('class', value);
    } else {
      node.setAttribute(key, value === true ? '' : value);
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Times are shown in UTC, to the second, so everyone reads the same instant. */
export function time(iso, { ms = false } = {}) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const text = d.toISOString().replace('T', ' ');
  return (ms ? text : text.replace(/\.\d+Z$/, 'Z')).replace('Z', ' UTC');
}

export function day(iso) {
  return iso ? String(iso).slice(0, 10) : '—';
}

export function number(n, digits = 2) {
  if (n === null || n === undefined) return '—';
  return Number(n).toLocaleString('en-GB', { maximumFractionDigits: digits });
}

export function money(m) {
  return m && m.amount !== undefined ? `${number(m.amount)} ${m.currency}` : '—';
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const sign = seconds < 0 ? '−' : '';
  let s = Math.abs(seconds);
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const parts = [];
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || !parts.length) parts.push(`${s} s`);
  return sign + parts.join(' ');
}

const LABELS = {
  AT_RISK: 'At risk', ACTIVE: 'Active', DORMANT: 'Dormant', CLOSED: 'Closed',
};

export function statusBadge(status) {
  return el('span', { class: `badge ${status}` }, LABELS[status] || status || '—');
}

export function words(constant) {
  if (!constant) return '—';
  const s = String(constant).toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A short text for any payload value: money, terms, lists, objects. */
export function describe(value) {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.map(describe).join('; ') : '(none)';
  if (typeof value === 'object') {
    if ('amount' in value && 'currency' in value) return money(value);
    if ('price' in value || 'quantity' in value) return terms(value);
    return Object.entries(value).map(([k, v]) => `${k}: ${describe(v)}`).join(', ');
  }
  return String(value);
}

export function terms(t) {
  if (!t) return '—';
  const parts = [];
  if (t.price) parts.push(`price ${money(t.price)}`);
  if (t.quantity !== null && t.quantity !== undefined) parts.push(`quantity ${number(t.quantity)}`);
  if (t.durationMonths !== null && t.durationMonths !== undefined) parts.push(`${t.durationMonths} months`);
  if (t.paymentTermsDays !== null && t.paymentTermsDays !== undefined) parts.push(`payment ${t.paymentTermsDays} days`);
  if (t.discountPercent !== null && t.discountPercent !== undefined) parts.push(`discount ${number(t.discountPercent)} %`);
  if (t.conditions && t.conditions.length) parts.push(`conditions: ${t.conditions.join('; ')}`);
  return parts.join(', ');
}

/** A definition-list entry; the value cell carries data-field for tests and assistive labels. */
export function fact(label, value, field) {
  return el('div', {}, el('dt', {}, label), el('dd', { dataset: { field } }, value));
}

/** Renders the header (navigation, user, logout) and answers the session. */
export async function startPage(current) {
  const header = document.getElementById('top');
  let me;
  try {
    me = await session();
  } catch (e) {
    header.append(el('div', { class: 'top-inner' }, el('span', { class: 'brand' }, 'Relationship Ledger')));
    throw e;
  }
  const links = [['portfolio', '/ui/index.html', 'Portfolio']];
  if (me.may.compliance) links.push(['compliance', '/ui/compliance.html', 'Compliance']);
  const nav = el('nav', { 'aria-label': 'Workspace' }, el('ul', {}, links.map(([key, href, text]) =>
    el('li', {}, el('a', { href, 'aria-current': key === current ? 'page' : null, id: `nav-${key}` }, text)))));
  const logout = el('form', { method: 'post', action: '/ui/logout' },
    el('input', { type: 'hidden', name: me.csrf.parameterName, value: me.csrf.token }),
    el('button', { type: 'submit', id: 'logout' }, 'Log out'));
  header.append(el('div', { class: 'top-inner' },
    el('a', { class: 'brand', href: '/ui/index.html' }, 'Relationship Ledger'),
    nav,
    el('div', { class: 'who' },
      el('span', { id: 'who' }, el('span', { class: 'visually-hidden' }, 'Logged in as '), me.user,
        ` (${me.roles.map(words).join(', ')})`),
      logout)));
  return me;
}

export function param(name) {
  return new URLSearchParams(location.search).get(name);
}

/** Runs tasks with at most `limit` at a time (sparklines: one request per relationship). */
export function limiter(limit) {
  let running = 0;
  const queue = [];
  const next = () => {
    if (running >= limit || !queue.length) return;
    running++;
    const { task, resolve, reject } = queue.shift();
    task().then(resolve, reject).finally(() => { running--; next(); });
  };
  return (task) => new Promise((resolve, reject) => { queue.push({ task, resolve, reject }); next(); });
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
