import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PageTokenStore } from '../../../src/paging/page-token-store.ts';
import { MAX_USER_PAGE_TOKENS, USER_PAGE_TOKENS, type UserPage } from '../../../src/routes/users.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';

const page = (cursor: string): UserPage => ({ cursor, number: 2, previous: null });
const userTokens = () => new PageTokenStore<UserPage>(new MemoryStore(), USER_PAGE_TOKENS);

describe('users page tokens', () => {
  test('a token is random, opaque, and finds its page only with its own session and query', async () => {
    const store = userTokens();
    const token = await store.put('s1', 'q=a', page('https://org.example/api/v1/users?after=00u1'));
    assert.match(token, /^[A-Za-z0-9_-]{22}$/);
    assert.ok(!token.includes('00u1'));
    const found = await store.find(token, 's1', 'q=a');
    assert.ok('value' in found);
    assert.equal(found.value.cursor, 'https://org.example/api/v1/users?after=00u1');
    assert.deepEqual(await store.find(token, 's1', 'q=b'), { refused: 'other-query' });
    assert.deepEqual(await store.find('x'.repeat(22), 's1', 'q=a'), { refused: 'unknown' });
    assert.deepEqual(await store.find(token, 's2', 'q=a'), { refused: 'unknown' });
  });

  test('the same cursor and query get the same token (reloads do not fill the session)', async () => {
    const store = userTokens();
    const first = await store.put('s1', 'q=a', page('c1'));
    assert.equal(await store.put('s1', 'q=a', page('c1')), first);
    assert.notEqual(await store.put('s1', 'q=other', page('c1')), first);
  });

  test(`at most ${MAX_USER_PAGE_TOKENS} tokens are kept per session; the oldest go first`, async () => {
    const store = userTokens();
    const tokens: string[] = [];
    for (let i = 0; i < MAX_USER_PAGE_TOKENS + 5; i++) tokens.push(await store.put('s1', 'q=a', page(`c${i}`)));
    for (const old of tokens.slice(0, 5)) assert.deepEqual(await store.find(old, 's1', 'q=a'), { refused: 'unknown' });
    for (const kept of tokens.slice(5)) assert.ok('value' in (await store.find(kept, 's1', 'q=a')));
  });
});
