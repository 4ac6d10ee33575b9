import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonText } from '../../../src/okta/json-text.ts';

/** What JSON.parse makes of the plain UTF-8 decoding: the value, or the error's class. */
function plainParse(bytes: Buffer): unknown {
  try {
    return { value: JSON.parse(bytes.toString('utf8')) };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

function viaJsonText(bytes: Buffer): unknown {
  try {
    return { value: JSON.parse(jsonText(bytes)) };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

/** A System Log-like page: mostly ASCII, with the given text in one field of some events. */
function page(text: string, events = 200): Buffer {
  const items = Array.from({ length: events }, (_, index) => ({
    uuid: `event-${index}`,
    displayMessage: index % 7 === 3 ? `${text} #${index}` : `User login to Okta #${index}`,
    client: { geographicalContext: { city: index % 4 === 0 ? 'São Paulo' : 'Boston' } },
  }));
  return Buffer.from(JSON.stringify(items), 'utf8');
}

describe('jsonText', () => {
  test('ASCII JSON is returned as it is', () => {
    const bytes = Buffer.from('[{"a":"b\\u00e9"}]');
    assert.equal(jsonText(bytes), '[{"a":"b\\u00e9"}]');
  });

  test('non-ASCII characters become escapes; the text is ASCII and parses to the same value', () => {
    const samples = [
      'São Paulo',
      'Zürich – Genève',
      '東京都',
      'emoji 😀 and 👩‍💻',
      'lone \u2028 line separator and \u2029',
      'Ω at a block edge'.padStart(300, 'x'),
    ];
    for (const sample of samples) {
      const bytes = page(sample);
      const text = jsonText(bytes);
      assert.match(text, /^[\x20-\x7e]*$/, sample);
      assert.deepEqual(JSON.parse(text), JSON.parse(bytes.toString('utf8')), sample);
    }
  });

  test('characters split across every block boundary decode whole', () => {
    // Four-byte characters at every offset, so that each 256- and 4096-byte boundary falls inside one of them.
    for (let shift = 0; shift < 4; shift++) {
      const bytes = Buffer.from(JSON.stringify(['a'.repeat(shift) + '𝄞é€'.repeat(3000)]), 'utf8');
      assert.deepEqual(JSON.parse(jsonText(bytes)), JSON.parse(bytes.toString('utf8')));
    }
  });

  test('invalid JSON stays invalid: a non-ASCII character after a backslash, or outside a string', () => {
    for (const source of ['["\\é"]', '["\\\\é"]', '["a"]é', '[é]', '{"a":"\\😀"}']) {
      const bytes = Buffer.from(source, 'utf8');
      assert.deepEqual(viaJsonText(bytes), plainParse(bytes), source);
    }
  });

  test('bytes that are not UTF-8 decode as the plain decoder does (replacement characters)', () => {
    const bytes = Buffer.concat([Buffer.from('["ab'), Buffer.from([0xc3, 0x28, 0xff, 0xe2, 0x82]), Buffer.from('"]')]);
    assert.deepEqual(viaJsonText(bytes), plainParse(bytes));
    assert.deepEqual(JSON.parse(jsonText(bytes)), [`ab\uFFFD(\uFFFD\uFFFD`]);
  });
});
