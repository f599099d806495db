import type { Migration } from '../types.ts';
import { m0001 } from './0001_initial.ts';
import { m0002 } from './0002_cases.ts';
import { m0003 } from './0003_engagements.ts';
import { m0004 } from './0004_plans.ts';
import { m0005 } from './0005_bundles.ts';
import { m0006 } from './0006_case_facet_tokens.ts';
import { m0007 } from './0007_bundle_ledger.ts';
import { m0008 } from './0008_case_search_text.ts';
import { m0009 } from './0009_data_layer.ts';
import { m0010 } from './0010_attached_cases.ts';
import { m0011 } from './0011_global_search.ts';
import { m0012 } from './0012_plan_documents.ts';
import { m0013 } from './0013_one_case_index.ts';
import { m0014 } from './0014_team_sync.ts';
import { m0015 } from './0015_global_search_one_index.ts';

/** Every schema version in order. Add one file per version; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015];

/** The one source of the latest schema version. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
