import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startSandboxProcess } from '../../helpers/sandbox-process.ts';

describe('the sandbox org as its own process (npm run sandbox -- --json)', () => {
  test('prints its connection info, applies the rate-limit flags, and lists the calls it received', async () => {
    const sandbox = await startSandboxProcess({
      appBaseUrl: 'http://localhost:4321',
      logsLimit: 4,
      perAppShare: 1,
      rateWindowSeconds: 30,
    });
    try {
      const { info } = sandbox;
      assert.match(info.orgUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(info.issuer, info.orgUrl);
      assert.equal(info.requestsUrl, `${info.orgUrl}/sandbox/requests`);
      assert.deepEqual(info.webApp.redirectUris, ['http://localhost:4321/authorization-code/callback']);
      assert.match(info.webApp.clientId, /^0oa\w{17}$/);
      assert.ok(info.webApp.clientSecret.length >= 20 && info.apiToken.length >= 20);
      assert.deepEqual(await sandbox.requests(), { requests: [], latest: 0 });

      const response = await fetch(`${info.orgUrl}/api/v1/logs?limit=1`, {
        headers: { authorization: `SSWS ${info.apiToken}` },
      });
      assert.equal(response.status, 200);
      const reset = Number(response.headers.get('x-rate-limit-reset'));
      assert.deepEqual(
        [response.headers.get('x-rate-limit-limit'), response.headers.get('x-rate-limit-remaining')],
        ['4', '3'],
        '--logs-limit 4 with --per-app-share 1: the token may use all 4',
      );
      const windowLeft = reset * 1000 - Date.now();
      assert.ok(windowLeft > 25_000 && windowLeft <= 31_000, `a 30-second window (${windowLeft} ms left)`);

      const { requests, latest } = await sandbox.requests();
      assert.equal(latest, 1);
      assert.deepEqual(
        requests.map(({ time: _time, ...entry }) => entry),
        [
          {
            sequence: 1,
            method: 'GET',
            path: '/api/v1/logs?limit=1',
            authScheme: 'SSWS',
            clientId: null,
            status: 200,
            outcome: 'answered',
            rateLimit: { limit: 4, remaining: 3, reset },
          },
        ],
      );
      assert.deepEqual(await sandbox.requests(1), { requests: [], latest: 1 });
    } finally {
      await sandbox.stop();
    }
    await assert.rejects(fetch(sandbox.info.requestsUrl), 'stopped: nothing listens any more');
  });

  test('a bad flag ends the process at once, and the error says why', async () => {
    await assert.rejects(
      startSandboxProcess({ appBaseUrl: 'http://localhost:4321', perAppShare: 2 }),
      /ended \(1\) before it was ready:\n[\s\S]*--per-app-share must be a fraction above 0 and at most 1/,
    );
  });
});
