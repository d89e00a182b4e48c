// Run in the page by the browser tests (executeScript): answers a list of problems, empty when the page passes.
// Checks what a person with a keyboard, a screen reader or a narrow screen needs from our pages; it is not a full
// WCAG audit (no colour-contrast computation, no reading order).
const problems = [];
const visible = (e) => {
  if (e.closest('[hidden]')) return false;
  const style = getComputedStyle(e);
  if (style.display === 'none' || style.visibility === 'hidden') return false;
  const box = e.getBoundingClientRect();
  return box.width > 0 || box.height > 0 || e.closest('.visually-hidden') !== null;
};
const text = (e) => (e ? (e.textContent || '').replace(/\s+/g, ' ').trim() : '');
const nameOf = (e) => {
  if (e.getAttribute('aria-label')) return e.getAttribute('aria-label').trim();
  const by = e.getAttribute('aria-labelledby');
  if (by) return by.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
  if (e.labels && e.labels.length) return [...e.labels].map(text).join(' ').trim();
  if (e.tagName === 'INPUT' && ['submit', 'button'].includes(e.type)) return (e.value || '').trim();
  if (e.getAttribute('title')) return e.getAttribute('title').trim();
  return text(e);
};
const describe = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''}`;

if (!document.documentElement.lang) problems.push('html has no lang');
if (!document.title.trim()) problems.push('page has no title');
if (document.querySelectorAll('h1').length !== 1) problems.push(`expected one h1, found ${document.querySelectorAll('h1').length}`);

// Every control and link has an accessible name (a label, aria-label, aria-labelledby or text).
const controls = document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, '
  + '[role="button"], [tabindex]:not([tabindex="-1"]), summary');
for (const c of controls) {
  if (!visible(c) && c.tagName !== 'g') continue;
  if (!nameOf(c)) problems.push(`no accessible name: ${describe(c)}`);
}
// Images and charts say what they show.
for (const img of document.querySelectorAll('svg[role="img"], img')) {
  if (!(img.getAttribute('aria-label') || img.getAttribute('alt'))) problems.push(`image without text: ${describe(img)}`);
}
// Ids are unique (labels and aria-* point at them).
const ids = new Map();
for (const e of document.querySelectorAll('[id]')) ids.set(e.id, (ids.get(e.id) || 0) + 1);
for (const [id, n] of ids) if (n > 1) problems.push(`id used ${n} times: ${id}`);
// Readable: body text at least 16 px, nothing below 12 px; no sideways scrolling of the page itself.
if (parseFloat(getComputedStyle(document.body).fontSize) < 16) problems.push('body text under 16 px');
for (const e of document.querySelectorAll('main p, main td, main th, main dd, main dt, main label, main li, main summary, main button')) {
  if (visible(e) && text(e) && parseFloat(getComputedStyle(e).fontSize) < 12) problems.push(`text under 12 px: ${describe(e)}`);
}
const overflow = document.documentElement.scrollWidth - window.innerWidth;
if (overflow > 1) problems.push(`the page scrolls sideways by ${overflow} px at ${window.innerWidth} px`);
// Controls are big enough to hit at a narrow width (24 px, WCAG 2.2 target size minimum).
if (window.innerWidth < 500) {
  for (const c of document.querySelectorAll('button, input:not([type="hidden"]), select')) {
    if (!visible(c)) continue;
    const box = c.getBoundingClientRect();
    if (box.height < 24 || box.width < 24) problems.push(`target smaller than 24 px: ${describe(c)}`);
  }
}
// Skip link and a focusable main region.
if (!document.querySelector('a.skip[href="#main"]') && !document.body.classList.contains('login-page')) problems.push('no skip link');
return problems;
