/**
 * A recording's bytes object as this station holds it. Keys are content-addressed and so shared by
 * every station of the bureau: each station uploads and keeps its own version under the key (its
 * `station` metadata says whose), reuses only its own, and on disposal removes only its own. One
 * station's lawful disposal never removes bytes another station still keeps.
 */
import type { ObjectHead, ObjectStore, ObjectVersion } from '../adapters/object-store.js';

export type OwnVersion = ObjectVersion & { head: ObjectHead };

/** This station's versions of `key`, newest first. */
export async function ownVersions(s3: Pick<ObjectStore, 'versions' | 'head'>, key: string, station: string): Promise<OwnVersion[]> {
  const own: OwnVersion[] = [];
  for (const v of await s3.versions(key)) {
    if (v.key !== key) continue;
    const head = await s3.head(key, v.versionId);
    if (head?.station === station) own.push({ ...v, head });
  }
  return own;
}
