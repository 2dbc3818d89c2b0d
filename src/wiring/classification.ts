/** R14 classification and clearances, and R12(2) camera operators: built once per command. */
import { ClassificationStore } from '../adapters/catalog/classification-store.js';
import { CameraOperatorStore } from '../adapters/catalog/camera-operator-store.js';
import type { CaseStore } from '../adapters/catalog/case-store.js';
import { OutputHoldingsStore } from '../adapters/catalog/output-holdings-store.js';
import { serviceAlone } from '../adapters/reader-acl.js';
import { folderGroup } from '../adapters/working-copy.js';
import { isSecret } from '../core/classification.js';
import { SecretOutputs } from '../services/secret-outputs.js';
import { ClassificationService } from '../services/classification.js';
import { CameraOperatorService } from '../services/camera-operators.js';
import type { OperatorService } from '../services/operators.js';
import type { SharedParts } from './builders.js';

export interface ClassificationParts {
  /** `recordings classify`, `case classify`, `operator clearance`, and what listings may show (R14). */
  classification: ClassificationService;
  /** `recordings operator`, the register's camera operator (R12(2)). */
  cameraOperators: CameraOperatorService;
  /** Discs and archive sets made before their footage became secret: the service account's alone from then on (R14). */
  secretOutputs: SecretOutputs;
}

export function buildClassification(p: Pick<SharedParts, 'db' | 'recordings' | 'audit' | 'clock'>, more: { cases: CaseStore; operators: OperatorService }): ClassificationParts {
  const store = new ClassificationStore(p.db);
  const classification = new ClassificationService({ store, cases: more.cases, recordings: p.recordings, operators: more.operators, audit: p.audit, clock: p.clock });
  const cameraOperators = new CameraOperatorService({ store: new CameraOperatorStore(p.db), recordings: p.recordings, classification, audit: p.audit, clock: p.clock });
  const holdings = new OutputHoldingsStore(p.db);
  const secretOutputs = new SecretOutputs({
    secretRecordings: () => [...store.classifiedRecordings()].filter(([, level]) => isSecret(level)).map(([id]) => id),
    holding: (ids) => holdings.holding(ids),
    files: {
      sharedWithGroup: (path) => {
        const gid = folderGroup(path);
        return gid === null ? null : gid !== process.getgid!();
      },
      serviceAlone,
    },
    audit: p.audit,
  });
  return { classification, cameraOperators, secretOutputs };
}
