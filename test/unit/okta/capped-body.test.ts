import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { declaredLength, jsonTextOf, readCapped } from '../../../src/okta/capped-body.ts';

/** A body of `chunks` that records how many of them were pulled and whether it was destroyed. */
function body(chunks: Buffer[]) {
  let pulled = 0;
  const stream = Readable.from(
    (function* () {
      for (const chunk of chunks) {
        pulled++;
        yield chunk;
      }
    })(),
    { objectMode: false },
  );
  return {
    stream,
    get pulled() {
      return pulled;
    },
  };
}

const kb = (n: number) => Buffer.alloc(n * 1024, 0x20);

describe('readCapped', () => {
  test('a body within the cap is read whole', async () => {
    const { stream } = body([Buffer.from('[1,'), Buffer.from('2]')]);
    const read = await readCapped(stream, 5, undefined);
    assert.equal(read.kind, 'complete');
    assert.equal(read.kind === 'complete' && read.bytes.toString(), '[1,2]');
  });

  test('exactly the cap is still read', async () => {
    const read = await readCapped(body([kb(1), kb(1)]).stream, 2048, 2048);
    assert.equal(read.kind, 'complete');
  });

  test('a declared Content-Length over the cap is refused before a byte is read', async () => {
    const source = body([kb(4)]);
    const read = await readCapped(source.stream, 1024, 4096);
    assert.deepEqual(read, { kind: 'too-large', receivedBytes: 0, declaredBytes: 4096 });
    assert.equal(source.pulled, 0);
    assert.equal(source.stream.destroyed, true);
  });

  test('a streamed body is abandoned at the first chunk past the cap: the rest is never pulled', async () => {
    const source = body(Array.from({ length: 100 }, () => kb(1)));
    const read = await readCapped(source.stream, 10 * 1024, undefined);
    assert.deepEqual(read, { kind: 'too-large', receivedBytes: 11 * 1024, declaredBytes: undefined });
    assert.ok(source.pulled < 20, `pulled ${source.pulled} of 100 chunks`);
    assert.equal(source.stream.destroyed, true);
  });

  test('a Content-Length that lies low does not let more through', async () => {
    const read = await readCapped(body([kb(2), kb(2)]).stream, 3 * 1024, 10);
    assert.equal(read.kind, 'too-large');
  });
});

describe('declaredLength and jsonTextOf', () => {
  for (const [value, expected] of [
    ['123', 123],
    [['7', '8'], 7],
    [undefined, undefined],
    ['-1', undefined],
    ['1e3', undefined],
    ['99999999999999999999', undefined],
  ] as const) {
    test(`Content-Length ${JSON.stringify(value)} → ${expected}`, () => {
      assert.equal(declaredLength(value as string | string[] | undefined), expected);
    });
  }

  test('JSON with a byte order mark reads as the same value without it; text is kept as sent, valid or not', () => {
    assert.deepEqual(JSON.parse(jsonTextOf(Buffer.from('\uFEFF[{"a":"é"}]', 'utf8'))), [{ a: 'é' }]);
    assert.equal(jsonTextOf(Buffer.from('[{')), '[{');
  });
});
