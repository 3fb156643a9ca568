// The report site's sign-in, run by Lambda@Edge on every viewer request: a request passes only
// with a valid Cognito ID token of a reader; without one, the viewer's refresh token (kept for
// REFRESH_DAYS, sent only to /_auth/) gets a new ID token, and failing that the viewer goes
// through Cognito's hosted sign-in (authorization code flow with PKCE) and back. Signing out
// revokes the refresh token. It also serves `index.html` for folder paths, because CloudFront
// allows no CloudFront Function beside a Lambda@Edge viewer-request function.
import { createHash, randomBytes } from 'node:crypto';
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent, CloudFrontResultResponse } from 'aws-lambda';

/** Where the user pool is; read once per container (Lambda@Edge has no environment variables). */
export interface SignInSettings {
  userPoolId: string;
  clientId: string;
  /** Cognito's hosted sign-in, e.g. `https://handoff-1234.auth.eu-west-1.amazoncognito.com`. */
  domain: string;
  /** The Cognito group whose members may read the site. */
  group: string;
}

/** The claims the handler reads from a verified ID token. */
export interface IdTokenClaims {
  exp: number;
  email?: unknown;
  'cognito:groups'?: unknown;
}

export interface SignInDeps {
  settings: () => Promise<SignInSettings>;
  /** Verifies an ID token's signature, issuer, audience and expiry; throws when any fails. */
  verify: (token: string, settings: SignInSettings) => Promise<IdTokenClaims>;
  fetch: typeof fetch;
  now?: () => number;
}

// `__Host-`: only this host, Secure, Path=/ (no subdomain can set or read it); `__Secure-` for the
// cookies that only /_auth/ receives (the refresh token and the sign-in in progress).
export const TOKEN_COOKIE = '__Host-handoff_id';
export const LOGIN_COOKIE = '__Secure-handoff_login';
export const REFRESH_COOKIE = '__Secure-handoff_refresh';
/** Days a reader stays signed in without entering password and MFA again (Cognito's refresh token validity). */
export const REFRESH_DAYS = 30;
export const REFRESH_PATH = '/_auth/refresh';
export const CALLBACK_PATH = '/_auth/callback';
export const SIGN_OUT_PATH = '/_auth/sign-out';
export const SIGNED_OUT_PATH = '/_auth/signed-out';

type Result = CloudFrontRequest | CloudFrontResultResponse;

/** `/follow-up/` and `/follow-up` → `/follow-up/index.html`; files (a dot in the last segment) stay. */
export function folderIndexUri(uri: string): string {
  if (uri.endsWith('/')) return `${uri}index.html`;
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  return last.includes('.') ? uri : `${uri}/index.html`;
}

