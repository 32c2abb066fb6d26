// A small line plot in SVG: the last minutes of one figure, drawn by us (a few lines; no library needed).

const NS = 'http://www.w3.org/2000/svg';
const W = 300;
const H = 80;

export class Plot {
  /** @param label what is plotted, for screen readers; @param format how a value is written */
  constructor(label, format) {
    this.format = format;
    this.svg = document.createElementNS(NS, 'svg');
    this.svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    this.svg.setAttribute('class', 'plot');
    this.svg.setAttribute('role', 'img');
    this.svg.setAttribute('aria-label', label);
    this.line = document.createElementNS(NS, 'polyline');
    this.line.setAttribute('class', 'plot-line');
    this.svg.append(this.line);
    this.caption = document.createElement('p');
    this.caption.className = 'plot-caption';
    this.element = document.createElement('figure');
    const title = document.createElement('figcaption');
    title.textContent = label;
    this.element.append(title, this.svg, this.caption);
  }

  /** @param points [{t: ms, v: number}], oldest first */
  draw(points, spanMs) {
    this.svg.dataset.points = String(points.length);
    if (points.length === 0) {
      this.line.setAttribute('points', '');
      this.caption.textContent = 'no figures yet';
      return;
    }
    const now = points[points.length - 1].t;
    const max = Math.max(...points.map((p) => p.v), 1);
    const xy = points.map((p) => {
      const x = W - ((now - p.t) / spanMs) * W;
      const y = H - 4 - (p.v / max) * (H - 8);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    });
    if (xy.length === 1) {
      xy.push(`${W},${xy[0].split(',')[1]}`);
    }
    this.line.setAttribute('points', xy.join(' '));
    const last = points[points.length - 1].v;
    this.caption.textContent = `now ${this.format(last)}, highest ${this.format(max)}`;
  }
}

export function bytes(n) {
  if (n < 0 || n === null || n === undefined) {
    return 'unknown';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function percent(n) {
  return `${n.toFixed(1)} %`;
}
