// Test harness: runs the voting page's script in a vm sandbox with a tiny fake DOM against a live server.
// Usage: node page_harness.js BASE_URL JOIN_CODE SCRIPT_FILE — prints one JSON line with what a participant saw.
const vm = require('vm'); const fs = require('fs');
const [,, base, code, script] = process.argv;
function mk(tag){ const e = {tag, children:[], className:'', style:{}, disabled:false, listeners:{}, value:'', _t:'',
  classList:{ set:new Set(), toggle(c,on){ on?this.set.add(c):this.set.delete(c);}, add(c){this.set.add(c);} },
  appendChild(c){ this.children.push(c); return c; }, addEventListener(t,f){ this.listeners[t]=f; },
  setAttribute(k,v){ this[k]=v; } };
  Object.defineProperty(e,'textContent',{get(){return e._t;}, set(v){ e._t=v; if(v==='') e.children=[];}}); return e; }
const els = {inn:mk('section'), sak:mk('section'), status:mk('p'), kode:mk('input'), skjema:mk('form')};
const store = {};
const sandbox = {
  document: { getElementById:id=>els[id], createElement:mk, createTextNode:t=>({text:t}) },
  localStorage: { getItem(k){return store[k]||null;}, setItem(k,v){store[k]=v;} },
  location: { search: '?kode=' + code.toLowerCase() }, URLSearchParams, crypto: require('crypto').webcrypto,
  fetch: (url, opts) => fetch(base.replace(/\/$/,'') + url, opts),
  setTimeout: () => 0, clearTimeout: () => {}, JSON, Math, Array, Uint8Array, encodeURIComponent,
};
sandbox.window = sandbox;
vm.runInNewContext(fs.readFileSync(script, 'utf8'), sandbox);
const texts = e => [e.textContent || e.text || ''].concat((e.children||[]).map(texts)).join(' ');
const wait = async (f) => { for (let i = 0; i < 40 && !f(); i++) await new Promise(r => setTimeout(r, 50)); };
(async () => {
  const seen = {};
  await wait(() => els.sak.children.length > 0);
  seen.joined = els.inn.classList.set.has('hidden');
  seen.code = els.kode.value;
  seen.text = texts(els.sak).replace(/\s+/g, ' ').trim();
  const buttons = els.sak.children.filter(c => c.tag === 'button');
  seen.buttons = buttons.length;
  seen.enabled = buttons.every(b => !b.disabled);
  buttons[1].listeners.click();
  await wait(() => els.sak.children.some(c => c.classList && c.classList.set.has('valgt')));
  seen.status = els.status.textContent;
  seen.chosen = els.sak.children.filter(c => c.classList && c.classList.set.has('valgt')).map(texts).join().trim();
  seen.device = store['bti-enhet'];
  console.log(JSON.stringify(seen));
})();
