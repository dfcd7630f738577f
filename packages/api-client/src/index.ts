import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, paths } from './schema.js';

type Schemas = components['schemas'];
export type Environment = Schemas['EnvironmentDto'];
export type Me = Schemas['MeDto'];
export type Table = Schemas['TableDto'];
export type Column = Schemas['ColumnDto'];
export type Segment = Schemas['SegmentDto'];
export type ApiKey = Schemas['ApiKeyDto'];
export type CreatedApiKey = Schemas['CreatedApiKeyDto'];
export type IngestionResult = Schemas['IngestionResultDto'];
export type Export = Schemas['ExportDto'];
export type Run = Schemas['RunDto'];
export type RunTask = Schemas['RunTaskDto'];
export type RunChunk = Schemas['RunChunkDto'];

export type OutportClient = Client<paths>;

/** An RFC 9457 problem as the API sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field?: string; line?: number; message: string }[];
}

/** Thrown by `unwrap` when the API answers with a problem; `message` is the readable detail. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemError';
  }

  get status(): number {
    return this.problem.status;
  }
}

export interface OutportClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Origin of the Outport server, e.g. http://localhost:3000; '' for same-origin (the console). */
  baseUrl?: string;
  /** An API key for integrators; the console uses the session cookie instead. */
  apiKey?: string;
}

export function createOutportClient(options: OutportClientOptions = {}): OutportClient {
  const { baseUrl = '', apiKey, headers, ...rest } = options;
  return createClient<paths>({
    baseUrl,
    credentials: 'include',
    headers: { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...(headers as Record<string, string> | undefined) },
    ...rest,
  });
}

/** Returns the data of a successful call, or throws a ProblemError with the API's explanation. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const body = result.error as Partial<Problem> | undefined;
    throw new ProblemError({
      type: body?.type ?? 'about:blank',
      title: body?.title ?? result.response.statusText,
      status: body?.status ?? result.response.status,
      ...(body?.detail ? { detail: body.detail } : {}),
      ...(body?.errors ? { errors: body.errors } : {}),
    });
  }
  return result.data as T;
}
