import { Button, Group, Modal, Select, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTimeField } from '../../components/DateTimeField.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import type { PersonOption } from './people.js';
import { useAddOverride } from './queries.js';

interface Form {
  userId: string | null;
  start: string;
  end: string;
}

const EMPTY: Form = { userId: null, start: '', end: '' };

/** "Add an override": someone takes over the schedule from one instant to another, above every layer. */
export function OverrideDialog({ scheduleId, people }: { scheduleId: string; people: PersonOption[] }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const add = useAddOverride(scheduleId);
  const [form, setForm] = useState<Form>(EMPTY);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const labels = {
    userId: t('schedules.overrides.who'),
    start: t('schedules.overrides.start'),
    end: t('schedules.overrides.end'),
  };
  const errors = fieldErrors(add.error, labels);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ userId: form.userId ?? '', start: form.start, end: form.end }, { onSuccess: close });
  };
  return (
    <>
      <Button
        onClick={() => {
          add.reset();
          setForm(EMPTY);
          open();
        }}
      >
        {t('schedules.overrides.add')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('schedules.overrides.add')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form onSubmit={submit}>
          <Stack gap="sm">
            <Select
              label={labels.userId}
              required
              searchable
              data={people}
              value={form.userId}
              error={errors.errorOf('userId')}
              onChange={(value) => set('userId', value)}
            />
            <DateTimeField
              label={labels.start}
              required
              value={form.start}
              error={errors.errorOf('start')}
              onChange={(value) => set('start', value)}
            />
            <DateTimeField
              label={labels.end}
              required
              value={form.end}
              error={errors.errorOf('end')}
              onChange={(value) => set('end', value)}
            />
            <ErrorText error={errors.other} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={add.isPending}>
                {t('schedules.overrides.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
