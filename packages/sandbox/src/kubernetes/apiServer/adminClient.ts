import { request } from 'node:https';

/** An answer of the API server that is not 2xx: its status code and `Status` message. */
export class ApiServerError extends Error {
  constructor(readonly status: number, readonly body: any, context: string) {
    super(`${context}: ${status} ${body?.message ?? JSON.stringify(body)}`);
  }
}

/**
 * The harness's own requests to the API server (cluster-admin through a static token): installing
 * CRDs, creating fixtures, reading what the server stored. Not the client under test.
 */
export class AdminClient {
  constructor(
    private readonly options: { url: string; token: string; ca: string },
  ) {}

  async send(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    timeoutMs = 30_000,
  ): Promise<any> {
    const url = new URL(path, this.options.url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolveAnswer, reject) => {
      const req = request(
        url,
        {
          method,
          ca: this.options.ca,
          headers: {
            authorization: `Bearer ${this.options.token}`,
            accept: 'application/json',
            ...(payload
              ? {
                  'content-type': contentType,
                  'content-length': Buffer.byteLength(payload),
                }
              : {}),
          },
          timeout: timeoutMs,
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: any = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // a plain-text answer (/readyz, logs) stays text
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolveAnswer(parsed);
            else
              reject(new ApiServerError(status, parsed, `${method} ${path}`));
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${path} timed out`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  get(path: string, timeoutMs?: number): Promise<any> {
    return this.send('GET', path, undefined, undefined, timeoutMs);
  }

  /** GET that answers undefined for a 404. */
  async find(path: string): Promise<any> {
    try {
      return await this.get(path);
    } catch (error) {
      if (error instanceof ApiServerError && error.status === 404)
        return undefined;
      throw error;
    }
  }
}
