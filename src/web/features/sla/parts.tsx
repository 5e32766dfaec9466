import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { ErrorText } from '../../components/ErrorText.js';

/** A list row's edit button and its delete button, which asks first. */
export function RowActions({
  editLabel,
  deleteQuestion,
  onEdit,
  onDelete,
}: {
  editLabel: string;
  deleteQuestion: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <Button size="xs" variant="light" aria-label={editLabel} onClick={onEdit}>
        {t('sla.edit')}
      </Button>
      <ConfirmButton
        size="xs"
        variant="subtle"
        color="red"
        label={t('sla.delete')}
        question={deleteQuestion}
        onConfirm={onDelete}
      />
    </Group>
  );
}

/** An editor's save and cancel buttons, "Saved." once it saved, and the error no field of it shows. */
export function EditorActions({
  pending,
  saved,
  error,
  onCancel,
}: {
  pending: boolean;
  saved: boolean;
  error: Error | null;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Group>
        <Button type="submit" loading={pending}>
          {t('common.save')}
        </Button>
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        {saved && (
          <Text size="sm" c="green" role="status">
            {t('common.saved')}
          </Text>
        )}
      </Group>
      <ErrorText error={error} />
    </>
  );
}

/** The title and hint above a list of input rows. */
export function RowsHeading({ title, hint }: { title: string; hint: string }) {
  return (
    <div>
      <Text size="sm" fw={500}>
        {title}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </div>
  );
}

/** What the server refused about one row, or the whole list, under it. */
export function RowProblem({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <Text c="red" size="xs" role="alert">
      {message}
    </Text>
  );
}

/** The button that adds a row below a list of input rows. */
export function AddRowButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Group>
      <Button variant="light" size="xs" onClick={onClick}>
        {label}
      </Button>
    </Group>
  );
}
