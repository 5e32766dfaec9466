import { Text } from '@mantine/core';
import { describeError } from '../api/errors.js';
import { formFieldOf } from './FieldErrors.js';

/**
 * A failed request in the user's language (api/errors.ts), with the server's own words beneath when
 * the translation alone would not say which thing it was about. `labels` (API field name → label) names
 * the field as the form does, for fields not on screen (a dialog that has closed); a form shows the
 * errors of its visible fields under them instead (FieldErrors.ts).
 */
export function ErrorText({ error, labels = {} }: { error: Error | null; labels?: Record<string, string> }) {
  if (!error) return null;
  const field = formFieldOf(error, Object.keys(labels));
  const { text, detail } = describeError(error, field && labels[field]);
  return (
    <Text c="red" size="sm" role="alert">
      {text}
      {detail && (
        <Text span display="block" size="xs" c="dimmed">
          {detail}
        </Text>
      )}
    </Text>
  );
}
