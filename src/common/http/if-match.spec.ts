import { parseIfMatch } from './if-match';

describe('parseIfMatch', () => {
  it('reads strong, weak and bare versions', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('7')).toBe(7);
  });
  it('treats absent, empty and * as no precondition', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('')).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });
  it('rejects anything else with a 400 naming the header', () => {
    expect(() => parseIfMatch('"abc"')).toThrow(expect.objectContaining({ extras: { errors: [expect.objectContaining({ field: 'If-Match' })] } }));
  });
});
