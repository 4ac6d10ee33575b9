import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fillSlots, SlotMismatchError } from '../../../src/plugins/html-slots.ts';
import { escapeHtml, Html, renderedHtml, textContentHtml } from '../../../src/text/html.ts';

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

describe('textContentHtml', () => {
  test('escapes & < > and leaves quotes, which mean nothing in element content', () => {
    const html = textContentHtml('{"a": "</code></pre><script>alert(1)</script>", "b": "x & y"}');
    assert.equal(
      html.toString(),
      '{"a": "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "b": "x &amp; y"}',
    );
  });

  test('no text can open a tag, a comment or an entity in its output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const html = textContentHtml(text).toString();
        assert.doesNotMatch(html, /<|&(?!amp;|lt;|gt;)/);
        assert.equal(html.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&'), text);
      }),
    );
  });

  test('bytes are the UTF-8 of the markup', () => {
    assert.deepEqual(textContentHtml('é – <').bytes, Buffer.from('é – &lt;', 'utf8'));
  });
});

describe('fillSlots', () => {
  const rows = [renderedHtml('<tr><td>1</td></tr>'), renderedHtml('<tr><td>é</td></tr>')];

  test('puts the fragments where the marker is, as UTF-8', () => {
    const chunks = fillSlots('<table><!--slot:rows--></table> – end', { rows });
    assert.equal(Buffer.concat(chunks).toString('utf8'), '<table><tr><td>1</td></tr><tr><td>é</td></tr></table> – end');
  });

  test('an empty slot may have no marker; a page without slots is one chunk', () => {
    assert.equal(Buffer.concat(fillSlots('<p>none</p>', { rows: [] })).toString(), '<p>none</p>');
    assert.equal(fillSlots('<p>none</p>', {}).length, 1);
  });

  test('a marker without fragments, a slot placed twice or never placed is a programming error', () => {
    assert.throws(() => fillSlots('<!--slot:other-->', { rows }), SlotMismatchError);
    assert.throws(() => fillSlots('<!--slot:rows--><!--slot:rows-->', { rows }), SlotMismatchError);
    assert.throws(() => fillSlots('<p>no marker</p>', { rows }), SlotMismatchError);
  });

  test('escaped data cannot become a marker', () => {
    const page = `<p>${escapeHtml('<!--slot:rows-->')}</p><!--slot:rows-->`;
    const text = Buffer.concat(fillSlots(page, { rows })).toString();
    assert.ok(text.startsWith('<p>&lt;!--slot:rows--&gt;</p><tr>'));
  });
});
