/**
 * Is this URL on the local machine? Offline servers run there, and only there do the clients
 * fall back to placeholder credentials (real services always need real ones).
 */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
