// What a message may quote of a search file: a short, printable excerpt, never the value whole.
// A search file can hold anything (a 50 MB scalar, a non-YAML file included by mistake, control
// characters that would drive a terminal), and its errors go to a terminal, a log and the UI.

/** Characters of a value a message quotes. */
export const MAX_EXCERPT_CHARS = 60;
/** Characters of a whole problem or warning message (what the message says around its quotes). */
export const MAX_MESSAGE_CHARS = 1000;

const CONTROL = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029]/g;
const escapeControl = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** `text` cut to `max` characters (saying how long it was) with control characters and line breaks escaped. */
export function excerpt(text: string, max = MAX_EXCERPT_CHARS): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const printable = cut.replace(/\r?\n/g, '\\n').replace(/\t/g, '\\t').replace(CONTROL, escapeControl);
  return text.length > max ? `${printable}… (${text.length.toLocaleString('en-US')} characters)` : printable;
}

/** A whole message bounded the same way; line breaks are kept only when the message is short (they separate its lines). */
export function boundedMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message.replace(CONTROL, escapeControl);
  return excerpt(message, MAX_MESSAGE_CHARS);
}
