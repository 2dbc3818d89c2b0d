/**
 * The start-up case (issue 15): how long `--help`, `status` and `recordings list` take from exec to
 * exit, on a vault made by `init`, the page cache warm (one warm-up run of each first), against
 * `node -e 0` (the floor: Node's own start, which no change here can go under). Paired rounds: each
 * round runs all four, the order turning round by round so a slow spell of the machine hits them
 * alike; the medians of the rounds, wall with user and system time beside it.
 */
import { cliArgv, makeVault, median, medianCost, type Context } from './bench-context.js';
import { timed, type Cost } from './bench-run.js';

/** Seconds from exec to exit that each command must stay under. */
export const STARTUP_TARGET_SECONDS = 0.15;

export interface StartupResult {
  rounds: number;
  floor: Cost;
  commands: { name: string; median: Cost; overFloor: number; walls: number[] }[];
}

export async function startupCase(ctx: Context, rounds: number): Promise<StartupResult> {
  const config = makeVault(ctx, 'startup-vault');
  const contenders: [string, string[]][] = [
    ['node -e 0', [process.execPath, '-e', '0']],
    ['--help', cliArgv(config, '--help')],
    ['status', cliArgv(config, 'status')],
    ['recordings list', cliArgv(config, 'recordings', 'list')],
  ];
  for (const [, argv] of contenders) await timed(argv);
  const costs = new Map<string, Cost[]>(contenders.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    // Turn the order each round: every contender goes first, second, … equally often.
    const order = contenders.map((_, k) => contenders[(k + round) % contenders.length]!);
    for (const [name, argv] of order) costs.get(name)!.push(await timed(argv));
  }
  const floor = medianCost(costs.get('node -e 0')!);
  return {
    rounds,
    floor,
    commands: contenders.slice(1).map(([name]) => {
      const all = costs.get(name)!;
      const m = medianCost(all);
      return { name, median: m, overFloor: median(all.map((c) => c.wall)) - floor.wall, walls: all.map((c) => c.wall) };
    }),
  };
}

export function startupLines(r: StartupResult): string[] {
  const f = (n: number, d = 3) => n.toFixed(d);
  const cost = (c: Cost) => `${f(c.wall)} s  user ${f(c.user, 2)}  sys ${f(c.sys, 2)}`;
  return [
    `start-up on a vault made by init, warm cache; medians of ${r.rounds} rounds (order turning each round)`,
    `  ${'node -e 0 (floor)'.padEnd(22)} ${cost(r.floor)}`,
    ...r.commands.map(
      (c) =>
        `  ${c.name.padEnd(22)} ${cost(c.median)}   +${f(c.overFloor)} s over the floor  target: < ${STARTUP_TARGET_SECONDS} s ${c.median.wall < STARTUP_TARGET_SECONDS ? 'met' : 'NOT MET'}`,
    ),
  ];
}
