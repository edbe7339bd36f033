#!/usr/bin/env node
// Entry point of the `phishdesk` command. The sources are TypeScript run through tsx's loader, so a
// fresh `npm ci` is enough: there is no separate build step to forget.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv);
