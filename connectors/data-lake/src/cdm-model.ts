import type { ColumnType } from '@outport/connector-sdk';

/**
 * model.json, the CDM folder's metadata file (the "legacy" CDM format that Customer Insights,
 * Power BI dataflows and Azure Synapse read). It names each entity, its typed attributes and the
 * CSV partitions holding its rows. What is written here passes Microsoft's published JSON schema for
 * model.json (a copy is in fixtures/model-json-schema; the tests check every model.json against it).
 */

export interface Attribute {
  name: string;
  type: ColumnType;
  /** Numbers only: every value this run wrote was a whole number (and there was at least one). */
  wholeNumbers?: boolean;
}

export interface Partition {
  name: string;
  location: string;
  refreshTime: string;
}

export interface Entity {
  /** The item's output name: also its folder and partition file names. */
  name: string;
  description: string;
  item: { id: string; name: string };
  attributes: Attribute[];
  partitions: Partition[];
}

/**
 * The schema's data types are unclassified, string, int64, double, date, time, dateTime,
 * dateTimeOffset, decimal, boolean, guid and json. Outport has one number type, so a number column
 * is int64 when every value a run wrote in it was a whole number that int64 holds exactly, and
 * double otherwise. The string-like types keep their Outport type in an annotation and a
 * description so nothing is lost for readers that care.
 */
const DATA_TYPES: Record<ColumnType, { dataType: string; description?: string }> = {
  string: { dataType: 'string' },
  number: { dataType: 'double' },
  boolean: { dataType: 'boolean' },
  date: { dataType: 'date', description: 'A calendar date, written as YYYY-MM-DD.' },
  datetime: { dataType: 'dateTime', description: 'A UTC instant, written in ISO 8601 (e.g. 2024-03-31T14:05:00.000Z).' },
  email: { dataType: 'string', description: 'An email address.' },
  phone: { dataType: 'string', description: 'A phone number in E.164 format (e.g. +33612345678).' },
  url: { dataType: 'string', description: 'An http(s) URL.' },
};

export const CSV_FORMAT = {
  $type: 'CsvFormatSettings',
  columnHeaders: true,
  delimiter: ',',
  quoteStyle: 'QuoteStyle.Csv',
  csvStyle: 'CsvStyle.QuoteAlways',
  encoding: 'UTF-8',
} as const;

export function cdmAttribute(attribute: Attribute) {
  const { dataType, description } = DATA_TYPES[attribute.type];
  return {
    name: attribute.name,
    dataType: attribute.type === 'number' && attribute.wholeNumbers ? 'int64' : dataType,
    ...(description ? { description } : {}),
    annotations: [{ name: 'outport:columnType', value: attribute.type }],
  };
}

export interface ModelOptions {
  /** The export's folder name (its output name). */
  name: string;
  exportName: string;
  exportId: string;
  environmentId?: string | undefined;
  runId: string;
  modifiedTime: Date;
  formulasEscaped: boolean;
  entities: Entity[];
}

export function cdmModel(options: ModelOptions) {
  const annotations = [
    { name: 'outport:exportId', value: options.exportId },
    { name: 'outport:exportName', value: options.exportName },
    ...(options.environmentId ? [{ name: 'outport:environmentId', value: options.environmentId }] : []),
    { name: 'outport:runId', value: options.runId },
    // Readers that are not spreadsheets need to know that text cells may carry a leading quote.
    ...(options.formulasEscaped ? [{ name: 'outport:formulasEscaped', value: 'true' }] : []),
  ];
  return {
    application: 'Outport',
    name: options.name,
    description: `Data exported by Outport export "${options.exportName}".`,
    version: '1.0',
    culture: 'en-US',
    modifiedTime: options.modifiedTime.toISOString(),
    annotations,
    entities: options.entities.map((entity) => ({
      $type: 'LocalEntity',
      name: entity.name,
      description: entity.description,
      // The item's own name and id, since the entity name may be a cleaned one.
      annotations: [
        { name: 'outport:itemId', value: entity.item.id },
        { name: 'outport:itemName', value: entity.item.name },
      ],
      attributes: entity.attributes.map(cdmAttribute),
      partitions: entity.partitions.map((partition) => ({
        name: partition.name,
        refreshTime: partition.refreshTime,
        location: partition.location,
        fileFormatSettings: CSV_FORMAT,
      })),
    })),
  };
}
