import { MAX_MEMBERS_PER_CALL, MEMBER_STATUSES, type Problem } from '../wire.js';

/**
 * Request bodies checked against the schemas Mailchimp publishes for the endpoints the sandbox
 * serves (the Marketing API OpenAPI document): required fields, types, enums and the 500-member
 * caps. A body that fails answers 400 "Invalid Resource" with one `errors` entry per problem.
 *
 * Mailchimp's schemas do not forbid extra properties, so unknown fields are ignored by default, as
 * there; `rejectUnknownFields` makes the sandbox stricter, to catch a misspelt field in a connector.
 */

export type FieldErrors = NonNullable<Problem['errors']>;

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

interface Property {
  kinds: Kind[];
  enum?: readonly string[];
  /** What every item of an array must be. */
  items?: Kind[];
  /** What every value of an object must be. */
  values?: Kind[];
  /** The properties of a nested object, checked the same way. */
  properties?: Schema;
  maxItems?: number;
}

type Schema = Record<string, Property>;

export interface ValidationOptions {
  rejectUnknownFields: boolean;
}

const nullable = (...kinds: Kind[]): Kind[] => [...kinds, 'null'];

/** One member of batch subscribe ("Add List Members"): every property may be null. */
const BATCH_MEMBER: Schema = {
  email_address: { kinds: nullable('string') },
  email_type: { kinds: nullable('string') },
  interests: { kinds: nullable('object'), values: nullable('boolean') },
  ip_opt: { kinds: nullable('string') },
  ip_signup: { kinds: nullable('string') },
  language: { kinds: nullable('string') },
  location: {
    kinds: nullable('object'),
    properties: { latitude: { kinds: nullable('number') }, longitude: { kinds: nullable('number') } },
  },
  marketing_permissions: { kinds: nullable('array'), items: ['object'] },
  merge_fields: { kinds: nullable('object'), values: ['object', 'string', 'number', 'boolean'] },
  tags: { kinds: nullable('array'), items: ['string'] },
  status: { kinds: nullable('string'), enum: MEMBER_STATUSES },
  status_if_new: { kinds: nullable('string'), enum: MEMBER_STATUSES },
  timestamp_opt: { kinds: nullable('string') },
  timestamp_signup: { kinds: nullable('string') },
  vip: { kinds: nullable('boolean') },
};

/** `POST /lists/{list_id}`: batch subscribe or unsubscribe. */
const BATCH_SUBSCRIBE: Schema = {
  members: { kinds: ['array'], items: ['object'], maxItems: MAX_MEMBERS_PER_CALL },
  sync_tags: { kinds: nullable('boolean') },
  update_existing: { kinds: nullable('boolean') },
};

/** `POST /lists/{list_id}/segments/{segment_id}`: add or remove members of a static segment. */
const SEGMENT_MEMBERS: Schema = {
  members_to_add: { kinds: ['array'], items: ['string'], maxItems: MAX_MEMBERS_PER_CALL },
  members_to_remove: { kinds: ['array'], items: ['string'], maxItems: MAX_MEMBERS_PER_CALL },
};

/** `POST /lists/{list_id}/segments`: a static segment (tag) or a saved one with conditions. */
const CREATE_SEGMENT: Schema = {
  name: { kinds: ['string'] },
  static_segment: { kinds: ['array'], items: ['string'] },
  options: { kinds: ['object'] },
};

export function validateBatchSubscribe(body: unknown, options: ValidationOptions): FieldErrors {
  const errors: FieldErrors = [];
  if (!isObject(body)) return [{ field: '', message: `The body must be a JSON object, not ${kindOf(body)}.` }];
  required(body, ['members'], '', errors);
  check(body, BATCH_SUBSCRIBE, '', options, errors);
  if (Array.isArray(body.members) && body.members.length <= MAX_MEMBERS_PER_CALL) {
    body.members.forEach((member, i) => {
      if (!isObject(member)) return;
      const path = `members.${i}`;
      check(member, BATCH_MEMBER, `${path}.`, options, errors);
      // The schema's anyOf: a member names its status, its status if new, or both.
      if (!('status' in member) && !('status_if_new' in member)) {
        errors.push({ field: path, message: 'Give the member a status or a status_if_new (one of them is required).' });
      }
    });
  }
  return errors;
}

export function validateSegmentMembers(body: unknown, options: ValidationOptions): FieldErrors {
  if (!isObject(body)) return [{ field: '', message: `The body must be a JSON object, not ${kindOf(body)}.` }];
  const errors: FieldErrors = [];
  check(body, SEGMENT_MEMBERS, '', options, errors);
  return errors;
}

export function validateCreateSegment(body: unknown, options: ValidationOptions): FieldErrors {
  if (!isObject(body)) return [{ field: '', message: `The body must be a JSON object, not ${kindOf(body)}.` }];
  const errors: FieldErrors = [];
  required(body, ['name'], '', errors);
  check(body, CREATE_SEGMENT, '', options, errors);
  if ('static_segment' in body && 'options' in body) {
    errors.push({ field: 'static_segment', message: 'A segment is either static (static_segment) or has conditions (options), not both.' });
  }
  return errors;
}

function required(body: Record<string, unknown>, names: string[], prefix: string, errors: FieldErrors): void {
  const missing = names.filter((name) => !(name in body));
  if (missing.length) errors.push({ field: prefix.replace(/\.$/, ''), message: `Required fields were not provided: ${missing.join(', ')}` });
}

function check(body: Record<string, unknown>, schema: Schema, prefix: string, options: ValidationOptions, errors: FieldErrors): void {
  for (const [name, value] of Object.entries(body)) {
    const field = `${prefix}${name}`;
    const property = schema[name];
    if (!property) {
      if (options.rejectUnknownFields) errors.push({ field, message: `Unknown field: the schema has no "${name}" here.` });
      continue;
    }
    const kind = kindOf(value);
    if (!property.kinds.includes(kind)) {
      errors.push({ field, message: `Expected ${property.kinds.join(' or ')}, got ${kind}.` });
      continue;
    }
    if (property.enum && typeof value === 'string' && !property.enum.includes(value)) {
      errors.push({ field, message: `"${value}" is not one of ${property.enum.join(', ')}.` });
    }
    if (Array.isArray(value)) {
      if (property.maxItems !== undefined && value.length > property.maxItems) {
        errors.push({ field, message: `At most ${property.maxItems} items are allowed; ${value.length} were sent.` });
      }
      const items = property.items;
      if (items) {
        value.forEach((item, i) => {
          if (!items.includes(kindOf(item))) errors.push({ field: `${field}.${i}`, message: `Expected ${items.join(' or ')}, got ${kindOf(item)}.` });
        });
      }
    }
    if (isObject(value)) {
      const values = property.values;
      if (values) {
        for (const [key, item] of Object.entries(value)) {
          if (!values.includes(kindOf(item))) errors.push({ field: `${field}.${key}`, message: `Expected ${values.join(' or ')}, got ${kindOf(item)}.` });
        }
      }
      if (property.properties) check(value, property.properties, `${field}.`, options, errors);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'object') return type;
  return 'null';
}
