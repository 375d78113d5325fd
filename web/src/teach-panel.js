// The teaching controls in the drawing panel: "it is really…", what teaching changed,
// and the list of examples taught, each with a control that removes it; and the wiring
// of teaching.js to them and to the contract's teach, taught and forget. Loaded after
// the page's first prediction. No tensors here.
import { argmax, drawPixels, percent } from './bars.js';
import { download } from './download.js';
import { graphDownload } from './graph.js';
import { createTeaching } from './teaching.js';
import { el } from './ui.js';

/**
 * Builds the controls in the panel's `.teach` box. onTeach(label) teaches the current
 * input; onRemove(index) and onForget() drop examples; onDownload() saves the model.
 */
function createView({ classNames, imageSize, onTeach, onRemove, onForget, onDownload }) {
  const box = document.querySelector('.teach');
  const select = el(
    'select',
    { id: 'teach-select' },
    el('option', { value: '', textContent: 'choose the right class…' }),
    ...classNames.map((name, id) => el('option', { value: String(id), textContent: name })),
  );
  select.dataset.testid = 'teach-select';
  const note = el('p', { className: 'teach-note' });
  note.setAttribute('aria-live', 'polite');
  const list = el('ol', { className: 'taught' });
  list.dataset.testid = 'taught-list';
  const forget = el('button', { type: 'button', textContent: 'Forget all', hidden: true });
  forget.dataset.testid = 'forget-all';
  const save = el('button', {
    type: 'button',
    textContent: 'Download the taught model',
    hidden: true,
  });
  save.dataset.testid = 'teach-download';
  box.replaceChildren(
    el('label', { htmlFor: 'teach-select' }, 'Wrong? Teach it what this really is: '),
    select,
    note,
    list,
    forget,
    save,
  );
  box.hidden = false;

  select.addEventListener('change', () => {
    if (select.value === '') return;
    const label = Number(select.value);
    select.value = '';
    onTeach(label);
  });
  forget.addEventListener('click', () => onForget());
  save.addEventListener('click', () => onDownload());

  /** Shows a message under the select. */
  function say(text) {
    note.textContent = text;
  }

  /** Says what teaching one example changed: the prediction before and after. */
  function showTaught(label, { before, after, seconds }) {
    const top = (probs) => `${classNames[argmax(probs)]} ${percent(probs[argmax(probs)])}`;
    say(
      `Taught: ${classNames[label]}. Before: ${top(before)}; after: ${top(after)} ` +
        `(${seconds.toFixed(1)} s).`,
    );
  }

  /** Lists the examples taught, [{label, pixels}], each with its remove control. */
  function showExamples(examples) {
    list.replaceChildren(
      ...examples.map(({ label, pixels }, index) => {
        const canvas = el('canvas', { width: imageSize, height: imageSize });
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `Taught example ${index + 1}`);
        drawPixels(canvas, pixels);
        const remove = el('button', { type: 'button', textContent: 'Remove' });
        remove.setAttribute(
          'aria-label',
          `Remove taught example ${index + 1} (${classNames[label]})`,
        );
        remove.addEventListener('click', () => onRemove(index));
        return el('li', {}, canvas, el('span', { textContent: classNames[label] }), remove);
      }),
    );
    forget.hidden = examples.length === 0;
    save.hidden = examples.length === 0;
  }

  /** Enables or disables the controls while a change runs. */
  function setBusy(busy) {
    select.disabled = busy;
    forget.disabled = busy;
    for (const button of list.querySelectorAll('button')) button.disabled = busy;
  }

  return { say, showTaught, showExamples, setBusy };
}

/**
 * Creates teaching for the page: `input` is the drawing and upload controller (its
 * `pixels` are the model's input on show), samples() the shipped sample images, and
 * refresh() re-predicts the gallery and the drawing. Returns the contract's
 * {teach, taught, forget} and retune(), which model switching calls.
 */
export async function createTeachPanel({ config, classifier, input, samples, refresh, showError }) {
  const teaching = createTeaching({ config, classifier, samples, onChanged: refresh });

  /** Runs a change with the controls disabled; shows its failure and passes it on. */
  async function change(run) {
    view.setBusy(true);
    try {
      return await run();
    } catch (err) {
      view.say(`Teaching failed: ${err.message}`);
      showError(`Teaching failed: ${err.message}`);
      throw err;
    } finally {
      view.showExamples(teaching.examples);
      view.setBusy(false);
    }
  }

  async function teach(pixels, label) {
    const result = await change(() => teaching.teach(pixels, label));
    view.showTaught(label, result);
    return result;
  }

  const view = createView({
    classNames: config.classNames,
    imageSize: config.imageSize,
    onTeach: (label) => {
      if (!input.pixels) {
        view.say('Draw or upload something first, then say what it is.');
        return;
      }
      teach(input.pixels, label).catch(() => {}); // shown by change()
    },
    onRemove: (index) => change(() => teaching.remove(index)).catch(() => {}),
    onDownload: () => {
      const taught = teaching.taughtModel;
      if (taught) download(graphDownload(taught.files, `fashion-mnist-${taught.name}-taught`));
    },
    onForget: () =>
      change(() => teaching.forget())
        .then(() => view.say('Forgot every taught example: the model is as it came.'))
        .catch(() => {}),
  });
  const note = await change(() => teaching.start()).catch((err) => err.message);
  if (note) view.say(note);
  return {
    teach,
    taught: () => teaching.examples.map(({ label }) => ({ label })),
    forget: () => change(() => teaching.forget()),
    retune: () => teaching.retune(),
  };
}
