// The 2D view: both images side by side (original pixels) with a sample of the matches as lines. Lines are SVG
// elements, so the count the caption gives is the count drawn; hovering one shows its pixels and confidence.
const SVG = 'http://www.w3.org/2000/svg';

/** matches.csv (header x1,y1,x2,y2,conf) as rows of numbers, most confident first. */
export function parseMatches(csv) {
  return csv.trim().split('\n').slice(1).filter((l) => l).map((l) => l.split(',').map(Number)).sort((a, b) => b[4] - a[4]);
}

/** {@code k} rows spread evenly over all of them (so the sample covers every confidence, not only the best). */
export function sample(rows, k) {
  if (k >= rows.length) return rows;
  return Array.from({ length: k }, (_, i) => rows[Math.floor(i * rows.length / k)]);
}

function size(url) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
    img.onerror = () => reject(new Error('cannot load ' + url));
    img.src = url;
  });
}

export class MatchView {
  constructor(svg, imageUrls, csv, ui) {
    this.svg = svg;
    this.ui = ui;
    this.rows = parseMatches(csv);
    ui.sample.max = Math.max(1, this.rows.length);
    ui.sample.value = Math.min(Number(ui.sample.value), this.rows.length);
    ui.sample.oninput = () => this.draw();
    this.ready = Promise.all(imageUrls.map(size)).then((sizes) => {
      this.sizes = sizes;
      const [w1, h1] = sizes[0], [w2, h2] = sizes[1];
      svg.setAttribute('viewBox', `0 0 ${w1 + w2} ${Math.max(h1, h2)}`);
      this.lines = document.createElementNS(SVG, 'g');
      svg.replaceChildren(...imageUrls.map((url, i) => {
        const img = document.createElementNS(SVG, 'image');
        img.setAttribute('href', url);
        img.setAttribute('x', i === 0 ? 0 : w1);
        img.setAttribute('width', sizes[i][0]);
        img.setAttribute('height', sizes[i][1]);
        return img;
      }), this.lines);
      this.draw();
    });
  }

  draw() {
    const shown = sample(this.rows, Number(this.ui.sample.value));
    const dx = this.sizes[0][0];
    this.lines.replaceChildren(...shown.map(([x1, y1, x2, y2, c], i) => {
      const line = document.createElementNS(SVG, 'line');
      line.setAttribute('x1', x1);
      line.setAttribute('y1', y1);
      line.setAttribute('x2', x2 + dx);
      line.setAttribute('y2', y2);
      line.setAttribute('stroke', `hsl(${(i * 137.5) % 360} 90% 55%)`);
      line.onmouseenter = () => {
        this.ui.hover.textContent = `(${x1.toFixed(1)}, ${y1.toFixed(1)}) ↔ (${x2.toFixed(1)}, ${y2.toFixed(1)})  confidence ${c.toPrecision(4)}`;
      };
      return line;
    }));
    this.ui.count.textContent = `${shown.length} of ${this.rows.length} matches shown`;
    this.ui.count.dataset.shown = shown.length;
  }
}
