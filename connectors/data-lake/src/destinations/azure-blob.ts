import { randomUUID } from 'node:crypto';
import {
  AnonymousCredential,
  BlobServiceClient,
  RestError,
  StorageSharedKeyCredential,
  newPipeline,
  type ContainerClient,
  type Pipeline,
  type RequestPolicyFactory,
  type StoragePipelineOptions,
} from '@azure/storage-blob';
import {
  AuthError,
  ConnectorError,
  PermanentError,
  RetryableError,
  classifyHttpResponse,
  findOutboundRefusal,
  outboundAgent,
  withRetry,
} from '@outport/connector-sdk';
import type { DestinationConfig } from '../settings.js';
import { joinPath, type Destination, type StagedFile } from './destination.js';

type AzureConfig = Extract<DestinationConfig, { kind: 'azure-blob' }>;

// The SDK's withRetry owns retries (backoff, Retry-After, Azure ServerBusy), so the Azure client
// must not retry underneath it and multiply the attempts.
const PIPELINE: StoragePipelineOptions = { retryOptions: { maxTries: 1 } };

/**
 * Every request (redirects too) connects through the SDK's guarded agents, so the blob endpoint
 * obeys the outbound-address policy on the address actually connected to. A request-policy
 * factory is the hook the storage pipeline offers; Azure's Node HTTP client uses `request.agent`
 * when one is set. HTTP(S)_PROXY settings are not used for these connections.
 */
const OUTBOUND_AGENT: RequestPolicyFactory = {
  create: (next) => ({
    sendRequest: (request) => {
      request.agent = outboundAgent(request.url);
      return next.sendRequest(request);
    },
  }),
};

function guardedPipeline(credential: StorageSharedKeyCredential | AnonymousCredential): Pipeline {
  const pipeline = newPipeline(credential, PIPELINE);
  pipeline.factories.push(OUTBOUND_AGENT);
  return pipeline;
}

/** A container in Azure Blob Storage (or Data Lake Storage Gen2 through its Blob API). */
export class AzureBlobContainer implements Destination {
  readonly description: string;
  private readonly client: ContainerClient;
  private readonly account: string;

  constructor(
    private readonly config: AzureConfig,
    readonly signal: AbortSignal,
  ) {
    const service = serviceClient(config);
    this.account = service.accountName || config.accountName;
    this.client = service.getContainerClient(config.container);
    this.description = `container ${config.container} in storage account ${this.account}`;
  }

  async check(): Promise<void> {
    const exists = await this.call('check', () => this.client.exists({ abortSignal: this.signal }));
    if (!exists) {
      throw new PermanentError(`The ${this.description} does not exist. Create it, or correct the container name.`);
    }
    // Writing and deleting a probe proves the credentials may do what an export does.
    const probe = `.outport-probe-${randomUUID()}`;
    await this.write(probe, 'probe', 'text/plain');
    await this.remove(probe);
  }

  stage(path: string, contentType: string): StagedFile {
    return new StagedBlob(this, this.blobName(path), contentType);
  }

  async write(path: string, content: string, contentType: string): Promise<void> {
    const blob = this.client.getBlockBlobClient(this.blobName(path));
    const body = Buffer.from(content, 'utf8');
    // One Put Blob: the new version replaces the old one in a single step.
    await this.call(`write ${path}`, () =>
      blob.upload(body, body.length, { blobHTTPHeaders: { blobContentType: contentType }, abortSignal: this.signal }),
    );
  }

  async list(folder: string): Promise<string[]> {
    const prefix = `${this.blobName(folder)}/`;
    return this.call(`list ${folder}`, async () => {
      const names: string[] = [];
      for await (const item of this.client.listBlobsByHierarchy('/', { prefix, abortSignal: this.signal })) {
        if (item.kind === 'blob') names.push(item.name.slice(prefix.length));
      }
      return names;
    });
  }

  async remove(path: string): Promise<void> {
    await this.call(`delete ${path}`, () => this.client.deleteBlob(this.blobName(path), { abortSignal: this.signal }).then(() => undefined)).catch(
      (error: unknown) => {
        if (!(error instanceof ConnectorError && error.options.status === 404)) throw error;
      },
    );
  }

  location(path: string): string {
    return this.client.getBlockBlobClient(this.blobName(path)).url;
  }

  /** Staging calls for StagedBlob, which lives in this module. */
  block(name: string) {
    return this.client.getBlockBlobClient(name);
  }

  /** One Azure call, retried as the SDK decides and failing with a readable ConnectorError. */
  call<T>(action: string, work: () => Promise<T>): Promise<T> {
    return withRetry(
      () =>
        work().catch((error: unknown) => {
          throw this.explain(error, action);
        }),
      { signal: this.signal },
    );
  }

  private blobName(path: string): string {
    return joinPath(this.config.prefix, path);
  }

