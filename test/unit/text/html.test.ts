import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fillSlots, SlotMismatchError } from '../../../src/plugins/html-slots.ts';
import { escapeHtml, Html, preformattedHtml, renderedHtml } from '../../../src/text/html.ts';

describe('escapeHtml (the templates’ escape function)', () => {
  test('escapes the five characters that matter in content and quoted attributes', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    assert.equal(escapeHtml(42), '42');
    assert.equal(escapeHtml(undefined), 'undefined');
  });

  test('prints Html values as they are', () => {
    assert.equal(escapeHtml(renderedHtml('<b>bold</b>')), '<b>bold</b>');
  });

  test('an Html value cannot be made outside the module', () => {
    const forge = Html as unknown as new (factory: symbol, html: string) => Html;
    assert.throws(() => new forge(Symbol('Html factory'), '<script>'), TypeError);
  });

  test('its output never holds a character that ends text or an attribute value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        assert.doesNotMatch(escapeHtml(text), /[<>"']/);
      }),
    );
  });
});

describe('preformattedHtml', () => {
  test('a <pre><code> element whose text has & < > escaped and its quotes left, which mean nothing there', () => {
    const html = preformattedHtml('{"a": "</code></pre><script>alert(1)</script>", "b": "x & y"}', 'event-json');
    assert.equal(
      html.toString(),
      '<pre class="event-json" tabindex="0"><code>{"a": "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "b": "x &amp; y"}</code></pre>',
    );
  });

  test('no text can open a tag, a comment or an entity inside the element', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const html = preformattedHtml(text, 'x').toString();
        const inner = html.slice('<pre class="x" tabindex="0"><code>'.length, -'</code></pre>'.length);
        assert.doesNotMatch(inner, /<|&(?!amp;|lt;|gt;)/);
        assert.equal(inner.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&'), text);
      }),
    );
  });

  test('the class name cannot carry markup', () => {
    assert.throws(() => preformattedHtml('x', 'a" onclick="alert(1)'), TypeError);
  });

  test('bytes are the UTF-8 of the markup, in a buffer of their own', () => {
    const bytes = preformattedHtml('é – <', 'x').encode();
    assert.deepEqual(bytes, Buffer.from('<pre class="x" tabindex="0"><code>é – &lt;</code></pre>', 'utf8'));
    assert.equal(bytes.buffer.byteLength, bytes.length, 'not a slice of a shared pool block');
  });
});

describe('fillSlots', () => {
  const rows = [renderedHtml('<tr><td>1</td></tr>'), renderedHtml('<tr><td>é</td></tr>')];

  test('puts the fragments where the marker is, as UTF-8', () => {
    const page = fillSlots('<table><!--slot:rows--></table> – end', { rows });
    assert.equal(page.toString('utf8'), '<table><tr><td>1</td></tr><tr><td>é</td></tr></table> – end');
  });

  test('a fragment already encoded is copied as its bytes; the rest is encoded into the page, and kept by none', () => {
    const kept = renderedHtml('<tr><td>kept é</td></tr>');
    kept.encode();
    const once = renderedHtml('<tr><td>once — “quoted”</td></tr>');
    const page = fillSlots('<p>—</p><table><!--slot:rows--></table>', { rows: [once, once, kept, once] });
    assert.equal(once.encoded, undefined, 'a fragment used once keeps no bytes');
    assert.deepEqual(
      page,
      Buffer.from(
        '<p>—</p><table><tr><td>once — “quoted”</td></tr><tr><td>once — “quoted”</td></tr><tr><td>kept é</td></tr><tr><td>once — “quoted”</td></tr></table>',
        'utf8',
      ),
    );
  });

  test('an empty slot may have no marker', () => {
    assert.equal(fillSlots('<p>none</p>', { rows: [] }).toString(), '<p>none</p>');
    assert.equal(fillSlots('<p>none é</p>', {}).toString(), '<p>none é</p>');
  });

  test('a marker without fragments, a slot placed twice or never placed is a programming error', () => {
    assert.throws(() => fillSlots('<!--slot:other-->', { rows }), SlotMismatchError);
    assert.throws(() => fillSlots('<!--slot:rows--><!--slot:rows-->', { rows }), SlotMismatchError);
    assert.throws(() => fillSlots('<p>no marker</p>', { rows }), SlotMismatchError);
  });

  test('pages of any size come out whole, and each page owns its bytes', () => {
    const pages = [1, 2_000, 30_000, 200_000].map((count) => {
      const fragments = Array.from({ length: count % 997 }, (_, index) => renderedHtml(`<tr>${index}😀</tr>`));
      const text = `<p>${'é—x'.repeat(count)}</p><!--slot:rows--><p>end</p>`;
      const expected = text.replace('<!--slot:rows-->', fragments.join(''));
      return { bytes: fillSlots(text, { rows: fragments }), expected };
    });
    // Every page checked after all were made: none was overwritten by the next one.
    for (const { bytes, expected } of pages) {
      assert.equal(bytes.length, Buffer.byteLength(expected, 'utf8'));
      assert.equal(bytes.toString('utf8'), expected);
    }
  });

  test('escaped data cannot become a marker', () => {
    const page = `<p>${escapeHtml('<!--slot:rows-->')}</p><!--slot:rows-->`;
    const text = fillSlots(page, { rows }).toString();
    assert.ok(text.startsWith('<p>&lt;!--slot:rows--&gt;</p><tr>'));
  });
});
