#!/usr/bin/env node
/**
 * The `evidence-vault` command (package.json `bin`, the installed wrapper, the systemd unit): the
 * build puts it beside the bundle as `dist/bundle/evidence-vault.cjs`, and it runs the bundle found
 * there (bundle-loader.ts says why the program starts from one file).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundledCli } from './bundle-loader.js';

void loadBundledCli(path.dirname(fileURLToPath(import.meta.url))).main(process.argv);
