import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { accessTable } from './access-table.js';
import { sudoersText } from './sudoers-rules.js';

const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/sudoers-roles.example');

describe('the sudo rules', () => {
  it('are the text generated from the access table (regenerate: npm run build && node dist/scripts/make-sudoers.js)', () => {
    expect(fs.readFileSync(example, 'utf8')).toBe(sudoersText());
  });

  it('name every action of the table under the groups whose role may run it, and no other', () => {
    const listed = new Map<string, Set<string>>();
    let current = '';
    for (const line of sudoersText().split('\n')) {
      const head = /^#   evidence-([a-z]+)\s+(.*)$/.exec(line);
      const more = /^#\s{20,}(\S.*)$/.exec(line);
      if (head) listed.set((current = head[1]!), new Set());
      const text = head?.[2] ?? (current ? more?.[1] : undefined);
      if (text === undefined) current = '';
      else for (const a of text.split(',').map((x) => x.trim()).filter(Boolean)) listed.get(current)!.add(a);
    }
    for (const role of ['custodian', 'archivist', 'auditor', 'approver', 'admin']) {
      expect([...(listed.get(role) ?? [])].sort(), role).toEqual(accessTable().filter((a) => (a.roles as readonly string[]).includes(role)).map((a) => a.action).sort());
    }
  });
});
