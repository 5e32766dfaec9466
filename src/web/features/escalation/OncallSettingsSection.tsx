import { Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OncallService, OncallSettings } from '../../api/types.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { QueryState } from '../../components/QueryState.js';
import { useOncallSettings, useSaveOncallSettings } from './queries.js';

/** The select's value for "no service": urgent cases then page every platform admin. */
const ADMINS = 'admins';

function SettingsForm({ settings, services }: { settings: OncallSettings; services: OncallService[] }) {
  const { t } = useTranslation();
  const save = useSaveOncallSettings();
  const [form, setForm] = useState(settings);
  const set = <K extends keyof OncallSettings>(key: K, value: OncallSettings[K]) => {
    if (save.isSuccess) save.reset();
    setForm((f) => ({ ...f, [key]: value }));
  };
  const labels = {
    urgentCaseServiceId: t('oncallSettings.urgentCaseService'),
    ackTimeoutMinutes: t('oncallSettings.ackTimeout'),
  };
  const errors = fieldErrors(save.error, labels);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(form, { onSuccess: setForm });
  };
  return (
    <form onSubmit={submit} aria-label={t('oncallSettings.title')}>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={labels.urgentCaseServiceId}
            description={t('oncallSettings.urgentCaseServiceHint')}
            allowDeselect={false}
            data={[
              { value: ADMINS, label: t('oncallSettings.allAdmins') },
              ...services.map((service) => ({ value: service.id, label: service.name })),
            ]}
            value={form.urgentCaseServiceId ?? ADMINS}
            error={errors.errorOf('urgentCaseServiceId')}
            onChange={(value) => set('urgentCaseServiceId', !value || value === ADMINS ? null : value)}
          />
          <NumberInput
            label={labels.ackTimeoutMinutes}
            description={t('oncallSettings.ackTimeoutHint')}
            min={0}
            max={1440}
            allowDecimal={false}
            value={form.ackTimeoutMinutes}
            error={errors.errorOf('ackTimeoutMinutes')}
            onChange={(minutes) => set('ackTimeoutMinutes', Number(minutes) || 0)}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          {save.isSuccess && (
            <Text size="sm" c="green" role="status">
              {t('common.saved')}
            </Text>
          )}
        </Group>
        <ErrorText error={errors.other} />
      </Stack>
    </form>
  );
}

/** Platform admins choose where confirmed urgent cases page, and how long an acknowledgement holds. */
export function OncallSettingsSection({ services }: { services: OncallService[] }) {
  const { t } = useTranslation();
  const settings = useOncallSettings();
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
      <Stack>
        <Title order={3}>{t('oncallSettings.title')}</Title>
        <QueryState isLoading={settings.isLoading} error={settings.error}>
          {settings.data && <SettingsForm settings={settings.data} services={services} />}
        </QueryState>
      </Stack>
    </Paper>
  );
}
