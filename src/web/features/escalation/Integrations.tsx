import { Button, Code, CopyButton, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INTEGRATION_TYPES, type IntegrationType } from '../../../shared/oncall.js';
import type { OncallService, ServiceIntegration } from '../../api/types.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { useAddIntegration, useRemoveIntegration } from './queries.js';

/** A value shown whole (it wraps on a phone) with a button that copies it. */
function Copyable({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap" align="start">
      <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}>{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button size="compact-xs" variant={copied ? 'filled' : 'light'} aria-label={label} onClick={copy}>
            {copied ? t('services.copied') : t('services.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

/** A service's integrations: each key and the URL a monitoring tool posts to, added and removed here. */
export function Integrations({ service, editable }: { service: OncallService; editable: boolean }) {
  const { t } = useTranslation();
  const add = useAddIntegration(service.id);
  const remove = useRemoveIntegration(service.id);
  const [type, setType] = useState<IntegrationType>('events_v2');
  const typeLabel = (value: string) => t(`services.type.${value}`, { defaultValue: value });
  return (
    <Stack gap="sm">
      <Text fw={500}>{t('services.integrations', { name: service.name })}</Text>
      <Text size="xs" c="dimmed">
        {t('services.integrationsHint')}
      </Text>
      <DataTable<ServiceIntegration>
        minWidth={560}
        columns={[t('services.typeColumn'), t('services.key'), t('services.url'), ...(editable ? [''] : [])]}
        rows={service.integrations}
        empty={t('services.noIntegrations')}
        row={(integration) => (
          <Table.Tr key={integration.id}>
            <Table.Td>{typeLabel(integration.type)}</Table.Td>
            <Table.Td>
              <Copyable
                value={integration.key}
                label={t('services.copyKey', { type: typeLabel(integration.type) })}
              />
            </Table.Td>
            <Table.Td>
              <Copyable
                value={integration.url}
                label={t('services.copyUrl', { type: typeLabel(integration.type) })}
              />
            </Table.Td>
            {editable && (
              <Table.Td>
                <ConfirmButton
                  size="xs"
                  variant="subtle"
                  color="red"
                  label={t('services.removeIntegration')}
                  aria-label={t('services.removeIntegrationNamed', { type: typeLabel(integration.type) })}
                  question={t('services.removeIntegrationQuestion', { type: typeLabel(integration.type) })}
                  onConfirm={() => remove.mutateAsync(integration.id)}
                />
              </Table.Td>
            )}
          </Table.Tr>
        )}
      />
      {editable && (
        <Group align="end" wrap="wrap">
          <Select
            label={t('services.newIntegration')}
            allowDeselect={false}
            data={INTEGRATION_TYPES.map((value) => ({ value, label: typeLabel(value) }))}
            value={type}
            onChange={(value) => value && setType(value as IntegrationType)}
          />
          <Button variant="light" loading={add.isPending} onClick={() => add.mutate(type)}>
            {t('services.addIntegration')}
          </Button>
        </Group>
      )}
      <ErrorText error={add.error ?? remove.error} />
    </Stack>
  );
}
