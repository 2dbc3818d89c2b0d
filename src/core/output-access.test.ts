import { describe, expect, it } from 'vitest';
import { OUTPUT_DIR_MODE, OUTPUT_FILE_MODE, OUTPUT_SEALED_MODE, OUTPUT_UMASK, outputGroup, ROLE_GROUPS, roleGroupName, strangersIn, keepsNoOwners, fuseOpenToAll } from './output-access.js';
import { ROLES } from './types.js';

const user = { uid: 998, gid: 998, groups: [998, 1002] };

describe('output access', () => {
  it('modes: owner and group only, files never group-writable', () => {
    for (const mode of [OUTPUT_FILE_MODE, OUTPUT_SEALED_MODE, OUTPUT_DIR_MODE]) expect(mode & 0o007).toBe(0);
    expect([OUTPUT_FILE_MODE, OUTPUT_SEALED_MODE].map((m) => m & 0o020)).toEqual([0, 0]);
    expect([OUTPUT_FILE_MODE & 0o040, OUTPUT_SEALED_MODE & 0o040, OUTPUT_DIR_MODE & 0o050]).toEqual([0o040, 0o040, 0o050]);
    expect(OUTPUT_UMASK & 0o007).toBe(0o007);
  });

  it('every role has its sudoers group; anything else has none', () => {
    expect(ROLES.map((r) => roleGroupName(r))).toEqual(['evidence-custodian', 'evidence-archivist', 'evidence-auditor', 'evidence-approver', 'evidence-admin']);
    expect(Object.keys(ROLE_GROUPS).sort()).toEqual([...ROLES].sort());
    expect(roleGroupName(null)).toBeNull();
    expect(roleGroupName('toString')).toBeNull();
  });

  it('uses the role group when it exists and the process is a member of it, or root', () => {
    expect(outputGroup('archivist', 1002, user)).toMatchObject({ gid: 1002, name: 'evidence-archivist' });
    expect(outputGroup('admin', 1005, { uid: 0, gid: 0, groups: [0] })).toMatchObject({ gid: 1005, name: 'evidence-admin' });
    expect(outputGroup('custodian', 998, user)).toMatchObject({ gid: 998 });
  });

  it('keeps the process group, and says why, when the group is missing, not joinable or there is no role', () => {
    const missing = outputGroup('archivist', null, user);
    expect(missing).toMatchObject({ gid: null, name: 'evidence-archivist' });
    expect(missing.note).toContain('does not exist');
    const notMember = outputGroup('auditor', 1003, user);
    expect(notMember).toMatchObject({ gid: null, name: 'evidence-auditor' });
    expect(notMember.note).toContain('not a member of evidence-auditor');
    expect(outputGroup(null, null, user)).toMatchObject({ gid: null, name: null });
  });

  describe('who else an output lets in, as its file system keeps it (FAT: as mounted)', () => {
    const service = { uid: 998, gid: 998 };
    const archivists = 1002;
    it('nobody, for what the service set, or a mount giving its account, root, or the outputs\' group', () => {
      expect(strangersIn({ mode: 0o100640, uid: 998, gid: archivists }, service, archivists)).toBeNull();
      expect(strangersIn({ mode: 0o40700, uid: 0, gid: 0 }, service, archivists)).toBeNull(); // a FUSE mount of root's
      expect(strangersIn({ mode: 0o40750, uid: 998, gid: 998 }, service, archivists)).toBeNull();
      expect(strangersIn({ mode: 0o40750, uid: 998, gid: 998 }, service, null)).toBeNull();
      expect(strangersIn({ mode: 0o100600, uid: 1000, gid: 1000 }, { uid: 0, gid: 0 }, null)).toBe('owner'); // root's process, a desktop user's mount
    });
    it('everyone, for world bits; a group or an account that is not the service\'s, root or the outputs\'', () => {
      expect(strangersIn({ mode: 0o100755, uid: 0, gid: 0 }, service, archivists)).toBe('others'); // a plain `mount` under umask 022
      expect(strangersIn({ mode: 0o100644, uid: 998, gid: archivists }, service, archivists)).toBe('others');
      expect(strangersIn({ mode: 0o40750, uid: 998, gid: 100 }, service, archivists)).toBe('group'); // gid=users
      expect(strangersIn({ mode: 0o40700, uid: 1000, gid: 1000 }, service, archivists)).toBe('owner'); // a desktop user's mount
      // A mode without the bits says nobody: a group with no bits reads nothing.
      expect(strangersIn({ mode: 0o40700, uid: 998, gid: 100 }, service, archivists)).toBeNull();
      // The group's own write: a sealed original would be changed by any archivist (umask=007).
      expect(strangersIn({ mode: 0o100660, uid: 0, gid: archivists }, service, archivists)).toBe('group');
    });
    it('knows the file systems that keep no owners, and a FUSE mount whose modes nobody checks', () => {
      expect(['vfat', 'msdos', 'exfat', 'fuseblk', 'fuse.fusefat'].filter(keepsNoOwners)).toHaveLength(5);
      expect(['ext4', 'xfs', 'tmpfs', 'nfs4', 'fuse.sshfs', 'btrfs'].filter(keepsNoOwners)).toEqual([]);
      expect(fuseOpenToAll('fuse.fusefat', ['rw', 'user_id=0', 'group_id=0', 'allow_other'])).toBe(true);
      expect(fuseOpenToAll('fuse.fusefat', ['rw', 'user_id=0', 'group_id=0', 'allow_other', 'default_permissions'])).toBe(false);
      expect(fuseOpenToAll('fuse.fusefat', ['rw', 'user_id=0', 'group_id=0'])).toBe(false);
      expect(fuseOpenToAll('vfat', ['rw', 'allow_other'])).toBe(false);
    });
  });
});
