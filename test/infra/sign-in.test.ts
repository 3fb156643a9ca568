import { createHash } from 'node:crypto';
import type { CloudFrontRequest, CloudFrontRequestEvent, CloudFrontResultResponse } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { synthesize } from './app-fixture.ts';
import { createSignInHandler, folderIndexUri, safeReturnPath, type IdTokenClaims, type SignInSettings } from '../../infra/edge/sign-in.ts';

const SETTINGS: SignInSettings = { userPoolId: 'eu-west-1_Abc123', clientId: 'client123', domain: 'https://handoff-1.auth.eu-west-1.amazoncognito.com', group: 'readers' };
const NOW = Date.parse('2026-11-20T08:00:00Z');
const IN_AN_HOUR = NOW / 1000 + 3600;

/** Tokens the fake verifier knows: a reader's, a signed-in non-reader's; anything else is forged or expired. */
async function verify(token: string): Promise<IdTokenClaims> {
  if (token === 'reader-token') return { exp: IN_AN_HOUR, 'email': 'ana@example.com', 'cognito:groups': ['readers'] };
  if (token === 'outsider-token') return { exp: IN_AN_HOUR, 'email': 'eve@example.com', 'cognito:groups': ['finance'] };
  throw new Error('invalid signature');
}

function viewerRequest(uri: string, options: { querystring?: string; cookie?: string; method?: string; host?: string } = {}): CloudFrontRequestEvent {
  const request: CloudFrontRequest = {
    clientIp: '203.0.113.9', method: options.method ?? 'GET', uri, querystring: options.querystring ?? '',
    headers: {
      ...(options.cookie ? { cookie: [{ key: 'Cookie', value: options.cookie }] } : {}),
      ...(options.host ? { host: [{ key: 'Host', value: options.host }] } : {}),
    },
  };
  return { Records: [{ cf: { config: { distributionDomainName: 'd111.cloudfront.net', distributionId: 'E1', eventType: 'viewer-request', requestId: 'r1' }, request } }] };
}

function handlerWith(fetchImpl: typeof fetch = vi.fn<typeof fetch>()) {
  return createSignInHandler({ settings: async () => SETTINGS, verify, fetch: fetchImpl, now: () => NOW });
}

function cookiesOf(response: CloudFrontResultResponse): string[] {
  return (response.headers?.['set-cookie'] ?? []).map((h) => h.value);
}

describe('folder paths', () => {
  it('serve index.html for folders with and without the slash, and leave files alone', () => {
    expect(['/', '/follow-up/', '/follow-up', '/downloads/leads.csv', '/_astro/site.C0ffee.css'].map(folderIndexUri))
      .toEqual(['/index.html', '/follow-up/index.html', '/follow-up/index.html', '/downloads/leads.csv', '/_astro/site.C0ffee.css']);
  });
});

