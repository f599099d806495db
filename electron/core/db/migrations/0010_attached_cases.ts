import type { Migration } from '../types.ts';

/**
 * v10 (issue 15): one notion of an engagement's attached cases. The library's 「案件に添付」
 * wrote engagement_cases and the plan's case-ref answers (「参考にする好事例」) lived in
 * plan_answers, unconnected. From this version the plan reads and writes engagement_cases; here
 * every case id of a case-ref answer (found through the plan's template snapshot) is attached to
 * the engagement, in the answer's order, stamped with the answer's time. Nothing is removed: the
 * plan_answers rows stay as they were (no longer read for case-ref questions), cases attached
 * before stay attached, and an id whose case is no longer in the library is left out only of
 * engagement_cases (it has no case to point to).
 *
 * The version number is this file's only mention of it (the coordinator renumbers at merge).
 */
export const m0010: Migration = {
  version: 10,
  name: 'attached cases',
  up(db) {
    db.exec(`
      INSERT OR IGNORE INTO engagement_cases (engagement_id, case_id, attached_at)
      SELECT a.engagement_id, j.value,
             strftime('%Y-%m-%dT%H:%M:%fZ', a.updated_at, printf('+%.3f seconds', j.key / 1000.0))
      FROM plans p
      JOIN json_each(p.template, '$.phases') ph
      JOIN json_each(ph.value, '$.sections') s
      JOIN json_each(s.value, '$.questions') q
      JOIN plan_answers a ON a.engagement_id = p.engagement_id AND a.question_id = json_extract(q.value, '$.id')
      JOIN json_each(a.value) j
      WHERE json_extract(q.value, '$.type') = 'case-ref'
        AND json_type(a.value) = 'array'
        AND j.type = 'text'
        AND j.value IN (SELECT id FROM cases)
      ORDER BY a.engagement_id, j.key;
    `);
  },
};