/** The viewer-request handler with its dependencies given (tests give fakes). */
export function createSignInHandler(deps: SignInDeps): (event: CloudFrontRequestEvent) => Promise<Result> {
  const now = deps.now ?? Date.now;
  return async (event) => {
    const cf = event.Records[0]!.cf;
    const request = cf.request;
    // The name the viewer used: the site's own domain, or its *.cloudfront.net name (CloudFront serves no other Host).
    const origin = `https://${request.headers['host']?.[0]?.value ?? cf.config.distributionDomainName}`;
    const settings = await deps.settings();
    if (request.uri === CALLBACK_PATH) return callback(request, origin, settings, deps, now());
    if (request.uri === REFRESH_PATH) return refresh(request, origin, settings, deps, now());
    if (request.uri === SIGN_OUT_PATH) return signOut(request, origin, settings, deps);
    if (request.uri === SIGNED_OUT_PATH) return page(200, 'Signed out', `<p>You are signed out of the report site.</p><p><a href="/">Sign in again</a></p>`);

    const token = cookie(request.headers, TOKEN_COOKIE);
    if (token) {
      let claims: IdTokenClaims | undefined;
      try {
        claims = await deps.verify(token, settings);
      } catch {
        claims = undefined; // expired or forged: sign in again
      }
      if (claims) {
        if (!isReader(claims, settings.group)) {
          return page(403, 'Not a reader', `<p>You are signed in as ${escapeHtml(String(claims.email ?? 'this user'))}, who is not in the <code>${escapeHtml(settings.group)}</code> group.</p><p>Ask an administrator to add you, then <a href="${SIGN_OUT_PATH}">sign out</a> and in again.</p>`);
        }
        request.uri = folderIndexUri(request.uri);
        return request;
      }
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return page(401, 'Sign in first', '<p>Sign in to read the report site.</p>');
    // The refresh token is sent only to /_auth/: try it there, then come back.
    const returnTo = safeReturnPath(request.uri + (request.querystring ? `?${request.querystring}` : ''));
    return redirect(`${REFRESH_PATH}?${new URLSearchParams({ return: returnTo }).toString()}`, []);
  };
}

function isReader(claims: IdTokenClaims, group: string): boolean {
  const groups = claims['cognito:groups'];
  return Array.isArray(groups) && groups.includes(group);
}

/** Sends the viewer to Cognito's sign-in with a fresh state and PKCE verifier, remembered in a short-lived cookie. */
function startSignIn(returnTo: string, origin: string, settings: SignInSettings, extraCookies: string[] = []): CloudFrontResultResponse {
  const state = base64url(randomBytes(16));
  const verifier = base64url(randomBytes(32));
  const authorize = new URL('/oauth2/authorize', settings.domain);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: origin + CALLBACK_PATH,
    scope: 'openid email',
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  const login = base64url(Buffer.from(JSON.stringify({ state, verifier, returnTo })));
  return redirect(authorize.toString(), [`${LOGIN_COOKIE}=${login}; Path=/_auth; Max-Age=600; Secure; HttpOnly; SameSite=Lax`, ...extraCookies]);
}

/** A new ID token from the viewer's refresh token, or the hosted sign-in when there is none or Cognito refuses it. */
async function refresh(request: CloudFrontRequest, origin: string, settings: SignInSettings, deps: SignInDeps, nowMs: number): Promise<CloudFrontResultResponse> {
  const returnTo = safeReturnPath(new URLSearchParams(request.querystring).get('return') ?? '/');
  const refreshToken = cookie(request.headers, REFRESH_COOKIE);
  if (!refreshToken) return startSignIn(returnTo, origin, settings);
  const tokens = await exchange(deps, settings, { grant_type: 'refresh_token', client_id: settings.clientId, refresh_token: refreshToken });
  if (!tokens) return startSignIn(returnTo, origin, settings, [clearCookie(REFRESH_COOKIE, '/_auth')]);
  return redirect(returnTo, [idCookie(tokens.idToken, tokens.claims, nowMs)]);
}

/** The token endpoint's answer, its ID token verified; undefined when Cognito or the verification refuses. */
async function exchange(deps: SignInDeps, settings: SignInSettings, form: Record<string, string>): Promise<{ idToken: string; refreshToken?: string; claims: IdTokenClaims } | undefined> {
  const response = await deps.fetch(new URL('/oauth2/token', settings.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body = (response.ok ? await response.json() : undefined) as { id_token?: unknown; refresh_token?: unknown } | undefined;
  const idToken = typeof body?.id_token === 'string' ? body.id_token : undefined;
  if (!idToken) return undefined;
  try {
    const claims = await deps.verify(idToken, settings);
    return { idToken, claims, ...(typeof body?.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}) };
  } catch {
    return undefined;
  }
}

function idCookie(token: string, claims: IdTokenClaims, nowMs: number): string {
  return `${TOKEN_COOKIE}=${token}; Path=/; Max-Age=${Math.max(0, claims.exp - Math.floor(nowMs / 1000))}; Secure; HttpOnly; SameSite=Lax`;
}

function clearCookie(name: string, path: string): string {
  return `${name}=; Path=${path}; Max-Age=0; Secure; HttpOnly; SameSite=Lax`;
}

/** Cognito sent the viewer back with a code: exchange it, keep the ID token in a cookie, return to the page asked for. */
async function callback(request: CloudFrontRequest, origin: string, settings: SignInSettings, deps: SignInDeps, nowMs: number): Promise<CloudFrontResultResponse> {
  const query = new URLSearchParams(request.querystring);
  const login = parseLogin(cookie(request.headers, LOGIN_COOKIE));
  const code = query.get('code');
  if (!login || !code || query.get('state') !== login.state) {
    return page(400, 'Sign-in expired', '<p>This sign-in link has expired or was opened in another browser.</p><p><a href="/">Start again</a></p>');
  }
  const tokens = await exchange(deps, settings, { grant_type: 'authorization_code', client_id: settings.clientId, code, redirect_uri: origin + CALLBACK_PATH, code_verifier: login.verifier });
  if (!tokens) return page(502, 'Sign-in failed', '<p>Cognito did not confirm the sign-in.</p><p><a href="/">Try again</a></p>');
  return redirect(login.returnTo, [
    idCookie(tokens.idToken, tokens.claims, nowMs),
    ...(tokens.refreshToken ? [`${REFRESH_COOKIE}=${tokens.refreshToken}; Path=/_auth; Max-Age=${REFRESH_DAYS * 86400}; Secure; HttpOnly; SameSite=Lax`] : []),
    clearCookie(LOGIN_COOKIE, '/_auth'),
  ]);
}

/** Revokes the refresh token (so a copied cookie is worthless too), clears both cookies, ends the Cognito session. */
async function signOut(request: CloudFrontRequest, origin: string, settings: SignInSettings, deps: SignInDeps): Promise<CloudFrontResultResponse> {
  const refreshToken = cookie(request.headers, REFRESH_COOKIE);
  if (refreshToken) {
    // Best effort: the cookies go and the session ends even when Cognito cannot be reached.
    await deps.fetch(new URL('/oauth2/revoke', settings.domain), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: settings.clientId }).toString(),
    }).catch(() => undefined);
  }
  const logout = new URL('/logout', settings.domain);
  logout.search = new URLSearchParams({ client_id: settings.clientId, logout_uri: origin + SIGNED_OUT_PATH }).toString();
  return redirect(logout.toString(), [clearCookie(TOKEN_COOKIE, '/'), clearCookie(REFRESH_COOKIE, '/_auth')]);
}

