/**
 * `npm run dev:excel`: serves dist/excel over https on https://localhost:3000, the address
 * manifest.xml points at, for sideloading the add-in into Excel.
 *
 * Office loads add-ins only over https from a certificate it trusts. The certificate comes from
 * office-addin-dev-certs (getHttpsServerOptions creates a localhost certificate in
 * ~/.office-addin-dev-certs and trusts its authority on first use, asking for the system password
 * where the system wants one), or from KPI_TLS_CERT and KPI_TLS_KEY (PEM files) when both are set.
 */
import { createReadStream, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, type ServerOptions } from 'node:https';
import { homedir } from 'node:os';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SITE = join(ROOT, 'dist', 'excel');
const MANIFEST = join(ROOT, 'manifest.xml');
/** The port every URL in manifest.xml uses. */
const MANIFEST_PORT = 3000;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml; charset=utf-8',
};

/** TLS options: KPI_TLS_CERT / KPI_TLS_KEY when set, else office-addin-dev-certs' trusted localhost certificate. */
export async function tlsOptions(env: NodeJS.ProcessEnv = process.env): Promise<ServerOptions> {
  const cert = env.KPI_TLS_CERT;
  const key = env.KPI_TLS_KEY;
  if (cert || key) {
    if (!cert || !key) throw new Error('Set both KPI_TLS_CERT and KPI_TLS_KEY (PEM files), or neither.');
    for (const f of [cert, key]) if (!existsSync(f)) throw new Error(`${f} does not exist.`);
    return { cert: readFileSync(cert), key: readFileSync(key) };
  }
  const { getHttpsServerOptions } = await import('office-addin-dev-certs');
  try {
    return await getHttpsServerOptions();
  } catch (err) {
    // The certificate was made but its authority could not be trusted (no sudo, say): serve with it
    // and say how to trust it, since a browser on another machine may trust it by hand.
    const dir = join(homedir(), '.office-addin-dev-certs');
    const [ca, crt, pem] = ['ca.crt', 'localhost.crt', 'localhost.key'].map((f) => join(dir, f)) as [string, string, string];
    if (!existsSync(crt) || !existsSync(pem)) throw err;
    console.warn(
      [
        `The localhost certificate is in ${dir}, but its authority is not trusted yet: ${(err as Error).message.trim()}`,
        'Trust it once (Debian/Ubuntu, as root):',
        `  mkdir -p /usr/local/share/ca-certificates/office-addin-dev-certs && cp '${ca}' /usr/local/share/ca-certificates/office-addin-dev-certs/ && update-ca-certificates`,
        'or import ca.crt into the trusted roots of the machine that runs Excel. Until then Office refuses the add-in.',
        '',
      ].join('\n'),
    );
    return { cert: readFileSync(crt), key: readFileSync(pem) };
  }
}

/** The file under dist/excel for a request path ('/' is the task pane); null outside the site. */
export function siteFile(urlPath: string, site = SITE): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(urlPath, 'https://localhost').pathname);
  } catch {
    return null;
  }
  const file = normalize(join(site, path === '/' ? 'taskpane.html' : path));
  if (!file.startsWith(site + sep) || !existsSync(file) || !statSync(file).isFile()) return null;
  return file;
}

function sideloadHelp(base: string, port: number): string {
  const manifest = relative(process.cwd(), MANIFEST) || 'manifest.xml';
  const lines = [
    `KPI Kit for Excel is served on ${base}/`,
    `  task pane: ${base}/taskpane.html?view=templates   functions: ${base}/functions.js`,
    '',
    `Sideload ${manifest} (its URLs point at https://localhost:${MANIFEST_PORT}):`,
    '  Excel on the web: Home > Add-ins > More Add-ins > My Add-ins > Upload My Add-in, choose manifest.xml.',
    '  Excel on Windows: share the folder that holds manifest.xml, add its network path under File > Options >',
    '    Trust Center > Trust Center Settings > Trusted Add-in Catalogs (tick Show in Menu), restart Excel,',
    '    then Home > Add-ins > More Add-ins > Shared Folder.',
    '  Excel on Mac: copy manifest.xml to ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/',
    '    (create the folder), restart Excel, then Home > Add-ins.',
    '',
    'Then Home > Templates opens the template gallery; type =KPI. in a cell to see the functions.',
    'Ctrl+C stops the server.',
  ];
  if (port !== MANIFEST_PORT) {
    lines.push('', `Note: PORT is ${port}, but manifest.xml points at port ${MANIFEST_PORT}: Excel will not find this server.`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? MANIFEST_PORT);
  if (!existsSync(join(SITE, 'functions.js')) || !existsSync(join(SITE, 'taskpane.html'))) {
    console.error('dist/excel is missing: run npm run build first (npm run dev:excel does).');
    process.exit(1);
  }
  let tls: ServerOptions;
  try {
    tls = await tlsOptions();
  } catch (err) {
    console.error(
      [
        `No trusted certificate for https://localhost: ${(err as Error).message}`,
        'office-addin-dev-certs creates one in ~/.office-addin-dev-certs and adds its authority to the trusted',
        'certificates (on Linux with sudo). Or set KPI_TLS_CERT and KPI_TLS_KEY to a certificate and key your',
        'system trusts.',
      ].join('\n'),
    );
    process.exit(1);
  }

  const server = createServer(tls, (req, res) => {
    const file = siteFile(req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(err.code === 'EADDRINUSE' ? `Port ${port} is in use: stop the other server, or set PORT.` : err.message);
    process.exit(1);
  });
  server.listen(port, () => console.log(sideloadHelp(`https://localhost:${port}`, port)));
}

if (process.argv[1] && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1])) void main();
