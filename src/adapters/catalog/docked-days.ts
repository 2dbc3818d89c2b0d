/**
 * The days each recorder had its footage stored (R12(1)), as the reminder, the registers and the
 * inspection count them: a day on which an ingest session of it started (a dock, or one by hand with
 * --device; one that failed still saw the recorder docked), and a day on which a session that named
 * no recorder (a folder of several recorders' files) stored new files of it, each recorder of which
 * has its row in dock_offsets at the session's time. Both times are written in the unit's zone.
 */
export const DOCKED_DAYS = `
  SELECT device_number AS deviceNumber, substr(started_at, 1, 10) AS localDate FROM ingest_sessions WHERE device_number IS NOT NULL
  UNION SELECT device_number, substr(docked_at, 1, 10) FROM dock_offsets`;
