// Containers: listed once, then kept by org.rdk.OCIContainer's events (no polling for state); figures (memory,
// CPU, pids) polled with getContainerInfo every few seconds and plotted over the last minutes
// (docs/plugins-api.md, docs/dashboard.md).
import { el, button, badge, reason } from './dom.js';
import { Plot, bytes, percent } from './plot.js';

const OCI = 'org.rdk.OCIContainer';
const FIGURES_EVERY_MS = 2000;
const SPAN_MS = 5 * 60 * 1000;
const EXAMPLE_SPEC = JSON.stringify({ version: '1.0', args: ['sleep', '600'], user: { uid: 1000, gid: 1000 },
  memLimit: 41943040, network: 'private' }, null, 2);

export class Containers {
  constructor(root, rpc, say) {
    this.rpc = rpc;
    this.say = say;
    this.all = new Map(); // id -> {id, descriptor, state, history, info, row}
    this.selected = null;
    this.body = el('tbody', { id: 'container-rows' });
    this.empty = el('p', { id: 'no-containers', class: 'hint' }, 'No containers.');
    this.details = el('section', { id: 'container-details', class: 'details', 'aria-live': 'polite', hidden: true });
    root.append(this.startForm(), el('table', { class: 'containers' },
      el('caption', {}, 'Running containers'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Id'), el('th', { scope: 'col' }, 'Descriptor'),
        el('th', { scope: 'col' }, 'State'), el('th', { scope: 'col' }, 'Memory'), el('th', { scope: 'col' }, 'CPU'),
        el('th', { scope: 'col' }, 'Actions'))), this.body), this.empty, this.details);
    this.memPlot = new Plot('Memory', bytes);
    this.cpuPlot = new Plot('CPU', percent);
  }

  async load() {
    this.all.clear();
    this.body.replaceChildren();
    const { containers } = await this.rpc.call(`${OCI}.1.listContainers`);
    for (const c of containers) {
      this.upsert(c.Id, { descriptor: c.Descriptor });
      try {
        const s = await this.rpc.call(`${OCI}.1.getContainerState`, { containerId: c.Id });
        this.upsert(c.Id, { state: s.state });
      } catch (e) {
        // it left meanwhile: its stop event removes it
      }
    }
    this.refreshEmpty();
  }

  /** The plugin's events (docs/plugins-api.md#events). */
  event(name, p) {
    if (name === 'onContainerStateChanged') {
      if (p.state === 'Stopped') {
        this.remove(p.containerId);
      } else {
        this.upsert(p.containerId, { state: p.state });
      }
    } else if (name === 'onContainerStarted' || name === 'onContainerAwoken') {
      this.upsert(p.name, { descriptor: Number(p.descriptor), state: 'Running' });
    } else if (name === 'onContainerHibernated') {
      this.upsert(p.name, { state: 'Hibernated' });
    } else if (name === 'onContainerStopped') {
      this.remove(p.name);
    }
    this.refreshEmpty();
  }

  upsert(id, change) {
    let c = this.all.get(id);
    if (!c) {
      c = { id, descriptor: '', state: 'Unknown', history: [], info: null };
      c.row = this.row(c);
      this.all.set(id, c);
      const after = [...this.body.children].find((tr) => tr.dataset.container > id);
      this.body.insertBefore(c.row.tr, after || null);
    }
    Object.assign(c, change);
    c.row.update();
    if (this.selected === id) {
      this.renderDetails();
    }
  }

  remove(id) {
    const c = this.all.get(id);
    if (!c) {
      return;
    }
    const hadFocus = c.row.tr.contains(document.activeElement);
    c.row.tr.remove();
    this.all.delete(id);
    if (this.selected === id) {
      this.selected = null;
      this.details.hidden = true;
    }
    if (hadFocus) {
      document.getElementById('container-id').focus();
    }
    this.refreshEmpty();
  }

  refreshEmpty() {
    this.empty.hidden = this.all.size > 0;
  }

  row(c) {
    const state = el('td', { class: 'state' });
    const mem = el('td', { class: 'mem' });
    const cpu = el('td', { class: 'cpu' });
    const pause = button('Pause', () => this.pauseOrResume(c.id), { class: 'pause' });
    const tr = el('tr', { 'data-container': c.id }, el('th', { scope: 'row' }, c.id), el('td', { class: 'descriptor' }),
      state, mem, cpu, el('td', { class: 'actions' },
        button('Details', () => this.select(c.id), { class: 'details-button', 'aria-label': `Details of ${c.id}`,
          'aria-controls': 'container-details' }), ' ',
        pause, ' ',
        button('Stop', () => this.stop(c.id, false), { class: 'stop', 'aria-label': `Stop ${c.id}` }), ' ',
        button('Force stop', () => this.stop(c.id, true), { class: 'force-stop', 'aria-label': `Force stop ${c.id}` })));
    return {
      tr,
      update: () => {
        tr.dataset.state = c.state;
        tr.querySelector('.descriptor').textContent = String(c.descriptor);
        state.replaceChildren(badge(c.state));
        const last = c.history[c.history.length - 1];
        mem.textContent = last ? bytes(last.mem) : '';
        cpu.textContent = last && last.cpu !== null ? percent(last.cpu) : '';
        const paused = c.state === 'Paused';
        pause.textContent = paused ? 'Resume' : 'Pause';
        pause.setAttribute('aria-label', `${pause.textContent} ${c.id}`);
      },
    };
  }

  async pauseOrResume(id) {
    const c = this.all.get(id);
    const method = c && c.state === 'Paused' ? 'resumeContainer' : 'pauseContainer';
    try {
      await this.rpc.call(`${OCI}.1.${method}`, { containerId: id });
      // pause and resume raise no event (docs/plugins-api.md#events): the answer says the state changed
      const s = await this.rpc.call(`${OCI}.1.getContainerState`, { containerId: id });
      this.upsert(id, { state: s.state });
    } catch (e) {
      this.say(`${id}: ${method} failed: ${reason(e)}`, true);
    }
  }

  async stop(id, force) {
    try {
      await this.rpc.call(`${OCI}.1.stopContainer`, force ? { containerId: id, force: true } : { containerId: id });
      this.say(`${id}: stop accepted`);
    } catch (e) {
      this.say(`${id}: stop failed: ${reason(e)}`, true);
    }
  }

  select(id) {
    this.selected = id;
    this.details.hidden = false;
    this.renderDetails();
    this.details.querySelector('h3').focus();
  }

  /** One round of figures for every container; a container's history spans the last minutes. */
  async pollFigures() {
    const now = Date.now();
    for (const c of [...this.all.values()]) {
      let info;
      try {
        ({ info } = await this.rpc.call(`${OCI}.1.getContainerInfo`, { containerId: c.id }));
      } catch (e) {
        continue; // it left; its event removes it
      }
      const prev = c.history[c.history.length - 1];
      const total = info.cpu && info.cpu.usage ? info.cpu.usage.total : null;
      let cpu = null;
      if (prev && total !== null && prev.total !== null && info.timestamp > prev.ts) {
        cpu = Math.max(0, ((total - prev.total) / (info.timestamp - prev.ts)) * 100);
      }
      const mem = info.memory && info.memory.user ? info.memory.user.usage : null;
      c.history.push({ t: now, ts: info.timestamp, total, mem, cpu });
      c.history = c.history.filter((h) => now - h.t <= SPAN_MS);
      c.info = info;
      if (this.all.get(c.id) === c) {
        c.row.update();
        if (this.selected === c.id) {
          this.renderDetails();
        }
      }
    }
  }

  startFigures() {
    const round = async () => {
      try {
        await this.pollFigures();
      } finally {
        this.timer = setTimeout(round, FIGURES_EVERY_MS);
      }
    };
    this.timer = setTimeout(round, 0);
  }

  stopFigures() {
    clearTimeout(this.timer);
  }

  renderDetails() {
    const c = this.all.get(this.selected);
    if (!c) {
      return;
    }
    const info = c.info || {};
    if (!this.detailParts || this.detailParts.id !== c.id) {
      this.detailParts = this.buildDetails(c.id);
    }
    const d = this.detailParts;
    d.state.replaceChildren(badge(c.state));
    d.descriptor.textContent = String(c.descriptor);
    d.pids.textContent = (info.pids || []).join(', ') || '—';
    // the x axis grows with the history from one minute up to SPAN_MS, so the first figures fill the plot
    const span = c.history.length ? Math.min(SPAN_MS, Math.max(60000, Date.now() - c.history[0].t)) : SPAN_MS;
    this.memPlot.draw(c.history.filter((h) => h.mem !== null && h.mem >= 0).map((h) => ({ t: h.t, v: h.mem })), span);
    this.cpuPlot.draw(c.history.filter((h) => h.cpu !== null).map((h) => ({ t: h.t, v: h.cpu })), span);
    const notes = Object.entries(info.annotations || {});
    d.annotations.replaceChildren(...notes.map(([k, v]) => el('li', {}, el('code', {}, k), ' = ', el('code', {}, v),
      ' ', button('Remove', () => this.removeAnnotation(c.id, k), { 'aria-label': `Remove annotation ${k}` }))));
    d.noAnnotations.hidden = notes.length > 0;
  }

  buildDetails(id) {
    const state = el('dd');
    const descriptor = el('dd');
    const pids = el('dd', { class: 'pids' });
    const annotations = el('ul', { class: 'annotations' });
    const noAnnotations = el('p', { class: 'hint' }, 'No annotations.');
    const key = el('input', { id: 'annotation-key', required: true, maxlength: '256' });
    const value = el('input', { id: 'annotation-value', maxlength: '4096' });
    const command = el('input', { id: 'exec-command', required: true });
    const options = el('input', { id: 'exec-options' });
    const heading = el('h3', { tabindex: '-1' }, `Container ${id}`);
    this.details.replaceChildren(heading,
      el('dl', { class: 'facts' }, el('dt', {}, 'State'), state, el('dt', {}, 'Descriptor'), descriptor,
        el('dt', {}, 'Pids'), pids),
      el('div', { class: 'plots' }, this.memPlot.element, this.cpuPlot.element),
      el('h4', {}, 'Annotations'), annotations, noAnnotations,
      el('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); this.annotate(id, key.value, value.value); } },
        el('label', { for: 'annotation-key' }, 'Key'), key, el('label', { for: 'annotation-value' }, 'Value'), value,
        el('button', { type: 'submit' }, 'Annotate')),
      el('h4', {}, 'Run a command inside'),
      el('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); this.exec(id, command.value, options.value); } },
        el('label', { for: 'exec-command' }, 'Command'), command, el('label', { for: 'exec-options' }, 'Options'), options,
        el('button', { type: 'submit' }, 'Execute')),
      button('Close details', () => { this.selected = null; this.details.hidden = true; }));
    return { id, state, descriptor, pids, annotations, noAnnotations };
  }

  async annotate(id, key, value) {
    try {
      await this.rpc.call(`${OCI}.1.annotate`, { containerId: id, key, value });
      this.say(`${id}: annotation ${key} set`);
      await this.pollFigures();
    } catch (e) {
      this.say(`${id}: annotate failed: ${reason(e)}`, true);
    }
  }

  async removeAnnotation(id, key) {
    try {
      await this.rpc.call(`${OCI}.1.removeAnnotation`, { containerId: id, key });
      await this.pollFigures();
    } catch (e) {
      this.say(`${id}: removing ${key} failed: ${reason(e)}`, true);
    }
  }

  async exec(id, command, options) {
    try {
      await this.rpc.call(`${OCI}.1.executeCommand`, { containerId: id, command, options });
      this.say(`${id}: ran ${command}`);
    } catch (e) {
      this.say(`${id}: executeCommand failed: ${reason(e)}`, true);
    }
  }

  startForm() {
    const id = el('input', { id: 'container-id', required: true, maxlength: '64', autocomplete: 'off' });
    const kindBundle = el('input', { type: 'radio', name: 'start-kind', id: 'kind-bundle', value: 'bundle', checked: true });
    const kindSpec = el('input', { type: 'radio', name: 'start-kind', id: 'kind-spec', value: 'spec' });
    const bundle = el('input', { id: 'bundle-path', placeholder: '/path/to/bundle/Container', autocomplete: 'off' });
    const spec = el('textarea', { id: 'dobby-spec', rows: '8', spellcheck: 'false' });
    spec.value = EXAMPLE_SPEC;
    const command = el('input', { id: 'start-command', autocomplete: 'off' });
    const error = el('p', { id: 'start-error', class: 'error', role: 'alert' });
    const bundleRow = el('div', { class: 'field' }, el('label', { for: 'bundle-path' }, 'Bundle path'), bundle);
    const specRow = el('div', { class: 'field', hidden: true },
      el('label', { for: 'dobby-spec' }, 'Dobby spec (JSON)'), spec);
    const kind = () => {
      bundleRow.hidden = !kindBundle.checked;
      specRow.hidden = kindBundle.checked;
    };
    kindBundle.addEventListener('change', kind);
    kindSpec.addEventListener('change', kind);
    const submit = async (e) => {
      e.preventDefault();
      error.textContent = '';
      const params = { containerId: id.value.trim() };
      if (command.value.trim()) {
        params.command = command.value.trim();
      }
      let method = 'startContainer';
      if (kindBundle.checked) {
        params.bundlePath = bundle.value.trim();
      } else {
        method = 'startContainerFromDobbySpec';
        try {
          params.dobbySpec = JSON.parse(spec.value);
        } catch (err) {
          error.textContent = `The spec is not JSON: ${err.message}`;
          spec.focus();
          return;
        }
      }
      try {
        const r = await this.rpc.call(`${OCI}.1.${method}`, params);
        this.say(`${params.containerId} started (descriptor ${r.descriptor})`);
      } catch (err) {
        error.textContent = `Start failed: ${reason(err)}`;
      }
    };
    return el('form', { id: 'start-form', class: 'start', onsubmit: submit },
      el('fieldset', {}, el('legend', {}, 'Start a container'),
        el('div', { class: 'field' }, el('label', { for: 'container-id' }, 'Container id'), id),
        el('div', { class: 'choice', role: 'radiogroup', 'aria-label': 'Start from' },
          kindBundle, el('label', { for: 'kind-bundle' }, 'OCI bundle'), kindSpec,
          el('label', { for: 'kind-spec' }, 'Dobby spec')),
        bundleRow, specRow,
        el('div', { class: 'field' }, el('label', { for: 'start-command' }, 'Command (optional)'), command),
        el('button', { type: 'submit', id: 'start-button' }, 'Start'), error));
  }
}
