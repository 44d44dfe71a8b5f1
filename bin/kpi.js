#!/usr/bin/env node
// The `kpi` command. Runs the TypeScript sources through tsx's loader, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/kpi.ts');
process.exitCode = await main(process.argv.slice(2), process.env);
