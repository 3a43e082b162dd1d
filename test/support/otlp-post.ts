/** A raw HTTP client for receiver tests: chunked bodies, odd methods, early answers. */
import * as http from 'node:http';

export interface Posted {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function post(url: string, body: Buffer | string | null, headers: Record<string, string> = {}, method = 'POST', chunked = false): Promise<Posted> {
  return new Promise((resolve, reject) => {
    const payload = body === null ? null : Buffer.from(body);
    const req = http.request(url, {
      method,
      agent: false,
      headers: { ...(payload && !chunked ? { 'content-length': String(payload.length) } : {}), ...headers },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    // The server may answer (413) and close before the whole body is written; the answer counts.
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    if (payload && chunked) {
      for (let i = 0; i < payload.length; i += 16 * 1024) req.write(payload.subarray(i, i + 16 * 1024));
      req.end();
    } else req.end(payload ?? undefined);
  });
}
