import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), '..', 'template');

export interface ScaffoldOptions {
  /** The connector's id: lower-case words joined by dashes, e.g. "acme-ads". */
  id: string;
  /** The repository root (where tsconfig.base.json and .changeset/ are). */
  root: string;
  /** Where to create the package; default connectors/<id>. */
  dir?: string;
  /** Write a changeset for the new package (default true). */
  changeset?: boolean;
}

export interface ScaffoldResult {
  dir: string;
  packageName: string;
  files: string[];
}

const words = (id: string) => id.split('-').filter(Boolean);

/** Creates a connector package from the template: definition, sandbox, conformance test, docs, changeset. */
export function scaffold(options: ScaffoldOptions): ScaffoldResult {
  const { id, root } = options;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id) || id.length > 60) {
    throw new Error(`"${id}" is not a valid connector id: use lower-case letters, digits and dashes, e.g. acme-ads.`);
  }
  const dir = resolve(options.dir ?? join(root, 'connectors', id));
  if (existsSync(dir)) throw new Error(`${relative(root, dir) || dir} already exists; pick another name or remove it.`);
  const sdkVersion = (JSON.parse(readFileSync(join(root, 'packages', 'connector-sdk', 'package.json'), 'utf8')) as { version: string }).version;
  const values: Record<string, string> = {
    __ID__: id,
    __TITLE__: words(id).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' '),
    __PASCAL__: words(id).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''),
    __SDK_VERSION__: sdkVersion,
    __TSCONFIG_BASE__: relative(dir, join(root, 'tsconfig.base.json')),
  };
  const fill = (text: string) => text.replace(/__[A-Z_]+__/g, (token) => values[token] ?? token);

  const files: string[] = [];
  const copy = (from: string, to: string) => {
    for (const entry of readdirSync(from)) {
      const source = join(from, entry);
      if (statSync(source).isDirectory()) {
        copy(source, join(to, entry));
        continue;
      }
      const target = join(to, entry.replace(/\.tpl$/, ''));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, fill(readFileSync(source, 'utf8')));
      files.push(relative(dir, target));
    }
  };
  copy(TEMPLATE, dir);

  const packageName = `@outport/connector-${id}`;
  const changeset = join(root, '.changeset', `new-connector-${id}.md`);
  if (options.changeset !== false && !existsSync(changeset)) {
    writeFileSync(changeset, `---\n'${packageName}': minor\n---\n\nFirst release of the ${values.__TITLE__} connector.\n`);
  }
  return { dir, packageName, files: files.sort() };
}
