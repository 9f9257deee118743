import { gzipSync } from 'node:zlib';

/** What a host puts on the wire: the minified code, and that gzipped at level 9. */
export interface BundleSize {
  minifiedBytes: number;
  gzippedBytes: number;
}

export function sizeOf(code: Uint8Array | string): BundleSize {
  const bytes = typeof code === 'string' ? Buffer.from(code) : code;
  return { minifiedBytes: bytes.byteLength, gzippedBytes: gzipSync(bytes, { level: 9 }).byteLength };
}

/** Left to the host in every measurement: it has them already, whatever it bundles. */
export const HOST_PROVIDED = ['react', 'react-dom', 'react/jsx-runtime', 'sonner'];
