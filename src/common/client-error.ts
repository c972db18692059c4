import { maxHeaderSize, Server, STATUS_CODES } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Duplex } from 'node:stream';
import { ErrorCode, ERROR_CODES } from './error-codes';

/**
 * Requests Node's HTTP parser refuses before the application sees them (a request line or headers over
 * Node's limit, bytes that are not HTTP) are answered in the API's error shape with a request id, as
 * every other error is, instead of Node's bare status line.
 */
export function answerMalformedRequestsInTheErrorShape(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
    const [code, message]: [ErrorCode, string] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? ['HEADERS_TOO_LARGE', `The request line and headers exceed ${maxHeaderSize} bytes`]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? ['REQUEST_TIMEOUT', 'The request took too long to arrive']
          : ['MALFORMED_REQUEST', 'The request is not valid HTTP/1.1'];
    const statusCode = ERROR_CODES[code].status;
    const requestId = randomUUID();
    const body = JSON.stringify({ statusCode, code, message, details: [], requestId });
    socket.end(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
