// The guide's "Make a key pair in this browser" (service app, step 2). The key pair is made here with Web Crypto
// rather than on the server: the private key then never exists anywhere but in this page, so the app cannot log,
// keep or leak it. The CSP allows this file (script-src 'self'); without JavaScript the section stays hidden and the
// page names other ways to make a key.
(() => {
  const section = document.querySelector('[data-keygen]');
  if (!section || !window.crypto?.subtle) return;
  const start = section.querySelector('[data-keygen-start]');
  const result = section.querySelector('[data-keygen-result]');
  const publicText = section.querySelector('[data-keygen-public]');
  const download = section.querySelector('[data-keygen-download]');
  const status = section.querySelector('[data-keygen-status]');
  section.hidden = false;

  function base64url(bytes) {
    let text = '';
    for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
    return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  }

  function pem(label, der) {
    const body = btoa(String.fromCharCode(...new Uint8Array(der)))
      .match(/.{1,64}/g)
      .join('\n');
    return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
  }

  // RFC 7638 thumbprint of an RSA key: SHA-256 of {"e","kty","n"} in that order, base64url. Used as the key id.
  async function thumbprint(jwk) {
    const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
    return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical)));
  }

  let objectUrl = null;
  start.addEventListener('click', async () => {
    start.disabled = true;
    status.textContent = 'Making a 2048-bit RSA key pair…';
    try {
      const pair = await crypto.subtle.generateKey(
        { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
        true,
        ['sign', 'verify'],
      );
      const exported = await crypto.subtle.exportKey('jwk', pair.publicKey);
      const kid = await thumbprint(exported);
      const jwk = { kty: 'RSA', e: exported.e, n: exported.n, kid, alg: 'RS256', use: 'sig' };
      publicText.value = JSON.stringify(jwk, null, 2);
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      const privateDer = await crypto.subtle.exportKey('pkcs8', pair.privateKey);
      objectUrl = URL.createObjectURL(new Blob([pem('PRIVATE KEY', privateDer)], { type: 'application/x-pem-file' }));
      download.href = objectUrl;
      result.hidden = false;
      status.textContent = `Done. Key id ${kid}. Paste the public key into Okta and save the private key.`;
      publicText.focus();
    } catch (error) {
      status.textContent = `This browser could not make a key pair: ${error instanceof Error ? error.message : error}`;
    } finally {
      start.disabled = false;
    }
  });
})();
