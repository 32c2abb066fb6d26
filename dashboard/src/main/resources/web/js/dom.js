// Small helpers to build elements without HTML strings (so nothing a caller sends can become markup).

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') {
      e.className = v;
    } else if (k === 'text') {
      e.textContent = v;
    } else if (k.startsWith('on')) {
      e.addEventListener(k.substring(2), v);
    } else if (v !== undefined && v !== null && v !== false) {
      e.setAttribute(k, v === true ? '' : String(v));
    }
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}

export function button(text, onclick, attrs = {}) {
  return el('button', { type: 'button', onclick, ...attrs }, text);
}

/** The reason of a failed call: the server's data when it gave one (docs/plugins-api.md#failures). */
export function reason(err) {
  if (err && err.data !== undefined) {
    return `${err.message} (code ${err.code})`;
  }
  return err && err.message ? err.message : String(err);
}

export function badge(state) {
  const s = String(state || 'unknown');
  return el('span', { class: `badge badge-${s.toLowerCase()}`, 'data-state': s }, s);
}

/** The status of one callsign: R2/R4 answer an array of one element, R5 the element itself (docs/thunder-wire.md). */
export function one(result) {
  return Array.isArray(result) ? result[0] : result;
}
