/**
 * A string's text as a flat string of its own, for what a live subscription keeps for hours: a
 * rope (randomUUID() returns one of about fifteen pieces, half a kilobyte of heap) or a slice (a
 * decoded global id keeps the whole decoded text) costs more than its characters. A copy through
 * a Buffer is the one way JavaScript offers to make V8 build a new, flat string. An absent value
 * (an optional argument) stays absent.
 */
export function flatString(text: string): string;
export function flatString(text: string | undefined): string | undefined;
export function flatString(text: string | undefined): string | undefined {
  return text === undefined ? undefined : Buffer.from(text, 'utf8').toString('utf8');
}
