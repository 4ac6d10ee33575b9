import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findChallengeError, parseWwwAuthenticate } from '../../../src/okta/www-authenticate.ts';

describe('WWW-Authenticate parsing', () => {
  test("Okta's insufficient-scope challenge, including the brace typo of the support article", () => {
    const header =
      'Bearer authorization_uri="http://{subdomain}.okta.com/oauth2/v1/authorize", realm="http://subdomain}.okta.com", scope="okta.logs.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/logs"';
    assert.deepEqual(parseWwwAuthenticate(header), [
      {
        scheme: 'bearer',
        params: {
          authorization_uri: 'http://{subdomain}.okta.com/oauth2/v1/authorize',
          realm: 'http://subdomain}.okta.com',
          scope: 'okta.logs.read',
          error: 'insufficient_scope',
          error_description: 'The access token provided does not contain the required scopes.',
          resource: '/api/v1/logs',
        },
      },
    ]);
  });

  test('several challenges in one line and across lines; token68; escaped quotes; case-insensitive names', () => {
    const challenges = parseWwwAuthenticate([
      'Basic YWxhZGRpbjpvcGVuc2VzYW1l==, Bearer realm="a, b", ERROR="invalid_token"',
      'DPoP algs="ES256 RS256", error_description="say \\"hi\\""',
    ]);
    assert.deepEqual(challenges, [
      { scheme: 'basic', params: { token68: 'YWxhZGRpbjpvcGVuc2VzYW1l==' } },
      { scheme: 'bearer', params: { realm: 'a, b', error: 'invalid_token' } },
      { scheme: 'dpop', params: { algs: 'ES256 RS256', error_description: 'say "hi"' } },
    ]);
  });

  test('unquoted values and a bare scheme', () => {
    assert.deepEqual(parseWwwAuthenticate('Negotiate, Bearer error=insufficient_scope, scope=okta.users.read'), [
      { scheme: 'negotiate', params: {} },
      { scheme: 'bearer', params: { error: 'insufficient_scope', scope: 'okta.users.read' } },
    ]);
  });

  test('findChallengeError picks the challenge with that error', () => {
    const challenges = parseWwwAuthenticate(
      'Basic realm="x", Bearer error="insufficient_scope", scope="okta.logs.read"',
    );
    assert.equal(findChallengeError(challenges, 'insufficient_scope')?.params.scope, 'okta.logs.read');
    assert.equal(findChallengeError(challenges, 'invalid_token'), undefined);
  });

  test('garbage does not throw and yields nothing useful', () => {
    assert.deepEqual(parseWwwAuthenticate(undefined), []);
    assert.deepEqual(parseWwwAuthenticate('=x, "unterminated'), []);
    assert.equal(
      findChallengeError(parseWwwAuthenticate('Bearer error="insufficient_scope'), 'insufficient_scope'),
      undefined,
    );
  });
});
