import { ResponseError } from '@backstage/errors';

/** The error the Delivery client throws for a backend's error answer with `message`. */
export async function errorResponse(
  status: number,
  message: string,
  method = 'GET',
): Promise<ResponseError> {
  const response = new Response(
    JSON.stringify({
      error: { name: 'Error', message },
      request: { method, url: '/x' },
      response: { statusCode: status },
    }),
    { status, headers: { 'content-type': 'application/json' } },
  );
  return ResponseError.fromResponse(response as any);
}
