// The exchanges the console has seen, from the gateway's event stream (GET /admin/events),
// newest first, bounded; views subscribe to be told of each new one.
const KEEP = 2000;
const exchanges = [];
const listeners = new Set();
let dropped = 0;
let source;

export function connect() {
  if (source) return;
  source = new EventSource('../admin/events');
  source.addEventListener('exchange', (event) => {
    const exchange = JSON.parse(event.data);
    if (exchanges.some((e) => e.seq === exchange.seq)) return; // a reconnect replays the latest
    exchanges.unshift(exchange);
    if (exchanges.length > KEEP) exchanges.pop();
    for (const listener of listeners) listener(exchange);
  });
  source.addEventListener('dropped', (event) => {
    dropped += Number(event.data);
    for (const listener of listeners) listener(undefined);
  });
}

export const allExchanges = () => exchanges;
export const droppedCount = () => dropped;
export const findExchange = (seq) => exchanges.find((e) => e.seq === seq);

export function onExchange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The fields the journal filters on, read the same way for every exchange. */
export function fieldsOf(e) {
  const head = e.requestHead ?? {};
  return {
    transIdO: head.TransIDO ?? '',
    procId: head.ProcID ?? '',
    number: e.serviceNumber ?? '',
    interface: e.interfaceNumber ?? '',
    province: e.province ?? '',
    rspCode: e.rspCode ?? '',
    scope: e.scope ?? '',
    scenario: e.scenario?.name ?? '',
  };
}