  /**
   * Azure's errors as sentences. The original error is not kept as the cause: it carries the
   * request, and the request carries the signed Authorization header.
   */
  private explain(error: unknown, action: string): ConnectorError {
    if (error instanceof ConnectorError) return error;
    // Azure re-wraps a connection the policy refused as a RestError that keeps its code and words.
    const refusal = findOutboundRefusal(error);
    if (refusal) return refusal;
    if (!isRestError(error)) return new PermanentError(`Could not ${action} in the ${this.description}: ${String(error)}`);
    const status = error.statusCode;
    const code = error.code ?? error.response?.headers.get('x-ms-error-code');
    if (status === undefined) {
      return new RetryableError(`Could not reach Azure Blob Storage for the ${this.description} (${code ?? 'network error'}).`);
    }
    // A wrong key is AuthenticationFailed; HEAD requests (no body) may only say AuthorizationFailure.
    if (status === 403 && (code === 'AuthenticationFailed' || code === 'AuthorizationFailure')) {
      return new AuthError(
        `Azure Storage did not accept the credentials for storage account ${this.account} (403 ${code}). Check the account key or connection string.`,
        { status },
      );
    }
    if (status === 403) {
      return new AuthError(`The credentials may not ${action} in the ${this.description} (403 ${code ?? 'Forbidden'}).`, { status });
    }
    if (status === 404 && code === 'ContainerNotFound') {
      return new PermanentError(`The ${this.description} does not exist. Create it, or correct the container name.`, { status });
    }
    const headers = error.response?.headers.toJSON() ?? {};
    const classified = classifyHttpResponse(status, headers, error.response?.bodyAsText ?? undefined);
    const message = `Could not ${action} in the ${this.description} (HTTP ${status}${code ? ` ${code}` : ''}).`;
    if (classified?.isRetryable) {
      return new ConnectorError(classified.kind, message, { status, ...(classified.retryAfterMs !== undefined ? { retryAfterMs: classified.retryAfterMs } : {}) });
    }
    return new ConnectorError(classified?.kind ?? 'permanent', message, { status });
  }
}

/**
 * A block blob built from staged blocks (Put Block) that only becomes visible, replacing any older
 * version in one step, when the block list is committed (Put Block List).
 */
class StagedBlob implements StagedFile {
  private readonly blockIds: string[] = [];

  constructor(
    private readonly container: AzureBlobContainer,
    private readonly name: string,
    private readonly contentType: string,
  ) {}

  async append(chunk: Buffer): Promise<void> {
    // Block ids must all have the same length within a blob, hence the zero padding.
    const id = Buffer.from(`block-${String(this.blockIds.length).padStart(6, '0')}`).toString('base64');
    await this.container.call(`write ${this.name}`, () => this.container.block(this.name).stageBlock(id, chunk, chunk.length, { abortSignal: this.container.signal }));
    this.blockIds.push(id);
  }

  async commit(): Promise<void> {
    await this.container.call(`write ${this.name}`, () =>
      this.container.block(this.name).commitBlockList(this.blockIds, { blobHTTPHeaders: { blobContentType: this.contentType }, abortSignal: this.container.signal }),
    );
  }

  abort(): Promise<void> {
    // Uncommitted blocks are never visible and Azure discards them after a week.
    return Promise.resolve();
  }
}

/**
 * Azure's errors are RestErrors (re-exported by @azure/storage-blob); the name check also covers a
 * second copy of @azure/core-rest-pipeline in the dependency tree, as the library's own guard does.
 */
function isRestError(error: unknown): error is RestError {
  return error instanceof RestError || (error instanceof Error && error.name === 'RestError');
}

function serviceClient(config: AzureConfig): BlobServiceClient {
  const { credentials } = config;
  if (!credentials) {
    throw new AuthError('Give the storage account key or a connection string to write to Azure Blob Storage.');
  }
  if ('connectionString' in credentials) {
    let parsed: BlobServiceClient;
    try {
      parsed = BlobServiceClient.fromConnectionString(credentials.connectionString, PIPELINE);
    } catch {
      // The parser's message may quote the string, key included.
      throw new AuthError('The connection string is not a valid Azure Storage connection string.');
    }
    // Only the parse is kept (endpoint, and a key or a SAS in the URL): the client is rebuilt on
    // the guarded pipeline.
    const credential = parsed.credential instanceof StorageSharedKeyCredential ? parsed.credential : new AnonymousCredential();
    return new BlobServiceClient(parsed.url, guardedPipeline(credential));
  }
  const endpoint = config.blobEndpoint ?? `https://${config.accountName}.blob.core.windows.net`;
  return new BlobServiceClient(endpoint, guardedPipeline(new StorageSharedKeyCredential(config.accountName, credentials.accountKey)));
}
