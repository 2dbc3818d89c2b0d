/** Writes scripts/sudoers-roles.example from the access table: `node dist/scripts/make-sudoers.js`. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sudoersText } from '../src/core/sudoers-rules.js';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/sudoers-roles.example');
fs.writeFileSync(target, sudoersText());
console.log(`wrote ${target}`);
