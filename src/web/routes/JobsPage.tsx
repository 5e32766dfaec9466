import { Badge, Button, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
        {jobs.data?.length === 0 ? (
          <Text c="dimmed">{t('jobs.empty')}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('jobs.name')}</Table.Th>
                <Table.Th>{t('jobs.status')}</Table.Th>
                <Table.Th>{t('jobs.attempts')}</Table.Th>
                <Table.Th>{t('jobs.runAt')}</Table.Th>
                <Table.Th>{t('jobs.lastError')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.data?.map((job) => (
                <Table.Tr key={job.id}>
                  <Table.Td>{job.name}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOURS[job.status] ?? 'gray'}>{job.status}</Badge>
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
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}
