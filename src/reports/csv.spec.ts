import fc from 'fast-check';
import { csvField, csvHeader, csvRecord, csvRow, UTF8_BOM } from './csv';

/** A reader that follows RFC 4180, to check the writer against. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  return rows;
}

describe('csv', () => {
  it('quotes only what must be quoted, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('话费多扣了50元')).toBe('话费多扣了50元');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });

  it('writes null and undefined as empty, numbers and booleans as text, dates as ISO', () => {
    expect(csvRecord([null, undefined, 0, 0.75, true, new Date('2026-11-01T00:00:00Z')])).toBe(',,0,0.75,true,2026-11-01T00:00:00.000Z\r\n');
  });

  it('defuses text a spreadsheet would evaluate as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField(-1)).toBe('-1'); // numbers stay numbers
  });

  it('starts the file with a UTF-8 BOM and ends records with CRLF', () => {
    expect(csvHeader(['group', 'total'])).toBe(`${UTF8_BOM}group,total\r\n`);
    expect(csvRow(['b', 'a'], { a: 1, b: '乙' })).toBe('乙,1\r\n');
  });

  it('round-trips any text through an RFC 4180 reader', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const safe = rows.map((r) => r.map((f) => (/^[=+\-@\t\r]/.test(f) ? `x${f}` : f)));
        expect(parse(safe.map((r) => csvRecord(r)).join(''))).toEqual(safe);
      }),
      { numRuns: 300 },
    );
  });
});