/** Only paths on this site: anything else (`//evil.example`, `https://…`) returns to the home page. */
export function safeReturnPath(path: string): string {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') && !path.startsWith('/_auth/') ? path : '/';
}

function parseLogin(value: string | undefined): { state: string; verifier: string; returnTo: string } | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { state, verifier, returnTo } = parsed;
    if (typeof state !== 'string' || typeof verifier !== 'string' || typeof returnTo !== 'string') return undefined;
    return { state, verifier, returnTo: safeReturnPath(returnTo) };
  } catch {
    return undefined;
  }
}

/** One cookie's value from the request's Cookie headers. */
export function cookie(headers: CloudFrontHeaders, name: string): string | undefined {
  for (const header of headers['cookie'] ?? []) {
    for (const part of header.value.split(';')) {
      const [key, ...rest] = part.trim().split('=');
      if (key === name) return rest.join('=') || undefined;
    }
  }
  return undefined;
}

const NO_STORE = [{ key: 'Cache-Control', value: 'no-store' }];

function redirect(location: string, cookies: string[]): CloudFrontResultResponse {
  return {
    status: '302',
    statusDescription: 'Found',
    headers: {
      'location': [{ key: 'Location', value: location }],
      'cache-control': NO_STORE,
      'set-cookie': cookies.map((value) => ({ key: 'Set-Cookie', value })),
    },
  };
}

function page(status: number, title: string, html: string): CloudFrontResultResponse {
  return {
    status: String(status),
    statusDescription: title,
    headers: {
      'content-type': [{ key: 'Content-Type', value: 'text/html; charset=utf-8' }],
      'cache-control': NO_STORE,
      'x-content-type-options': [{ key: 'X-Content-Type-Options', value: 'nosniff' }],
      'x-frame-options': [{ key: 'X-Frame-Options', value: 'DENY' }],
    },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Handoff</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><h1>${escapeHtml(title)}</h1>${html}</body></html>`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}
