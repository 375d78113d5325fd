// The drawing pad: light strokes on a dark canvas, from mouse, touch, pen or keyboard.

const BACKGROUND = '#000';
const INK = '#fff';
const KEY_STEP = 0.04; // arrow-key step, as a fraction of the canvas (Shift: three times)

export class DrawingPad {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {object} options
   * @param {() => void} options.onChange called after every change of the drawing
   * @param {() => void} [options.onStart] called when a stroke begins
   * @param {HTMLElement} [options.cursor] element that shows the keyboard pen's position
   * @param {number} [options.brushFraction] brush width as a fraction of the canvas width
   */
  constructor(canvas, { onChange, onStart = () => {}, cursor = null, brushFraction = 0.06 }) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d', { willReadFrequently: true });
    this.onChange = onChange;
    this.onStart = onStart;
    this.cursor = cursor;
    this.brushFraction = brushFraction;
    this.empty = true;
    this.last = null; // last point of the stroke in progress, in canvas pixels
    this.pointerId = null;
    this.pen = { x: canvas.width / 2, y: canvas.height / 2, down: false }; // keyboard pen
    this.clear();
    canvas.addEventListener('pointerdown', (e) => this.start(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) {
      canvas.addEventListener(type, (e) => this.end(e));
    }
    canvas.addEventListener('keydown', (e) => this.key(e));
    canvas.addEventListener('focus', () => this.showCursor(true));
    canvas.addEventListener('blur', () => this.showCursor(false));
  }

  get isEmpty() {
    return this.empty;
  }

  /** Wipes the canvas to the dark background and ends any stroke in progress. */
  clear() {
    this.context.fillStyle = BACKGROUND;
    this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.empty = true;
    this.last = null;
    this.pointerId = null; // a picture pasted mid-stroke replaces the drawing: the stroke is over
    this.pen.down = false;
    this.showCursor(document.activeElement === this.canvas);
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
    this.onStart();
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

  /** Keyboard drawing: arrows move the pen, Space puts it down or lifts it. */
  key(event) {
    const step = KEY_STEP * this.canvas.width * (event.shiftKey ? 3 : 1);
    const moves = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const pen = this.pen;
    if (event.key === ' ') {
      pen.down = !pen.down;
      if (pen.down) {
        this.onStart();
        this.segment(pen, pen);
      }
    } else if (moves[event.key]) {
      const from = { x: pen.x, y: pen.y };
      pen.x = Math.min(this.canvas.width, Math.max(0, pen.x + moves[event.key][0]));
      pen.y = Math.min(this.canvas.height, Math.max(0, pen.y + moves[event.key][1]));
      if (pen.down) this.segment(from, pen);
    } else {
      return; // Tab and everything else keep their usual meaning
    }
    event.preventDefault();
    this.showCursor(true);
  }

  showCursor(visible) {
    if (!this.cursor) return;
    this.cursor.hidden = !visible;
    this.cursor.classList.toggle('down', this.pen.down);
    this.cursor.style.left = `${(100 * this.pen.x) / this.canvas.width}%`;
    this.cursor.style.top = `${(100 * this.pen.y) / this.canvas.height}%`;
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
