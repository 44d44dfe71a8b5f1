/**
 * `npm run dev:excel`: serves dist/excel over https on https://localhost:3000, the address
 * manifest.xml points at. Office loads add-ins only over https from a certificate it trusts: the
 * certificate comes from `npx office-addin-dev-certs install` (which creates and trusts one in
 * ~/.office-addin-dev-certs), or from KPI_TLS_CERT / KPI_TLS_KEY.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:https';
import { homedir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SITE = join(ROOT, 'dist', 'excel');
const PORT = Number(process.env.PORT ?? 3000);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml; charset=utf-8',
};

function certificate(): { cert: Buffer; key: Buffer } | undefined {
  const dir = join(homedir(), '.office-addin-dev-certs');
  const cert = process.env.KPI_TLS_CERT ?? join(dir, 'localhost.crt');
  const key = process.env.KPI_TLS_KEY ?? join(dir, 'localhost.key');
  if (!existsSync(cert) || !existsSync(key)) return undefined;
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

const tls = certificate();
if (!tls) {
  console.error(
    [
      'No certificate for https://localhost. Create and trust one once with:',
      '  npx office-addin-dev-certs install',
      'or point KPI_TLS_CERT and KPI_TLS_KEY at a certificate and key your system trusts.',
    ].join('\n'),
  );
  process.exit(1);
}
if (!existsSync(join(SITE, 'functions.js'))) {
  console.error('dist/excel is missing: run npm run build first.');
  process.exit(1);
}

const server = createServer(tls, (req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'https://localhost').pathname);
  const file = normalize(join(SITE, path === '/' ? 'taskpane.html' : path));
  if (!file.startsWith(SITE + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  createReadStream(file).pipe(res);
});

server.listen(PORT, () => {
  console.log(`Serving dist/excel on https://localhost:${PORT}/ (Ctrl+C to stop).`);
  console.log('Sideload manifest.xml in Excel: see "Excel add-in" in README.md.');
});
