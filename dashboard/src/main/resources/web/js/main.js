// The dashboard: asks for a token once per browser session (sessionStorage), opens one WebSocket with it, registers
// for the events it shows, and reconnects when the connection drops (docs/dashboard.md).
import { Rpc, RpcError } from './rpc.js';
import { Containers } from './containers.js';
import { Plugins } from './plugins.js';
import { EventLog } from './events.js';
import { reason, one } from './dom.js';

const TOKEN_KEY = 'ociplane.dashboard.token';
const OCI = 'org.rdk.OCIContainer';
const OCI_EVENTS = ['onContainerStarted', 'onContainerStopped', 'onContainerStateChanged', 'onContainerHibernated',
  'onContainerAwoken'];
const RETRY_MS = 2000;

const $ = (id) => document.getElementById(id);

function say(text, isError = false) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', isError);
}

function setConnection(text) {
  $('connection').textContent = text;
}

class Dashboard {
  constructor() {
    this.rpc = null;
    $('token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const token = $('token').value.trim();
      if (token) {
        sessionStorage.setItem(TOKEN_KEY, token);
        $('token').value = '';
        this.connect();
      }
    });
    $('forget-token').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      this.disconnect();
      this.showLogin('Token forgotten.');
    });
  }

  start() {
    if (sessionStorage.getItem(TOKEN_KEY)) {
      this.connect();
    } else {
      this.showLogin('');
    }
  }

  showLogin(message) {
    $('app').hidden = true;
    $('login').hidden = false;
    $('forget-token').hidden = true;
    $('login-error').textContent = message;
    setConnection('not connected');
    $('token').focus();
  }

  disconnect() {
    clearTimeout(this.retry);
    if (this.containers) {
      this.containers.stopFigures();
    }
    if (this.rpc) {
      this.rpc.close();
      this.rpc = null;
    }
  }

  async connect() {
    this.disconnect();
    const rpc = new Rpc(sessionStorage.getItem(TOKEN_KEY));
    setConnection('connecting…');
    try {
      await rpc.open();
    } catch (e) {
      sessionStorage.removeItem(TOKEN_KEY);
      this.showLogin(`The runtime refused this token (wrong, expired, or not made for ${location.origin}); `
        + 'enter another.');
      return;
    }
    this.rpc = rpc;
    rpc.onclose = () => {
      setConnection('connection lost, reconnecting…');
      this.containers.stopFigures();
      this.retry = setTimeout(() => this.connect(), RETRY_MS);
    };
    this.build(rpc);
    try {
      await this.subscribe(rpc);
      await Promise.all([this.plugins.load(), this.loadContainers()]);
      this.containers.startFigures();
      setConnection(`connected to ${location.host}`);
    } catch (e) {
      say(`Loading failed: ${reason(e)}`, true);
    }
  }

  build(rpc) {
    $('login').hidden = true;
    $('app').hidden = false;
    $('forget-token').hidden = false;
    this.log = new EventLog(fresh('events-body'));
    this.plugins = new Plugins(fresh('plugins-body'), rpc, say);
    this.containers = new Containers(fresh('containers-body'), rpc, say);
  }

  async subscribe(rpc) {
    await rpc.register('Controller', 'statechange', 'dash-ctl', (p) => {
      this.log.add('Controller', 'statechange', p);
      this.plugins.changed(p);
      if (p.callsign === OCI) {
        this.ociChanged(String(p.state).toLowerCase());
      }
    });
    await this.registerOci(rpc);
  }

  /** Registrations end when the plugin is deactivated (docs/thunder-wire.md#events): made again when it is back. */
  async registerOci(rpc) {
    try {
      for (const name of OCI_EVENTS) {
        await rpc.register(OCI, name, 'dash-oci', (p) => {
          this.log.add(OCI, name, p);
          this.containers.event(name, p);
        });
      }
    } catch (e) {
      say(`${OCI} events: ${reason(e)}`, true);
    }
  }

  async ociChanged(state) {
    if (state === 'activated') {
      await this.registerOci(this.rpc);
      await this.loadContainers();
    } else {
      await this.showProvider();
    }
  }

  async loadContainers() {
    await this.showProvider();
    try {
      await this.containers.load();
    } catch (e) {
      say(`Containers: ${reason(e)}`, e instanceof RpcError);
    }
  }

  async showProvider() {
    try {
      const s = one(await this.rpc.call(`Controller.1.status@${OCI}`));
      $('provider').textContent = s && s.state === 'activated' ? (s.note || 'no note') : `${OCI} is ${s.state}`;
    } catch (e) {
      $('provider').textContent = reason(e);
    }
  }
}

/** Empties a container for a rebuilt view (after a reconnection). */
function fresh(id) {
  const e = $(id);
  e.replaceChildren();
  return e;
}

new Dashboard().start();
