import { readFile } from 'node:fs/promises';

/**
 * Checks a model.json against Microsoft's published JSON schema for CDM folders (an unmodified copy
 * in this package's fixtures/model-json-schema, with its source). Test tooling, like the rest of the
 * sandbox: it needs the ajv and ajv-formats dev dependencies.
 */

const SCHEMA_URL = new URL('../../fixtures/model-json-schema/modeljsonschema.json', import.meta.url);

type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
let compiled: Promise<Validate> | undefined;

async function compile(): Promise<Validate> {
  const [{ Ajv }, formats, schema] = await Promise.all([
    import('ajv').catch(() => {
      throw new Error('Checking model.json needs the ajv and ajv-formats packages (dev dependencies of @outport/connector-data-lake).');
    }),
    import('ajv-formats'),
    readFile(SCHEMA_URL, 'utf8'),
  ]);
  // The published schema leaves out `type: "object"` beside some `required`s; ajv's strict type
  // checks would only log about it, so they are off. Formats (`uri` for locations) are checked.
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  // ajv-formats is CommonJS: its `default` is module.exports, whose own `default` is the plugin.
  formats.default.default(ajv);
  return ajv.compile(JSON.parse(schema) as object) as Validate;
}

/** What in `model` breaks Microsoft's model.json schema, one line per problem; empty when valid. */
export async function checkModelJson(model: unknown): Promise<string[]> {
  compiled ??= compile();
  const validate = await compiled;
  if (validate(model)) return [];
  return [...new Set((validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`))];
}
