import type { z } from 'zod';

export interface ValidationFailure {
  /** Dotted path of the offending input (`deck.slides.3.title`); absent when the body as a whole is wrong. */
  field?: string;
  message: string;
}

/** Turns zod's first issue into the `field` and human message the API promises. One issue is enough to fix the next thing. */
export function validationFailure(error: z.ZodError): ValidationFailure {
  const issue = error.issues[0];
  if (!issue) return { message: 'The request is not valid.' };

  let path = issue.path.map(String);
  let reason = issue.message;
  if (issue.code === 'unrecognized_keys') {
    // Point at the unknown key itself, not its parent, so the caller sees what to remove.
    path = [...path, String(issue.keys[0])];
    reason = 'is not a known field';
  } else if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    reason = 'is required';
  }

  if (path.length === 0)
    return { message: issue.code === 'invalid_type' ? 'The body must be a JSON object.' : `The body ${reason}.` };
  const field = path.join('.');
  return { field, message: `${field} ${reason.replace(/^Invalid input: /, 'is invalid: ')}` };
}
