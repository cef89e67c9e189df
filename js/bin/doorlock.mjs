#!/usr/bin/env node
// The doorlock command line (src/cli/main.mjs): `doorlock --help`.
import { main } from '../src/cli/main.mjs';

process.exitCode = await main(process.argv.slice(2));
