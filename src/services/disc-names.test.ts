import { describe, expect, it } from 'vitest';
import { isRecorded, UserError } from '../core/errors.js';
import type { OutputPublisher } from '../adapters/output-publish.js';
import { discPlace, publishDisc, removeOrphanedParts, takenFinalNames, NameTakenError } from './disc-names.js';
import { discFailure } from './disc-failure.js';
import { damagedSourcesText } from './disc-sources.js';

function fakePublisher(names: string[], alive: number[], opts: { imageTaken?: boolean } = {}): OutputPublisher & { done: string[] } {
  const done: string[] = [];
  return {
    done,
    pid: 100,
    syncFile: async () => undefined,
    syncDir: async () => undefined,
    publishFile: async (temp, final) => (opts.imageTaken ? false : (done.push(`${temp} -> ${final}`), true)),
    publishFolder: async (temp, final) => (done.push(`${temp} -> ${final}`), true),
    taken: async (p) => names.includes(p.split('/').pop()!),
    kind: async () => 'folder',
    names: async () => names,
    processAlive: (pid) => alive.includes(pid),
  };
}

describe('disc names', () => {
  it('builds under hidden .partial names and names the disc GPyyyy-nnnn only at the end', () => {
    const p = discPlace('/out', 'GP2026-0007', 42, 'ab12cd34');
    expect(p).toEqual({
      number: 'GP2026-0007',
      tempFolder: '/out/.GP2026-0007.42-ab12cd34.partial',
      tempImage: '/out/.GP2026-0007.iso.42-ab12cd34.partial',
      folder: '/out/GP2026-0007',
      image: '/out/GP2026-0007.iso',
    });
  });

  it('removes the temporary files of dead builds only: never a live one\'s, its own, or anything else', async () => {
    const names = ['.GP2026-0001.7-aa.partial', '.GP2026-0001.iso.7-aa.partial', '.GP2026-0001.8-bb.partial', '.GP2026-0002.iso.100-cc.partial', 'GP2026-0001.iso', 'notes.txt', '.GP2026-0001.iso'];
    const removed: string[] = [];
    const gone = await removeOrphanedParts(fakePublisher(names, [8]), '/out', async (p) => void removed.push(p));
    expect(gone).toEqual(['.GP2026-0001.7-aa.partial', '.GP2026-0001.iso.7-aa.partial']);
    expect(removed).toEqual(['/out/.GP2026-0001.7-aa.partial', '/out/.GP2026-0001.iso.7-aa.partial']);
  });

  it('names every final name already taken', async () => {
    const places = [discPlace('/out', 'GP2026-0001', 1, 'x'), discPlace('/out', 'GP2026-0002', 1, 'x')];
    expect(await takenFinalNames(fakePublisher(['GP2026-0002'], []), places)).toEqual(['/out/GP2026-0002']);
  });

  it('gives the folder its name, then the image; takes the folder back when the image name was taken meanwhile', async () => {
    const p = discPlace('/out', 'GP2026-0003', 1, 'x');
    const pub = fakePublisher([], []);
    expect(await publishDisc(pub, p, async () => undefined)).toEqual([p.image, p.folder]);
    expect(pub.done).toEqual([`${p.tempFolder} -> ${p.folder}`, `${p.tempImage} -> ${p.image}`]);
    const removed: string[] = [];
    await expect(publishDisc(fakePublisher([], [], { imageTaken: true }), p, async (x) => void removed.push(x))).rejects.toBeInstanceOf(NameTakenError);
    expect(removed).toEqual([p.folder]);
  });
});

describe('disc build failures', () => {
  const at = { target: 'case X', outDir: '/out', disc: 'GP2026-0004', done: ['GP2026-0003'] };

  it('turn any error into a person\'s message, recorded once as failed', () => {
    const recorded: unknown[] = [];
    const audit = { record: (e: unknown) => (recorded.push(e), e) } as never;
    const e = discFailure(audit, Object.assign(new Error('write'), { code: 'ENOSPC' }), at) as UserError;
    expect(e).toBeInstanceOf(UserError);
    expect(e.exitCode).toBe(1);
    expect(e.message).toMatch(/^no space left while writing disc GP2026-0004 .*nothing of disc GP2026-0004 was kept in \/out.*Discs GP2026-0003 of this build are complete and catalogued\./);
    expect(isRecorded(e)).toBe(true);
    expect(recorded).toEqual([expect.objectContaining({ action: 'disc.build', outcome: 'failed' })]);
    expect(e.said.zh).toMatch(/^写入光盘 GP2026-0004 时空间不足.*光盘 GP2026-0004 的任何内容均未保留在 \/out 中.*本次制作的光盘 GP2026-0003 已完成并编目。$/);
    const taken = discFailure(audit, new Error('UNIQUE constraint failed: discs.number'), at) as UserError;
    expect(taken.message).toMatch(/numbered by another disc build at the same time/);
    // A refusal's own two languages carry through, each with its own language's "nothing kept".
    const refused = discFailure(audit, new UserError({ zh: '中文原因', en: 'the reason' }, { zh: '中文建议', en: 'the hint' }), at) as UserError;
    expect(refused.said.zh).toMatch(/^中文原因；光盘 GP2026-0004 的任何内容均未保留/);
    expect(refused.said.en).toMatch(/^the reason; nothing of disc GP2026-0004 was kept/);
    expect(refused.hintSaid).toEqual({ zh: '中文建议', en: 'the hint' });
  });

  it('name damaged sources with the repair to run, never blaming the disc', () => {
    const t = damagedSourcesText([
      { id: 12, vaultPath: 'a/b.MP4', problem: 'changed', detail: 'SHA-256 x, catalogue y' },
      { id: 13, vaultPath: 'a/c.MP4', problem: 'missing', detail: 'no file at this path' },
    ]);
    expect(t.message.en).toContain('recordings 12, 13');
    expect(t.message.en).toContain('recording 13: a/c.MP4 (missing');
    expect(t.hint.en).toContain('evidence-vault repair 12 13');
    expect(t.hint.en).toContain('evidence-vault verify');
    expect(t.message.zh).toContain('影像 13：a/c.MP4（缺失');
    expect(t.hint.zh).toContain('evidence-vault repair 12 13');
    for (const s of [t.message.en, t.hint.en]) expect(s).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
