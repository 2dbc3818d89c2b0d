/**
 * R14: footage touching state or commercial secrets follows confidentiality rules. Every recording and
 * case has a level; an operator may see, approve or hand out footage only up to the clearance they were
 * given. Pure: the order of levels and what a clearance covers.
 */

/** From least to most restricted. `ordinary` is every recording's level until someone classifies it. */
export const CLASSIFICATION_LEVELS = ['ordinary', 'internal', 'commercial-secret', 'state-secret'] as const;
export type ClassificationLevel = (typeof CLASSIFICATION_LEVELS)[number];

/** The words on the page and in the register (the rules' own: 内部, 商业秘密, 国家秘密). */
export const LEVEL_LABELS: Readonly<Record<ClassificationLevel, { zh: string; en: string }>> = {
  ordinary: { zh: '普通', en: 'ordinary' },
  internal: { zh: '内部', en: 'internal' },
  'commercial-secret': { zh: '商业秘密', en: 'commercial secret' },
  'state-secret': { zh: '国家秘密', en: 'state secret' },
};

export function isClassificationLevel(s: string): s is ClassificationLevel {
  return (CLASSIFICATION_LEVELS as readonly string[]).includes(s);
}

const rank = (level: ClassificationLevel): number => CLASSIFICATION_LEVELS.indexOf(level);

/** The stricter of the levels; `ordinary` for none. A recording is as secret as its most secret case. */
export function strictest(levels: Iterable<ClassificationLevel>): ClassificationLevel {
  let best: ClassificationLevel = 'ordinary';
  for (const l of levels) if (rank(l) > rank(best)) best = l;
  return best;
}

/**
 * Whether a clearance covers a level. Everyone with a role is cleared for ordinary and internal
 * footage (internal is a unit's own business); the two secret levels need a clearance of their own.
 * A state-secret clearance also covers commercial secrets: the ranks are nested.
 */
export function clearanceCovers(clearance: ClassificationLevel, level: ClassificationLevel): boolean {
  return rank(level) <= Math.max(rank(clearance), rank('internal'));
}

/** Whether a level restricts who sees the footage's details in listings. */
export function isSecret(level: ClassificationLevel): boolean {
  return level === 'commercial-secret' || level === 'state-secret';
}

/**
 * R14 for a grant: of the recordings and the levels they have now, those not every one of `clearances`
 * covers. A grant's footage reaches its requester and was vouched for by its approver: it covers a
 * recording only while both are cleared for it.
 */
export function beyondClearances(levels: Iterable<[number, ClassificationLevel]>, clearances: readonly ClassificationLevel[]): [number, ClassificationLevel][] {
  return [...levels].filter(([, level]) => clearances.some((c) => !clearanceCovers(c, level)));
}