describe('sign-in at the edge', () => {
  it("lets a reader's request through, rewritten to the folder's index.html", async () => {
    const result = await handlerWith()(viewerRequest('/follow-up', { cookie: 'theme=dark; __Host-handoff_id=reader-token' }));
    expect(result).toMatchObject({ uri: '/follow-up/index.html', method: 'GET' });
  });

  it('sends a visitor without a token to /_auth/refresh (where the refresh cookie is sent), then, without one, to Cognito with PKCE, remembering state, verifier and the page asked for', async () => {
    const first = await handlerWith()(viewerRequest('/follow-up/', { querystring: 'team=north' })) as CloudFrontResultResponse;
    expect(first.status).toBe('302');
    expect(first.headers!['location']![0]!.value).toBe('/_auth/refresh?return=%2Ffollow-up%2F%3Fteam%3Dnorth');
    expect(cookiesOf(first)).toEqual([]);
    const result = await handlerWith()(viewerRequest('/_auth/refresh', { querystring: 'return=%2Ffollow-up%2F%3Fteam%3Dnorth' })) as CloudFrontResultResponse;
    expect(result.status).toBe('302');
    const location = new URL(result.headers!['location']![0]!.value);
    expect(`${location.origin}${location.pathname}`).toBe('https://handoff-1.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code', client_id: 'client123', redirect_uri: 'https://d111.cloudfront.net/_auth/callback', scope: 'openid email', code_challenge_method: 'S256',
    });
    const [login] = cookiesOf(result);
    expect(login).toMatch(/^__Secure-handoff_login=[\w-]+; Path=\/_auth; Max-Age=600; Secure; HttpOnly; SameSite=Lax$/);
    const remembered = JSON.parse(Buffer.from(login!.split(';')[0]!.split('=')[1]!, 'base64url').toString()) as { state: string; verifier: string; returnTo: string };
    expect(remembered.returnTo).toBe('/follow-up/?team=north');
    expect(location.searchParams.get('state')).toBe(remembered.state);
    expect(location.searchParams.get('code_challenge')).toBe(createHash('sha256').update(remembered.verifier).digest('base64url'));
    expect(result.headers!['cache-control']![0]!.value).toBe('no-store');
  });

  it('sends a visitor with a forged or expired token to renew it', async () => {
    const result = await handlerWith()(viewerRequest('/', { cookie: '__Host-handoff_id=forged' })) as CloudFrontResultResponse;
    expect(result.status).toBe('302');
    expect(result.headers!['location']![0]!.value).toBe('/_auth/refresh?return=%2F');
  });

  it('renews an expired ID token with the refresh token, without Cognito\'s sign-in, and returns to the page', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => new Response(JSON.stringify({ id_token: 'reader-token', access_token: 'a', token_type: 'Bearer' }), { status: 200 }));
    const result = await handlerWith(fetchImpl)(viewerRequest('/_auth/refresh', { querystring: 'return=%2Ffollow-up%2F', cookie: '__Secure-handoff_refresh=r1' })) as CloudFrontResultResponse;

    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(String(url)).toBe('https://handoff-1.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(Object.fromEntries(new URLSearchParams(String(init?.body)))).toEqual({ grant_type: 'refresh_token', client_id: 'client123', refresh_token: 'r1' });
    expect(result.headers!['location']![0]!.value).toBe('/follow-up/');
    // The token expires in an hour (IN_AN_HOUR): 3,600 seconds.
    expect(cookiesOf(result)).toEqual(['__Host-handoff_id=reader-token; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax']);
  });

  it('sends the viewer to sign in, and forgets the refresh token, when Cognito refuses it (expired or revoked)', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => new Response('{"error":"invalid_grant"}', { status: 400 }));
    const result = await handlerWith(fetchImpl)(viewerRequest('/_auth/refresh', { querystring: 'return=%2F_auth%2Frefresh', cookie: '__Secure-handoff_refresh=revoked' })) as CloudFrontResultResponse;
    expect(result.headers!['location']![0]!.value).toMatch(/^https:\/\/handoff-1\.auth\.eu-west-1\.amazoncognito\.com\/oauth2\/authorize\?/);
    const [login, forget] = cookiesOf(result);
    // A return path under /_auth/ would loop: the viewer returns to the home page.
    expect((JSON.parse(Buffer.from(login!.split(';')[0]!.split('=')[1]!, 'base64url').toString()) as { returnTo: string }).returnTo).toBe('/');
    expect(forget).toBe('__Secure-handoff_refresh=; Path=/_auth; Max-Age=0; Secure; HttpOnly; SameSite=Lax');
  });

  it('tells a signed-in user outside the readers group why the site stays closed', async () => {
    const result = await handlerWith()(viewerRequest('/', { cookie: '__Host-handoff_id=outsider-token' })) as CloudFrontResultResponse;
    expect(result.status).toBe('403');
    expect(result.body).toContain('eve@example.com');
    expect(result.body).toContain('<code>readers</code>');
  });

  it('answers other methods without a token with 401 instead of a redirect', async () => {
    const result = await handlerWith()(viewerRequest('/', { method: 'POST' })) as CloudFrontResultResponse;
    expect(result.status).toBe('401');
  });

  it('exchanges the code with the PKCE verifier, keeps the ID token for its lifetime and the refresh token for 30 days (for /_auth/ only), and returns to the page asked for', async () => {
    const login = Buffer.from(JSON.stringify({ state: 's1', verifier: 'v1', returnTo: '/follow-up/' })).toString('base64url');
    const fetchImpl = vi.fn<typeof fetch>(async () => new Response(JSON.stringify({ id_token: 'reader-token', refresh_token: 'r1', access_token: 'a', token_type: 'Bearer' }), { status: 200 }));
    const result = await handlerWith(fetchImpl)(viewerRequest('/_auth/callback', { querystring: 'code=c1&state=s1', cookie: `__Secure-handoff_login=${login}` })) as CloudFrontResultResponse;

    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(String(url)).toBe('https://handoff-1.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(init?.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(String(init?.body)))).toEqual({
      grant_type: 'authorization_code', client_id: 'client123', code: 'c1', redirect_uri: 'https://d111.cloudfront.net/_auth/callback', code_verifier: 'v1',
    });
    expect(result.status).toBe('302');
    expect(result.headers!['location']![0]!.value).toBe('/follow-up/');
    // 30 days × 86,400 s = 2,592,000 s.
    expect(cookiesOf(result)).toEqual([
      '__Host-handoff_id=reader-token; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax',
      '__Secure-handoff_refresh=r1; Path=/_auth; Max-Age=2592000; Secure; HttpOnly; SameSite=Lax',
      '__Secure-handoff_login=; Path=/_auth; Max-Age=0; Secure; HttpOnly; SameSite=Lax',
    ]);
  });

  it('refuses a callback whose state does not match the sign-in it started', async () => {
    const login = Buffer.from(JSON.stringify({ state: 's1', verifier: 'v1', returnTo: '/' })).toString('base64url');
    const fetchImpl = vi.fn<typeof fetch>();
    const result = await handlerWith(fetchImpl)(viewerRequest('/_auth/callback', { querystring: 'code=c1&state=other', cookie: `__Secure-handoff_login=${login}` })) as CloudFrontResultResponse;
    expect(result.status).toBe('400');
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('fails the callback when Cognito does not confirm the code', async () => {
    const login = Buffer.from(JSON.stringify({ state: 's1', verifier: 'v1', returnTo: '/' })).toString('base64url');
    const fetchImpl = vi.fn<typeof fetch>(async () => new Response('{"error":"invalid_grant"}', { status: 400 }));
    const result = await handlerWith(fetchImpl)(viewerRequest('/_auth/callback', { querystring: 'code=c1&state=s1', cookie: `__Secure-handoff_login=${login}` })) as CloudFrontResultResponse;
    expect(result.status).toBe('502');
    expect(cookiesOf(result)).toEqual([]);
  });

  it('signs out by revoking the refresh token, clearing both cookies and ending the Cognito session', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => new Response('', { status: 200 }));
    const result = await handlerWith(fetchImpl)(viewerRequest('/_auth/sign-out', { cookie: '__Secure-handoff_refresh=r1' })) as CloudFrontResultResponse;
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(String(url)).toBe('https://handoff-1.auth.eu-west-1.amazoncognito.com/oauth2/revoke');
    expect(Object.fromEntries(new URLSearchParams(String(init?.body)))).toEqual({ token: 'r1', client_id: 'client123' });
    expect(result.headers!['location']![0]!.value).toBe('https://handoff-1.auth.eu-west-1.amazoncognito.com/logout?client_id=client123&logout_uri=https%3A%2F%2Fd111.cloudfront.net%2F_auth%2Fsigned-out');
    expect(cookiesOf(result)).toEqual(['__Host-handoff_id=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax', '__Secure-handoff_refresh=; Path=/_auth; Max-Age=0; Secure; HttpOnly; SameSite=Lax']);
  });

  it('still signs out when Cognito cannot be reached to revoke the token', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => { throw new TypeError('fetch failed'); });
    const result = await handlerWith(fetchImpl)(viewerRequest('/_auth/sign-out', { cookie: '__Secure-handoff_refresh=r1' })) as CloudFrontResultResponse;
    expect(result.status).toBe('302');
    expect(cookiesOf(result)).toHaveLength(2);
  });

  it('sends Cognito back to the name the viewer used (the site\'s own domain)', async () => {
    const result = await handlerWith()(viewerRequest('/_auth/refresh', { host: 'reports.example.com' })) as CloudFrontResultResponse;
    expect(new URL(result.headers!['location']![0]!.value).searchParams.get('redirect_uri')).toBe('https://reports.example.com/_auth/callback');
  });

  it('returns only to paths on this site', () => {
    expect(['/follow-up/', '//evil.example/', '/\\evil.example', 'https://evil.example/', '/_auth/callback?code=x', '/_auth/refresh?return=%2F'].map(safeReturnPath))
      .toEqual(['/follow-up/', '/', '/', '/', '/', '/']);
  });
});

