/**
 * Object keys that appear more than once in one JSON text (JSON.parse silently keeps the last),
 * as `path.key`. Throws on text that is not JSON.
 */
export function duplicateKeys(text: string): string[] {
  let i = 0;
  const found: string[] = [];
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') {
      if (i >= text.length) throw new Error(`unterminated string at ${start}`);
      i += text[i] === '\\' ? 2 : 1;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (where: string): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        const key = string();
        if (seen.has(key)) found.push(where ? `${where}.${key}` : key);
        seen.add(key);
        ws();
        if (text[i++] !== ':') throw new Error(`expected ':' at ${i - 1}`);
        value(where ? `${where}.${key}` : key);
        ws();
        const next = text[i++];
        if (next === '}') return;
        if (next !== ',') throw new Error(`expected ',' or '}' at ${i - 1}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(`${where}[${n}]`);
        ws();
        const next = text[i++];
        if (next === ']') return;
        if (next !== ',') throw new Error(`expected ',' or ']' at ${i - 1}`);
      }
    }
    if (c === '"') return void string();
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!m) throw new Error(`unexpected ${JSON.stringify(c)} at ${i}`);
    i += m[0].length;
  };
  value('');
  ws();
  if (i !== text.length) throw new Error(`trailing text at ${i}`);
  return found;
}
