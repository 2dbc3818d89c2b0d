import { describe, expect, it } from 'vitest';
import { gidInGroupFile, groupId, processIds } from './os-group.js';

describe('os groups', () => {
  it('reads a gid from group(5) text, whole names only', () => {
    const text = 'root:x:0:\nevidence-archivist-old:x:1001:\nevidence-archivist:x:1002:zhangsan,evidence-vault\nbroken:x:\n';
    expect(gidInGroupFile(text, 'evidence-archivist')).toBe(1002);
    expect(gidInGroupFile(text, 'evidence')).toBeNull();
    expect(gidInGroupFile(text, 'broken')).toBeNull();
  });

  it('looks groups up on this machine', () => {
    expect(groupId('root')).toBe(0);
    expect(groupId('no-such-group-ev')).toBeNull();
    expect(processIds().gid).toBe(process.getegid!());
  });
});
