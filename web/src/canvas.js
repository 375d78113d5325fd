// The drawing pad: light strokes on a dark canvas, from mouse, touch or pen.

const BACKGROUND = '#000';
const INK = '#fff';

export class DrawingPad {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{onChange: () => void, brushFraction?: number}} options
   *   brushFraction: brush width as a fraction of the canvas width.
   */
  constructor(canvas, { onChange, brushFraction = 0.06 }) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d', { willReadFrequently: true });
    this.onChange = onChange;
    this.brushFraction = brushFraction;
    this.empty = true;
    this.last = null; // last point of the stroke in progress, in canvas pixels
    this.pointerId = null;
    this.clear();
    canvas.addEventListener('pointerdown', (e) => this.start(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) {
      canvas.addEventListener(type, (e) => this.end(e));
    }
  }

  get isEmpty() {
    return this.empty;
  }

  /** Wipes the canvas to the dark background. */
  clear() {
    this.context.fillStyle = BACKGROUND;
    this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.empty = true;
    this.last = null;
  }

  point(event) {
    const rect = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) * this.canvas.width) / rect.width,
      y: ((event.clientY - rect.top) * this.canvas.height) / rect.height,
    };
  }

  start(event) {
    if (this.pointerId !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    this.pointerId = event.pointerId;
    this.canvas.setPointerCapture?.(event.pointerId);
    this.last = this.point(event);
    this.segment(this.last, this.last); // a tap leaves a dot
  }

  move(event) {
    if (event.pointerId !== this.pointerId) return;
    event.preventDefault();
    // Coalesced events keep fast strokes smooth on high-rate pens and touch screens.
    const events = event.getCoalescedEvents?.() ?? [];
    for (const e of events.length ? events : [event]) {
      const p = this.point(e);
      this.segment(this.last, p);
      this.last = p;
    }
  }

  end(event) {
    if (event.pointerId !== this.pointerId) return;
    this.pointerId = null;
    this.last = null;
  }

  segment(from, to) {
    const c = this.context;
    c.strokeStyle = INK;
    c.lineWidth = this.brushFraction * this.canvas.width;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x, to.y);
    c.stroke();
    this.empty = false;
    this.onChange();
  }
}
