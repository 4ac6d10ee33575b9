/** Shared lexing for structured HTTP header fields (RFC 9110 §5.6): tokens, quoted strings, whitespace. */
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const WHITESPACE = /[ \t]/;

/** A cursor over one header line with the RFC 9110 token and quoted-string rules. */
export class HeaderScanner {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  skipWhitespace(): void {
    while (!this.done && WHITESPACE.test(this.peek())) this.pos++;
  }

  token(): string {
    const start = this.pos;
    while (!this.done && TCHAR.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** A quoted-string starting at the current `"`; returns undefined when it is not terminated. */
  quoted(): string | undefined {
    let value = '';
    this.pos++;
    while (!this.done) {
      const char = this.peek();
      this.pos++;
      if (char === '"') return value;
      if (char === '\\' && !this.done) {
        value += this.peek();
        this.pos++;
      } else {
        value += char;
      }
    }
    return undefined;
  }

  /** Skips to just past the next top-level comma (recovery from a malformed link-value). */
  skipPastComma(): void {
    while (!this.done) {
      const char = this.peek();
      if (char === '"') {
        this.quoted();
        continue;
      }
      if (char === '<') {
        const close = this.text.indexOf('>', this.pos);
        this.pos = close === -1 ? this.text.length : close + 1;
        continue;
      }
      this.pos++;
      if (char === ',') return;
    }
  }
}
