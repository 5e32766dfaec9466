import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client.js';
import { useApiQuery } from '../../api/hooks.js';
import { AuditTable } from '../../components/AuditTable.js';
import { QueryState } from '../../components/QueryState.js';

export function AuditPage() {
  const { t } = useTranslation();
  const audit = useApiQuery('/audit', () => client.GET('/api/v1/audit'));
  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      <QueryState isLoading={audit.isLoading} error={audit.error}>
        <AuditTable events={audit.data ?? []} showPartner />
      </QueryState>
    </Stack>
  );
}
