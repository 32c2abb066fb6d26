// One WebSocket to the runtime's /jsonrpc, as any Thunder web app holds it: calls are matched to answers by id,
// events arrive as notifications "<registration id>.<event>" (docs/thunder-wire.md#events). The token travels as
// ?token= on the upgrade URL, the only place a browser can put it (docs/security.md#where-tokens-go).

const CALL_TIMEOUT_MS = 30000;

export class RpcError extends Error {
  constructor(error) {
    super(error.data ? `${error.message}: ${error.data}` : error.message);
    this.code = error.code;
    this.data = error.data;
  }
}

export class Rpc {
  constructor(token) {
    this.token = token;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Map(); // "<id>.<event>" -> [fn]
    this.onclose = () => {};
  }

  /** Resolves once the upgrade was accepted, rejects when the runtime refused it (403) or cannot be reached. */
  open() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${location.host}/jsonrpc?token=${encodeURIComponent(this.token)}`;
    return new Promise((resolve, reject) => {
      let opened = false;
      this.ws = new WebSocket(url, 'notification');
      this.ws.addEventListener('open', () => { opened = true; resolve(); });
      this.ws.addEventListener('message', (m) => this.receive(m.data));
      this.ws.addEventListener('close', (e) => {
        for (const p of this.pending.values()) {
          clearTimeout(p.timer);
          p.reject(new Error('connection closed'));
        }
        this.pending.clear();
        if (opened) {
          this.onclose(e);
        } else {
          reject(new Error('refused'));
        }
      });
    });
  }

  close() {
    this.onclose = () => {};
    if (this.ws) {
      this.ws.close(1000);
    }
  }

  call(method, params) {
    const id = this.nextId++;
    const request = { jsonrpc: '2.0', id, method };
    if (params !== undefined) {
      request.params = params;
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer within ${CALL_TIMEOUT_MS / 1000} s`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.ws.send(JSON.stringify(request));
    });
  }

  /** Registers for {@code event} of {@code callsign} under {@code id}; fn gets each event's params. */
  async register(callsign, event, id, fn) {
    const key = `${id}.${event}`;
    if (!this.listeners.has(key)) {
      this.listeners.set(key, []);
    }
    const list = this.listeners.get(key);
    if (!list.includes(fn)) {
      list.push(fn);
    }
    await this.call(`${callsign}.1.register`, { event, id });
  }

  receive(text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (msg.id !== undefined && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) {
        p.reject(new RpcError(msg.error));
      } else {
        p.resolve(msg.result);
      }
    } else if (msg.id === undefined && typeof msg.method === 'string') {
      for (const fn of this.listeners.get(msg.method) || []) {
        fn(msg.params || {}, msg.method);
      }
    }
  }
}
