// The event log: the last events this page received, newest first, filterable by any text in them.
import { el } from './dom.js';

const KEEP = 200;

export class EventLog {
  constructor(root) {
    this.entries = [];
    this.filter = el('input', { id: 'event-filter', type: 'search', placeholder: 'e.g. onContainerStopped',
      oninput: () => this.render() });
    this.list = el('ol', { id: 'event-list', class: 'event-list' });
    this.count = el('p', { class: 'hint', id: 'event-count' });
    root.append(el('label', { for: 'event-filter' }, 'Filter events'), this.filter, this.count, this.list);
    this.render();
  }

  add(source, name, params) {
    const text = JSON.stringify(params);
    this.entries.unshift({ time: new Date(), source, name, text });
    if (this.entries.length > KEEP) {
      this.entries.length = KEEP;
    }
    this.render();
  }

  render() {
    const q = this.filter.value.trim().toLowerCase();
    const shown = this.entries.filter((e) => !q || `${e.source} ${e.name} ${e.text}`.toLowerCase().includes(q));
    this.list.replaceChildren(...shown.map((e) => el('li', { class: 'event', 'data-event': e.name },
      el('time', { datetime: e.time.toISOString() }, e.time.toLocaleTimeString()), ' ',
      el('strong', {}, `${e.source}.${e.name}`), ' ', el('code', {}, e.text))));
    this.count.textContent = `${shown.length} of ${this.entries.length} events (the last ${KEEP} are kept)`;
  }
}
