export { BundleService } from './service.ts';
export { bundleText, parseBundle } from './parse.ts';
export { canonicalJson, dataChecksum, recordHash } from './hash.ts';
