import * as ws from 'ws';
import { describe, expect, it } from 'vitest';
import { nextFrame } from '../src/api/shared-execution.js';

/** ws frames a message itself (Sender.frame: the header, then the payload); not in its type declarations. */
type FrameOptions = { fin: boolean; mask: boolean; opcode: number; readOnly: boolean; rsv1: boolean };
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };

/** The bytes `ws.send(text)` writes on a server's socket (per-message deflate off): its header, then the payload. */
function wsFrame(text: string): Buffer {
  return Buffer.concat(Sender.frame(Buffer.from(text), { fin: true, mask: false, opcode: 1, readOnly: false, rsv1: false }));
}

describe('a next frame built whole for grouped delivery', () => {
  // Payload lengths in bytes at each edge of the 7-, 16- and 64-bit length forms.
  it.each([80, 125, 126, 127, 65_535, 65_536, 100_000])('is the bytes ws sends for a %i-byte message', (length) => {
    for (const id of ['1', 'ü-operation "7"']) {
      const idJson = JSON.stringify(id);
      const open = `,"type":"next","payload":{"data":{"text":"ü`;
      const close = '"}}}';
      const fixed = Buffer.byteLength(`{"id":${idJson}${open}${close}`);
      const tail = `${open}${'x'.repeat(length - fixed)}${close}`;
      const text = `{"id":${idJson}${tail}`;
      expect(Buffer.byteLength(text)).toBe(length);
      const { frame, headerBytes } = nextFrame(idJson, tail);
      expect(frame.equals(wsFrame(text))).toBe(true);
      expect(frame.subarray(headerBytes).toString('utf8')).toBe(text);
    }
  });
});
