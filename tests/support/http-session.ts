/** A user signed in to a running server over real HTTP, as a browser would be: session cookie and CSRF header. */
export async function signInOverHttp(baseUrl: string, email: string, password: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('sb_session='));
  if (!cookie) throw new Error('no session cookie');
  const { user, csrfToken } = (await login.json()) as {
    user: { id: string; email: string };
    csrfToken: string;
  };
  return {
    user,
    /** Sends the request and reads the JSON answer (null for an empty body). */
    async request(method: string, path: string, payload?: object) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
        body: payload ? JSON.stringify(payload) : undefined,
      });
      const text = await response.text();
      // biome-ignore lint/suspicious/noExplicitAny: an API answer of any shape, read by the test
      return { status: response.status, json: (text ? JSON.parse(text) : null) as any };
    },
  };
}
