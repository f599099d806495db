import type { Case } from '../../../shared/domain/case.ts';
import type { CaseRepo } from '../cases/repo.ts';
import { CaseEntity } from '../cases/entity.ts';
import type { FieldInfo } from '../data/entity.ts';
import { entityNamed } from '../data/registry.ts';
import { DataStore, type AnyEntity } from '../data/store.ts';
import type { DB } from '../db/types.ts';
import type { LocalData } from './engine.ts';

type Rec = Record<string, unknown>;

/** What travels: the library (cases, templates) and, once shared, an engagement's records. Not settings. */
const LIBRARY = new Set(['case', 'template']);
const OF_ENGAGEMENT = new Set(['engagement', 'client', 'logEntry', 'nextAction', 'plan', 'planAnswer']);
/** An engagement's records in the order a replay creates them (parents first). */
const SNAPSHOT_ORDER = ['client', 'engagement', 'logEntry', 'nextAction', 'plan', 'planAnswer'] as const;

/** A value for a required field the other laptop did not send (a personal field the reader may not see). */
function blank(x: FieldInfo): unknown {
  if (x.nullable) return null;
  switch (x.codec) {
    case 'integer':
    case 'real':
      return 0;
    case 'boolean':
      return false;
    case 'json':
      return [];
    default:
      return '';
  }
}

/**
 * The sync engine's view of this folder's data (electron/core/data): the change log, the entity
 * definitions (which fields are personal), and the write path. A remote change is applied inside a
 * DataStore operation whose origin is the remote device, so its change-log entry keeps that device's id
 * and clock and is never pushed back; cases go through their repo, which keeps the search index.
 */
export function localData(db: DB, cases: () => CaseRepo): LocalData {
  const store = DataStore.of(db);
  const entity = (name: string): AnyEntity | undefined => (LIBRARY.has(name) || OF_ENGAGEMENT.has(name) ? entityNamed(name) : undefined);
  const read = (name: string, id: string): Rec | null => {
    const e = entity(name);
    return e ? (store.read<Rec>(e, id)?.record ?? null) : null;
  };
  return {
    deviceId: store.deviceId,
    changesSince: (seq, limit) => store.changesSince(seq, limit),
    personalFields(name) {
      const e = entity(name);
      return e ? new Set(e.personalFields as string[]) : undefined;
    },
    engagementOf(name, id, fields, shared) {
      if (LIBRARY.has(name)) return null;
      if (!OF_ENGAGEMENT.has(name)) return undefined;
      if (name === 'engagement') return id;
      if (name === 'client') {
        // A client travels with the first of its engagements that is shared (not at all while none is).
        const engs = store.where<Rec>(entityNamed('engagement')!, 'clientId', id).map((r) => String(r.id)).filter((x) => shared.has(x));
        return engs.length > 0 ? engs.sort()[0]! : undefined;
      }
      const given = fields?.engagementId;
      if (typeof given === 'string') return given;
      const cur = read(name, id);
      if (cur && typeof cur.engagementId === 'string') return cur.engagementId;
      if (name === 'planAnswer' || name === 'plan') return id.split('/')[0] ?? undefined;
      return undefined;
    },
    read,
    isBuiltIn(name, id) {
      if (name !== 'case') return false;
      const cur = read(name, id);
      return cur?.origin === 'seed' && !cases().wasModifiedByUser(id);
    },
    applyRemote(c) {
      const e = entity(c.entity);
      if (!e) return;
      store.operation(
        (op) => {
          const cur = store.read<Rec>(e, c.entityId);
          if (c.fields === null) {
            if (!cur) return;
            if (e === CaseEntity) {
              const repo = cases();
              repo.write(() => repo.delete(c.entityId));
            } else op.mutate({ entity: e, id: c.entityId, delete: true });
            return;
          }
          if (!cur) {
            const full: Rec = {};
            for (const x of e.fields) full[x.key] = x.key in c.fields ? c.fields[x.key] : blank(x);
            if (e === CaseEntity) {
              const repo = cases();
              repo.write(() => repo.insert(full as unknown as Case, true));
            } else op.mutate({ entity: e, id: c.entityId, create: full, keepStamps: true });
            return;
          }
          const fields = c.fields;
          if (e === CaseEntity) {
            const repo = cases();
            repo.write(() => repo.replace({ ...cur.record, ...fields } as unknown as Case, true, { keepStamps: 'updatedAt' in fields }));
          } else op.mutate({ entity: e, id: c.entityId, changes: fields, keepStamps: 'updatedAt' in fields });
        },
        { opId: c.opId, origin: { deviceId: c.deviceId, hlc: c.hlc } },
      );
    },
    snapshotEngagement(engagementId) {
      const out: { entity: string; entityId: string; version: number; fields: Rec }[] = [];
      const eng = store.read<Rec>(entityNamed('engagement')!, engagementId);
      if (!eng) return out;
      for (const name of SNAPSHOT_ORDER) {
        const e = entityNamed(name)!;
        const recs =
          name === 'engagement'
            ? [eng.record]
            : name === 'client'
              ? [store.read<Rec>(e, String(eng.record.clientId))?.record].filter((r): r is Rec => !!r)
              : store.where<Rec>(e, 'engagementId', engagementId);
        for (const r of recs) {
          const id = e.idOf(r as never);
          out.push({ entity: name, entityId: id, version: store.versionOf(e, id) ?? 1, fields: r });
        }
      }
      return out;
    },
  };
}
