import { ApiError, describeError } from '../api/errors.js';

/** Which of a form's fields (API names) a failed request names; `contacts.0.email` belongs to `contacts`. */
export function formFieldOf(error: Error | null, fields: string[]): string | undefined {
  const named = error instanceof ApiError ? error.field : undefined;
  return named ? fields.find((name) => named === name || named.startsWith(`${name}.`)) : undefined;
}

/**
 * Splits a failed request between a form's fields and the rest. `labels` maps the API's field names to
 * the form's labels; `errorOf(name)` is the translated message for that input's `error` prop, so Mantine
 * shows it under the field (what `form.setFieldError` does for @mantine/form, which these forms do not
 * use), and `other` is the error no field of the form shows, for an ErrorText.
 */
export function fieldErrors(error: Error | null, labels: Record<string, string>) {
  const field = formFieldOf(error, Object.keys(labels));
  return {
    errorOf(name: string): string | undefined {
      if (field !== name) return undefined;
      const { text, detail } = describeError(error, labels[name]);
      return detail ? `${text} (${detail})` : text;
    },
    other: field ? null : error,
  };
}
