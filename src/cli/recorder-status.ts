/** A recorder's status (in-service, in-repair, retired) in the run's language; its code in --json. */
import { t } from './language.js';
import { deviceMessages as m } from './messages/device.js';

export const recorderStatus = (status: string): string =>
  status === 'in-service' ? t(m.statusInService) : status === 'in-repair' ? t(m.statusInRepair) : status === 'retired' ? t(m.statusRetired) : status;
