import { AuthError, ConnectorError, PermanentError, RetryableError } from '@outport/connector-sdk';
import ssh2 from 'ssh2';

const { STATUS_CODE } = ssh2.utils.sftp;

/** Socket-level failures that a later attempt may not meet. */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

interface SshError extends Error {
  code?: string | number;
  level?: string;
}

/**
 * Why connecting failed, as the run engine needs it: wrong credentials ask the user for new ones, a
 * refused or dropped connection is retried, anything else stops the run. Messages name the user and
 * host but never a password, key or passphrase.
 */
export function connectionFailure(error: unknown, where: { host: string; port: number; username: string }): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const e = error as SshError;
  const server = `${where.host}:${where.port}`;
  if (e.level === 'client-authentication') {
    return new AuthError(`The SFTP server refused the credentials for user "${where.username}" at ${server}.`, { cause: e });
  }
  if (e.level === 'client-timeout') return new RetryableError(`The SFTP server at ${server} did not complete the SSH handshake in time.`, { cause: e });
  // A server that is shutting down or starting up accepts the TCP connection, then closes it.
  if (/connection lost before handshake/i.test(e.message)) return new RetryableError(`The SFTP server at ${server} closed the connection before the SSH handshake.`, { cause: e });
  if (typeof e.code === 'string' && TRANSIENT_NETWORK_CODES.has(e.code)) {
    return new RetryableError(`Could not reach the SFTP server at ${server} (${e.code}).`, { cause: e });
  }
  if (e.code === 'ENOTFOUND') return new PermanentError(`The SFTP host "${where.host}" was not found.`, { cause: e });
  return new PermanentError(`Could not open an SFTP session with ${server}: ${e.message}.`, { cause: e });
}

/**
 * An SFTP request's failure, naming the path it concerned. The server's status code says what
 * happened; a failure without one means the connection went away mid-request, which is worth a retry.
 */
export function sftpFailure(error: unknown, action: string, path: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const e = error as SshError;
  switch (e.code) {
    case STATUS_CODE.PERMISSION_DENIED:
      return new PermanentError(`The SFTP server denied permission to ${action} ${path}.`, { cause: e });
    case STATUS_CODE.NO_SUCH_FILE:
      return new PermanentError(`Could not ${action} ${path}: it does not exist on the SFTP server.`, { cause: e });
    case STATUS_CODE.FAILURE:
      if (/no space|quota|disk full/i.test(e.message)) {
        return new PermanentError(`The SFTP server ran out of space while writing ${path} (${e.message}).`, { cause: e });
      }
      return new PermanentError(`The SFTP server could not ${action} ${path}: ${e.message}.`, { cause: e });
    case STATUS_CODE.NO_CONNECTION:
    case STATUS_CODE.CONNECTION_LOST:
      return new RetryableError(`The connection to the SFTP server was lost while trying to ${action} ${path}.`, { cause: e });
    case STATUS_CODE.OP_UNSUPPORTED:
      return new PermanentError(`The SFTP server does not support the request to ${action} ${path}.`, { cause: e });
    default:
      if (typeof e.code === 'number') return new PermanentError(`The SFTP server could not ${action} ${path}: ${e.message}.`, { cause: e });
      return new RetryableError(`The connection to the SFTP server failed while trying to ${action} ${path}: ${e.message}.`, { cause: e });
  }
}

/** Whether an SFTP failure (raw, or already classified) says the path is not there. */
export function isNoSuchFile(error: unknown): boolean {
  return statusOf(error) === STATUS_CODE.NO_SUCH_FILE;
}

/** Whether an SFTP failure (raw, or already classified) says the server refused permission. */
export function isPermissionDenied(error: unknown): boolean {
  return statusOf(error) === STATUS_CODE.PERMISSION_DENIED;
}

function statusOf(error: unknown): unknown {
  const raw = error instanceof ConnectorError ? error.options.cause : error;
  return (raw as SshError | null | undefined)?.code;
}
