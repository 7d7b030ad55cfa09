// Test harness: runs the voting page's script in a vm sandbox with a tiny fake DOM against a live server.
// Usage: node page_harness.js BASE_URL COOKIE SCRIPT_FILE CARD_KEY — prints one JSON line with what happened.
const vm = require('vm'); const fs = require('fs');
const [,, base, cookie, script, key] = process.argv;
const timers = [];
const card = { attrs: {'data-key': key}, html: '(server-rendered card)', replaced: 0, listeners: {},
  getAttribute(k){ return this.attrs[k]; }, setAttribute(k, v){ this.attrs[k] = v; },
  addEventListener(t, f){ this.listeners[t] = f; },
  querySelector(sel){ return sel === '.status' ? status : null; } };
Object.defineProperty(card, 'innerHTML', {get(){ return card.html; }, set(v){ card.html = v; card.replaced++; }});
const status = { textContent: '', className: '' };
const countdown = { textContent: '' };
const sent = [];
const sandbox = {
  document: { getElementById: id => ({sak: card, nedtelling: countdown})[id] || null },
  location: { reload(){ throw new Error('reload'); } },
  fetch: (url, opts) => {
    opts = Object.assign({}, opts || {}); opts.headers = Object.assign({}, opts.headers, {Cookie: cookie});
    if (opts.body) sent.push(JSON.parse(opts.body));
    return fetch(base.replace(/\/$/, '') + url, opts);
  },
  setTimeout: (f) => { timers.push(f); return timers.length; }, clearTimeout: () => {},
  JSON, Math, parseInt,
};
sandbox.window = sandbox;
vm.runInNewContext(fs.readFileSync(script, 'utf8'), sandbox);
const settle = () => new Promise(r => setTimeout(r, 300));
(async () => {
  const seen = {};
  timers.shift()();            // the first poll
  await settle();
  seen.replaced_before_vote = card.replaced;
  seen.countdown = countdown.textContent;
  const form = { elements: { beslutning: { value: '0' } } };
  const button = { disabled: false, value: 'vent', form, closest(){ return button; } };
  card.listeners.click({ target: button, preventDefault(){} });
  await settle(); await settle();
  seen.sent = sent[0];
  seen.html = card.html;
  console.log(JSON.stringify(seen));
})();
