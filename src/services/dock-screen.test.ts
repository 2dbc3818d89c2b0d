import { describe, expect, it } from 'vitest';
import { unitClock } from '../core/unit-clock.js';
import type { DockActivity } from '../adapters/catalog/dock-activity-store.js';
import type { FixityRun } from '../adapters/catalog/fixity-store.js';
import type { DaySession } from '../adapters/catalog/dock-screen-store.js';
import type { RecorderRecord, AssignmentRow } from '../adapters/catalog/recorder-store.js';
import { renderDockScreen } from '../core/dock-screen-html.js';
import { DockScreen, type DockScreenSources } from './dock-screen.js';

// The unit's clock is fixed; the service's heartbeat is judged on the real clock (dock-status.ts).
const NOW = Date.parse('2026-11-28T09:00:00Z'); // 17:00 in Shanghai
const clock = unitClock({ now: () => new Date(NOW) }, 'Asia/Shanghai');
const recorder = (number: string): RecorderRecord => ({ number, brand: 'b', model: 'm', serial: null, status: 'in-service', volumeRule: null, assetNumber: null, purchasedOn: null });
const assigned = (deviceNumber: string, officerId: string): AssignmentRow => ({ id: 1, deviceNumber, officerId, fromMs: 0, toMs: null, fromAt: '', toAt: null, assignedBy: 'x' });
const activity = (over: Partial<DockActivity>): DockActivity => ({
  mountPoint: '/media/recorders/SECRET-MOUNT',
  mountId: 1,
  deviceNumber: '0001',
  matchedBy: 'file-names',
  state: 'ingesting',
  quarantined: false,
  detail: '2 files not stored (still on the recorder): DCIM/0001_110101_20261128080000_0001.MP4',
  sessionId: 1,
  filesTotal: 4,
  filesDone: 1,
  bytesTotal: 1000,
  bytesDone: 250,
  dockedAt: '',
  startedMs: NOW - 10_000,
  updatedMs: NOW,
  stalledSinceMs: null,
  ...over,
});

function sources(over: Partial<DockScreenSources> & { docked?: DockActivity[]; heartbeatMs?: number | null } = {}): DockScreenSources & { reminderCalls: number } {
  const s = {
    reminderCalls: 0,
    dock: {
      activity: {
        daemon: () => (over.heartbeatMs === null ? undefined : { pid: 1, startedAt: '', heartbeatMs: over.heartbeatMs ?? Date.now(), usb: 'none', mediaRoots: ['/media/recorders'], stoppedAt: null }),
        activity: () => over.docked ?? [],
      },
      recorders: { recorders: () => ['0001', '0002', '0003'].map(recorder), assignments: (n: string) => (n === '0003' ? [] : [assigned(n, n === '0001' ? '110101' : '110102')]) },
      sessions: { dockedOn: () => new Set(['0001']) },
      registers: { officers: () => [{ id: '110101', name: '张三', unit: null, createdAt: '' }, { id: '110102', name: '李四', unit: null, createdAt: '' }] },
    },
    sessionsOn: (): DaySession[] => [],
    lastFixity: (): FixityRun | undefined => undefined,
    lastFinishedFixity: (): FixityRun | undefined => undefined,
    reminder() {
      s.reminderCalls++;
      return null;
    },
    vaultDisk: () => ({ freeBytes: 500 * 1024 ** 3, totalBytes: 1000 * 1024 ** 3 }),
    ...over,
  };
  return s as DockScreenSources & { reminderCalls: number };
}

const page = { refreshSeconds: 3, staleAfterSeconds: 23 };

