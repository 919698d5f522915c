/**
 * The reason a reviewer gives for a confirm or dismiss: one of a short list
 * plus free text, asked for in a modal dialog that the keyboard drives
 * entirely — a digit picks a reason, Enter applies, Escape cancels (Shift+Enter
 * is a new line in the text). "Other" needs the text. The answer is what the
 * audit log keeps: "Counterfeit goods", or "Counterfeit goods: fake hologram".
 */
import { h } from '../../utils/dom';

export const REASONS = {
  confirmed: ['Counterfeit goods', 'Pirated content', 'Trademark misuse', 'Repeat infringer', 'Other'],
  dismissed: [
    'Genuine product',
    'Authorised seller',
    'Not our item',
    'Not infringing (review, parody, fair use)',
    'Other',
  ],
} as const;

export type ReasonStatus = keyof typeof REASONS;

/** The reason text, or undefined when the reviewer cancelled. */
export function askReason(status: ReasonStatus, count: number): Promise<string | undefined> {
  const reasons = REASONS[status];
  const verb = status === 'confirmed' ? 'Confirm' : 'Dismiss';
  return new Promise((resolve) => {
    const radios = reasons.map((label, i) =>
      h('input', { attrs: { type: 'radio', name: 'reason', value: label, id: `reason-${i}` } }),
    );
    const note = h('textarea', {
      attrs: { id: 'reason-note', rows: 2, maxlength: 1500, 'aria-label': 'Details', placeholder: 'Details' },
    });
    const problem = h('p', { class: 'error', attrs: { role: 'alert' } });
    const dialog = h(
      'dialog',
      { class: 'reason', attrs: { 'aria-labelledby': 'reason-title', 'data-status': status } },
      h(
        'form',
        { attrs: { method: 'dialog' } },
        h('h2', { attrs: { id: 'reason-title' } }, `${verb} ${count === 1 ? 'this hit' : `${count} hits`}: why?`),
        h(
          'fieldset',
          { attrs: { 'aria-label': 'Reason' } },
          ...radios.map((r, i) => h('label', { attrs: { for: r.id } }, r, ` ${i + 1} · ${reasons[i]}`)),
        ),
        note,
        h('p', { class: 'muted keys' }, `1–${reasons.length} pick · Enter ${verb.toLowerCase()} · Esc cancel`),
        problem,
        h(
          'div',
          { class: 'row' },
          h('button', { class: 'primary', attrs: { type: 'submit', value: 'ok' } }, verb),
          h('button', { attrs: { type: 'button', value: 'cancel' }, on: { click: () => dialog.close('') } }, 'Cancel'),
        ),
      ),
    );
    let answer: string | undefined;
    const submit = () => {
      const chosen = radios.find((r) => r.checked)?.value;
      const text = note.value.trim();
      if (!chosen) return void (problem.textContent = `Pick a reason (1–${reasons.length}).`);
      if (chosen === 'Other' && !text) return void (problem.textContent = 'Say why in the details.');
      answer = text ? `${chosen}: ${text}` : chosen;
      dialog.close('ok');
    };
    dialog.addEventListener('submit', (e) => {
      e.preventDefault();
      submit();
    });
    dialog.addEventListener('keydown', (e) => {
      // Keys in the dialog are the dialog's: the inbox's shortcuts must not act behind it.
      e.stopPropagation();
      const inText = e.target === note;
      if (!inText && /^[1-9]$/.test(e.key) && radios[Number(e.key) - 1]) {
        e.preventDefault();
        radios[Number(e.key) - 1]!.checked = true;
        radios[Number(e.key) - 1]!.focus();
        problem.textContent = '';
      } else if (e.key === 'Enter' && !e.shiftKey && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        submit();
      }
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    radios[0]!.focus();
  });
}
