// Plugins: Controller.1.status once, then each plugin's statechange event (no polling); activate, deactivate,
// the configuration, and the note the runtime gives (docs/thunder-wire.md#controller).
import { el, button, badge, reason, one } from './dom.js';

export class Plugins {
  constructor(root, rpc, say) {
    this.rpc = rpc;
    this.say = say;
    this.rows = new Map();
    this.body = el('tbody', { id: 'plugin-rows' });
    this.config = el('pre', { id: 'plugin-config', class: 'config', tabindex: '0', hidden: true });
    this.configTitle = el('h3', { id: 'plugin-config-title', hidden: true });
    root.append(el('table', { class: 'plugins' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Callsign'), el('th', { scope: 'col' }, 'State'),
        el('th', { scope: 'col' }, 'Actions'))), this.body),
    this.configTitle, this.config);
  }

  async load() {
    const all = await this.rpc.call('Controller.1.status');
    for (const p of all) {
      this.show(p);
    }
  }

  /** A statechange event: the row's state at once, then the plugin's status (its note may have changed). */
  async changed(params) {
    const row = this.rows.get(params.callsign);
    if (row) {
      row.update({ callsign: params.callsign, state: String(params.state).toLowerCase() });
    }
    try {
      const p = one(await this.rpc.call(`Controller.1.status@${params.callsign}`));
      if (p) {
        this.show(p);
      }
    } catch (e) {
      // gone or not readable: the row keeps the event's state
    }
  }

  show(p) {
    let row = this.rows.get(p.callsign);
    if (!row) {
      row = this.row(p.callsign);
      this.rows.set(p.callsign, row);
      const after = [...this.body.children].find((tr) => tr.dataset.callsign > p.callsign);
      this.body.insertBefore(row.tr, after || null);
    }
    row.update(p);
  }

  row(callsign) {
    const state = el('td', { class: 'state' });
    const note = el('span', { class: 'note' });
    const toggle = button('', () => this.toggle(callsign, toggle.dataset.action), { class: 'toggle' });
    const cfg = button('Configuration', () => this.showConfig(callsign), {
      'aria-controls': 'plugin-config', 'aria-label': `Configuration of ${callsign}` });
    const tr = el('tr', { 'data-callsign': callsign }, el('th', { scope: 'row' }, callsign, note), state,
      el('td', { class: 'actions' }, toggle, ' ', cfg));
    return {
      tr,
      update: (p) => {
        tr.dataset.state = p.state;
        state.replaceChildren(badge(p.state));
        if (p.note !== undefined || p.locator !== undefined) {
          note.textContent = p.note || '';
        }
        const active = p.state === 'activated' || p.state === 'activation';
        toggle.dataset.action = active ? 'deactivate' : 'activate';
        toggle.textContent = active ? 'Deactivate' : 'Activate';
        toggle.setAttribute('aria-label', `${toggle.textContent} ${callsign}`);
        toggle.disabled = callsign === 'Controller';
      },
    };
  }

  async toggle(callsign, action) {
    try {
      await this.rpc.call(`Controller.1.${action}`, { callsign });
      this.say(`${callsign}: ${action} done`);
    } catch (e) {
      this.say(`${callsign}: ${action} failed: ${reason(e)}`, true);
    }
  }

  async showConfig(callsign) {
    this.configTitle.hidden = false;
    this.config.hidden = false;
    this.configTitle.textContent = `Configuration of ${callsign}`;
    try {
      const c = await this.rpc.call(`Controller.1.configuration@${callsign}`);
      this.config.textContent = JSON.stringify(c, null, 2);
    } catch (e) {
      this.config.textContent = `not available: ${reason(e)}`;
    }
  }
}
