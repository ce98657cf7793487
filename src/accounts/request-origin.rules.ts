/**
 * Whether a cookie-authenticated write comes from a page of this site (or of a configured one):
 * the second line beside the CSRF token. The `Origin` header decides; without it, the `Referer`'s
 * origin. A request with neither (a script, the command line) is left to the CSRF token alone,
 * since browsers send `Origin` on every cross-site write.
 */
export function isTrustedOrigin(
  headers: { origin?: string | undefined; referer?: string | undefined },
  ownOrigin: string,
  allowed: readonly string[],
): boolean {
  const claimed = headers.origin ?? headers.referer;
  if (claimed === undefined) return true;
  const origin = originOf(claimed);
  return origin !== null && (origin === originOf(ownOrigin) || allowed.some((entry) => originOf(entry) === origin));
}

/** `https://x.example:443/p` → `https://x.example`; "null" (a sandboxed page) and garbage → null. */
function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
