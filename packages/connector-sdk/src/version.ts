import { readFileSync } from 'node:fs';

/** This SDK's version (from its package.json); connectors declare the range they support. */
export const SDK_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
