// NUL cannot be stored in Postgres text or jsonb (22P05), a lone UTF-16 surrogate cannot be
// encoded as UTF-8 (22P02 in jsonb); other C0 controls but tab and newline only garble a script.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSTORABLE_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Model text made storable before it is saved: control characters dropped, lone surrogates
 * replaced by U+FFFD (as a UTF-8 decoder would). A model that emits these once in a while must not
 * turn a finished chunk into a save that fails for good.
 */
export function cleanModelText(text: string): string {
  return text.replace(UNSTORABLE_CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD');
}
