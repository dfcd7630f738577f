import type { ColumnType } from '@outport/connector-sdk';

/**
 * model.json, the CDM folder's metadata file (the "legacy" CDM format that Customer Insights,
 * Power BI dataflows and Azure Synapse read). It names each entity, its typed attributes and the
 * CSV partitions holding its rows.
 */

export interface Attribute {
  name: string;
  type: ColumnType;
}

export interface Partition {
  name: string;
  location: string;
  refreshTime: string;
}

export interface Entity {
  name: string;
  description: string;
  attributes: Attribute[];
  partitions: Partition[];
}

/**
 * model.json's data types are string, int64, double, dateTime, dateTimeOffset, decimal, boolean,
 * GUID and JSON; there is no date or email type. Outport numbers may hold fractions, so they are
 * doubles; dates and the string-like types keep their Outport type in an annotation and a
 * description so nothing is lost for readers that care.
 */
const DATA_TYPES: Record<ColumnType, { dataType: string; description?: string }> = {
  string: { dataType: 'string' },
  number: { dataType: 'double' },
  boolean: { dataType: 'boolean' },
  date: { dataType: 'dateTime', description: 'A calendar date, written as YYYY-MM-DD.' },
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
    dataType,
    ...(description ? { description } : {}),
    annotations: [{ name: 'outport:columnType', value: attribute.type }],
  };
}

export function cdmModel(options: { exportName: string; exportId: string; runId: string; modifiedTime: Date; entities: Entity[] }) {
  return {
    application: 'Outport',
    name: options.exportName,
    description: `Data exported by Outport export "${options.exportName}".`,
    version: '1.0',
    culture: 'en-US',
    modifiedTime: options.modifiedTime.toISOString(),
    annotations: [
      { name: 'outport:exportId', value: options.exportId },
      { name: 'outport:runId', value: options.runId },
    ],
    entities: options.entities.map((entity) => ({
      $type: 'LocalEntity',
      name: entity.name,
      description: entity.description,
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
