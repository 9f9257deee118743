import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Something the browser receives: a file of the build's static output, or a page as served. */
export interface Shipped {
  where: string;
  text: string;
}

export interface SecretHit {
  secret: string;
  where: string;
}

/** Every file under `dir`, recursively, read as Latin-1 so any byte sequence (minified JS, fonts, source maps) is searchable text. */
export async function readShippedFiles(dir: string): Promise<Shipped[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (file) => ({ where: file, text: (await readFile(file)).toString('latin1') })));
}

/** What a browser gets for `url`: the HTML, and the RSC payload a client-side navigation fetches instead. */
export async function fetchShippedPage(url: string): Promise<Shipped[]> {
  const html = await fetch(url);
  const rsc = await fetch(url, { headers: { RSC: '1' } });
  if (!html.ok || !rsc.ok) throw new Error(`${url} answered ${html.status} / ${rsc.status} (RSC)`);
  return [
    { where: `${url} (HTML)`, text: await html.text() },
    { where: `${url} (RSC)`, text: await rsc.text() },
  ];
}

/** Each place a secret occurs, by the secret's name (never its value, which would leak into the test report). */
export function findSecrets(shipped: readonly Shipped[], secrets: Record<string, string>): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const [secret, value] of Object.entries(secrets)) {
    for (const { where, text } of shipped) if (text.includes(value)) hits.push({ secret, where });
  }
  return hits;
}
