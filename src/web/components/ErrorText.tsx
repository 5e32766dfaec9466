import { Text } from '@mantine/core';

/** The message of a failed request, as the API phrased it (it names the field). */
export function ErrorText({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <Text c="red" size="sm" role="alert">
      {error.message}
    </Text>
  );
}
