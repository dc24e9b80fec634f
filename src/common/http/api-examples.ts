import type { ExamplesObject } from '@nestjs/swagger';

/** A request body's examples in Chinese and English, for @ApiBody({ examples }). */
export function zhEnExamples(zh: unknown, en: unknown, what = ''): ExamplesObject {
  const suffix = what ? `: ${what}` : '';
  return {
    zh: { summary: `中文${suffix}`, value: zh },
    en: { summary: `English${suffix}`, value: en },
  };
}
