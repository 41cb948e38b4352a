/** The token of an `Authorization: Bearer …` header, or undefined for any other header. */
export function bearerToken(
  authorization: string | undefined,
): string | undefined {
  return authorization?.match(/^Bearer (.+)$/)?.[1];
}
