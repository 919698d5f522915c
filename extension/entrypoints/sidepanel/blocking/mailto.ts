/** Only a plain address goes into a mailto: link (RDAP answers are other people's data). */
const EMAIL = /^[^\s@<>"',;:()[\]\\?&=]+@[a-z0-9.-]+\.[a-z]{2,63}$/i;
/** Mail programs cut long mailto: links; the full text is in the export. */
const MAILTO_BODY_MAX = 1800;

/** A link opening the reviewer's mail program with the request filled in; none for an address that is not plain. */
export function mailtoOf(email: string, subject: string, body: string): string | undefined {
  if (!EMAIL.test(email)) return undefined;
  const cut =
    body.length > MAILTO_BODY_MAX ? `${body.slice(0, MAILTO_BODY_MAX)}\n[…] (the full request is attached)` : body;
  return `mailto:${encodeURIComponent(email)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(cut)}`;
}
