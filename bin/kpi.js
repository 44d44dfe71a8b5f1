#!/usr/bin/env node
// The `kpi` command. Runs the TypeScript sources through tsx's loader, so no build step is needed.
import { register } from 'tsx/esm/api';

// Output piped into a command that stops reading early (kpi help | head) ends quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

register();
try {
  const { main } = await import('../cli/kpi.ts');
  process.exitCode = await main(process.argv.slice(2), process.env);
} catch (err) {
  // A fault of the command itself: one line, and the details only when asked for (KPI_DEBUG=1).
  process.stderr.write(`kpi: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.KPI_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
}
