import { Badge, Button, Stack, Switch, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../components/DataTable.js';
import { QueryState } from '../components/QueryState.js';
import { useJobs, useRetryJob } from '../features/jobs/queries.js';
import { useFormat } from '../i18n/format.js';

const STATUS_COLOURS: Record<string, string> = {
  queued: 'blue',
  running: 'cyan',
  done: 'green',
  failed: 'red',
};

export function JobsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [failedOnly, setFailedOnly] = useState(true);
  const jobs = useJobs(failedOnly);
  const retry = useRetryJob();
  return (
    <Stack>
      <Title order={2}>{t('jobs.title')}</Title>
      <Switch
        label={t('jobs.failedOnly')}
        checked={failedOnly}
        onChange={(e) => setFailedOnly(e.currentTarget.checked)}
      />
      <QueryState isLoading={jobs.isLoading} error={jobs.error}>
        <DataTable
          columns={[
            t('jobs.name'),
            t('jobs.status'),
            t('jobs.attempts'),
            t('jobs.runAt'),
            t('jobs.lastError'),
            '',
          ]}
          rows={jobs.data}
          empty={t('jobs.empty')}
          row={(job) => (
            <Table.Tr key={job.id}>
              <Table.Td>{job.name}</Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOURS[job.status] ?? 'gray'}>{t(`jobs.statuses.${job.status}`)}</Badge>
              </Table.Td>
              <Table.Td>
                {format.number(job.attempts)} / {format.number(job.maxAttempts)}
              </Table.Td>
              <Table.Td>{format.dateTime(job.runAt)}</Table.Td>
              <Table.Td>{job.lastError}</Table.Td>
              <Table.Td>
                {job.status === 'failed' && (
                  <Button size="xs" variant="light" onClick={() => retry.mutate(job.id)}>
                    {t('jobs.retry')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          )}
        />
      </QueryState>
    </Stack>
  );
}
