// The few DOM and API helpers every view uses. Text always goes in as text nodes, never as
// HTML: exchanges carry whatever a province sent.

/** h('tr', {class: 'x', onclick}, child, 'text', …) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** JSON from the gateway; an error answer becomes an Error with the API's message and field. */
export async function api(path, options = {}) {
  const init = { ...options, headers: { Accept: 'application/json', ...(options.headers ?? {}) } };
  if (options.json !== undefined) {
    init.method = options.method ?? 'POST';
    init.body = JSON.stringify(options.json);
    init.headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(path, init);
  const text = await res.text();
  const body = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (!res.ok) {
    const error = new Error(body?.message ?? `${res.status} ${res.statusText}`);
    Object.assign(error, { status: res.status, body });
    throw error;
  }
  return body;
}

export function rspCodeCell(code) {
  return h('td', { class: code === '0000' ? 'code-ok' : 'code-bad' }, code ?? '');
}

export function timeOf(epochMs) {
  const d = new Date(epochMs);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
