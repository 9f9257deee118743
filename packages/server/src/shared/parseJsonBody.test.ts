import { describe, expect, it } from 'vitest';
import { parseJsonBody } from './parseJsonBody.ts';

const CHUNK_BYTES = 64 * 1024;

/** A request whose body is streamed in chunks (no content-length), counting how many bytes were pulled. */
function streamedRequest(totalBytes: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= totalBytes) return controller.close();
      const size = Math.min(CHUNK_BYTES, totalBytes - pulled);
      pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  const request = new Request('http://127.0.0.1/x', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duplex: 'half',
  } as RequestInit);
  return { request, pulled: () => pulled };
}

describe('parseJsonBody', () => {
  it('stops reading a streamed body as soon as it passes the cap', async () => {
    const { request, pulled } = streamedRequest(5_000_000);
    const result = await parseJsonBody(request, 1_000_000);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(1_000_000 + 2 * CHUNK_BYTES);
  });

  it('refuses a declared content-length over the cap without reading the body', async () => {
    const { request, pulled } = streamedRequest(5_000_000);
    const declared = new Request(request, {
      headers: { 'content-type': 'application/json', 'content-length': '5000000' },
    });
    const result = await parseJsonBody(declared, 1_000_000);
    expect(!result.ok && result.response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(CHUNK_BYTES);
  });

  it('reads a body exactly at the cap', async () => {
    const text = JSON.stringify({ pad: 'x'.repeat(990) });
    const request = new Request('http://127.0.0.1/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: text,
    });
    const result = await parseJsonBody(request, new TextEncoder().encode(text).byteLength);
    expect(result).toEqual({ ok: true, value: { pad: 'x'.repeat(990) } });
  });

  it('refuses invalid UTF-8 as invalid JSON', async () => {
    const request = new Request('http://127.0.0.1/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([0x22, 0xff, 0x22]),
    });
    const result = await parseJsonBody(request);
    expect(!result.ok && (await result.response.json())).toMatchObject({ code: 'invalid_json' });
  });

  it.each([
    ['text/plain', 415],
    ['application/json; charset=latin1', 415],
    ['application/jsonx', 415],
    ['APPLICATION/JSON', 200],
  ])('content-type %s → %i', async (contentType, status) => {
    const request = new Request('http://127.0.0.1/x', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: '{}',
    });
    const result = await parseJsonBody(request);
    expect(result.ok ? 200 : result.response.status).toBe(status);
  });
});
