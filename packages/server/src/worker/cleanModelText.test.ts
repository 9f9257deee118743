import { describe, expect, it } from 'vitest';
import { cleanModelText } from './cleanModelText.ts';

describe('cleanModelText', () => {
  it('drops NUL and other control characters but keeps tab and newline', () => {
    expect(cleanModelText('a\u0000b\u0007c\td\ne\u007F')).toBe('abc\td\ne');
  });

  it('replaces lone surrogates with U+FFFD and keeps real pairs (emoji)', () => {
    expect(cleanModelText('x\uD800y \uDC00z 😀')).toBe('x\uFFFDy \uFFFDz 😀');
    expect(cleanModelText('end\uD83D')).toBe('end\uFFFD');
    expect(/\p{Cs}/u.test(cleanModelText('ok 😀 \uD800'))).toBe(false);
  });
});
