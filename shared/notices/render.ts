/**
 * A notice is written once as a list of blocks and printed twice, as plain
 * text and as HTML, so the two always say the same thing and every piece of
 * untrusted text (listing titles, seller names) passes through one escape.
 */
import { CJK_FONT_STACK } from '../text';

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'fields'; rows: [label: string, value: string][] };

export const heading = (text: string): Block => ({ kind: 'heading', text });
export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const list = (items: string[]): Block => ({ kind: 'list', items });
/** Label/value rows; rows whose value is empty are left out. */
export const fields = (rows: [string, string | undefined][]): Block => ({
  kind: 'fields',
  rows: rows.filter((r): r is [string, string] => r[1] !== undefined && r[1].trim() !== ''),
});

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Subject lines go into mail headers: no line breaks, no runs of white space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** YYYY-MM-DD in UTC: the same on every machine. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Seconds as h:mm:ss, the way video players show a position. */
export function clock(seconds: number): string {
  const s = Math.floor(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

export function renderText(blocks: Block[]): string {
  const out = blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return `${b.text}\n${'-'.repeat(Math.min(b.text.length, 72))}`;
      case 'paragraph':
        return b.text;
      case 'list':
        // Continuation lines are indented under their bullet.
        return b.items.map((i) => `- ${i.replace(/\n/g, '\n  ')}`).join('\n');
      case 'fields':
        return b.rows.map(([k, v]) => `${k}: ${v.replace(/\n/g, '\n  ')}`).join('\n');
    }
  });
  return `${out.join('\n\n')}\n`;
}

const lines = (text: string) => escapeHtml(text).replace(/\n/g, '<br>\n');

export function renderHtml(title: string, blocks: Block[], lang = 'en'): string {
  const body = blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return `<h2>${lines(b.text)}</h2>`;
      case 'paragraph':
        return `<p>${lines(b.text)}</p>`;
      case 'list':
        return `<ul>\n${b.items.map((i) => `<li>${lines(i)}</li>`).join('\n')}\n</ul>`;
      case 'fields':
        return `<dl>\n${b.rows.map(([k, v]) => `<dt>${lines(k)}</dt><dd>${lines(v)}</dd>`).join('\n')}\n</dl>`;
    }
  });
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    // Inline, not in <head>: mail clients drop head styles; the stack reads Chinese and Japanese listing text.
    `<body style="font-family:${escapeHtml(CJK_FONT_STACK)}">`,
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
