/** Why an access grant cannot be used now (R13): the words, in both languages. Pure. */
import type { AccessRequest, AccessState } from '../access-request.js';
import type { Said } from '../errors.js';

export function notLiveWhy(r: Pick<AccessRequest, 'decidedBy' | 'endsAt' | 'untilDate'>, state: Exclude<AccessState, 'live'>): Said {
  switch (state) {
    case 'open':
      return { zh: '尚未批准', en: 'it has not been approved yet' };
    case 'refused':
      return { zh: `已由 ${r.decidedBy} 不予批准`, en: `it was refused by ${r.decidedBy}` };
    case 'ended':
      return { zh: `授权已于 ${r.endsAt} 到期（最后一天 ${r.untilDate}）`, en: `the grant ended at ${r.endsAt} (last day ${r.untilDate})` };
    case 'lapsed':
      return { zh: `申请期限已于 ${r.untilDate} 届满，无人批准`, en: `its period ended on ${r.untilDate} before anyone approved it` };
  }
}
