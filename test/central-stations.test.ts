/**
 * End to end: two real stations (two vaults, each with a `replication` section naming the same bucket
 * and its own station name) ingest recordings and replicate them; the central catalogue indexes the
 * bucket, and its report's numbers for each station are that station's own `report inspection --json`,
 * its totals their sum.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralReport } from '../src/core/central-report.js';
import type { InspectionReport } from '../src/core/inspection-types.js';
import type { IndexSummary } from '../src/services/central-index.js';
import { centralWorkspace, type CentralWorkspace } from './support/central.js';
import { makeWorkspace, runCli, runJson } from './support/cli.js';
import { recorderFileName, writeRecorderFiles } from './support/media.js';
import { startObjectStore, type ObjectStore } from './support/object-store.js';
import { startPostgres, type Postgres } from './support/postgres.js';
import { withReplication } from './support/store-client.js';

const BUCKET = 'bureau-evidence';
const PERIOD = ['--from', '2026-11-01', '--to', '2026-11-28'];

interface Station {
  name: string;
  ws: ReturnType<typeof makeWorkspace>;
}

/** A station's officers, recorders and a day's recordings, as a custodian would enter and dock them. */
function stationWithRecordings(name: string, store: ObjectStore, plan: { officers: [string, string, string][]; device: string; files: { officer: string; stamp: string; seconds: number }[] }): Station {
  const ws = makeWorkspace(`ev-central-${name}-`);
  withReplication(ws.config, store, BUCKET, name);
  const cli = (...args: string[]) => {
    const r = runCli(['--config', ws.config, ...args]);
    expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  };
  for (const [id, officerName, unit] of plan.officers) cli('officer', 'add', '--id', id, '--name', officerName, '--unit', unit);
  cli('device', 'add', '--number', plan.device, '--brand', '海康威视', '--model', 'DSJ-A8');
  const card = path.join(ws.dir, 'card');
  writeRecorderFiles(
    card,
    plan.files.map((f, i) => ({ name: recorderFileName({ device: plan.device, officer: f.officer, stamp: f.stamp, seq: i + 1 }), seconds: f.seconds })),
  );
  cli('ingest', card, '--device', plan.device);
  cli('replicate', 'run');
  return { name, ws };
}

describe('two stations replicated, indexed centrally', () => {
  let store: ObjectStore;
  let db: Postgres;
  let central: CentralWorkspace;
  const stations: Station[] = [];

  beforeAll(() => {
    store = startObjectStore();
    db = startPostgres();
    db.createDatabase('central');
    central = centralWorkspace(store, db, { bucket: BUCKET, database: 'central' });
    stations.push(
      stationWithRecordings('st-a', store, {
        officers: [
          ['110101', '张三', '一中队'],
          ['110102', '李四', '二中队'],
        ],
        device: '0001234',
        files: [
          { officer: '110101', stamp: '20261120093000', seconds: 2 },
          { officer: '110101', stamp: '20261120100000', seconds: 3 },
          { officer: '110102', stamp: '20261121090000', seconds: 1 },
          // An officer the station's register does not know.
          { officer: '999999', stamp: '20261122090000', seconds: 2 },
        ],
      }),
      stationWithRecordings('st-b', store, {
        officers: [['220201', '王五', '三中队']],
        device: '0005678',
        files: [
          { officer: '220201', stamp: '20261120080000', seconds: 1 },
          { officer: '220201', stamp: '20261123080000', seconds: 2 },
        ],
      }),
    );
  });

  afterAll(() => {
    for (const s of stations) s.ws.cleanup();
    central?.cleanup();
    db?.stop();
    store?.stop();
  });

  it("indexes both stations' metadata and trails from the store", () => {
    const r = central.run('central', 'index', '--json');
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as IndexSummary;
    expect(s.totals).toMatchObject({ stations: 2, recordings: 6, invalid: 0, trailsBroken: 0 });
    for (const st of s.stations) {
      expect(st.trail.ok, st.station).toBe(true);
      expect(st.trail.entries).toBeGreaterThan(0);
    }
  });

  it("counts each station as its own report inspection does, and the totals are the sum of theirs", () => {
    const all = central.json<CentralReport>('central', 'report', ...PERIOD);
    const counts = (l: { recordings: number; seconds: number; daysRecorded: number }) => [l.recordings, l.seconds, l.daysRecorded];
    const byKey = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    let recordings = 0;
    let seconds = 0;
    for (const { name, ws } of stations) {
      const own = runJson<InspectionReport>(['--config', ws.config, 'report', 'inspection', ...PERIOD]);
      const mine = central.json<CentralReport>('central', 'report', ...PERIOD, '--station', name);
      expect(mine.totals.recordings, name).toBe(own.totals.recordings);
      expect(mine.totals.seconds, name).toBe(own.totals.seconds);
      expect(mine.stations[0]).toMatchObject({ station: name, recordings: own.totals.recordings, seconds: own.totals.seconds });
      const used = <T extends { recordings: number }>(ls: T[]) => ls.filter((l) => l.recordings > 0);
      expect(mine.officers.map((o) => [o.officerId, o.name, o.unit, ...counts(o)]).sort(byKey), name).toEqual(used(own.officers).map((o) => [o.officerId, o.name, o.unit, ...counts(o)]).sort(byKey));
      expect(mine.recorders.map((d) => [d.recorder, ...counts(d)]).sort(byKey), name).toEqual(used(own.devices).map((d) => [d.deviceNumber, ...counts(d)]).sort(byKey));
      expect(mine.units.map((u) => [u.unit, ...counts(u)]).sort(byKey), name).toEqual(used(own.units).map((u) => [u.unit, ...counts(u)]).sort(byKey));
      // The whole report's lines for this station are the same as the station-only report's.
      expect(all.officers.filter((o) => o.station === name)).toEqual(mine.officers);
      recordings += own.totals.recordings;
      seconds += own.totals.seconds;
    }
    expect(all.totals).toMatchObject({ stations: 2, recordings, seconds, trailsBroken: 0 });
    expect(recordings).toBe(6);
  });
});
