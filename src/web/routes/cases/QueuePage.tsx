import {
  Anchor,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  CASE_CATEGORIES,
  CASE_PRIORITIES,
  CASE_QUEUES,
  CASE_STATUSES,
  type CaseCategory,
  type CasePriority,
  type CaseQueue,
  type CaseStatus,
} from '../../../shared/cases.js';
import type { Case, QueueFilters } from '../../api/types.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { QueryState } from '../../components/QueryState.js';
import { CaseBadges } from '../../features/cases/CaseBadges.js';
import { useCaseViews, useDeleteCaseView, useQueue, useSaveCaseView } from '../../features/cases/queries.js';
import { useFormat } from '../../i18n/format.js';

const UNFINISHED: CaseStatus[] = ['triage', 'open', 'in_progress', 'waiting_on_partner'];
type Sort = NonNullable<QueueFilters['sort']>;

/** One page of the queue; "load more" asks for the next page after this one's cursor. */
function QueuePageRows({
  filters,
  cursor,
  last,
  onMore,
}: {
  filters: QueueFilters;
  cursor: string | null;
  last: boolean;
  onMore: (next: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const page = useQueue(filters, cursor);
  return (
    <QueryState isLoading={page.isLoading} error={page.error}>
      <Table.ScrollContainer minWidth={720}>
        <DataTable<Case>
          columns={[
            '#',
            t('cases.subject'),
            t('cases.partner'),
            t('cases.status'),
            t('cases.assignee'),
            t('cases.slaDue'),
          ]}
          rows={page.data?.items}
          empty={t('cases.none')}
          row={(c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{c.number}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/cases/${c.id}`}>
                  {c.subject}
                </Anchor>
              </Table.Td>
              <Table.Td>{c.partnerName}</Table.Td>
              <Table.Td>
                <CaseBadges status={c.status} priority={c.priority} />
              </Table.Td>
              <Table.Td>{c.assigneeName ?? t('cases.unassigned')}</Table.Td>
              <Table.Td c={c.sla.firstResponseBreached || c.sla.resolutionBreached ? 'red' : undefined}>
                {c.sla.nextDueAt ? format.dateTime(c.sla.nextDueAt) : '—'}
              </Table.Td>
            </Table.Tr>
          )}
        />
      </Table.ScrollContainer>
      {page.data?.nextCursor && last && (
        <Button variant="subtle" w="fit-content" onClick={() => onMore(page.data?.nextCursor as string)}>
          {t('cases.loadMore')}
        </Button>
      )}
    </QueryState>
  );
}

/** The staff queue: every partner's cases, filtered, searched, sorted by SLA due, with saved views. */
export function QueuePage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<QueueFilters>({ status: UNFINISHED, sort: 'sla_due' });
  const [cursors, setCursors] = useState<string[]>([]);
  const [viewName, setViewName] = useState('');
  const views = useCaseViews();
  const saveView = useSaveCaseView();
  const deleteView = useDeleteCaseView();
  const change = (next: Partial<QueueFilters>) => {
    setCursors([]);
    setFilters((current) => ({ ...current, ...next }));
  };
  const options = <T extends string>(values: readonly T[], prefix: string) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
  return (
    <Stack>
      <Title order={2}>{t('cases.queueTitle')}</Title>
      <Group gap="xs" wrap="wrap" align="end">
        <Select
          label={t('cases.views')}
          placeholder={t('cases.views')}
          data={(views.data ?? []).map((view) => ({ value: view.id, label: view.name }))}
          onChange={(id) => {
            const view = views.data?.find((v) => v.id === id);
            if (view) {
              setCursors([]);
              setFilters(view.filters);
            }
          }}
          miw={200}
        />
        {(views.data ?? []).map((view) => (
          <ConfirmButton
            key={view.id}
            size="xs"
            variant="subtle"
            color="red"
            label={`${t('cases.deleteView')}: ${view.name}`}
            question={`${t('cases.deleteView')}: ${view.name}?`}
            onConfirm={() => deleteView.mutate(view.id)}
          />
        ))}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <TextInput
          label={t('cases.search')}
          value={filters.q ?? ''}
          onChange={(e) => change({ q: e.currentTarget.value || undefined })}
        />
        <MultiSelect
          label={t('cases.status')}
          data={options(CASE_STATUSES, 'caseStatus')}
          value={filters.status ?? []}
          onChange={(value) => change({ status: value as CaseStatus[] })}
        />
        <Select
          label={t('cases.category')}
          clearable
          data={options(CASE_CATEGORIES, 'caseCategories')}
          value={filters.category ?? null}
          onChange={(value) => change({ category: (value as CaseCategory) ?? undefined })}
        />
        <Select
          label={t('cases.priority')}
          clearable
          data={options(CASE_PRIORITIES, 'casePriority')}
          value={filters.priority ?? null}
          onChange={(value) => change({ priority: (value as CasePriority) ?? undefined })}
        />
        <Select
          label={t('cases.queue')}
          clearable
          data={options(CASE_QUEUES, 'caseQueue')}
          value={filters.queue ?? null}
          onChange={(value) => change({ queue: (value as CaseQueue) ?? undefined })}
        />
        <Select
          label={t('cases.assignee')}
          clearable
          data={[
            { value: 'me', label: t('cases.me') },
            { value: 'none', label: t('cases.unassigned') },
          ]}
          value={filters.assignee ?? null}
          onChange={(value) => change({ assignee: value ?? undefined })}
        />
        <Select
          label={t('cases.sort')}
          allowDeselect={false}
          data={[
            { value: 'sla_due', label: t('cases.sortSla') },
            { value: 'created', label: t('cases.sortCreated') },
            { value: 'updated', label: t('cases.sortUpdated') },
          ]}
          value={filters.sort ?? 'sla_due'}
          onChange={(value) => change({ sort: (value as Sort) ?? 'sla_due' })}
        />
        <Checkbox
          mt="lg"
          label={t('cases.breachedOnly')}
          checked={filters.slaBreached ?? false}
          onChange={(e) => change({ slaBreached: e.currentTarget.checked || undefined })}
        />
      </SimpleGrid>
      <Group gap="xs" align="end" wrap="wrap">
        <TextInput
          label={t('cases.viewName')}
          value={viewName}
          onChange={(e) => setViewName(e.currentTarget.value)}
        />
        <Button
          variant="default"
          disabled={!viewName.trim()}
          loading={saveView.isPending}
          onClick={() => saveView.mutate({ name: viewName, filters }, { onSuccess: () => setViewName('') })}
        >
          {t('cases.saveView')}
        </Button>
        <ErrorText error={saveView.error} />
      </Group>
      {[null, ...cursors].map((cursor, index) => (
        <QueuePageRows
          key={cursor ?? 'first'}
          filters={filters}
          cursor={cursor}
          last={index === cursors.length}
          onMore={(next) => setCursors((list) => [...list, next])}
        />
      ))}
    </Stack>
  );
}
