import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OncallService, User } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { QueryState } from '../../components/QueryState.js';
import { canEditOncall } from '../../features/escalation/access.js';
import { Integrations } from '../../features/escalation/Integrations.js';
import { OncallSettingsSection } from '../../features/escalation/OncallSettingsSection.js';
import {
  useDeleteService,
  useOncallSettings,
  usePolicies,
  useServices,
} from '../../features/escalation/queries.js';
import { ServiceEditor } from '../../features/escalation/ServiceEditor.js';
import { RowActions } from '../../features/sla/parts.js';

/**
 * Services: what pages open on (monitoring integrations, manual pages, urgent cases), each following an
 * escalation policy; with the on-call settings for platform admins.
 */
export function ServicesPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const services = useServices();
  const policies = usePolicies();
  const settings = useOncallSettings();
  const remove = useDeleteService();
  const [editing, setEditing] = useState<string | null>(null);
  // The editor starts afresh when another item is chosen, not when a new one is saved (it keeps "Saved.").
  const [editorKey, setEditorKey] = useState(0);
  // What was just saved, until the list has it again.
  const [saved, setSaved] = useState<OncallService | null>(null);
  const current =
    services.data?.find((service) => service.id === editing) ?? (saved?.id === editing ? saved : null);
  const choose = (id: string) => {
    setEditing(id);
    setEditorKey((key) => key + 1);
  };
  const writer = canEditOncall(user);
  const policyName = (id: string) => policies.data?.find((policy) => policy.id === id)?.name ?? '…';
  return (
    <Stack>
      <Title order={2}>{t('services.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('services.explain')}
      </Text>
      <QueryState isLoading={services.isLoading} error={services.error}>
        <DataTable<OncallService>
          minWidth={600}
          columns={[t('services.name'), t('services.policy'), t('services.integrationCount'), '']}
          rows={services.data}
          empty={t('services.none')}
          row={(service) => (
            <Table.Tr key={service.id}>
              <Table.Td>
                <Group gap="xs" wrap="wrap">
                  {service.name}
                  {settings.data?.urgentCaseServiceId === service.id && (
                    <Badge variant="light" color="red">
                      {t('services.urgentCases')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{policyName(service.escalationPolicyId)}</Table.Td>
              <Table.Td>{service.integrations.length}</Table.Td>
              <Table.Td>
                {writer ? (
                  <RowActions
                    editLabel={t('services.editNamed', { name: service.name })}
                    deleteQuestion={t('services.deleteQuestion', { name: service.name })}
                    onEdit={() => choose(service.id)}
                    onDelete={() =>
                      remove.mutate(service.id, {
                        onSuccess: () => setEditing((open) => (open === service.id ? null : open)),
                      })
                    }
                  />
                ) : (
                  <Button
                    size="xs"
                    variant="light"
                    aria-label={t('services.showNamed', { name: service.name })}
                    onClick={() => choose(service.id)}
                  >
                    {t('services.show')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          )}
        />
      </QueryState>
      <ErrorText error={remove.error ?? policies.error} />
      {writer && editing === null && (
        <Group>
          <Button onClick={() => choose('new')} disabled={!policies.data?.length}>
            {t('services.add')}
          </Button>
        </Group>
      )}
      {(editing === 'new' || current) && policies.data && (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
          <Stack>
            {writer && (
              <ServiceEditor
                key={editorKey}
                service={current}
                policies={policies.data}
                onSaved={(item) => {
                  setSaved(item);
                  setEditing(item.id);
                }}
                onCancel={() => setEditing(null)}
              />
            )}
            {current && <Integrations service={current} editable={writer} />}
            {!writer && (
              <Group>
                <Button variant="default" onClick={() => setEditing(null)}>
                  {t('common.close')}
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>
      )}
      {user.role === 'admin' && services.data && <OncallSettingsSection services={services.data} />}
    </Stack>
  );
}