describe('the dock screen\'s facts', () => {
  it('each docked recorder with its officer and time left; an unknown one by no number; never a mount point or a file name', () => {
    const screen = new DockScreen({ unitName: null, lang: 'zh' }, sources({ docked: [activity({}), activity({ mountPoint: '/media/recorders/x', deviceNumber: null, quarantined: true, detail: 'UNKNOWN RECORDER: no rule' })] }), clock);
    const v = screen.view(page);
    expect(v.service).toBe('running');
    expect(v.docked[0]).toMatchObject({ deviceNumber: '0001', officer: { id: '110101', name: '张三' }, state: 'ingesting', secondsLeft: 30 });
    expect(v.docked[1]).toMatchObject({ deviceNumber: null, officer: null, quarantined: true });
    expect(v.notDockedToday).toEqual([
      { deviceNumber: '0002', officer: { id: '110102', name: '李四' } },
      { deviceNumber: '0003', officer: null },
    ]);
    expect(v.date).toBe('2026-11-28');
    expect(v.time).toBe('17:00:00');
    const html = renderDockScreen(v, 'zh') + JSON.stringify(v);
    expect(html).not.toContain('SECRET-MOUNT');
    expect(html).not.toContain('DCIM');
    expect(html).not.toContain('.MP4');
  });

  it('alerts: the service gone silent, a fixity failure or findings, a disk filling up, the quarterly set due', () => {
    const run = (outcome: FixityRun['outcome'], findings = 0): FixityRun => ({ id: 1, startedAt: '2026-11-28T02:30:00+08:00', finishedAt: '2026-11-28T02:41:00+08:00', trigger: 'scheduled' as FixityRun['trigger'], filesChecked: 1, bytesChecked: 1, chainOk: true, outcome, findings: Array.from({ length: findings }) as FixityRun['findings'], error: null });
    const kinds = (s: DockScreenSources) => new DockScreen({ unitName: null, lang: 'zh' }, s, clock).view(page).alerts;
    expect(kinds(sources())).toEqual([]);
    expect(kinds(sources({ heartbeatMs: Date.now() - 60_000 }))).toEqual([{ kind: 'service-stopped', secondsSilent: 60 }]);
    expect(kinds(sources({ heartbeatMs: null }))).toEqual([{ kind: 'service-never-started' }]);
    expect(kinds(sources({ lastFixity: () => run('failed') }))).toEqual([{ kind: 'fixity-failed', at: '2026-11-28 02:41' }]);
    expect(kinds(sources({ lastFixity: () => run('problems', 3) }))).toEqual([{ kind: 'fixity-findings', at: '2026-11-28 02:41', findings: 3 }]);
    // A later run killed midway or failed does not hide what the last finished run found.
    expect(kinds(sources({ lastFixity: () => run('running'), lastFinishedFixity: () => run('problems', 2) }))).toEqual([{ kind: 'fixity-findings', at: '2026-11-28 02:41', findings: 2 }]);
    expect(kinds(sources({ lastFixity: () => run('failed'), lastFinishedFixity: () => run('problems', 2) }))).toEqual([
      { kind: 'fixity-failed', at: '2026-11-28 02:41' },
      { kind: 'fixity-findings', at: '2026-11-28 02:41', findings: 2 },
    ]);
    expect(kinds(sources({ lastFixity: () => run('ok') }))).toEqual([]);
    expect(kinds(sources({ vaultDisk: () => ({ freeBytes: 3 * 1024 ** 3, totalBytes: 1000 * 1024 ** 3 }) }))).toEqual([{ kind: 'disk-low', freeBytes: 3 * 1024 ** 3, percentFree: 0 }]);
    expect(kinds(sources({ reminder: () => ({ quarter: '2026Q3', supplement: false, recordings: 12 }) }))).toEqual([{ kind: 'quarterly-archive', quarter: '2026Q3', supplement: false, recordings: 12 }]);
  });

  it('what finished today, with what stayed on the recorder; the service\'s last page shows no dock', () => {
    const day: DaySession[] = [
      { id: 2, deviceNumber: '0001', status: 'failed', startedAt: '2026-11-28T16:00:00+08:00', finishedAt: '2026-11-28T16:05:00+08:00', filesStored: 2, bytesStored: 10, filesAlready: 0, filesLeft: 2, quarantined: false },
      { id: 3, deviceNumber: null, status: 'running', startedAt: '2026-11-28T16:50:00+08:00', finishedAt: null, filesStored: 0, bytesStored: 0, filesAlready: 0, filesLeft: 0, quarantined: false },
    ];
    const screen = new DockScreen({ unitName: null, lang: 'en' }, sources({ docked: [activity({})], sessionsOn: () => day }), clock);
    const v = screen.view(page);
    expect(v.finishedToday).toEqual([expect.objectContaining({ deviceNumber: '0001', outcome: 'failed', at: '16:05', filesLeft: 2, officer: { id: '110101', name: '张三' } })]);
    const last = screen.view({ ...page, serviceStopping: true });
    expect(last.service).toBe('stopped');
    expect(last.docked).toEqual([]);
  });

  it('asks for the quarterly reminder once in ten minutes, not on every page', () => {
    let now = NOW;
    const s = sources();
    const screen = new DockScreen({ unitName: null, lang: 'zh' }, s, unitClock({ now: () => new Date(now) }, 'Asia/Shanghai'));
    for (let i = 0; i < 300; i++, now += 2000) screen.view(page);
    expect(s.reminderCalls).toBe(1);
    now += 10 * 60_000;
    screen.view(page);
    expect(s.reminderCalls).toBe(2);
  });
});