describe('edge log retention', () => {
  it('sets three months on the sign-in replicas\' log groups in every commercial region, once a day, and may change only those', () => {
    const app = synthesize();
    const signIn = app.json('signIn');
    const fn = Object.entries(signIn.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties!['Handler'] === 'functions/edge-logs/index.handler')!;
    const variables = fn[1].Properties!['Environment'].Variables as Record<string, unknown>;
    const edgeId = Object.entries(signIn.Resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('SignInFunction'))![0];
    expect(variables['EDGE_FUNCTION_NAME']).toEqual({ Ref: edgeId });
    expect(variables['RETENTION_DAYS']).toBe('90');
    const regions = String(variables['REGIONS']).split(',');
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1']));
    expect(regions.some((r) => r.startsWith('cn-') || r.startsWith('us-gov-'))).toBe(false);
    app.template('signIn').hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 day)', Target: { Arn: { 'Fn::GetAtt': [fn[0], 'Arn'] } } });
    const statements = Object.values(signIn.Resources).filter((r) => r.Type === 'AWS::IAM::Policy').flatMap((r) => r.Properties!['PolicyDocument'].Statement as Array<{ Action: string; Resource: unknown }>);
    const put = statements.find((st) => st.Action === 'logs:PutRetentionPolicy')!;
    expect(put.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:*:', { Ref: 'AWS::AccountId' }, ':log-group:/aws/lambda/us-east-1.', { Ref: edgeId }, '*']] });
  });
});
