import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), '..', 'template');

/** The categories the template has defaults for, and what each changes. */
export const TEMPLATE_CATEGORIES = ['advertising', 'email', 'crm', 'other'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

interface CategoryDefaults {
  description: string;
  audienceLabel: string;
  fields: string[];
}

/**
 * Ad networks match people by hashed identifiers, so an advertising connector hashes; email, CRM and
 * other targets keep people by their address and need it (and names) in plain text.
 */
const CATEGORY_DEFAULTS: Record<TemplateCategory, CategoryDefaults> = {
  advertising: {
    description: 'Sends segments to __TITLE__ audiences, one audience per segment.',
    audienceLabel: 'People',
    fields: [
      "{ key: 'email', label: 'Email', type: 'email', required: true, identifier: true, normalize: 'email', hash: 'sha256', description: 'Sent as the SHA-256 of the trimmed, lower-cased address, which is how ad networks match it.' }",
      "{ key: 'firstName', label: 'First name', type: 'string', normalize: 'name', hash: 'sha256', extra: true }",
    ],
  },
  email: {
    description: 'Keeps one __TITLE__ list per segment: adds the members who join it and removes those who leave.',
    audienceLabel: 'List members',
    fields: [
      "{ key: 'email', label: 'Email', type: 'email', required: true, identifier: true, normalize: 'email', description: 'Sent in plain text: the list keeps people by their address.' }",
      "{ key: 'firstName', label: 'First name', type: 'string', normalize: 'trim' }",
      "{ key: 'lastName', label: 'Last name', type: 'string', normalize: 'trim' }",
    ],
  },
  crm: {
    description: 'Keeps one __TITLE__ list of contacts per segment.',
    audienceLabel: 'Contacts',
    fields: [
      "{ key: 'email', label: 'Email', type: 'email', required: true, identifier: true, normalize: 'email', description: 'Sent in plain text: the CRM keeps contacts by their address.' }",
      "{ key: 'firstName', label: 'First name', type: 'string', normalize: 'trim' }",
      "{ key: 'lastName', label: 'Last name', type: 'string', normalize: 'trim' }",
    ],
  },
  other: {
    description: 'Sends segment members to __TITLE__, one audience per segment.',
    audienceLabel: 'Members',
    fields: ["{ key: 'email', label: 'Email', type: 'email', required: true, identifier: true, normalize: 'email' }"],
  },
};

export interface ScaffoldOptions {
  /** The connector's id: lower-case words joined by dashes, e.g. "acme-ads". */
  id: string;
  /** What kind of target it is; sets the template's fields (hashing for advertising only). Default advertising. */
  category?: TemplateCategory;
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
  const category = options.category ?? 'advertising';
  if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category)) {
    throw new Error(`"${String(category)}" is not a category the template knows: use ${TEMPLATE_CATEGORIES.join(', ')}.`);
  }
  const dir = resolve(options.dir ?? join(root, 'connectors', id));
  if (existsSync(dir)) throw new Error(`${relative(root, dir) || dir} already exists; pick another name or remove it.`);
  const sdkVersion = (JSON.parse(readFileSync(join(root, 'packages', 'connector-sdk', 'package.json'), 'utf8')) as { version: string }).version;
  const defaults = CATEGORY_DEFAULTS[category];
  const title = words(id).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
  const values: Record<string, string> = {
    __ID__: id,
    __TITLE__: title,
    __PASCAL__: words(id).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''),
    __SDK_VERSION__: sdkVersion,
    __TSCONFIG_BASE__: relative(dir, join(root, 'tsconfig.base.json')),
    __CATEGORY__: category,
    __DESCRIPTION__: defaults.description.replace(/__TITLE__/g, title),
    __AUDIENCE_LABEL__: defaults.audienceLabel,
    __FIELDS__: defaults.fields.map((field) => `          ${field},`).join('\n'),
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
