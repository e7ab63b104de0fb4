// How a server URL may appear in run files and messages. User, password, query and fragment are dropped, since
// they can carry secrets (a key in `?api_key=`, a password in `user:pw@`); scheme, host, port and path stay, so
// a reader can still tell which server it was.

/** The URL without user, password, query and fragment; "(unparseable URL)" when it is not a URL. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
