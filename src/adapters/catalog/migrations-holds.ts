/**
 * Migration 14: permanent holds stay permanent (R12(3) 应永久保存), a hold on the wrong recording is
 * corrected by two approvers, and disposal without a person at the moment (the daily sweep) needs a
 * standing disposal approval signed by two approvers.
 */
import type { Migration } from './migrations.js';

/** The reasons R12(3) and R6 keep for good, as SQL (kept equal to isPermanentHold by a unit test). */
export const PERMANENT_REASONS_SQL = `('complaint', 'reconsideration', 'litigation', 'mass-incident', 'personal-safety', 'coercive-measure', 'party-objection', 'major-complex')`;

export const HOLDS_MIGRATIONS: readonly Migration[] = [
  {
    version: 14,
    name: 'permanent holds, hold corrections by two approvers, standing disposal approvals',
    sql: `
      -- "other" placed with --permanent is kept for good like the reasons R12(3) names. Existing holds
      -- keep 0: their reason decides, and released holds stay released (history is not edited).
      ALTER TABLE holds ADD COLUMN permanent INTEGER NOT NULL DEFAULT 0 CHECK (permanent IN (0, 1));
      -- A hold placed on the wrong recording: the first approver signs, a second, different one confirms.
      -- corrected_on is the unit's local date of the confirmation: the recording is kept at least the
      -- minimum period from it.
      CREATE TABLE hold_corrections (
        hold_id INTEGER PRIMARY KEY REFERENCES holds(id),
        first_by TEXT NOT NULL,
        first_at TEXT NOT NULL,
        first_reason TEXT NOT NULL CHECK (length(trim(first_reason)) > 0),
        second_by TEXT,
        second_at TEXT,
        second_reason TEXT,
        corrected_on TEXT,
        CHECK (second_by IS NULL OR second_by <> first_by),
        CHECK ((second_by IS NULL) = (corrected_on IS NULL))
      );
      CREATE INDEX hold_corrections_done ON hold_corrections (corrected_on) WHERE corrected_on IS NOT NULL;
      CREATE TRIGGER hold_corrections_no_delete BEFORE DELETE ON hold_corrections
        BEGIN SELECT RAISE(ABORT, 'hold corrections are never deleted'); END;
      CREATE TRIGGER hold_corrections_signed_once BEFORE UPDATE ON hold_corrections
        WHEN OLD.second_by IS NOT NULL OR NEW.first_by <> OLD.first_by OR NEW.first_at <> OLD.first_at OR NEW.first_reason <> OLD.first_reason
        BEGIN SELECT RAISE(ABORT, 'a hold correction is signed once by each approver'); END;
      -- The catalogue itself refuses to release a permanent hold; only a confirmed correction ends it.
      CREATE TRIGGER holds_permanent_not_released BEFORE UPDATE OF released_at ON holds
        WHEN NEW.released_at IS NOT NULL AND OLD.released_at IS NULL
         AND (OLD.reason IN ${PERMANENT_REASONS_SQL} OR OLD.permanent = 1)
         AND NOT EXISTS (SELECT 1 FROM hold_corrections c WHERE c.hold_id = OLD.id AND c.second_by IS NOT NULL)
        BEGIN SELECT RAISE(ABORT, 'R12(3): a permanent hold is never released'); END;
      CREATE TRIGGER holds_fixed BEFORE UPDATE OF reason, permanent, recording_id, case_id, placed_at, placed_by ON holds
        BEGIN SELECT RAISE(ABORT, 'a hold is placed once: its reason and target never change'); END;
      CREATE TRIGGER holds_release_final BEFORE UPDATE OF released_at ON holds
        WHEN OLD.released_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a released hold stays released'); END;
      -- A standing disposal approval: scope 'all' or 'category:NAME', a period of local dates, two signatures.
      CREATE TABLE standing_approvals (
        id INTEGER PRIMARY KEY,
        scope TEXT NOT NULL CHECK (scope = 'all' OR scope GLOB 'category:[a-z]*'),
        valid_from TEXT NOT NULL,
        valid_until TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        first_by TEXT NOT NULL,
        first_at TEXT NOT NULL,
        second_by TEXT,
        second_at TEXT,
        revoked_at TEXT,
        revoked_by TEXT,
        revoke_reason TEXT,
        CHECK (valid_from <= valid_until),
        CHECK (second_by IS NULL OR second_by <> first_by),
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      );
      CREATE TRIGGER standing_approvals_no_delete BEFORE DELETE ON standing_approvals
        BEGIN SELECT RAISE(ABORT, 'standing approvals are revoked, never deleted'); END;
      CREATE TRIGGER standing_approvals_fixed BEFORE UPDATE ON standing_approvals
        WHEN NEW.scope <> OLD.scope OR NEW.valid_from <> OLD.valid_from OR NEW.valid_until <> OLD.valid_until OR NEW.reason <> OLD.reason
          OR NEW.first_by <> OLD.first_by OR NEW.first_at <> OLD.first_at
          OR (OLD.second_by IS NOT NULL AND (NEW.second_by IS NOT OLD.second_by OR NEW.second_at IS NOT OLD.second_at))
          OR OLD.revoked_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a standing approval is signed once, revoked once, and otherwise never changes'); END;
    `,
  },
];
