/**
 * Picks top-level blocks out of an HCL (native syntax) file without parsing it: a scanner that
 * knows just enough of the syntax (comments, quoted strings with their `${}` and `%{}` templates,
 * heredocs, brackets) to find where each top-level block begins and ends. The template parse step
 * reads only `variable` blocks and workspace tags; handing HashiCorp's parser those blocks alone
 * instead of a whole main.tf takes a few milliseconds instead of 60–100 (it runs as WebAssembly on
 * the daemon's event loop).
 */

/** A file the scanner does not follow (unbalanced brackets, an unterminated string): parse it whole. */
class NotUnderstood extends Error {}

const CLOSING: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

/**
 * The source text of the top-level blocks whose header (the text before their `{`, whitespace
 * collapsed, e.g. `variable "region"`) `wanted` accepts, one after another; `undefined` when the
 * file is not understood, for the caller to parse whole.
 */
export function topLevelBlocks(source: string, wanted: (header: string) => boolean): string | undefined {
  try {
    return new Scanner(source).blocks(wanted).join('\n');
  } catch (error) {
    if (error instanceof NotUnderstood) return undefined;
    throw error;
  }
}

class Scanner {
  private at = 0;

  constructor(private readonly text: string) {}

  blocks(wanted: (header: string) => boolean): string[] {
    const picked: string[] = [];
    while (this.skipSpaceAndComments()) {
      const start = this.at;
      // A header runs to the block's `{` (a top-level attribute to its line's end, as in `x = 1`).
      while (this.at < this.text.length && this.text[this.at] !== '{' && this.text[this.at] !== '\n') {
        if ('}])'.includes(this.text[this.at]!)) throw new NotUnderstood();
        if (this.text[this.at] === '"') this.quoted();
        else if (this.text.startsWith('<<', this.at) || '[('.includes(this.text[this.at]!)) this.expressionToLineEnd();
        else this.at++;
      }
      if (this.text[this.at] !== '{') continue;
      const header = this.text.slice(start, this.at).trim().replace(/\s+/g, ' ');
      this.bracketed();
      if (wanted(header)) picked.push(this.text.slice(start, this.at));
    }
    return picked;
  }

  /** Skips whitespace and comments; false at the end of the text. */
  private skipSpaceAndComments(): boolean {
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) return false;
      if (/\s/.test(c)) this.at++;
      else if (c === '#' || this.text.startsWith('//', this.at)) this.skipPast('\n', true);
      else if (this.text.startsWith('/*', this.at)) this.skipPast('*/');
      else return true;
    }
  }

  private skipPast(end: string, endOfTextEnds = false): void {
    const found = this.text.indexOf(end, this.at);
    if (found < 0 && !endOfTextEnds) throw new NotUnderstood();
    this.at = found < 0 ? this.text.length : found + end.length;
  }

  /** An expression that is the rest of a top-level attribute (brackets may span lines). */
  private expressionToLineEnd(): void {
    while (this.at < this.text.length && this.text[this.at] !== '\n') this.token();
  }

  /** From an opening bracket at the cursor to just past its closing one. */
  private bracketed(): void {
    const close = CLOSING[this.text[this.at]!]!;
    this.at++;
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) throw new NotUnderstood();
      if (c === close) {
        this.at++;
        return;
      }
      if ('}])'.includes(c)) throw new NotUnderstood();
      this.token();
    }
  }

  /** Moves past one token of an expression or a body: a comment, string, heredoc, bracketed part or character. */
  private token(): void {
    const c = this.text[this.at]!;
    if (c === '#' || this.text.startsWith('//', this.at)) this.skipPast('\n', true);
    else if (this.text.startsWith('/*', this.at)) this.skipPast('*/');
    else if (c === '"') this.quoted();
    else if (c in CLOSING) this.bracketed();
    else if (this.text.startsWith('<<', this.at) && /^<<-?[A-Za-z_][\w-]*\r?\n/.test(this.text.slice(this.at, this.at + 256))) this.heredoc();
    else this.at++;
  }

  /** A quoted string from its opening quote: escapes, and `${}`/`%{}` templates holding expressions. */
  private quoted(): void {
    this.at++;
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined || c === '\n') throw new NotUnderstood();
      if (c === '"') {
        this.at++;
        return;
      }
      if (c === '\\') this.at += 2;
      else this.templatePart();
    }
  }

  /** One character of template text, or a whole `${...}`/`%{...}` sequence (`$${` and `%%{` are literal). */
  private templatePart(): void {
    const next = this.text.slice(this.at, this.at + 3);
    if (next === '$${' || next === '%%{') this.at += 3;
    else if (next.startsWith('${') || next.startsWith('%{')) {
      this.at++;
      this.bracketed();
    } else this.at++;
  }

  /** A heredoc from its `<<`: lines of template up to the one holding only its delimiter. */
  private heredoc(): void {
    const intro = /^<<-?([A-Za-z_][\w-]*)\r?\n/.exec(this.text.slice(this.at, this.at + 256))!;
    const delimiter = intro[1]!;
    this.at += intro[0].length;
    for (;;) {
      if (this.at >= this.text.length) throw new NotUnderstood();
      const lineEnd = this.text.indexOf('\n', this.at);
      const line = this.text.slice(this.at, lineEnd < 0 ? this.text.length : lineEnd);
      if (line.trim() === delimiter) {
        this.at += line.replace(/\r$/, '').length;
        return;
      }
      const end = lineEnd < 0 ? this.text.length : lineEnd + 1;
      // A template sequence may run over lines; the delimiter is looked for from where it ends.
      while (this.at < end) this.templatePart();
    }
  }
}
